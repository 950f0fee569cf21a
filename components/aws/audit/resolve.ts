import type { AwsPartition } from "../identity/spec";
import { AUDIT_DEFAULT_RETENTION_DAYS, type AuditStorageClass, type S3AuditBucketArgs } from "./spec";

/** Default days before audit records move to cheaper storage. */
export const AUDIT_DEFAULT_TRANSITION_DAYS = 90;
/** Default storage class audit records move to. */
export const AUDIT_DEFAULT_STORAGE_CLASS: AuditStorageClass = "GLACIER_IR";
/** Default days the access-log bucket keeps logs. */
export const AUDIT_DEFAULT_ACCESS_LOG_DAYS = 365;
/** Days before S3 removes the parts of an upload never completed. */
export const ABORT_INCOMPLETE_UPLOAD_DAYS = 7;

/** {@link S3AuditBucketArgs} with every default applied. */
export interface ResolvedS3AuditBucket {
  /** The partition. */
  partition: AwsPartition;
  /** The account id. */
  accountId: string;
  /** The audit bucket's name. */
  bucketName: string;
  /** The access-log bucket's name. */
  logBucketName: string;
  /** Default COMPLIANCE retention in days. */
  retentionDays: number;
  /** Days before the transition. */
  transitionDays: number;
  /** The storage class records move to. */
  storageClass: AuditStorageClass;
  /** Days access logs are kept. */
  accessLogRetentionDays: number;
  /** Extra tags. */
  tags: Record<string, string>;
}

/** The default audit bucket name: `agentcloud-audit-<accountId>-<region>` (bucket names are global). */
export function defaultAuditBucketName(accountId: string, region: string): string {
  return `agentcloud-audit-${accountId}-${region}`;
}

/** The default access-log bucket name: `agentcloud-audit-logs-<accountId>-<region>`. */
export function defaultAuditLogBucketName(accountId: string, region: string): string {
  return `agentcloud-audit-logs-${accountId}-${region}`;
}

/** Applies the defaults. Call only on arguments that passed validation. */
export function resolveS3AuditBucket(args: S3AuditBucketArgs): ResolvedS3AuditBucket {
  return {
    partition: args.partition ?? "aws",
    accountId: args.accountId,
    bucketName: args.bucketName ?? defaultAuditBucketName(args.accountId, args.region),
    logBucketName: args.logBucketName ?? defaultAuditLogBucketName(args.accountId, args.region),
    retentionDays: args.retentionDays ?? AUDIT_DEFAULT_RETENTION_DAYS,
    transitionDays: args.transition?.days ?? AUDIT_DEFAULT_TRANSITION_DAYS,
    storageClass: args.transition?.storageClass ?? AUDIT_DEFAULT_STORAGE_CLASS,
    accessLogRetentionDays: args.accessLogRetentionDays ?? AUDIT_DEFAULT_ACCESS_LOG_DAYS,
    tags: { ...args.tags },
  };
}
