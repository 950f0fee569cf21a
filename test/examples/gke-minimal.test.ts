import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { readTree, REPO, runCli, tempDir } from "../cli/run-cli";
import { invalidObjects } from "../helpers/schema";

interface Resource {
  type: string;
  name: string;
  inputs: Record<string, unknown>;
}

describe("examples/gke-minimal", () => {
  it("plans a private Dataplane V2 GKE cluster with one gVisor agent bound to one bucket, with zero violations", async () => {
    const out = tempDir();
    const result = runCli(["plan", "--dir", join(REPO, "examples/gke-minimal"), "--stack", "dev", "--out", out]);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("0 violation(s)");
    const { resources } = JSON.parse(readFileSync(join(out, "dev/resources.json"), "utf8")) as { resources: Resource[] };
    const byName = (name: string) => resources.find((r) => r.name === name)!;
    expect(byName("agents-cluster").inputs).toMatchObject({
      name: "agents",
      privateClusterConfig: { enablePrivateNodes: true, enablePrivateEndpoint: true },
      masterAuthorizedNetworksConfig: { cidrBlocks: [{ cidrBlock: "10.10.0.0/20", displayName: "admin" }] },
      datapathProvider: "ADVANCED_DATAPATH",
      workloadIdentityConfig: { workloadPool: "acme-agents-dev.svc.id.goog" },
    });
    expect(byName("agents-system").inputs).toMatchObject({
      autoscaling: { minNodeCount: 1, maxNodeCount: 1 },
      nodeConfig: { machineType: "e2-standard-2" },
    });
    // The agent's one GCP permission, bound to its Kubernetes ServiceAccount by its principal identifier; nothing project-wide.
    const bucketGrants = resources.filter((r) => r.type === "gcp:storage/bucketIAMMember:BucketIAMMember");
    // The audit log sink may only create objects in the locked audit bucket (its writer identity is known after apply).
    expect(bucketGrants.filter((r) => r.name.startsWith("agents-audit-shipping-")).map((r) => r.inputs)).toEqual([
      { bucket: "acme-agents-dev-agentcloud-audit", role: "roles/storage.objectCreator" },
    ]);
    const grants = bucketGrants.filter((r) => r.name.startsWith("agents-identity-")).map((r) => r.inputs);
    expect(grants).toEqual([
      {
        bucket: "acme-support-knowledge",
        role: "roles/storage.objectViewer",
        member:
          "principal://iam.googleapis.com/projects/123456789012/locations/global/workloadIdentityPools/acme-agents-dev.svc.id.goog/subject/ns/support/sa/support-agent",
      },
    ]);
    // Project-wide: only the node service account's five roles and the audit shipper's log writing (no agent).
    const projectGrants = resources
      .filter((r) => r.type === "gcp:projects/iAMMember:IAMMember")
      .map((r) => [r.name, r.inputs.role])
      .sort();
    expect(projectGrants).toEqual([
      ["agents-audit-shipping-shipper-log-writer", "roles/logging.logWriter"],
      ["agents-nodes-artifactregistry-reader", "roles/artifactregistry.reader"],
      ["agents-nodes-logging-logwriter", "roles/logging.logWriter"],
      ["agents-nodes-monitoring-metricwriter", "roles/monitoring.metricWriter"],
      ["agents-nodes-monitoring-viewer", "roles/monitoring.viewer"],
      ["agents-nodes-stackdriver-resourcemetadata-writer", "roles/stackdriver.resourceMetadata.writer"],
    ]);

    const manifests = readTree(join(out, "dev/manifests"));
    const objects = Object.values(manifests).flatMap((t) => parseAllDocuments(t).map((d) => d.toJS()));
    // FQDNNetworkPolicy has no published CRD; it is asserted exactly below.
    expect(await invalidObjects(objects.filter((o) => o.kind !== "FQDNNetworkPolicy"))).toEqual([]);
    const deployment = objects.find((o) => o.kind === "Deployment" && o.metadata.namespace === "support");
    expect(deployment.spec.template.spec.runtimeClassName).toBe("gvisor");
    expect(objects.filter((o) => o.kind === "RuntimeClass")).toEqual([]);
    expect(
      objects.filter((o) => o.kind === "FQDNNetworkPolicy").map((o) => [o.metadata.namespace, o.metadata.name, o.spec.egress]),
    ).toEqual([
      [
        "support",
        "support-agent",
        [
          { matches: [{ name: "acme.zendesk.com" }], ports: [{ protocol: "TCP", port: 443 }] },
          { matches: [{ name: "storage.googleapis.com" }], ports: [{ protocol: "TCP", port: 443 }] },
        ],
      ],
    ]);
    expect(result.stdout).toContain("GKE Dataplane V2 (eBPF on the node, outside gVisor)");
  });
});
