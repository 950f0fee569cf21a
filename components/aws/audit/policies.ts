import type { AwsPartition } from "../identity/spec";

/** The service principal that delivers S3 server access logs. */
export const S3_LOGGING_PRINCIPAL = "logging.s3.amazonaws.com";

/** `arn:<partition>:s3:::<bucket>`. */
export function s3BucketArn(partition: AwsPartition, bucket: string): string {
  return `arn:${partition}:s3:::${bucket}`;
}

/** Denies every request to the bucket and its objects that does not use TLS (`aws:SecureTransport` false). */
export function denyInsecureTransportStatement(partition: AwsPartition, bucket: string): Record<string, unknown> {
  const arn = s3BucketArn(partition, bucket);
  return {
    Sid: "DenyInsecureTransport",
    Effect: "Deny",
    Principal: "*",
    Action: "s3:*",
    Resource: [arn, `${arn}/*`],
    Condition: { Bool: { "aws:SecureTransport": "false" } },
  };
}

/** The audit bucket's policy: TLS only. */
export function auditBucketPolicy(partition: AwsPartition, bucket: string): string {
  return JSON.stringify({ Version: "2012-10-17", Statement: [denyInsecureTransportStatement(partition, bucket)] });
}

/** The access-log target prefix of a source bucket: `<bucket>/`. */
export function accessLogPrefix(sourceBucket: string): string {
  return `${sourceBucket}/`;
}

/**
 * The access-log bucket's policy: TLS only, and S3's logging service may put objects under the source bucket's
 * prefix for that bucket and account only. With `BucketOwnerEnforced` ACLs are off, so the bucket policy is the only
 * way to let it write (Amazon S3 User Guide, "Permissions for log delivery": `aws:SourceArn`, `aws:SourceAccount`).
 */
export function accessLogBucketPolicy(partition: AwsPartition, accountId: string, logBucket: string, sourceBucket: string): string {
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      denyInsecureTransportStatement(partition, logBucket),
      {
        Sid: "S3ServerAccessLogsPolicy",
        Effect: "Allow",
        Principal: { Service: S3_LOGGING_PRINCIPAL },
        Action: "s3:PutObject",
        Resource: `${s3BucketArn(partition, logBucket)}/${accessLogPrefix(sourceBucket)}*`,
        Condition: {
          ArnLike: { "aws:SourceArn": s3BucketArn(partition, sourceBucket) },
          StringEquals: { "aws:SourceAccount": accountId },
        },
      },
    ],
  });
}
