import { App, Stack } from "aws-cdk-lib";
import { Match, Template } from "aws-cdk-lib/assertions";
import { describe, expect, it } from "vitest";
import { AuditBucket } from "../../../../components/cdk/audit";
import { CdkArgumentError } from "../../../../components/cdk/identity";
import { AWS_TAGS } from "../../../../components/vocabulary";

const ENV = { account: "123456789012", region: "eu-west-1" };

// Two synths: the defaults, and every option set.
const stack = new Stack(new App(), "Audit", { env: ENV });
const audit = new AuditBucket(stack, "Audit");
const template = Template.fromStack(stack);
const id = (c: { node: { defaultChild?: unknown } }) => stack.getLogicalId(c.node.defaultChild as never);
const bucketId = id(audit.bucket);
const logId = id(audit.accessLogBucket);
const keyId = id(audit.encryptionKey);

const tls = (logicalId: string) => ({
  Sid: Match.absent(),
  Effect: "Deny",
  Principal: { AWS: "*" },
  Action: "s3:*",
  Resource: [{ "Fn::GetAtt": [logicalId, "Arn"] }, { "Fn::Join": ["", [{ "Fn::GetAtt": [logicalId, "Arn"] }, "/*"]] }],
  Condition: { Bool: { "aws:SecureTransport": "false" } },
});

