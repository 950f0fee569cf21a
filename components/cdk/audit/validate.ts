import type { ValidationProblem } from "../../validation/problems";
import { checkInteger, checkOneOf, isRecord } from "../../validation/values";
import { CDK_AUDIT_MAXIMUM_RETENTION_DAYS, CDK_AUDIT_MINIMUM_RETENTION_DAYS, CDK_AUDIT_STORAGE_CLASSES } from "./spec";

// The same checks and messages as components/aws/audit/validate.ts (names, retention, transition, log retention).

// Amazon S3 User Guide, "General purpose bucket naming rules": reserved prefixes and suffixes.
const RESERVED_PREFIXES = ["xn--", "sthree-", "amzn-s3-demo-"];
const RESERVED_SUFFIXES = ["-s3alias", "--ol-s3", "--x-s3", "--table-s3", ".mrap"];

/** Problems with an S3 bucket name: 3 to 63 lower-case letters, digits and `-` (no dots: they break TLS), no reserved affix. */
export function checkCdkS3BucketName(argument: string, value: unknown): ValidationProblem[] {
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

/** Problems with {@link AuditBucketProps}, all at once: names, retention (at least the minimum), transition, log retention, tags. */
export function validateAuditBucketProps(props: unknown): ValidationProblem[] {
  if (props === undefined) return [];
  if (!isRecord(props)) return [{ argument: "props", value: props, problem: "must be an object", fix: "pass { retentionDays }" }];
  const problems: ValidationProblem[] = [];
  if (props.bucketName !== undefined) problems.push(...checkCdkS3BucketName("bucketName", props.bucketName));
  if (props.logBucketName !== undefined) problems.push(...checkCdkS3BucketName("logBucketName", props.logBucketName));
  if (props.bucketName !== undefined && props.bucketName === props.logBucketName) {
    problems.push({
      argument: "logBucketName",
      value: props.logBucketName,
      problem: "is the audit bucket itself, but an Object Lock bucket cannot receive server access logs",
      fix: "name a separate access-log bucket",
    });
  }
  const retention = props.retentionDays;
  if (retention !== undefined) {
    if (typeof retention === "number" && Number.isInteger(retention) && retention < CDK_AUDIT_MINIMUM_RETENTION_DAYS) {
      problems.push({
        argument: "retentionDays",
        value: retention,
        problem: `is below the minimum audit retention of ${CDK_AUDIT_MINIMUM_RETENTION_DAYS} days`,
        fix: `set retentionDays to at least ${CDK_AUDIT_MINIMUM_RETENTION_DAYS}`,
      });
    } else {
      problems.push(...checkInteger("retentionDays", retention, CDK_AUDIT_MINIMUM_RETENTION_DAYS, CDK_AUDIT_MAXIMUM_RETENTION_DAYS));
    }
  }
  if (props.transition !== undefined) {
    if (!isRecord(props.transition)) {
      problems.push({
        argument: "transition",
        value: props.transition,
        problem: "must be an object",
        fix: `use { days: 90, storageClass: "GLACIER_IR" }`,
      });
    } else {
      const { days, storageClass } = props.transition;
      if (storageClass !== undefined) problems.push(...checkOneOf("transition.storageClass", storageClass, CDK_AUDIT_STORAGE_CLASSES));
      // S3 Lifecycle: transitions to STANDARD_IA need objects at least 30 days old.
      if (days !== undefined) problems.push(...checkInteger("transition.days", days, storageClass === "STANDARD_IA" ? 30 : 1));
    }
  }
  if (props.accessLogRetentionDays !== undefined) problems.push(...checkInteger("accessLogRetentionDays", props.accessLogRetentionDays, 1));
  if (props.tags !== undefined && (!isRecord(props.tags) || Object.values(props.tags).some((v) => typeof v !== "string"))) {
    problems.push({ argument: "tags", value: props.tags, problem: "must be an object of string values", fix: `use { team: "platform" }` });
  }
  return problems;
}
