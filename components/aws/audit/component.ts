import type * as kms from "@pulumi/aws/kms";
import * as s3 from "@pulumi/aws/s3";
import * as pulumi from "@pulumi/pulumi";
import { throwIfProblems } from "../../validation/argument-error";
import { AWS_TAGS } from "../../vocabulary";
import { customerManagedKey } from "../kms";
import { accessLogBucketPolicy, accessLogPrefix, auditBucketPolicy } from "./policies";
import { ABORT_INCOMPLETE_UPLOAD_DAYS, resolveS3AuditBucket, type ResolvedS3AuditBucket } from "./resolve";
import type { S3AuditBucketArgs } from "./spec";
import { validateS3AuditBucketArgs } from "./validate";

/** Days a noncurrent access-log version is kept (logs are never overwritten; this only clears stray versions). */
export const ACCESS_LOG_NONCURRENT_DAYS = 30;

const PUBLIC_ACCESS_BLOCKED = { blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true };

/**
 * The WORM bucket audit records go to (issue 13's pipeline writes into it): S3 Object Lock with a default retention
 * in COMPLIANCE mode (nobody, the root user included, can delete a version before its retention ends), versioning,
 * SSE-KMS with a customer-managed key (rotation on) and bucket keys, SSE-C uploads blocked, all four public-access
 * blocks, `BucketOwnerEnforced`, TLS only, a lifecycle transition to cheaper storage (Object Lock still holds the
 * versions there; S3 never expires a locked version), and server access logging into a separate bucket.
 * The access-log bucket has no Object Lock and uses SSE-S3: S3 cannot deliver access logs to an Object Lock bucket or
 * one whose default encryption is SSE-KMS (Amazon S3 User Guide, "Object Lock considerations" and "Enabling Amazon
 * S3 server access logging"). The audit bucket and its key carry `AWS_TAGS.audit = "true"`. Every child names its
 * bucket by name. Validates every argument before any resource is registered.
 */
export class S3AuditBucket extends pulumi.ComponentResource {
  /** The audit bucket's name. */
  readonly bucketName: pulumi.Output<string>;
  /** The audit bucket's ARN. */
  readonly bucketArn: pulumi.Output<string>;
  /** The ARN of the KMS key the audit bucket is encrypted with. */
  readonly kmsKeyArn: pulumi.Output<string>;
  /** The access-log bucket's name. */
  readonly logBucketName: pulumi.Output<string>;

  constructor(name: string, args: S3AuditBucketArgs, opts: pulumi.ComponentResourceOptions = {}) {
    throwIfProblems(`S3AuditBucket "${name}"`, validateS3AuditBucketArgs(args));
    super("agentcloud:aws:S3AuditBucket", name, {}, opts);
    const r = resolveS3AuditBucket(args);
    const auditTags = { ...r.tags, [AWS_TAGS.audit]: "true" };
    const { key } = customerManagedKey(
      `${name}-key`,
      {
        description: `agentcloud audit bucket ${r.bucketName}`,
        tags: auditTags,
        aliasName: r.bucketName,
        ...(args.keyPolicy !== undefined && { policy: args.keyPolicy }),
      },
      { parent: this },
    );
    const logBucket = this.logBucket(name, r);
    const bucket = new s3.Bucket(
      `${name}-bucket`,
      { bucket: r.bucketName, objectLockEnabled: true, forceDestroy: false, tags: auditTags },
      { parent: this },
    );
    const child = { parent: this, dependsOn: [bucket] };
    const versioning = new s3.BucketVersioning(
      `${name}-versioning`,
      { bucket: bucket.bucket, versioningConfiguration: { status: "Enabled" } },
      child,
    );
    new s3.BucketObjectLockConfiguration(
      `${name}-object-lock`,
      { bucket: bucket.bucket, objectLockEnabled: "Enabled", rule: { defaultRetention: { mode: "COMPLIANCE", days: r.retentionDays } } },
      { parent: this, dependsOn: [versioning] },
    );
    new s3.BucketServerSideEncryptionConfiguration(`${name}-encryption`, this.kmsEncryption(bucket, key), child);
    const publicAccess = new s3.BucketPublicAccessBlock(
      `${name}-public-access-block`,
      { bucket: bucket.bucket, ...PUBLIC_ACCESS_BLOCKED },
      child,
    );
    new s3.BucketOwnershipControls(`${name}-ownership`, { bucket: bucket.bucket, rule: { objectOwnership: "BucketOwnerEnforced" } }, child);
    new s3.BucketPolicy(
      `${name}-policy`,
      { bucket: bucket.bucket, policy: auditBucketPolicy(r.partition, r.bucketName) },
      { parent: this, dependsOn: [publicAccess] },
    );
    new s3.BucketLifecycleConfiguration(
      `${name}-lifecycle`,
      {
        bucket: bucket.bucket,
        rules: [
          {
            id: `audit-to-${r.storageClass.toLowerCase().replace(/_/g, "-")}`,
            status: "Enabled",
            filter: {},
            transitions: [{ days: r.transitionDays, storageClass: r.storageClass }],
            noncurrentVersionTransitions: [{ noncurrentDays: r.transitionDays, storageClass: r.storageClass }],
            abortIncompleteMultipartUpload: { daysAfterInitiation: ABORT_INCOMPLETE_UPLOAD_DAYS },
          },
        ],
      },
      { parent: this, dependsOn: [versioning] },
    );
    new s3.BucketLogging(
      `${name}-logging`,
      {
        bucket: bucket.bucket,
        targetBucket: logBucket.bucket.bucket,
        targetPrefix: accessLogPrefix(r.bucketName),
        targetObjectKeyFormat: { partitionedPrefix: { partitionDateSource: "EventTime" } },
      },
      { parent: this, dependsOn: [bucket, ...logBucket.ready] },
    );
    this.bucketName = bucket.bucket;
    this.bucketArn = bucket.arn;
    this.kmsKeyArn = key.arn;
    this.logBucketName = logBucket.bucket.bucket;
    this.registerOutputs({
      bucketName: this.bucketName,
      bucketArn: this.bucketArn,
      kmsKeyArn: this.kmsKeyArn,
      logBucketName: this.logBucketName,
    });
  }

