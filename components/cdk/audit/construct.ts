import { Duration, RemovalPolicy, Tags } from "aws-cdk-lib";
import { S3_SERVER_ACCESS_LOGS_USE_BUCKET_POLICY } from "aws-cdk-lib/cx-api";
import * as kms from "aws-cdk-lib/aws-kms";
import * as s3 from "aws-cdk-lib/aws-s3";
import { Construct } from "constructs";
import { AWS_TAGS } from "../../vocabulary";
import { throwIfCdkProblems } from "../identity/argument-error";
import { extraTags } from "../identity/names";
import {
  CDK_ABORT_INCOMPLETE_UPLOAD_DAYS,
  CDK_ACCESS_LOG_NONCURRENT_DAYS,
  CDK_AUDIT_DEFAULT_ACCESS_LOG_DAYS,
  CDK_AUDIT_DEFAULT_RETENTION_DAYS,
  CDK_AUDIT_DEFAULT_STORAGE_CLASS,
  CDK_AUDIT_DEFAULT_TRANSITION_DAYS,
  type AuditBucketProps,
  type CdkAuditStorageClass,
} from "./spec";
import { validateAuditBucketProps } from "./validate";

const STORAGE_CLASS: Record<CdkAuditStorageClass, s3.StorageClass> = {
  STANDARD_IA: s3.StorageClass.INFREQUENT_ACCESS,
  GLACIER_IR: s3.StorageClass.GLACIER_INSTANT_RETRIEVAL,
  GLACIER: s3.StorageClass.GLACIER,
  DEEP_ARCHIVE: s3.StorageClass.DEEP_ARCHIVE,
};

/**
 * The WORM bucket audit records go to, as the Pulumi `S3AuditBucket` builds it: S3 Object Lock with a default
 * retention in COMPLIANCE mode, versioning, SSE-KMS with a customer-managed key (rotation on) and bucket keys, SSE-C
 * uploads blocked, all public access blocked, `BucketOwnerEnforced`, TLS only, a lifecycle transition to cheaper
 * storage, and server access logs into a separate bucket. That bucket has no Object Lock and uses SSE-S3: S3 cannot
 * deliver access logs to an Object Lock bucket or one whose default encryption is SSE-KMS (Amazon S3 User Guide,
 * "Object Lock considerations", "Enabling Amazon S3 server access logging"). Only the audit bucket and its key carry
 * `AWS_TAGS.audit = "true"` (the gate holds tagged buckets to Object Lock). Both buckets and the key are retained
 * when the stack is deleted. Validates every prop first.
 */
export class AuditBucket extends Construct {
  /** The audit bucket (`Resource`). */
  readonly bucket: s3.Bucket;
  /** The customer-managed KMS key the audit bucket is encrypted with. */
  readonly encryptionKey: kms.Key;
  /** The access-log bucket. */
  readonly accessLogBucket: s3.Bucket;

  constructor(scope: Construct, id: string, props: AuditBucketProps = {}) {
    throwIfCdkProblems(`AuditBucket "${id}"`, validateAuditBucketProps(props));
    super(scope, id);
    // With ACLs off (BucketOwnerEnforced) only a bucket policy can let S3's logging service write, whatever the app's
    // feature flags say (aws-cdk-lib otherwise grants it through the LogDeliveryWrite ACL).
    this.node.setContext(S3_SERVER_ACCESS_LOGS_USE_BUCKET_POLICY, true);
    const retentionDays = props.retentionDays ?? CDK_AUDIT_DEFAULT_RETENTION_DAYS;
    const transition = {
      storageClass: STORAGE_CLASS[props.transition?.storageClass ?? CDK_AUDIT_DEFAULT_STORAGE_CLASS],
      days: Duration.days(props.transition?.days ?? CDK_AUDIT_DEFAULT_TRANSITION_DAYS),
    };
    const secure = {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      versioned: true,
      blockedEncryptionTypes: [s3.BlockedEncryptionType.SSE_C],
      removalPolicy: RemovalPolicy.RETAIN,
    };
    this.accessLogBucket = new s3.Bucket(this, "AccessLogs", {
      ...secure,
      ...(props.logBucketName !== undefined && { bucketName: props.logBucketName }),
      encryption: s3.BucketEncryption.S3_MANAGED,
      lifecycleRules: [
        {
          id: "expire-access-logs",
          expiration: Duration.days(props.accessLogRetentionDays ?? CDK_AUDIT_DEFAULT_ACCESS_LOG_DAYS),
          noncurrentVersionExpiration: Duration.days(CDK_ACCESS_LOG_NONCURRENT_DAYS),
          abortIncompleteMultipartUploadAfter: Duration.days(CDK_ABORT_INCOMPLETE_UPLOAD_DAYS),
        },
      ],
    });
    this.encryptionKey = new kms.Key(this, "Key", {
      description: `agentcloud audit bucket ${this.node.path}`,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.bucket = new s3.Bucket(this, "Resource", {
      ...secure,
      ...(props.bucketName !== undefined && { bucketName: props.bucketName }),
      objectLockEnabled: true,
      objectLockDefaultRetention: s3.ObjectLockRetention.compliance(Duration.days(retentionDays)),
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: this.encryptionKey,
      bucketKeyEnabled: true,
      serverAccessLogsBucket: this.accessLogBucket,
      // Server access logs land under `<bucket>/`, as on the Pulumi side.
      serverAccessLogsPrefix: props.bucketName !== undefined ? `${props.bucketName}/` : "audit/",
      lifecycleRules: [
        {
          id: "transition-audit-records",
          transitions: [{ storageClass: transition.storageClass, transitionAfter: transition.days }],
          noncurrentVersionTransitions: [{ storageClass: transition.storageClass, transitionAfter: transition.days }],
          abortIncompleteMultipartUploadAfter: Duration.days(CDK_ABORT_INCOMPLETE_UPLOAD_DAYS),
        },
      ],
    });
    for (const target of [this.bucket, this.accessLogBucket, this.encryptionKey]) {
      for (const [key, value] of extraTags(props.tags)) Tags.of(target).add(key, value);
    }
    Tags.of(this.bucket).add(AWS_TAGS.audit, "true");
    Tags.of(this.encryptionKey).add(AWS_TAGS.audit, "true");
  }
}
