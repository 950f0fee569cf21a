import { describe, expect, it } from "vitest";
import { GPU_TAINT_KEY, SANDBOX_NODE_KEY } from "../../../components/vocabulary";
import { GKE_NODE_KEYS, describeNodePool, nodeConfigs, poolClusterName, shownName } from "../../../policies/lib/gcp";
import { gkeCluster, nodePool } from "./objects";

const resource = (reg: ReturnType<typeof gkeCluster>) => ({ type: reg.type, name: reg.name, urn: reg.urn, props: reg.inputs });

describe("the GCP policies' reading of GKE resources", () => {
  it("agrees with components/vocabulary.ts on the sandbox and GPU node keys", () => {
    expect(GKE_NODE_KEYS).toEqual({ sandbox: SANDBOX_NODE_KEY, gpuTaint: GPU_TAINT_KEY });
  });

  it("links a node pool to its cluster by the last segment of its cluster input", () => {
    expect(poolClusterName(resource(nodePool("a")))).toBe("agents");
    expect(poolClusterName(resource(nodePool("b", undefined, "projects/p/locations/europe-west4/clusters/fleet")))).toBe("fleet");
  });

  it("names resources by their name input, else their Pulumi name, and never shows a free-form value", () => {
    expect(shownName(resource(gkeCluster()))).toBe('"agents"');
    expect(shownName(resource(gkeCluster((c) => delete c.name)))).toBe('"agents-cluster"');
    expect(shownName(resource(gkeCluster((c) => (c.name = "Not A Name"))))).toBe("(unnamed)");
    expect(describeNodePool(resource(nodePool("gpu", undefined, "CANARY value")))).toBe('GKE node pool "gpu" of cluster (unnamed)');
  });

  it("lists a cluster's own, implicit default and inline pools, and a NodePool's config", () => {
    const paths = (reg: ReturnType<typeof gkeCluster>) => nodeConfigs(resource(reg)).map((r) => [r.path, r.cluster]);
    expect(paths(gkeCluster((c) => (c.nodePools = [{ name: "a" }, { name: "b" }])))).toEqual([
      ["nodeConfig", "agents"],
      ["nodePools[0].nodeConfig", "agents"],
      ["nodePools[1].nodeConfig", "agents"],
    ]);
    expect(paths(gkeCluster((c) => delete c.nodeConfig))).toEqual([]);
    expect(
      paths(
        gkeCluster((c) => {
          delete c.nodeConfig;
          delete c.removeDefaultNodePool;
        }),
      ),
    ).toEqual([["nodeConfig", "agents"]]);
    expect(
      paths(
        gkeCluster((c) => {
          delete c.nodeConfig;
          delete c.removeDefaultNodePool;
          c.enableAutopilot = true;
        }),
      ),
    ).toEqual([]);
    expect(paths(nodePool("gpu"))).toEqual([["nodeConfig", "agents"]]);
  });
});
