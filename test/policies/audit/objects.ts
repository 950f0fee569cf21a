import { fluentBitValues, resolveAuditPipeline, type AuditPipelineArgs } from "../../../components/kubernetes/audit";
import type { Registration } from "../../../cli/mock-runtime";
import { registration } from "../helpers";

export const BUCKET = "agentcloud-audit-123456789012-eu-west-1";
export const GCS = "agentcloud-audit-acme-agents";

/** The shipper's Helm release as AuditPipeline registers it, with its values changed by `change`. */
export function shipper(sink: AuditPipelineArgs["sink"], change: (values: any) => void = () => {}): Registration {
  const values = fluentBitValues(resolveAuditPipeline({ sink, tenants: ["agents"] })) as any;
  change(values);
  return registration("kubernetes:helm.sh/v3:Release", "fleet-audit-fluent-bit", {
    name: "agentcloud-audit",
    chart: "oci://ghcr.io/fluent/helm-charts/fluent-bit",
    version: "0.58.1",
    values,
  });
}

export const S3_SINK = { kind: "s3", bucket: BUCKET, region: "eu-west-1" } as const;
export const LOGGING_SINK = { kind: "cloud-logging", project: "acme-agents", clusterName: "agentcloud", location: "europe-west4" } as const;

/** An S3 audit bucket with Object Lock and its default retention in `mode`. */
export function lockedBucket(mode = "COMPLIANCE"): Registration[] {
  return [
    registration("aws:s3/bucket:Bucket", "audit-bucket", {
      bucket: BUCKET,
      objectLockEnabled: true,
      tags: { "agentcloud.dev/audit": "true" },
    }),
    registration("aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration", "audit-object-lock", {
      bucket: BUCKET,
      objectLockEnabled: "Enabled",
      rule: { defaultRetention: { mode, days: 365 } },
    }),
  ];
}

/** A GCS bucket with a (locked) retention policy and the log sink into it. */
export function lockedSink(locked = true): Registration[] {
  return [
    registration("gcp:storage/bucket:Bucket", "audit-bucket", {
      name: GCS,
      retentionPolicy: { retentionPeriod: 31536000, isLocked: locked },
    }),
    registration("gcp:logging/projectSink:ProjectSink", "audit-sink", {
      name: "agentcloud-audit",
      destination: `storage.googleapis.com/${GCS}`,
      filter: 'logName="projects/acme-agents/logs/agentcloud-audit"',
    }),
  ];
}

/** Something on AWS, so the stack is a cloud stack. */
export const vpc = registration("aws:ec2/vpc:Vpc", "vpc", { cidrBlock: "10.0.0.0/16" });

/** An audit pipeline that breaks every audit policy: a leaky shipper to an unlocked bucket and an imported signing key. */
export function auditWrong(): Registration[] {
  return [
    vpc,
    shipper(S3_SINK, (v) => (v.env = [{ name: "AWS_SECRET_ACCESS_KEY", value: "CANARY-secret" }])),
    registration("aws:kms/externalKey:ExternalKey", "imported", {
      keyUsage: "SIGN_VERIFY",
      tags: { "agentcloud.dev/audit": "true" },
      description: "CANARY",
    }),
  ];
}
