import { describe, expect, it } from "vitest";
import { GcpAuditShipping, auditSinkFilter, type GcpAuditShippingArgs } from "../../../../components/gcp/audit-shipping";
import { ArgumentError, formatProblem } from "../../../../components/validation";
import { record, recordRejection } from "../../../helpers/pulumi";

const ARGS: GcpAuditShippingArgs = {
  project: "acme-agents",
  projectNumber: "123456789012",
  clusterName: "agentcloud",
  location: "europe-west4",
  workloadPool: "acme-agents.svc.id.goog",
  bucketName: "agentcloud-audit-acme-agents",
  keyRing: "projects/acme-agents/locations/europe-west4/keyRings/agentcloud",
  signers: [
    "principal://iam.googleapis.com/projects/123456789012/locations/global/workloadIdentityPools/acme-agents.svc.id.goog/subject/ns/agents/sa/research-assistant",
  ],
};

describe("GcpAuditShipping", () => {
  it("lets the shipper's own principal write logs, and sinks the audit log and Kubernetes audit logs into the bucket", async () => {
    let shipping: GcpAuditShipping | undefined;
    const rec = await record(() => {
      shipping = new GcpAuditShipping("audit", ARGS);
    });
    expect(rec.named("audit-shipper-log-writer").inputs).toEqual({
      project: "acme-agents",
      role: "roles/logging.logWriter",
      member:
        "principal://iam.googleapis.com/projects/123456789012/locations/global/workloadIdentityPools/acme-agents.svc.id.goog/subject/ns/agentcloud-audit/sa/agentcloud-audit-shipper",
    });
    expect(rec.named("audit-sink").inputs).toMatchObject({
      destination: "storage.googleapis.com/agentcloud-audit-acme-agents",
      uniqueWriterIdentity: true,
      filter:
        'logName="projects/acme-agents/logs/agentcloud-audit" OR (resource.type="k8s_cluster" AND resource.labels.cluster_name="agentcloud" AND logName:"cloudaudit.googleapis.com")',
    });
    expect(rec.named("audit-sink-writer").inputs).toMatchObject({
      bucket: "agentcloud-audit-acme-agents",
      role: "roles/storage.objectCreator",
    });
    expect(shipping!.fleetAudit).toEqual({
      sink: { kind: "cloud-logging", project: "acme-agents", clusterName: "agentcloud", location: "europe-west4" },
    });
  });

  it("creates an Ed25519 signing key in Cloud KMS (never imported) that only the named agents may sign with", async () => {
    const rec = await record(() => {
      new GcpAuditShipping("audit", ARGS);
    });
    expect(rec.named("audit-signing-key").inputs).toMatchObject({
      purpose: "ASYMMETRIC_SIGN",
      versionTemplate: { algorithm: "EC_SIGN_ED25519", protectionLevel: "SOFTWARE" },
      importOnly: false,
    });
    expect(rec.named("audit-signer-0").inputs).toMatchObject({
      cryptoKeyId: "projects/acme-agents/locations/europe-west4/keyRings/agentcloud/cryptoKeys/agentcloud-receipts",
      role: "roles/cloudkms.signer",
      member: ARGS.signers![0],
    });
  });

  it("rejects bad arguments before creating anything", async () => {
    const { error, rec } = await recordRejection(
      () => new GcpAuditShipping("audit", { ...ARGS, project: "A", projectNumber: "x", signers: ["user:me@example.com"] }),
    );
    expect(rec.registrations).toEqual([]);
    expect(error).toBeInstanceOf(ArgumentError);
    expect((error as ArgumentError).problems.map(formatProblem)).toEqual([
      'project: must be a GCP project id (got "A"); fix: use e.g. "acme-agents"',
      'projectNumber: must be the project\'s number (got "x"); fix: pass (await getProject({})).number',
      'signers[0]: must be an IAM member of an agent\'s identity (got "user:me@example.com"); fix: pass its principal://... identifier',
    ]);
  });

  it("filters exactly the audit log and the cluster's Cloud Audit Logs", () => {
    expect(auditSinkFilter("p-123456", "c")).toBe(
      'logName="projects/p-123456/logs/agentcloud-audit" OR (resource.type="k8s_cluster" AND resource.labels.cluster_name="c" AND logName:"cloudaudit.googleapis.com")',
    );
  });
});
