import type { ValidationProblem } from "../../validation/problems";
import { checkInteger, checkOneOf, isRecord } from "../../validation/values";

// The audit bucket's rules, Pulumi-free, so the Pulumi S3AuditBucket and the CDK AuditBucket check them alike.

/** The shortest default retention an audit bucket may have, in days (the `agentcloud-aws-audit-bucket` policy's default). */
export const AUDIT_MINIMUM_RETENTION_DAYS = 90;
/** The default retention of an audit bucket, in days. */
export const AUDIT_DEFAULT_RETENTION_DAYS = 365;
/** The longest Object Lock default retention S3 accepts, in days (100 years). */
export const AUDIT_MAXIMUM_RETENTION_DAYS = 36500;

/** Storage classes audit records may move to: cheaper, still durable across zones. */
export const AUDIT_STORAGE_CLASSES = ["STANDARD_IA", "GLACIER_IR", "GLACIER", "DEEP_ARCHIVE"] as const;
/** A storage class audit records may move to: one of {@link AUDIT_STORAGE_CLASSES}. */
export type AuditStorageClass = (typeof AUDIT_STORAGE_CLASSES)[number];

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

/**
 * Problems with an audit bucket's options besides its names, shared by `S3AuditBucket` and the CDK `AuditBucket`: the
 * access-log bucket is not the audit bucket itself, the retention (at least the minimum, at most S3's), the transition,
 * the access logs' retention, the tags.
 */
export function checkAuditBucketOptions(options: Record<string, unknown>, bucket: unknown, logBucket: unknown): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  if (bucket !== undefined && bucket === logBucket) {
    problems.push({
      argument: "logBucketName",
      value: logBucket,
      problem: "is the audit bucket itself, but an Object Lock bucket cannot receive server access logs",
      fix: "name a separate access-log bucket",
    });
  }
  const retention = options.retentionDays;
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
  if (options.transition !== undefined) {
    if (!isRecord(options.transition)) {
      problems.push({
        argument: "transition",
        value: options.transition,
        problem: "must be an object",
        fix: `use { days: 90, storageClass: "GLACIER_IR" }`,
      });
    } else {
      const { days, storageClass } = options.transition;
      if (storageClass !== undefined) problems.push(...checkOneOf("transition.storageClass", storageClass, AUDIT_STORAGE_CLASSES));
      // S3 Lifecycle: transitions to STANDARD_IA need objects at least 30 days old.
      if (days !== undefined) problems.push(...checkInteger("transition.days", days, storageClass === "STANDARD_IA" ? 30 : 1));
    }
  }
  if (options.accessLogRetentionDays !== undefined)
    problems.push(...checkInteger("accessLogRetentionDays", options.accessLogRetentionDays, 1));
  if (options.tags !== undefined && (!isRecord(options.tags) || Object.values(options.tags).some((v) => typeof v !== "string"))) {
    problems.push({
      argument: "tags",
      value: options.tags,
      problem: "must be an object of string values",
      fix: `use { team: "platform" }`,
    });
  }
  return problems;
}
