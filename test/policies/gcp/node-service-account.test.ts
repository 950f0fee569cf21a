import { describe, expect, it } from "vitest";
import { evaluatePolicies } from "../../../cli/policy-harness";
import { nodeServiceAccount } from "../../../policies/gcp/node-service-account";
import { messages, violations } from "../helpers";
import { NODE_SA, auditBucket, gkeCluster, gkeStack, nodePool } from "./objects";

const FIX =
  "use a dedicated service account with only roles/logging.logWriter, roles/monitoring.metricWriter, " +
  "roles/monitoring.viewer, roles/stackdriver.resourceMetadata.writer and roles/artifactregistry.reader.";

describe("agentcloud-gcp-node-service-account", () => {
  it("passes agentcloud's cluster and pools, and Autopilot or auto-provisioning with a dedicated account", async () => {
    const autopilot = gkeCluster((c) => {
      c.enableAutopilot = true;
      delete c.nodeConfig;
      c.clusterAutoscaling = { autoProvisioningDefaults: { serviceAccount: NODE_SA } };
    }, "auto");
    const nap = gkeCluster((c) => {
      c.clusterAutoscaling = { enabled: true, autoProvisioningDefaults: { serviceAccount: NODE_SA } };
    }, "nap");
    expect(await messages(nodeServiceAccount, [...gkeStack(), autopilot, nap])).toEqual([]);
  });

  it("flags a pool that names no service account, with URN and severity", async () => {
    const found = await violations([nodeServiceAccount], [nodePool("system", (p) => delete p.nodeConfig.serviceAccount)]);
    expect(found.map((v) => [v.message, v.urn, v.severity])).toEqual([
      [
        'GKE node pool "system" of cluster "agents" does not set nodeConfig.serviceAccount, so its nodes run as the ' +
          `Compute Engine default service account; ${FIX}`,
        "urn:pulumi:test::test::gcp:container/nodePool:NodePool::system-pool",
        "high",
      ],
    ]);
  });

  it("flags the default accounts by any spelling, without printing them", async () => {
    const regs = [
      nodePool("named-default", (p) => (p.nodeConfig.serviceAccount = "default")),
      nodePool("compute", (p) => (p.nodeConfig.serviceAccount = "123456789012-compute@developer.gserviceaccount.com")),
      nodePool("appspot", (p) => (p.nodeConfig.serviceAccount = "acme-agents@appspot.gserviceaccount.com")),
      gkeCluster((c) => (c.nodePools = [{ name: "inline", nodeConfig: { serviceAccount: "default" } }]), "inline"),
    ];
    expect(await messages(nodeServiceAccount, regs)).toEqual([
      `GKE cluster "inline" sets nodePools[0].nodeConfig.serviceAccount to the Compute Engine default service account; ${FIX}`,
      'GKE node pool "appspot" of cluster "agents" sets nodeConfig.serviceAccount to the App Engine default service ' + `account; ${FIX}`,
      'GKE node pool "compute" of cluster "agents" sets nodeConfig.serviceAccount to the Compute Engine default ' +
        `service account; ${FIX}`,
      'GKE node pool "named-default" of cluster "agents" sets nodeConfig.serviceAccount to the Compute Engine default ' +
        `service account; ${FIX}`,
    ]);
  });

  it("flags the default pool GKE creates without nodeConfig, and Autopilot or auto-provisioned nodes on the default account", async () => {
    const implicit = gkeCluster((c) => {
      delete c.nodeConfig;
      delete c.removeDefaultNodePool;
    }, "implicit");
    const removed = gkeCluster((c) => delete c.nodeConfig, "removed");
    const autopilot = gkeCluster((c) => {
      c.enableAutopilot = true;
      delete c.nodeConfig;
    }, "auto");
    const nap = gkeCluster(
      (c) => (c.clusterAutoscaling = { enabled: true, autoProvisioningDefaults: { serviceAccount: "default" } }),
      "nap",
    );
    expect(await messages(nodeServiceAccount, [implicit, removed, autopilot, nap])).toEqual([
      'GKE cluster "auto" (Autopilot nodes) does not set clusterAutoscaling.autoProvisioningDefaults.serviceAccount, ' +
        `so its nodes run as the Compute Engine default service account; ${FIX}`,
      'GKE cluster "implicit" does not set nodeConfig.serviceAccount, so its nodes run as the Compute Engine default ' +
        `service account; ${FIX}`,
      'GKE cluster "nap" (auto-provisioned nodes) sets clusterAutoscaling.autoProvisioningDefaults.serviceAccount to ' +
        `the Compute Engine default service account; ${FIX}`,
    ]);
  });

  it("does not apply to other resources", async () => {
    const evaluation = await evaluatePolicies([nodeServiceAccount], [auditBucket()]);
    expect([evaluation.violations, evaluation.notApplicable]).toEqual([[], { "agentcloud-gcp-node-service-account": 1 }]);
  });
});
