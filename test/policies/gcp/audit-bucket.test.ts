import { describe, expect, it } from "vitest";
import { evaluatePolicies } from "../../../cli/policy-harness";
import { auditBucket as policy } from "../../../policies/gcp/audit-bucket";
import { messages, violations } from "../helpers";
import { auditBucket, gkeStack } from "./objects";

const WHO = 'Cloud Storage bucket "acme-agents-audit" is an audit bucket (agentcloud-audit: "true") and';
const fix = (days: number) => `set retentionPolicy.retentionPeriod to "${days * 86_400}" (${days} days) or more`;

describe("agentcloud-gcp-audit-bucket", () => {
  it("passes agentcloud's audit bucket, a period given as a number, and exactly the minimum", async () => {
    const numeric = auditBucket(
      (b) => (b.retentionPolicy = { retentionPeriod: 7_776_000 as unknown as string, isLocked: true }),
      "numeric",
    );
    const exact = auditBucket((b) => (b.retentionPolicy = { retentionPeriod: "7776000", isLocked: true }), "exact");
    expect(await messages(policy, [...gkeStack(), numeric, exact])).toEqual([]);
  });

  it("flags every missing protection of an audit bucket at once, with URN and severity", async () => {
    const bare = auditBucket((b) => {
      delete b.retentionPolicy;
      delete b.uniformBucketLevelAccess;
      b.publicAccessPrevention = "inherited";
      delete b.encryption;
    });
    const found = await violations([policy], [bare]);
    expect(found.map((v) => [v.message, v.urn, v.severity])).toEqual(
      [
        `${WHO} does not set encryption.defaultKmsKeyName, so its objects are not encrypted with a Cloud KMS key the ` +
          "project controls; set it to a Cloud KMS key (CMEK).",
        `${WHO} does not set publicAccessPrevention to "enforced", so it can be made public; set it to "enforced".`,
        `${WHO} does not set uniformBucketLevelAccess to true, so object ACLs can grant access IAM does not show; set it to true.`,
        `${WHO} has no retentionPolicy, so its objects can be deleted at once; ${fix(90)} with isLocked: true.`,
      ].map((m) => [m, "urn:pulumi:test::test::gcp:storage/bucket:Bucket::acme-agents-audit-bucket", "high"]),
    );
  });

  it("flags an unlocked, short or unreadable retention without printing it", async () => {
    const unlocked = auditBucket((b) => (b.retentionPolicy = { retentionPeriod: String(30 * 86_400) }));
    const odd = auditBucket((b) => (b.retentionPolicy = { retentionPeriod: "90d CANARY", isLocked: true }), "odd");
    expect(await messages(policy, [unlocked, odd])).toEqual([
      `${WHO} does not set retentionPolicy.isLocked to true, so its retention can be shortened or removed; set it to true.`,
      `${WHO} keeps objects for 30 days (retentionPolicy.retentionPeriod), under the minimum of 90 days; ${fix(90)}.`,
      'Cloud Storage bucket "odd" is an audit bucket (agentcloud-audit: "true") and sets retentionPolicy.retentionPeriod ' +
        `to a value that is not a number of seconds; ${fix(90)}.`,
    ]);
  });

  it("takes minimumRetentionDays from config", async () => {
    const config = { "agentcloud-gcp-audit-bucket": { minimumRetentionDays: 400 } };
    expect(await messages(policy, [auditBucket()], config)).toEqual([
      `${WHO} keeps objects for 365 days (retentionPolicy.retentionPeriod), under the minimum of 400 days; ${fix(400)}.`,
    ]);
    const lenient = { "agentcloud-gcp-audit-bucket": { minimumRetentionDays: 1 } };
    const day = auditBucket((b) => (b.retentionPolicy = { retentionPeriod: "86400", isLocked: true }));
    expect(await messages(policy, [day], lenient)).toEqual([]);
  });

  it("does not apply to buckets not labelled as audit buckets, nor to other resources", async () => {
    const plain = auditBucket((b) => (b.labels = { "agentcloud-audit": "false" }), "plain");
    const unlabelled = auditBucket((b) => delete b.labels, "unlabelled");
    const evaluation = await evaluatePolicies([policy], [plain, unlabelled, ...gkeStack().slice(0, 1)]);
    expect([evaluation.violations, evaluation.notApplicable]).toEqual([[], { "agentcloud-gcp-audit-bucket": 3 }]);
  });
});
