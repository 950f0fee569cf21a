import type { ValidationProblem } from "../../validation/problems";
import { checkInteger, isRecord } from "../../validation/values";
import { MULTI_REGION_KEY_LOCATIONS, resolveGcsAuditBucket } from "./resolve";
import { GCS_MAX_RETENTION_SECONDS, MAXIMUM_AUDIT_RETENTION_DAYS, MINIMUM_AUDIT_RETENTION_DAYS, type GcsAuditBucketArgs } from "./spec";

/** Problems with a Cloud Storage bucket name agentcloud creates (no dots: they need domain verification). */
export function checkBucketName(argument: string, value: unknown): ValidationProblem[] {
  const ok =
    typeof value === "string" && /^[a-z0-9][a-z0-9_-]{1,61}[a-z0-9]$/.test(value) && !value.startsWith("goog") && !value.includes("google");
  if (ok) return [];
  return [
    {
      argument,
      value,
      problem:
        "must be a Cloud Storage bucket name: 3 to 63 lower-case letters, digits, '-' or '_', starting and ending with a letter or digit, not starting with \"goog\" or containing \"google\"",
      fix: `use a name like "acme-agents-agentcloud-audit"`,
    },
  ];
}

function checkRetention(days: unknown): ValidationProblem[] {
  if (typeof days !== "number" || !Number.isInteger(days)) {
    return [{ argument: "retentionDays", value: days, problem: "must be a whole number of days", fix: "set retentionDays to e.g. 365" }];
  }
  if (days < MINIMUM_AUDIT_RETENTION_DAYS) {
    return [
      {
        argument: "retentionDays",
        value: days,
        problem: `is below the minimum retention of audit records, ${MINIMUM_AUDIT_RETENTION_DAYS} days`,
        fix: `set retentionDays to ${MINIMUM_AUDIT_RETENTION_DAYS} or more`,
      },
    ];
  }
  if (days > MAXIMUM_AUDIT_RETENTION_DAYS) {
    return [
      {
        argument: "retentionDays",
        value: days,
        problem: `is above Cloud Storage's maximum retention period (under ${GCS_MAX_RETENTION_SECONDS.toLocaleString("en-US")} seconds, 100 years)`,
        fix: `set retentionDays to ${MAXIMUM_AUDIT_RETENTION_DAYS} or less`,
      },
    ];
  }
  return [];
}

function checkLocation(location: unknown): ValidationProblem[] {
  const ok =
    typeof location === "string" && (location.toUpperCase() in MULTI_REGION_KEY_LOCATIONS || /^[a-z]+-[a-z]+[0-9]+$/.test(location));
  if (ok) return [];
  return [
    {
      argument: "location",
      value: location,
      problem: "must be a region (like europe-west4) or the multi-region EU, US or ASIA",
      fix: `use the cluster's region, like "europe-west4"`,
    },
  ];
}

/** Every problem with an audit bucket's arguments. */
export function validateGcsAuditBucketArgs(args: GcsAuditBucketArgs): ValidationProblem[] {
  if (!isRecord(args)) return [{ argument: "args", value: args, problem: "must be an object", fix: "pass { project, location }" }];
  const problems: ValidationProblem[] = [];
  if (typeof args.project !== "string" || !/^[a-z][a-z0-9-]{4,28}[a-z0-9]$/.test(args.project)) {
    problems.push({
      argument: "project",
      value: args.project,
      problem: "must be a Google Cloud project id (6 to 30 lower-case letters, digits or '-', starting with a letter)",
      fix: `use the project id, like "acme-agents"`,
    });
  }
  problems.push(...checkLocation(args.location));
  const resolved = resolveGcsAuditBucket(args);
  // A bad project makes a bad default name: reported once, as the project.
  if (args.bucketName !== undefined || problems.length === 0) problems.push(...checkBucketName("bucketName", resolved.bucketName));
  problems.push(...checkRetention(resolved.retentionDays));
  if (args.coldStorage !== undefined && !isRecord(args.coldStorage)) {
    problems.push({
      argument: "coldStorage",
      value: args.coldStorage,
      problem: "must be an object of ages in days",
      fix: "use e.g. { nearlineAfterDays: 30, coldlineAfterDays: 90, archiveAfterDays: 365 }",
    });
    return problems;
  }
  const { nearlineAfterDays, coldlineAfterDays, archiveAfterDays } = resolved.coldStorage;
  const ages = [
    ...checkInteger("coldStorage.nearlineAfterDays", nearlineAfterDays, 0, 36500),
    ...checkInteger("coldStorage.coldlineAfterDays", coldlineAfterDays, 0, 36500),
    ...checkInteger("coldStorage.archiveAfterDays", archiveAfterDays, 0, 36500),
  ];
  problems.push(...ages);
  if (ages.length === 0 && !(nearlineAfterDays < coldlineAfterDays && coldlineAfterDays < archiveAfterDays)) {
    problems.push({
      argument: "coldStorage",
      value: resolved.coldStorage,
      problem: "must move objects to colder classes as they age: nearlineAfterDays < coldlineAfterDays < archiveAfterDays",
      fix: "order the ages, e.g. 30, 90 and 365 days",
    });
  }
  return problems;
}
