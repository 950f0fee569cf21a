import type { AuditStorageClass as CdkAuditStorageClass } from "../../aws/audit/rules";

// The limits are the Pulumi side's (components/aws/audit/rules.ts), under the names the CDK constructs use.
export {
  AUDIT_DEFAULT_RETENTION_DAYS as CDK_AUDIT_DEFAULT_RETENTION_DAYS,
  AUDIT_MAXIMUM_RETENTION_DAYS as CDK_AUDIT_MAXIMUM_RETENTION_DAYS,
  AUDIT_MINIMUM_RETENTION_DAYS as CDK_AUDIT_MINIMUM_RETENTION_DAYS,
  AUDIT_STORAGE_CLASSES as CDK_AUDIT_STORAGE_CLASSES,
  type AuditStorageClass as CdkAuditStorageClass,
} from "../../aws/audit/rules";
/** Default days before audit records move to cheaper storage. */
export const CDK_AUDIT_DEFAULT_TRANSITION_DAYS = 90;
/** Default days the access-log bucket keeps logs. */
export const CDK_AUDIT_DEFAULT_ACCESS_LOG_DAYS = 365;
/** Days before S3 removes the parts of an upload never completed. */
export const CDK_ABORT_INCOMPLETE_UPLOAD_DAYS = 7;
/** Days a noncurrent access-log version is kept. */
export const CDK_ACCESS_LOG_NONCURRENT_DAYS = 30;

/** Default storage class audit records move to. */
export const CDK_AUDIT_DEFAULT_STORAGE_CLASS: CdkAuditStorageClass = "GLACIER_IR";

/** When audit records move to cheaper storage (an S3 Lifecycle transition; Object Lock still holds them there). */
export interface AuditBucketTransition {
  /**
   * Days after writing (current versions) or after becoming noncurrent.
   * @default 90
   */
  readonly days?: number;
  /**
   * The storage class they move to. Glacier Instant Retrieval keeps them readable in milliseconds for an audit.
   * @default "GLACIER_IR"
   */
  readonly storageClass?: CdkAuditStorageClass;
}

/** Props of {@link AuditBucket}. */
export interface AuditBucketProps {
  /**
   * The audit bucket's name (3 to 63 lower-case letters, digits and `-`; no dots).
   * @default - a name CloudFormation generates
   */
  readonly bucketName?: string;
  /**
   * The access-log bucket's name (same rules).
   * @default - a name CloudFormation generates
   */
  readonly logBucketName?: string;
  /**
   * Default retention of every object version, in days, in Object Lock COMPLIANCE mode: nobody, the account's root
   * user included, can delete or overwrite a version or shorten its retention before it ends. At least
   * {@link CDK_AUDIT_MINIMUM_RETENTION_DAYS}.
   * @default 365
   */
  readonly retentionDays?: number;
  /**
   * When records move to cheaper storage.
   * @default { days: 90, storageClass: "GLACIER_IR" }
   */
  readonly transition?: AuditBucketTransition;
  /**
   * Days the access-log bucket keeps server access logs.
   * @default 365
   */
  readonly accessLogRetentionDays?: number;
  /**
   * Extra tags on both buckets and the key (agentcloud's own keys, `AWS_TAGS`, are ignored: only the constructs set them).
   * @default {}
   */
  readonly tags?: Record<string, string>;
}
