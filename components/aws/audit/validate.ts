import type { ValidationProblem } from "../../validation/problems";
import { checkInteger, checkOneOf, isRecord } from "../../validation/values";
import { checkAwsAccountId, checkAwsRegion } from "../identity/validate";
import { AWS_PARTITIONS } from "../identity/spec";
import { defaultAuditBucketName, defaultAuditLogBucketName } from "./resolve";
import { AUDIT_MAXIMUM_RETENTION_DAYS, AUDIT_MINIMUM_RETENTION_DAYS, AUDIT_STORAGE_CLASSES } from "./spec";

// Amazon S3 User Guide, "General purpose bucket naming rules": reserved prefixes and suffixes.
const RESERVED_PREFIXES = ["xn--", "sthree-", "amzn-s3-demo-"];
const RESERVED_SUFFIXES = ["-s3alias", "--ol-s3", "--x-s3", "--table-s3", ".mrap"];

/**
 * Problems with an S3 bucket name: 3 to 63 lower-case letters, digits and `-`, starting and ending with a letter or
 * digit, none of S3's reserved prefixes or suffixes. Dots are allowed by S3 but refused here: a dotted name breaks
 * TLS for virtual-hosted requests (the wildcard certificate covers one label).
 */
export function checkS3BucketName(argument: string, value: unknown): ValidationProblem[] {
  const ok =
    typeof value === "string" &&
    value.length >= 3 &&
    value.length <= 63 &&
    /^[a-z0-9][a-z0-9-]*[a-z0-9]$/.test(value) &&
    !RESERVED_PREFIXES.some((p) => value.startsWith(p)) &&
    !RESERVED_SUFFIXES.some((s) => value.endsWith(s));
  if (ok) return [];
  return [
    {
      argument,
      value,
      problem:
        "must be an S3 bucket name of 3 to 63 lower-case letters, digits and '-' (no dots), starting and ending with a letter or digit, without S3's reserved prefixes and suffixes",
      fix: `use a name like "acme-agentcloud-audit-eu-west-1"`,
    },
  ];
}

/** Problems with {@link S3AuditBucketArgs}, all at once: names, retention (at least the minimum), transition, log retention. */
export function validateS3AuditBucketArgs(args: unknown): ValidationProblem[] {
  if (!isRecord(args)) return [{ argument: "args", value: args, problem: "must be an object", fix: "pass { accountId, region }" }];
  const problems = [...checkAwsAccountId("accountId", args.accountId), ...checkAwsRegion("region", args.region)];
  if (args.partition !== undefined) problems.push(...checkOneOf("partition", args.partition, AWS_PARTITIONS));
  const names = problems.length === 0 ? { account: args.accountId as string, region: args.region as string } : undefined;
  const bucket = args.bucketName ?? (names && defaultAuditBucketName(names.account, names.region));
  const logBucket = args.logBucketName ?? (names && defaultAuditLogBucketName(names.account, names.region));
  // Defaults are checked too (a long region could overflow them); without a valid account and region there are none.
  if (bucket !== undefined) problems.push(...checkS3BucketName("bucketName", bucket));
  if (logBucket !== undefined) problems.push(...checkS3BucketName("logBucketName", logBucket));
  if (bucket !== undefined && bucket === logBucket) {
    problems.push({
      argument: "logBucketName",
      value: logBucket,
      problem: "is the audit bucket itself, but an Object Lock bucket cannot receive server access logs",
      fix: "name a separate access-log bucket",
    });
  }
  const retention = args.retentionDays;
  if (retention !== undefined) {
    if (typeof retention === "number" && Number.isInteger(retention) && retention < AUDIT_MINIMUM_RETENTION_DAYS) {
      problems.push({
        argument: "retentionDays",
        value: retention,
        problem: `is below the minimum audit retention of ${AUDIT_MINIMUM_RETENTION_DAYS} days`,
        fix: `set retentionDays to at least ${AUDIT_MINIMUM_RETENTION_DAYS}`,
      });
    } else {
      problems.push(...checkInteger("retentionDays", retention, AUDIT_MINIMUM_RETENTION_DAYS, AUDIT_MAXIMUM_RETENTION_DAYS));
    }
  }
  if (args.transition !== undefined) {
    if (!isRecord(args.transition)) {
      problems.push({
        argument: "transition",
        value: args.transition,
        problem: "must be an object",
        fix: `use { days: 90, storageClass: "GLACIER_IR" }`,
      });
    } else {
      const { days, storageClass } = args.transition;
      if (storageClass !== undefined) problems.push(...checkOneOf("transition.storageClass", storageClass, AUDIT_STORAGE_CLASSES));
      // S3 Lifecycle: transitions to STANDARD_IA need objects at least 30 days old.
      if (days !== undefined) problems.push(...checkInteger("transition.days", days, storageClass === "STANDARD_IA" ? 30 : 1));
    }
  }
  if (args.accessLogRetentionDays !== undefined) problems.push(...checkInteger("accessLogRetentionDays", args.accessLogRetentionDays, 1));
  if (args.tags !== undefined && (!isRecord(args.tags) || Object.values(args.tags).some((v) => typeof v !== "string"))) {
    problems.push({ argument: "tags", value: args.tags, problem: "must be an object of string values", fix: `use { team: "platform" }` });
  }
  return problems;
}
