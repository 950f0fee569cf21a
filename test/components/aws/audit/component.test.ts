import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { S3AuditBucket } from "../../../../components/aws/audit";
import { ArgumentError } from "../../../../components/validation";
import { record, recordRejection } from "../../../helpers/pulumi";

const ARGS = { accountId: "123456789012", region: "eu-west-1" };
const BUCKET = "agentcloud-audit-123456789012-eu-west-1";
const LOGS = "agentcloud-audit-logs-123456789012-eu-west-1";

interface Outputs {
  bucketName: string;
  bucketArn: string;
  kmsKeyArn: string;
  logBucketName: string;
}

function outputsOf(b: S3AuditBucket): Promise<Outputs> {
  return new Promise((resolve) =>
    pulumi
      .all([b.bucketName, b.bucketArn, b.kmsKeyArn, b.logBucketName])
      .apply(([bucketName, bucketArn, kmsKeyArn, logBucketName]) => resolve({ bucketName, bucketArn, kmsKeyArn, logBucketName })),
  );
}

describe("S3AuditBucket", () => {
  it("registers the locked bucket, its key and its settings, and the access-log bucket, every child naming its bucket", async () => {
    let outputs: Promise<Outputs> | undefined;
    const rec = await record(() => {
      outputs = outputsOf(new S3AuditBucket("audit", ARGS));
    });
    const component = rec.named("audit");
    expect([component.type, component.custom]).toEqual(["agentcloud:aws:S3AuditBucket", false]);
    const children = rec.registrations.filter((r) => r.parent === component.urn);
    expect(children.map((r) => [r.name, r.type]).sort()).toEqual([
      ["audit-bucket", "aws:s3/bucket:Bucket"],
      ["audit-encryption", "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration"],
      ["audit-key", "aws:kms/key:Key"],
      ["audit-key-alias", "aws:kms/alias:Alias"],
      ["audit-lifecycle", "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration"],
      ["audit-log-bucket", "aws:s3/bucket:Bucket"],
      ["audit-log-encryption", "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration"],
      ["audit-log-lifecycle", "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration"],
      ["audit-log-ownership", "aws:s3/bucketOwnershipControls:BucketOwnershipControls"],
      ["audit-log-policy", "aws:s3/bucketPolicy:BucketPolicy"],
      ["audit-log-public-access-block", "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock"],
      ["audit-log-versioning", "aws:s3/bucketVersioning:BucketVersioning"],
      ["audit-logging", "aws:s3/bucketLogging:BucketLogging"],
      ["audit-object-lock", "aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration"],
      ["audit-ownership", "aws:s3/bucketOwnershipControls:BucketOwnershipControls"],
      ["audit-policy", "aws:s3/bucketPolicy:BucketPolicy"],
      ["audit-public-access-block", "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock"],
      ["audit-versioning", "aws:s3/bucketVersioning:BucketVersioning"],
    ]);
    const inputs = (n: string) => rec.named(n).inputs;
    const keyArn = "arn:aws:kms:eu-west-1:123456789012:key/audit-key-id";

    expect(inputs("audit-bucket")).toEqual({
      bucket: BUCKET,
      objectLockEnabled: true,
      forceDestroy: false,
      tags: { "agentcloud.dev/audit": "true" },
    });
    expect(inputs("audit-key")).toEqual({
      description: `agentcloud audit bucket ${BUCKET}`,
      enableKeyRotation: true,
      deletionWindowInDays: 30,
      tags: { "agentcloud.dev/audit": "true" },
    });
    expect(inputs("audit-versioning")).toEqual({ bucket: BUCKET, versioningConfiguration: { status: "Enabled" } });
    expect(inputs("audit-object-lock")).toEqual({
      bucket: BUCKET,
      objectLockEnabled: "Enabled",
      rule: { defaultRetention: { mode: "COMPLIANCE", days: 365 } },
    });
    expect(inputs("audit-encryption")).toEqual({
      bucket: BUCKET,
      rules: [
        {
          applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: keyArn },
          bucketKeyEnabled: true,
          blockedEncryptionTypes: ["SSE-C"],
        },
      ],
    });
    const blocked = { blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true };
    expect(inputs("audit-public-access-block")).toEqual({ bucket: BUCKET, ...blocked });
    expect(inputs("audit-ownership")).toEqual({ bucket: BUCKET, rule: { objectOwnership: "BucketOwnerEnforced" } });
    expect(inputs("audit-policy").bucket).toBe(BUCKET);
    expect(JSON.parse(inputs("audit-policy").policy as string)).toEqual({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "DenyInsecureTransport",
          Effect: "Deny",
          Principal: "*",
          Action: "s3:*",
          Resource: [`arn:aws:s3:::${BUCKET}`, `arn:aws:s3:::${BUCKET}/*`],
          Condition: { Bool: { "aws:SecureTransport": "false" } },
        },
      ],
    });
    expect(inputs("audit-lifecycle")).toEqual({
      bucket: BUCKET,
      rules: [
        {
          id: "audit-to-glacier-ir",
          status: "Enabled",
          filter: {},
          transitions: [{ days: 90, storageClass: "GLACIER_IR" }],
          noncurrentVersionTransitions: [{ noncurrentDays: 90, storageClass: "GLACIER_IR" }],
          abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
        },
      ],
    });
    expect(inputs("audit-logging")).toEqual({
      bucket: BUCKET,
      targetBucket: LOGS,
      targetPrefix: `${BUCKET}/`,
      targetObjectKeyFormat: { partitionedPrefix: { partitionDateSource: "EventTime" } },
    });

    // The access-log bucket: no Object Lock, SSE-S3, private, owner-enforced, TLS only, S3 logging may write.
    expect(inputs("audit-log-bucket")).toEqual({ bucket: LOGS, forceDestroy: false, tags: {} });
    expect(inputs("audit-log-versioning")).toEqual({ bucket: LOGS, versioningConfiguration: { status: "Enabled" } });
    expect(inputs("audit-log-encryption")).toEqual({
      bucket: LOGS,
      rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" }, blockedEncryptionTypes: ["SSE-C"] }],
    });
    expect(inputs("audit-log-public-access-block")).toEqual({ bucket: LOGS, ...blocked });
    expect(inputs("audit-log-ownership")).toEqual({ bucket: LOGS, rule: { objectOwnership: "BucketOwnerEnforced" } });
    expect(JSON.parse(inputs("audit-log-policy").policy as string)).toEqual({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "DenyInsecureTransport",
          Effect: "Deny",
          Principal: "*",
          Action: "s3:*",
          Resource: [`arn:aws:s3:::${LOGS}`, `arn:aws:s3:::${LOGS}/*`],
          Condition: { Bool: { "aws:SecureTransport": "false" } },
        },
        {
          Sid: "S3ServerAccessLogsPolicy",
          Effect: "Allow",
          Principal: { Service: "logging.s3.amazonaws.com" },
          Action: "s3:PutObject",
          Resource: `arn:aws:s3:::${LOGS}/${BUCKET}/*`,
          Condition: { ArnLike: { "aws:SourceArn": `arn:aws:s3:::${BUCKET}` }, StringEquals: { "aws:SourceAccount": "123456789012" } },
        },
      ],
    });
    expect(inputs("audit-log-lifecycle")).toEqual({
      bucket: LOGS,
      rules: [
        {
          id: "expire-access-logs",
          status: "Enabled",
          filter: {},
          expiration: { days: 365 },
          noncurrentVersionExpiration: { noncurrentDays: 30 },
          abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
        },
      ],
    });
    // Logging starts only once the log bucket lets S3 write.
    const logging = rec.named("audit-logging");
    for (const n of ["audit-log-policy", "audit-log-ownership", "audit-log-encryption"])
      expect(logging.dependencies).toContain(rec.named(n).urn);
    expect(rec.named("audit-object-lock").dependencies).toContain(rec.named("audit-versioning").urn);

    expect(await outputs).toEqual({ bucketName: BUCKET, bucketArn: `arn:aws:s3:::${BUCKET}`, kmsKeyArn: keyArn, logBucketName: LOGS });
  });

  it("takes names, retention, transition, log retention and extra tags (agentcloud's audit tag wins)", async () => {
    const rec = await record(() => {
      new S3AuditBucket("audit", {
        ...ARGS,
        partition: "aws-us-gov",
        region: "us-gov-west-1",
        bucketName: "acme-audit",
        logBucketName: "acme-audit-logs",
        retentionDays: 2555,
        transition: { days: 30, storageClass: "STANDARD_IA" },
        accessLogRetentionDays: 90,
        tags: { team: "platform", "agentcloud.dev/audit": "false" },
      });
    });
    expect(rec.named("audit-bucket").inputs.tags).toEqual({ team: "platform", "agentcloud.dev/audit": "true" });
    expect(rec.named("audit-log-bucket").inputs.tags).toEqual({ team: "platform", "agentcloud.dev/audit": "false" });
    expect(rec.named("audit-object-lock").inputs.rule).toEqual({ defaultRetention: { mode: "COMPLIANCE", days: 2555 } });
    expect((rec.named("audit-lifecycle").inputs.rules as unknown[])[0]).toMatchObject({
      id: "audit-to-standard-ia",
      transitions: [{ days: 30, storageClass: "STANDARD_IA" }],
      noncurrentVersionTransitions: [{ noncurrentDays: 30, storageClass: "STANDARD_IA" }],
    });
    expect((rec.named("audit-log-lifecycle").inputs.rules as { expiration: unknown }[])[0].expiration).toEqual({ days: 90 });
    expect(JSON.parse(rec.named("audit-policy").inputs.policy as string).Statement[0].Resource).toEqual([
      "arn:aws-us-gov:s3:::acme-audit",
      "arn:aws-us-gov:s3:::acme-audit/*",
    ]);
    expect(rec.named("audit-logging").inputs.targetBucket).toBe("acme-audit-logs");
  });

  it("rejects a retention below the minimum before any resource", async () => {
    const { error, rec } = await recordRejection(() => new S3AuditBucket("audit", { ...ARGS, retentionDays: 30 }));
    expect(error).toBeInstanceOf(ArgumentError);
    expect((error as Error).message).toBe(
      `S3AuditBucket "audit" has 1 invalid argument:\n` +
        `  - retentionDays: is below the minimum audit retention of 90 days (got 30); fix: set retentionDays to at least 90`,
    );
    expect(rec.registrations).toEqual([]);
  });
});