describe("AuditBucket (CDK)", () => {
  it("is the bucket itself ('Resource'): Object Lock in COMPLIANCE mode for 365 days, versioned, tagged as the audit bucket", () => {
    expect(audit.bucket.node.id).toBe("Resource");
    expect(audit.node.defaultChild).toBe(audit.bucket);
    const props = template.toJSON().Resources[bucketId].Properties;
    expect(props.ObjectLockEnabled).toBe(true);
    expect(props.ObjectLockConfiguration).toEqual({
      ObjectLockEnabled: "Enabled",
      Rule: { DefaultRetention: { Mode: "COMPLIANCE", Days: 365 } },
    });
    expect(props.VersioningConfiguration).toEqual({ Status: "Enabled" });
    expect(props.Tags).toEqual([{ Key: AWS_TAGS.audit, Value: "true" }]);
    expect(template.toJSON().Resources[bucketId].DeletionPolicy).toBe("Retain");
  });

  it("SSE-KMS with its own customer-managed key (rotation on, tagged) and a bucket key; SSE-C blocked", () => {
    expect(template.toJSON().Resources[bucketId].Properties.BucketEncryption).toEqual({
      ServerSideEncryptionConfiguration: [
        {
          BlockedEncryptionTypes: { EncryptionType: ["SSE-C"] },
          BucketKeyEnabled: true,
          ServerSideEncryptionByDefault: { SSEAlgorithm: "aws:kms", KMSMasterKeyID: { "Fn::GetAtt": [keyId, "Arn"] } },
        },
      ],
    });
    template.resourceCountIs("AWS::KMS::Key", 1);
    template.hasResourceProperties("AWS::KMS::Key", { EnableKeyRotation: true, Tags: [{ Key: AWS_TAGS.audit, Value: "true" }] });
    template.hasResource("AWS::KMS::Key", { DeletionPolicy: "Retain" });
  });

  it("blocks all public access, enforces bucket-owner ownership and denies every request without TLS", () => {
    const props = template.toJSON().Resources[bucketId].Properties;
    expect(props.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    expect(props.OwnershipControls).toEqual({ Rules: [{ ObjectOwnership: "BucketOwnerEnforced" }] });
    template.hasResourceProperties("AWS::S3::BucketPolicy", {
      Bucket: { Ref: bucketId },
      PolicyDocument: { Version: "2012-10-17", Statement: [tls(bucketId)] },
    });
  });

  it("moves records to Glacier Instant Retrieval after 90 days (current and noncurrent versions)", () => {
    expect(template.toJSON().Resources[bucketId].Properties.LifecycleConfiguration).toEqual({
      Rules: [
        {
          Id: "transition-audit-records",
          Status: "Enabled",
          Transitions: [{ StorageClass: "GLACIER_IR", TransitionInDays: 90 }],
          NoncurrentVersionTransitions: [{ StorageClass: "GLACIER_IR", TransitionInDays: 90 }],
          AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 },
        },
      ],
    });
  });

  it("logs server access into a separate SSE-S3 bucket without Object Lock or the audit tag, which only S3's logging service may write to", () => {
    template.resourceCountIs("AWS::S3::Bucket", 2);
    expect(template.toJSON().Resources[bucketId].Properties.LoggingConfiguration).toEqual({
      DestinationBucketName: { Ref: logId },
      LogFilePrefix: "audit/",
    });
    const log = template.toJSON().Resources[logId];
    expect(log.Properties.ObjectLockEnabled).toBeUndefined();
    expect(log.Properties.ObjectLockConfiguration).toBeUndefined();
    expect(log.Properties.Tags).toBeUndefined();
    expect(log.DeletionPolicy).toBe("Retain");
    expect(log.Properties.BucketEncryption).toEqual({
      ServerSideEncryptionConfiguration: [
        { BlockedEncryptionTypes: { EncryptionType: ["SSE-C"] }, ServerSideEncryptionByDefault: { SSEAlgorithm: "AES256" } },
      ],
    });
    expect(log.Properties.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    expect(log.Properties.OwnershipControls).toEqual({ Rules: [{ ObjectOwnership: "BucketOwnerEnforced" }] });
    expect(log.Properties.VersioningConfiguration).toEqual({ Status: "Enabled" });
    expect(log.Properties.LifecycleConfiguration).toEqual({
      Rules: [
        {
          Id: "expire-access-logs",
          Status: "Enabled",
          ExpirationInDays: 365,
          NoncurrentVersionExpiration: { NoncurrentDays: 30 },
          AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 },
        },
      ],
    });
    template.hasResourceProperties("AWS::S3::BucketPolicy", {
      Bucket: { Ref: logId },
      PolicyDocument: {
        Version: "2012-10-17",
        Statement: [
          tls(logId),
          {
            Effect: "Allow",
            Principal: { Service: "logging.s3.amazonaws.com" },
            Action: "s3:PutObject",
            Resource: { "Fn::Join": ["", [{ "Fn::GetAtt": [logId, "Arn"] }, "/audit/*"]] },
            Condition: {
              ArnLike: { "aws:SourceArn": { "Fn::GetAtt": [bucketId, "Arn"] } },
              StringEquals: { "aws:SourceAccount": "123456789012" },
            },
          },
        ],
      },
    });
  });

  it("takes names, retention, transition, log retention and tags (extra tags cannot set agentcloud's keys)", () => {
    const custom = new Stack(new App(), "Custom", { env: ENV });
    const bucket = new AuditBucket(custom, "Audit", {
      bucketName: "acme-audit",
      logBucketName: "acme-audit-logs",
      retentionDays: 2555,
      transition: { days: 30, storageClass: "STANDARD_IA" },
      accessLogRetentionDays: 90,
      tags: { team: "security", [AWS_TAGS.audit]: "false" },
    });
    const t = Template.fromStack(custom).toJSON().Resources;
    const b = t[custom.getLogicalId(bucket.bucket.node.defaultChild as never)].Properties;
    const l = t[custom.getLogicalId(bucket.accessLogBucket.node.defaultChild as never)].Properties;
    expect(b.BucketName).toBe("acme-audit");
    expect(b.ObjectLockConfiguration.Rule.DefaultRetention).toEqual({ Mode: "COMPLIANCE", Days: 2555 });
    expect(b.LifecycleConfiguration.Rules[0].Transitions).toEqual([{ StorageClass: "STANDARD_IA", TransitionInDays: 30 }]);
    expect(b.LoggingConfiguration.LogFilePrefix).toBe("acme-audit/");
    expect(b.Tags).toEqual([
      { Key: AWS_TAGS.audit, Value: "true" },
      { Key: "team", Value: "security" },
    ]);
    expect(l.BucketName).toBe("acme-audit-logs");
    expect(l.LifecycleConfiguration.Rules[0].ExpirationInDays).toBe(90);
    expect(l.Tags).toEqual([{ Key: "team", Value: "security" }]);
  });

  it("refuses a retention below 90 days, with every other problem, before creating anything", () => {
    const refused = new Stack(new App(), "Refused", { env: ENV });
    let error: unknown;
    try {
      new AuditBucket(refused, "Audit", {
        retentionDays: 30,
        bucketName: "Audit.Bucket",
        transition: { days: 10, storageClass: "STANDARD_IA" },
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CdkArgumentError);
    expect((error as Error).message).toBe(
      [
        'AuditBucket "Audit" has 3 invalid arguments:',
        `  - bucketName: must be an S3 bucket name of 3 to 63 lower-case letters, digits and '-' (no dots), starting and ending with a letter or digit, without S3's reserved prefixes and suffixes (got "Audit.Bucket"); fix: use a name like "acme-agentcloud-audit-eu-west-1"`,
        "  - retentionDays: is below the minimum audit retention of 90 days (got 30); fix: set retentionDays to at least 90",
        "  - transition.days: must be a whole number at least 30 (got 10); fix: set transition.days to a whole number at least 30",
      ].join("\n"),
    );
    expect(refused.node.findAll().map((c) => c.node.path)).toEqual(["Refused"]);
  });
});
