import { describe, expect, it } from "vitest";
import { auditBucket as policy } from "../../../policies/aws/audit-bucket";
import { messages, registration, violations } from "../helpers";
import { AUDIT_BUCKET, KEY_ARN, auditBucket, compliantAws } from "./objects";

const WHO = 'Audit bucket "audit-bucket"';
const NAMED = `whose bucket is "${AUDIT_BUCKET}"`;
const RETAIN = (days: number) => `set rule.defaultRetention to {mode: "COMPLIANCE", days: ${days}} or more.`;

describe("agentcloud-aws-audit-bucket", () => {
  it("passes S3AuditBucket's shape, and ignores buckets without the audit tag", async () => {
    expect(await messages(policy, compliantAws())).toEqual([]);
    const plain = auditBucket(
      { bucket: (i) => delete i.tags, omit: ["objectLock", "versioning", "encryption", "publicAccessBlock"] },
      "logs",
    );
    expect(await messages(policy, plain)).toEqual([]);
  });

  it("passes the deprecated inline Bucket fields and years of retention", async () => {
    const inline = auditBucket({
      omit: ["objectLock", "versioning", "encryption"],
      bucket: (i) => {
        i.objectLockConfiguration = { objectLockEnabled: "Enabled", rule: { defaultRetention: { mode: "COMPLIANCE", years: 1 } } };
        i.versioning = { enabled: true };
        i.serverSideEncryptionConfiguration = {
          rule: { applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms:dsse", kmsMasterKeyId: KEY_ARN } },
        };
      },
    });
    expect(await messages(policy, inline)).toEqual([]);
  });

  it("reports every missing child resource, and a bucket without Object Lock", async () => {
    const bare = auditBucket({
      bucket: (i) => delete i.objectLockEnabled,
      omit: ["objectLock", "versioning", "encryption", "publicAccessBlock"],
    });
    expect(await messages(policy, bare)).toEqual([
      `${WHO} does not set objectLockEnabled to true, so its records can be deleted; set it to true.`,
      `${WHO} has no default encryption configuration (an aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration ${NAMED}); ` +
        'add one with applyServerSideEncryptionByDefault {sseAlgorithm: "aws:kms", kmsMasterKeyId: <customer-managed key ARN>}.',
      `${WHO} has no Object Lock configuration (an aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration ${NAMED}); ` +
        'add one with rule.defaultRetention {mode: "COMPLIANCE", days: 90} or more.',
      `${WHO} has no public access block (an aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock ${NAMED}); add one with all four settings true.`,
      `${WHO} has no versioning configuration (an aws:s3/bucketVersioning:BucketVersioning ${NAMED}); add one with versioningConfiguration.status "Enabled".`,
    ]);
  });

  it("does not link children of another bucket, nor a bucket without a name", async () => {
    const other = auditBucket({}, "someone-elses-bucket", "other").slice(1);
    const [bucket] = auditBucket();
    const found = await messages(policy, [bucket, ...other]);
    expect(found).toHaveLength(4);
    const unnamed = auditBucket({ bucket: (i) => delete i.bucket, omit: ["objectLock", "versioning", "encryption", "publicAccessBlock"] });
    expect((await messages(policy, unnamed)).filter((m) => !m.includes("has no"))).toEqual([
      `${WHO} sets no bucket name (bucket), so the resources that configure it cannot be found by name; give it an explicit name.`,
    ]);
    expect((await messages(policy, unnamed)).filter((m) => m.includes("has no public access block"))).toEqual([
      `${WHO} has no public access block (an aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock); add one with all four settings true.`,
    ]);
  });

  it("reports GOVERNANCE mode and retention under the minimum, configurable", async () => {
    const governance = auditBucket({ objectLock: (i) => (i.rule.defaultRetention = { mode: "GOVERNANCE", days: 30 }) });
    const lock = 'its BucketObjectLockConfiguration "audit-object-lock"';
    expect(await messages(policy, governance)).toEqual([
      `${WHO}: ${lock} locks records for 30 days by default, under the minimum of 90 days; ${RETAIN(90)}`,
      `${WHO}: ${lock} sets rule.defaultRetention.mode to "GOVERNANCE", which users with s3:BypassGovernanceRetention can override; ${RETAIN(90)}`,
    ]);
    const year = auditBucket();
    expect(await messages(policy, year, { "agentcloud-aws-audit-bucket": { minimumRetentionDays: 400 } })).toEqual([
      `${WHO}: ${lock} locks records for 365 days by default, under the minimum of 400 days; ${RETAIN(400)}`,
    ]);
    const none = auditBucket({ objectLock: (i) => (i.rule = { defaultRetention: { days: 1.5, mode: "CANARY" } }) });
    expect(await messages(policy, none)).toEqual([
      `${WHO}: ${lock} sets no whole number of rule.defaultRetention.days or years; ${RETAIN(90)}`,
      `${WHO}: ${lock} sets rule.defaultRetention.mode to a value other than COMPLIANCE, which users with s3:BypassGovernanceRetention can override; ${RETAIN(90)}`,
    ]);
    const unset = auditBucket({ objectLock: (i) => delete i.rule });
    expect(await messages(policy, unset)).toEqual([
      `${WHO}: ${lock} sets no rule.defaultRetention.mode; ${RETAIN(90)}`,
      `${WHO}: ${lock} sets no whole number of rule.defaultRetention.days or years; ${RETAIN(90)}`,
    ]);
  });

  it("reports suspended versioning, encryption that is not SSE-KMS with a customer key, and open public-access settings", async () => {
    const weak = auditBucket({
      versioning: (i) => (i.versioningConfiguration.status = "Suspended"),
      encryption: (i) => (i.rules = [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }]),
      publicAccessBlock: (i) => ((i.blockPublicPolicy = false), delete i.restrictPublicBuckets),
    });
    expect(await messages(policy, weak)).toEqual([
      `${WHO}: its BucketPublicAccessBlock "audit-public-access-block" does not set blockPublicPolicy, restrictPublicBuckets to ` +
        "true; set all four (blockPublicAcls, blockPublicPolicy, ignorePublicAcls, restrictPublicBuckets) to true.",
      `${WHO}: its BucketServerSideEncryptionConfiguration "audit-encryption" encrypts with "AES256", not SSE-KMS; set ` +
        'applyServerSideEncryptionByDefault.sseAlgorithm to "aws:kms" with a customer-managed kmsMasterKeyId.',
      `${WHO}: its BucketVersioning "audit-versioning" does not enable versioning; set versioningConfiguration.status to "Enabled".`,
    ]);
    const awsManaged = auditBucket({
      encryption: (i) => (i.rules = [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms" } }]),
    });
    expect(await messages(policy, awsManaged)).toEqual([
      `${WHO}: its BucketServerSideEncryptionConfiguration "audit-encryption" uses SSE-KMS with no kmsMasterKeyId, so the AWS ` +
        "managed key aws/s3 encrypts it; set applyServerSideEncryptionByDefault.kmsMasterKeyId to a customer-managed key.",
    ]);
  });

  it("is mandatory and reports on the bucket; it does not apply without an audit bucket", async () => {
    const [v] = await violations([policy], auditBucket({ omit: ["versioning"] }));
    expect([v.enforcementLevel, v.severity, v.urn]).toEqual([
      "mandatory",
      "high",
      "urn:pulumi:test::test::aws:s3/bucket:Bucket::audit-bucket",
    ]);
    const other = registration("aws:s3/bucketV2:BucketV2", "v2", { bucket: "x", tags: { "agentcloud.dev/audit": "false" } });
    expect(await messages(policy, [other])).toEqual([]);
  });
});
