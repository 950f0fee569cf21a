import { describe, expect, it } from "vitest";
import { evaluatePolicies } from "../../../cli/policy-harness";
import { gpuNodeTaint } from "../../../policies/gcp/gpu-node-taint";
import { messages, violations } from "../helpers";
import { auditBucket, gkeCluster, gkeStack, gpuPool, nodePool } from "./objects";

const UNTAINTED =
  "has GPUs but no nvidia.com/gpu taint with effect NO_SCHEDULE, so pods without GPU shares may schedule onto its " +
  'nodes; add {key: "nvidia.com/gpu", value: "present", effect: "NO_SCHEDULE"} to';

describe("agentcloud-gcp-gpu-node-taint", () => {
  it("passes agentcloud's GPU pool and a NO_EXECUTE taint", async () => {
    const evict = gpuPool((p) => (p.nodeConfig.taints = [{ key: "nvidia.com/gpu", value: "present", effect: "NO_EXECUTE" }]), "evict");
    expect(await messages(gpuNodeTaint, [...gkeStack(), evict])).toEqual([]);
  });

  it("flags a GPU pool without the taint, with URN and severity", async () => {
    const found = await violations([gpuNodeTaint], [gpuPool((p) => delete p.nodeConfig.taints)]);
    expect(found.map((v) => [v.message, v.urn, v.severity])).toEqual([
      [
        `GKE node pool "gpu" of cluster "agents" nodeConfig ${UNTAINTED} nodeConfig.taints.`,
        "urn:pulumi:test::test::gcp:container/nodePool:NodePool::gpu-pool",
        "medium",
      ],
    ]);
  });

  it("flags a weaker effect or another key, and GPU machine types without guestAccelerators", async () => {
    const prefer = gpuPool(
      (p) => (p.nodeConfig.taints = [{ key: "nvidia.com/gpu", value: "present", effect: "PREFER_NO_SCHEDULE" }]),
      "prefer",
    );
    const other = gpuPool((p) => (p.nodeConfig.taints = [{ key: "gpu", value: "true", effect: "NO_SCHEDULE" }]), "other");
    const a3 = nodePool("a3", (p) => (p.nodeConfig.machineType = "a3-highgpu-8g"));
    expect(await messages(gpuNodeTaint, [prefer, other, a3])).toEqual([
      `GKE node pool "a3" of cluster "agents" nodeConfig ${UNTAINTED} nodeConfig.taints.`,
      `GKE node pool "other" of cluster "agents" nodeConfig ${UNTAINTED} nodeConfig.taints.`,
      `GKE node pool "prefer" of cluster "agents" nodeConfig ${UNTAINTED} nodeConfig.taints.`,
    ]);
  });

  it("judges a cluster's inline pools", async () => {
    const cluster = gkeCluster((c) => {
      c.nodePools = [
        { name: "gpu", nodeConfig: { machineType: "n1-standard-8", guestAccelerators: [{ type: "nvidia-tesla-t4", count: 2 }] } },
      ];
    });
    expect(await messages(gpuNodeTaint, [cluster])).toEqual([
      `GKE cluster "agents" nodePools[0].nodeConfig ${UNTAINTED} nodePools[0].nodeConfig.taints.`,
    ]);
  });

  it("does not apply to pools without GPUs (a zero count included), nor to other resources", async () => {
    const zero = nodePool("zero", (p) => (p.nodeConfig.guestAccelerators = [{ type: "nvidia-l4", count: 0 }]));
    const evaluation = await evaluatePolicies([gpuNodeTaint], [gkeCluster(), nodePool("system"), zero, auditBucket()]);
    expect([evaluation.violations, evaluation.notApplicable]).toEqual([[], { "agentcloud-gcp-gpu-node-taint": 4 }]);
  });
});
