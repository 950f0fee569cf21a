import { describe, expect, it } from "vitest";
import { evaluatePolicies } from "../../../cli/policy-harness";
import { GcsAuditBucket } from "../../../components/gcp/audit";
import { GkeAgentCluster } from "../../../components/gcp/cluster/component";
import { AgentIdentity } from "../../../components/gcp/identity";
import { GkeGpuNodePool, GkeSandboxNodePool } from "../../../components/gcp/nodes";
import { gcpPolicies } from "../../../policies/gcp/pack";
import { REFERENCE_GCS_CORPUS } from "../../../stacks/agents";
import { record } from "../../helpers/pulumi";

describe("the GCP policies on agentcloud's own GKE components", () => {
  it("pass GkeAgentCluster (its cluster, default and system pools), the GPU and sandbox pools GcsAuditBucket and agent identities (direct and through a Google service account), and apply to each", async () => {
    const rec = await record(() => {
      const cluster = new GkeAgentCluster("agentcloud", {
        project: "acme-agents",
        location: "europe-west4",
        network: { network: "agentcloud-vpc", subnetwork: "agentcloud-subnet" },
        masterAuthorizedNetworks: [{ cidrBlock: "10.10.0.0/20", displayName: "nodes" }],
      });
      const base = { cluster: cluster.clusterName, location: "europe-west4", serviceAccount: cluster.nodeServiceAccountEmail };
      new GkeGpuNodePool("gpu", base);
      new GkeSandboxNodePool("sandbox", base);
      new GcsAuditBucket("audit", { project: "acme-agents", location: "europe-west4" });
      const reader = {
        namespace: "research",
        image: "ghcr.io/acme/agent:1.0.0",
        cloudPermissions: [{ cloud: "gcp" as const, actions: ["roles/storage.objectViewer"], resources: [REFERENCE_GCS_CORPUS] }],
      };
      const identity = { project: "acme-agents", projectNumber: "123456789012", namespace: "research", declaration: reader };
      new AgentIdentity("reader", { ...identity, agentName: "reader" });
      new AgentIdentity("reader-gsa", { ...identity, agentName: "reader-gsa", serviceAccountRoles: ["roles/storage.objectViewer"] });
    });
    const evaluation = await evaluatePolicies(gcpPolicies, rec.registrations);
    expect(evaluation.violations.map((v) => `${v.policy}: ${v.message}`)).toEqual([]);
    const judged = rec.registrations.filter((r) => r.type.startsWith("gcp:container/"));
    expect(judged.map((r) => r.name).sort()).toEqual(["agentcloud-cluster", "agentcloud-system", "gpu-pool", "sandbox-pool"]);
    // Every policy judged them: each is not applicable only to the resources it does not judge.
    expect(rec.ofType("gcp:storage/bucketIAMMember:BucketIAMMember").map((r) => r.inputs.member)).toEqual([
      expect.stringMatching(/^principal:\/\/iam\.googleapis\.com\/.*\/subject\/ns\/research\/sa\/reader$/),
      expect.stringMatching(/^serviceAccount:ac-reader-gsa-[0-9a-f]{8}@acme-agents\.iam\.gserviceaccount\.com$/),
    ]);
    expect(rec.ofType("gcp:serviceaccount/iAMMember:IAMMember").map((r) => r.inputs.role)).toEqual(["roles/iam.workloadIdentityUser"]);
    const buckets = rec.ofType("gcp:storage/bucket:Bucket");
    expect(buckets.map((b) => (b.inputs.labels as Record<string, string>)["agentcloud-audit"])).toEqual(["true"]);
    const others = rec.registrations.filter((r) => r.custom).length - judged.length;
    expect(evaluation.notApplicable).toEqual({
      "agentcloud-gcp-private-cluster": others,
      "agentcloud-gcp-secrets-encryption": others + 3,
      "agentcloud-gcp-shielded-nodes": others,
      "agentcloud-gcp-node-service-account": others,
      "agentcloud-gcp-sandbox-gvisor": others + 2,
      "agentcloud-gcp-gpu-node-taint": others + 3,
      "agentcloud-gcp-audit-bucket": others + 3,
    });
  });
});