  private kmsEncryption(bucket: s3.Bucket, key: kms.Key): s3.BucketServerSideEncryptionConfigurationArgs {
    return {
      bucket: bucket.bucket,
      rules: [
        {
          applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: key.arn },
          bucketKeyEnabled: true,
          blockedEncryptionTypes: ["SSE-C"],
        },
      ],
    };
  }

  /** The access-log bucket and what log delivery needs before logging is turned on (its policy, ownership, encryption). */
  private logBucket(name: string, r: ResolvedS3AuditBucket): { bucket: s3.Bucket; ready: pulumi.Resource[] } {
    const bucket = new s3.Bucket(
      `${name}-log-bucket`,
      { bucket: r.logBucketName, forceDestroy: false, tags: { ...r.tags } },
      { parent: this },
    );
    const child = { parent: this, dependsOn: [bucket] };
    const versioning = new s3.BucketVersioning(
      `${name}-log-versioning`,
      { bucket: bucket.bucket, versioningConfiguration: { status: "Enabled" } },
      child,
    );
    const encryption = new s3.BucketServerSideEncryptionConfiguration(
      `${name}-log-encryption`,
      {
        bucket: bucket.bucket,
        rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" }, blockedEncryptionTypes: ["SSE-C"] }],
      },
      child,
    );
    const publicAccess = new s3.BucketPublicAccessBlock(
      `${name}-log-public-access-block`,
      { bucket: bucket.bucket, ...PUBLIC_ACCESS_BLOCKED },
      child,
    );
    const ownership = new s3.BucketOwnershipControls(
      `${name}-log-ownership`,
      { bucket: bucket.bucket, rule: { objectOwnership: "BucketOwnerEnforced" } },
      child,
    );
    const policy = new s3.BucketPolicy(
      `${name}-log-policy`,
      { bucket: bucket.bucket, policy: accessLogBucketPolicy(r.partition, r.accountId, r.logBucketName, r.bucketName) },
      { parent: this, dependsOn: [publicAccess] },
    );
    new s3.BucketLifecycleConfiguration(
      `${name}-log-lifecycle`,
      {
        bucket: bucket.bucket,
        rules: [
          {
            id: "expire-access-logs",
            status: "Enabled",
            filter: {},
            expiration: { days: r.accessLogRetentionDays },
            noncurrentVersionExpiration: { noncurrentDays: ACCESS_LOG_NONCURRENT_DAYS },
            abortIncompleteMultipartUpload: { daysAfterInitiation: ABORT_INCOMPLETE_UPLOAD_DAYS },
          },
        ],
      },
      { parent: this, dependsOn: [versioning] },
    );
    return { bucket, ready: [policy, ownership, encryption] };
  }
}
