import { describe, expect, it } from "vitest";
import * as pulumiSide from "../../../../components/aws/audit";
import {
  CDK_ABORT_INCOMPLETE_UPLOAD_DAYS,
  CDK_ACCESS_LOG_NONCURRENT_DAYS,
  CDK_AUDIT_DEFAULT_ACCESS_LOG_DAYS,
  CDK_AUDIT_DEFAULT_RETENTION_DAYS,
  CDK_AUDIT_DEFAULT_STORAGE_CLASS,
  CDK_AUDIT_DEFAULT_TRANSITION_DAYS,
  CDK_AUDIT_MAXIMUM_RETENTION_DAYS,
  CDK_AUDIT_MINIMUM_RETENTION_DAYS,
  CDK_AUDIT_STORAGE_CLASSES,
  checkCdkS3BucketName,
  validateAuditBucketProps,
} from "../../../../components/cdk/audit";

// The Pulumi side's arguments also need an account and region (its default bucket names); the CDK props do not.
const ACCOUNT = { accountId: "123456789012", region: "eu-west-1" };

describe("CDK audit bucket validation", () => {
  it("has the Pulumi side's limits and defaults", () => {
    expect([CDK_AUDIT_MINIMUM_RETENTION_DAYS, CDK_AUDIT_DEFAULT_RETENTION_DAYS, CDK_AUDIT_MAXIMUM_RETENTION_DAYS]).toEqual([
      pulumiSide.AUDIT_MINIMUM_RETENTION_DAYS,
      pulumiSide.AUDIT_DEFAULT_RETENTION_DAYS,
      pulumiSide.AUDIT_MAXIMUM_RETENTION_DAYS,
    ]);
    expect([CDK_AUDIT_DEFAULT_TRANSITION_DAYS, CDK_AUDIT_DEFAULT_STORAGE_CLASS, CDK_AUDIT_DEFAULT_ACCESS_LOG_DAYS]).toEqual([
      pulumiSide.AUDIT_DEFAULT_TRANSITION_DAYS,
      pulumiSide.AUDIT_DEFAULT_STORAGE_CLASS,
      pulumiSide.AUDIT_DEFAULT_ACCESS_LOG_DAYS,
    ]);
    expect([CDK_ABORT_INCOMPLETE_UPLOAD_DAYS, CDK_ACCESS_LOG_NONCURRENT_DAYS]).toEqual([
      pulumiSide.ABORT_INCOMPLETE_UPLOAD_DAYS,
      pulumiSide.ACCESS_LOG_NONCURRENT_DAYS,
    ]);
    expect([...CDK_AUDIT_STORAGE_CLASSES]).toEqual([...pulumiSide.AUDIT_STORAGE_CLASSES]);
  });

  it("reports the same problems as the Pulumi side, with the same messages", () => {
    const cases: Record<string, unknown>[] = [
      { retentionDays: 89 },
      { retentionDays: 36501 },
      { retentionDays: 365.5 },
      { bucketName: "a.b", logBucketName: "xn--logs" },
      { bucketName: "same-name", logBucketName: "same-name" },
      { transition: { days: 29, storageClass: "STANDARD_IA" } },
      { transition: { days: 0, storageClass: "GLACIER_FLEXIBLE" } },
      { transition: "soon" },
      { accessLogRetentionDays: 0, tags: { team: 1 } },
    ];
    for (const c of cases) {
      const problems = validateAuditBucketProps(c);
      expect(problems.length).toBeGreaterThan(0);
      expect(problems).toEqual(pulumiSide.validateS3AuditBucketArgs({ ...ACCOUNT, ...c }));
    }
    for (const name of ["acme-audit", "ab", "sthree-x", "x-s3alias", "Upper"]) {
      expect(checkCdkS3BucketName("bucketName", name)).toEqual(pulumiSide.checkS3BucketName("bucketName", name));
    }
  });

  it("a retention below the minimum, exactly", () => {
    expect(validateAuditBucketProps({ retentionDays: 30 })).toEqual([
      {
        argument: "retentionDays",
        value: 30,
        problem: "is below the minimum audit retention of 90 days",
        fix: "set retentionDays to at least 90",
      },
    ]);
  });

  it("accepts no props, and the defaults", () => {
    expect(validateAuditBucketProps(undefined)).toEqual([]);
    expect(validateAuditBucketProps({})).toEqual([]);
    expect(validateAuditBucketProps({ retentionDays: 90, transition: { days: 30, storageClass: "STANDARD_IA" } })).toEqual([]);
  });
});
