import { describe, expect, it } from "vitest";
import {
  AUDIT_MINIMUM_RETENTION_DAYS,
  checkS3BucketName,
  resolveS3AuditBucket,
  validateS3AuditBucketArgs,
} from "../../../../components/aws/audit";

const ARGS = { accountId: "123456789012", region: "eu-west-1" };
const NAME_PROBLEM =
  "must be an S3 bucket name of 3 to 63 lower-case letters, digits and '-' (no dots), starting and ending with a letter or digit, without S3's reserved prefixes and suffixes";
const NAME_FIX = `use a name like "acme-agentcloud-audit-eu-west-1"`;

describe("validateS3AuditBucketArgs", () => {
  it("accepts the defaults and the documented options", () => {
    expect(validateS3AuditBucketArgs(ARGS)).toEqual([]);
    expect(
      validateS3AuditBucketArgs({
        ...ARGS,
        partition: "aws-cn",
        bucketName: "acme-audit",
        logBucketName: "acme-audit-logs",
        retentionDays: AUDIT_MINIMUM_RETENTION_DAYS,
        transition: { days: 30, storageClass: "STANDARD_IA" },
        accessLogRetentionDays: 1,
        tags: { team: "x" },
      }),
    ).toEqual([]);
    expect(validateS3AuditBucketArgs({ ...ARGS, retentionDays: 36500 })).toEqual([]);
  });

  it("rejects a retention below the minimum, with its own message, and a non-integer or too long one", () => {
    expect(validateS3AuditBucketArgs({ ...ARGS, retentionDays: 89 })).toEqual([
      {
        argument: "retentionDays",
        value: 89,
        problem: "is below the minimum audit retention of 90 days",
        fix: "set retentionDays to at least 90",
      },
    ]);
    for (const bad of [90.5, 36501, "365"]) {
      expect(validateS3AuditBucketArgs({ ...ARGS, retentionDays: bad })).toEqual([
        {
          argument: "retentionDays",
          value: bad,
          problem: "must be a whole number from 90 to 36500",
          fix: "set retentionDays to a whole number from 90 to 36500",
        },
      ]);
    }
  });

  it("reports every problem at once: account, region, partition, names, transition, log retention, tags", () => {
    expect(
      validateS3AuditBucketArgs({
        accountId: "12345",
        region: "EU",
        partition: "aws-eu",
        bucketName: "Audit.Bucket",
        logBucketName: "xn--audit",
        transition: { days: 10, storageClass: "STANDARD_IA" },
        accessLogRetentionDays: 0,
        tags: { team: 1 },
      }),
    ).toEqual([
      {
        argument: "accountId",
        value: "12345",
        problem: "must be a 12-digit AWS account id",
        fix: `use the account's id, e.g. "123456789012" from getCallerIdentity()`,
      },
      { argument: "region", value: "EU", problem: "must be an AWS region name", fix: `use a region like "eu-west-1"` },
      {
        argument: "partition",
        value: "aws-eu",
        problem: `must be one of "aws", "aws-cn", "aws-us-gov"`,
        fix: "set partition to one of those",
      },
      { argument: "bucketName", value: "Audit.Bucket", problem: NAME_PROBLEM, fix: NAME_FIX },
      { argument: "logBucketName", value: "xn--audit", problem: NAME_PROBLEM, fix: NAME_FIX },
      {
        argument: "transition.days",
        value: 10,
        problem: "must be a whole number at least 30",
        fix: "set transition.days to a whole number at least 30",
      },
      {
        argument: "accessLogRetentionDays",
        value: 0,
        problem: "must be a whole number at least 1",
        fix: "set accessLogRetentionDays to a whole number at least 1",
      },
      { argument: "tags", value: { team: 1 }, problem: "must be an object of string values", fix: `use { team: "platform" }` },
    ]);
  });

  it("rejects an access-log bucket that is the audit bucket itself", () => {
    expect(validateS3AuditBucketArgs({ ...ARGS, bucketName: "acme-audit", logBucketName: "acme-audit" })).toEqual([
      {
        argument: "logBucketName",
        value: "acme-audit",
        problem: "is the audit bucket itself, but an Object Lock bucket cannot receive server access logs",
        fix: "name a separate access-log bucket",
      },
    ]);
  });

  it("rejects a transition storage class that is not cheaper durable storage, and a non-object transition", () => {
    expect(validateS3AuditBucketArgs({ ...ARGS, transition: { storageClass: "ONEZONE_IA" } })).toEqual([
      {
        argument: "transition.storageClass",
        value: "ONEZONE_IA",
        problem: `must be one of "STANDARD_IA", "GLACIER_IR", "GLACIER", "DEEP_ARCHIVE"`,
        fix: "set transition.storageClass to one of those",
      },
    ]);
    expect(validateS3AuditBucketArgs({ ...ARGS, transition: 90 })).toEqual([
      { argument: "transition", value: 90, problem: "must be an object", fix: `use { days: 90, storageClass: "GLACIER_IR" }` },
    ]);
  });
});

describe("checkS3BucketName", () => {
  it("follows S3's naming rules, without dots", () => {
    for (const ok of ["abc", "a".repeat(63), "agentcloud-audit-123456789012-eu-west-1", "a--b"])
      expect(checkS3BucketName("b", ok)).toEqual([]);
    for (const bad of [
      "ab",
      "a".repeat(64),
      "-abc",
      "abc-",
      "a.b.c",
      "ABC",
      "a_b",
      "sthree-x",
      "amzn-s3-demo-x",
      "x-s3alias",
      "x--ol-s3",
      "x--x-s3",
      "x--table-s3",
      42,
    ]) {
      expect(checkS3BucketName("b", bad)).toEqual([{ argument: "b", value: bad, problem: NAME_PROBLEM, fix: NAME_FIX }]);
    }
  });
});

describe("resolveS3AuditBucket", () => {
  it("names the buckets after account and region, 365 days COMPLIANCE, Glacier Instant Retrieval after 90 days", () => {
    expect(resolveS3AuditBucket(ARGS)).toEqual({
      partition: "aws",
      accountId: "123456789012",
      bucketName: "agentcloud-audit-123456789012-eu-west-1",
      logBucketName: "agentcloud-audit-logs-123456789012-eu-west-1",
      retentionDays: 365,
      transitionDays: 90,
      storageClass: "GLACIER_IR",
      accessLogRetentionDays: 365,
      tags: {},
    });
  });
});
