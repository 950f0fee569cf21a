import { describe, expect, it } from "vitest";
import { evaluatePolicies } from "../../../cli/policy-harness";
import { sandboxGvisor } from "../../../policies/gcp/sandbox-gvisor";
import { messages, violations } from "../helpers";
import { auditBucket, gkeCluster, gkeStack, nodePool, sandboxPool } from "./objects";

const POOL = 'GKE node pool "sandbox" of cluster "agents" nodeConfig is marked for sandboxes (agentcloud.dev/sandbox)';
const NO_GVISOR =
  'but does not set sandboxConfig.type to GVISOR, so its pods run without GKE Sandbox; set sandboxConfig to {type: "GVISOR"}.';

describe("agentcloud-gcp-sandbox-gvisor", () => {
  it("passes agentcloud's sandbox pool, the deprecated sandboxType, an unset image type and a tainted pool", async () => {
    const deprecated = sandboxPool((p) => (p.nodeConfig.sandboxConfig = { sandboxType: "gvisor" }), "deprecated");
    const defaultImage = sandboxPool((p) => delete p.nodeConfig.imageType, "default-image");
    const tainted = sandboxPool((p) => {
      p.nodeConfig.labels = {};
      p.nodeConfig.taints = [{ key: "agentcloud.dev/sandbox", value: "gvisor", effect: "NO_SCHEDULE" }];
    }, "tainted");
    expect(await messages(sandboxGvisor, [...gkeStack(), deprecated, defaultImage, tainted])).toEqual([]);
  });

  it("flags a sandbox pool without gVisor, with URN and severity", async () => {
    const found = await violations([sandboxGvisor], [sandboxPool((p) => delete p.nodeConfig.sandboxConfig)]);
    expect(found.map((v) => [v.message, v.urn, v.severity])).toEqual([
      [`${POOL} ${NO_GVISOR}`, "urn:pulumi:test::test::gcp:container/nodePool:NodePool::sandbox-pool", "high"],
    ]);
  });

  it("flags a sandbox pool on an image GKE Sandbox cannot use, without printing it", async () => {
    const ubuntu = sandboxPool((p) => (p.nodeConfig.imageType = "UBUNTU_CONTAINERD"));
    const lower = sandboxPool((p) => (p.nodeConfig.imageType = "cos_containerd"), "lower");
    expect(await messages(sandboxGvisor, [ubuntu, lower])).toEqual([
      `${POOL} but its imageType is not COS_CONTAINERD, which GKE Sandbox needs; set it to COS_CONTAINERD.`,
    ]);
  });

  it("flags a pool marked for Kata: GKE offers none", async () => {
    const kata = sandboxPool((p) => {
      p.nodeConfig.labels = { "agentcloud.dev/sandbox": "kata" };
      delete p.nodeConfig.sandboxConfig;
    });
    expect(await messages(sandboxGvisor, [kata])).toEqual([
      `${POOL} ${NO_GVISOR}`,
      `${POOL} with a Kata value, but GKE does not offer Kata Containers; use gvisor.`,
    ]);
  });

  it("judges a cluster's own and inline pools by the same marks", async () => {
    const cluster = gkeCluster((c) => {
      c.nodePools = [{ name: "plain" }, { name: "sandbox", nodeConfig: { labels: { "agentcloud.dev/sandbox": "gvisor" } } }];
    });
    expect(await messages(sandboxGvisor, [cluster])).toEqual([
      'GKE cluster "agents" nodePools[1].nodeConfig is marked for sandboxes (agentcloud.dev/sandbox) but does not set ' +
        'sandboxConfig.type to GVISOR, so its pods run without GKE Sandbox; set sandboxConfig to {type: "GVISOR"}.',
    ]);
  });

  it("does not apply to pools not marked for sandboxes, nor to other resources", async () => {
    const evaluation = await evaluatePolicies([sandboxGvisor], [gkeCluster(), nodePool("system"), auditBucket()]);
    expect([evaluation.violations, evaluation.notApplicable]).toEqual([[], { "agentcloud-gcp-sandbox-gvisor": 3 }]);
  });
});
