import type * as pulumi from "@pulumi/pulumi";
import type { AwsPartition } from "../identity/spec";
import type { AuditStorageClass } from "./rules";

export {
  AUDIT_DEFAULT_RETENTION_DAYS,
  AUDIT_MAXIMUM_RETENTION_DAYS,
  AUDIT_MINIMUM_RETENTION_DAYS,
  AUDIT_STORAGE_CLASSES,
  type AuditStorageClass,
} from "./rules";

/** When audit records move to cheaper storage (an S3 Lifecycle transition; Object Lock still holds them there). */
export interface S3AuditTransition {
  /**
   * Days after writing (for current versions) or after becoming noncurrent.
   * @default 90
   */
  days?: number;
  /**
   * The storage class they move to. Glacier Instant Retrieval keeps them readable in milliseconds for an audit.
   * @default "GLACIER_IR"
   */
  storageClass?: AuditStorageClass;
}

/** Arguments of {@link S3AuditBucket}. */
export interface S3AuditBucketArgs {
  /** The AWS account id (12 digits): part of the default bucket names, which are global. */
  accountId: string;
  /** The region the buckets are in, e.g. `eu-west-1`: part of the default bucket names. */
  region: string;
  /**
   * The partition ARNs are in.
   * @default "aws"
   */
  partition?: AwsPartition;
  /**
   * The audit bucket's name (3 to 63 lower-case letters, digits and `-`; no dots, so TLS names always match).
   * @default `agentcloud-audit-<accountId>-<region>`
   */
  bucketName?: string;
  /**
   * The access-log bucket's name (same rules).
   * @default `agentcloud-audit-logs-<accountId>-<region>`
   */
  logBucketName?: string;
  /**
   * Default retention of every object version, in days, in Object Lock COMPLIANCE mode: nobody, the account's root
   * user included, can delete or overwrite a version or shorten its retention before it ends. At least
   * {@link AUDIT_MINIMUM_RETENTION_DAYS}.
   * @default 365
   */
  retentionDays?: number;
  /**
   * When records move to cheaper storage.
   * @default { days: 90, storageClass: "GLACIER_IR" }
   */
  transition?: S3AuditTransition;
  /**
   * Days the access-log bucket keeps server access logs.
   * @default 365
   */
  accessLogRetentionDays?: number;
  /**
   * The KMS key policy of the audit bucket's key (JSON), for services that write with their own principal.
   * @default - AWS's default key policy: the account's IAM policies decide who may use the key
   */
  keyPolicy?: pulumi.Input<string>;
  /**
   * Extra tags on both buckets and the key (agentcloud's own tags win).
   * @default {}
   */
  tags?: Record<string, string>;
}
