import { describe, expect, it } from "vitest";
import { evaluatePolicies } from "../../../cli/policy-harness";
import { shieldedNodes } from "../../../policies/gcp/shielded-nodes";
import { messages, violations } from "../helpers";
import { auditBucket, gkeCluster, gkeStack, nodePool } from "./objects";

describe("agentcloud-gcp-shielded-nodes", () => {
  it("passes agentcloud's cluster and pools, a cluster leaving enableShieldedNodes to its default, and Autopilot", async () => {
    const defaulted = gkeCluster((c) => delete c.enableShieldedNodes, "defaulted");
    const autopilot = gkeCluster((c) => {
      c.enableAutopilot = true;
      delete c.nodeConfig;
      delete c.removeDefaultNodePool;
    }, "auto");
    expect(await messages(shieldedNodes, [...gkeStack(), defaulted, autopilot])).toEqual([]);
  });

  it("flags a cluster that turns Shielded Nodes off, with URN and severity", async () => {
    const found = await violations([shieldedNodes], [gkeCluster((c) => (c.enableShieldedNodes = false))]);
    expect(found.map((v) => [v.message, v.urn, v.severity])).toEqual([
      [
        'GKE cluster "agents" sets enableShieldedNodes to false, so its nodes\' identity and boot integrity cannot be ' +
          "verified; remove it or set it to true.",
        "urn:pulumi:test::test::gcp:container/cluster:Cluster::agents-cluster",
        "high",
      ],
    ]);
  });

  it("flags pools without secure boot or with integrity monitoring off, inline, as NodePools and the implicit default pool", async () => {
    const inline = gkeCluster((c) => {
      c.nodePools = [{ name: "plain" }];
    }, "inline");
    const implicit = gkeCluster((c) => {
      delete c.nodeConfig;
      delete c.removeDefaultNodePool;
    }, "implicit");
    const pool = nodePool(
      "insecure",
      (p) => (p.nodeConfig.shieldedInstanceConfig = { enableSecureBoot: false, enableIntegrityMonitoring: false }),
    );
    const unset = nodePool("unset", (p) => delete p.nodeConfig.shieldedInstanceConfig);
    expect(await messages(shieldedNodes, [inline, implicit, pool, unset])).toEqual([
      'GKE cluster "implicit" does not set nodeConfig.shieldedInstanceConfig.enableSecureBoot to true, so its nodes ' +
        "may boot unsigned software; set it to true.",
      'GKE cluster "inline" does not set nodePools[0].nodeConfig.shieldedInstanceConfig.enableSecureBoot to true, so ' +
        "its nodes may boot unsigned software; set it to true.",
      'GKE node pool "insecure" of cluster "agents" does not set nodeConfig.shieldedInstanceConfig.enableSecureBoot to ' +
        "true, so its nodes may boot unsigned software; set it to true.",
      'GKE node pool "insecure" of cluster "agents" sets nodeConfig.shieldedInstanceConfig.enableIntegrityMonitoring ' +
        "to false, so changes to its nodes' boot chain go unnoticed; remove it or set it to true.",
      'GKE node pool "unset" of cluster "agents" does not set nodeConfig.shieldedInstanceConfig.enableSecureBoot to ' +
        "true, so its nodes may boot unsigned software; set it to true.",
    ]);
  });

  it("does not apply to other resources", async () => {
    const evaluation = await evaluatePolicies([shieldedNodes], [auditBucket()]);
    expect([evaluation.violations, evaluation.notApplicable]).toEqual([[], { "agentcloud-gcp-shielded-nodes": 1 }]);
  });
});
