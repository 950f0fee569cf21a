import { describe, expect, it } from "vitest";
import { evaluatePolicies } from "../../../cli/policy-harness";
import { workloadIdentity } from "../../../policies/gcp/workload-identity";
import { agentDeployment, messages, violations } from "../helpers";
import { auditBucket, gkeCluster, gkeStack, nodePool } from "./objects";

const EXPOSED = "so its pods reach the Compute Engine metadata server and the node service account's credentials; set it to GKE_METADATA.";

describe("agentcloud-gcp-workload-identity", () => {
  it("passes agentcloud's cluster and pools", async () => {
    expect(await messages(workloadIdentity, gkeStack())).toEqual([]);
  });

  it("lets a pool leave the mode unset when its cluster, found by name or full path, has a workload pool", async () => {
    const byName = nodePool("by-name", (p) => delete p.nodeConfig.workloadMetadataConfig);
    const byPath = nodePool(
      "by-path",
      (p) => delete p.nodeConfig.workloadMetadataConfig,
      "projects/acme-agents/locations/europe-west4/clusters/agents",
    );
    const defaults = gkeCluster((c) => {
      delete c.nodeConfig!.workloadMetadataConfig;
      c.nodePools = [{ name: "inline" }];
    });
    expect(await messages(workloadIdentity, [defaults, byName, byPath])).toEqual([]);
  });

  it("flags a cluster without a workload pool, and the pools that rely on it, with URNs", async () => {
    const cluster = gkeCluster((c) => {
      delete c.workloadIdentityConfig;
      delete c.nodeConfig!.workloadMetadataConfig;
    });
    const pool = nodePool("system", (p) => delete p.nodeConfig.workloadMetadataConfig);
    const found = await violations([workloadIdentity], [cluster, pool, nodePool("explicit")]);
    expect(found.map((v) => [v.message, v.urn, v.severity])).toEqual([
      [
        'GKE cluster "agents" does not set workloadIdentityConfig.workloadPool, so its pods can get Google credentials ' +
          'only from the node\'s service account; set it to "<project>.svc.id.goog".',
        "urn:pulumi:test::test::gcp:container/cluster:Cluster::agents-cluster",
        "high",
      ],
      [
        'GKE cluster "agents" leaves nodeConfig.workloadMetadataConfig.mode unset and its cluster has no Workload ' +
          `Identity, ${EXPOSED}`,
        "urn:pulumi:test::test::gcp:container/cluster:Cluster::agents-cluster",
        "high",
      ],
      [
        'GKE node pool "system" of cluster "agents" leaves nodeConfig.workloadMetadataConfig.mode unset and its ' +
          `cluster has no Workload Identity, ${EXPOSED}`,
        "urn:pulumi:test::test::gcp:container/nodePool:NodePool::system-pool",
        "high",
      ],
    ]);
  });

  it("flags a workload pool that is not <project>.svc.id.goog without printing it", async () => {
    const bad = gkeCluster((c) => (c.workloadIdentityConfig = { workloadPool: "CANARY secret" }));
    expect(await messages(workloadIdentity, [bad, nodePool("system", (p) => delete p.nodeConfig.workloadMetadataConfig)])).toEqual([
      'GKE cluster "agents" sets workloadIdentityConfig.workloadPool to a value that is not a workload pool; set it to ' +
        '"<project>.svc.id.goog".',
      'GKE node pool "system" of cluster "agents" leaves nodeConfig.workloadMetadataConfig.mode unset and its cluster ' +
        `has no Workload Identity, ${EXPOSED}`,
    ]);
  });

  it("flags pools that expose the Compute Engine metadata server, inline or as NodePools", async () => {
    const cluster = gkeCluster((c) => {
      c.nodePools = [{ name: "ok" }, { name: "gce", nodeConfig: { workloadMetadataConfig: { mode: "GCE_METADATA" } } }];
    });
    const gce = nodePool("gce", (p) => (p.nodeConfig.workloadMetadataConfig = { mode: "GCE_METADATA" }));
    const odd = nodePool("odd", (p) => (p.nodeConfig.workloadMetadataConfig = { mode: "gke_metadata CANARY" }));
    expect(await messages(workloadIdentity, [cluster, gce, odd])).toEqual([
      `GKE cluster "agents" sets nodePools[1].nodeConfig.workloadMetadataConfig.mode to "GCE_METADATA", ${EXPOSED}`,
      `GKE node pool "gce" of cluster "agents" sets nodeConfig.workloadMetadataConfig.mode to "GCE_METADATA", ${EXPOSED}`,
      'GKE node pool "odd" of cluster "agents" sets nodeConfig.workloadMetadataConfig.mode to a value other than ' +
        `GKE_METADATA, ${EXPOSED}`,
    ]);
  });

  it("flags an unset mode on a pool whose cluster is not in the stack, or not named", async () => {
    const elsewhere = nodePool("elsewhere", (p) => delete p.nodeConfig.workloadMetadataConfig, "other");
    const unnamed = nodePool("unnamed", (p) => {
      delete p.nodeConfig.workloadMetadataConfig;
      delete (p as { cluster?: string }).cluster;
    });
    expect(await messages(workloadIdentity, [gkeCluster(), elsewhere, unnamed])).toEqual([
      'GKE node pool "elsewhere" of cluster "other" leaves nodeConfig.workloadMetadataConfig.mode unset and its ' +
        `cluster is not in this stack, ${EXPOSED}`,
      'GKE node pool "unnamed" leaves nodeConfig.workloadMetadataConfig.mode unset and its cluster is not known, ' + EXPOSED,
    ]);
  });

  it("takes Autopilot clusters as having Workload Identity", async () => {
    const autopilot = gkeCluster((c) => {
      c.enableAutopilot = true;
      delete c.workloadIdentityConfig;
      delete c.nodeConfig;
      delete c.removeDefaultNodePool;
    }, "auto");
    expect(await messages(workloadIdentity, [autopilot])).toEqual([]);
  });

  it("does not apply to stacks without GKE clusters or node pools", async () => {
    const evaluation = await evaluatePolicies([workloadIdentity], [auditBucket(), agentDeployment()]);
    expect([evaluation.violations, evaluation.notApplicable]).toEqual([[], { "agentcloud-gcp-workload-identity": 1 }]);
  });
});
