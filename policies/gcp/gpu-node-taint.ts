import type { ResourceValidationPolicy } from "@pulumi/policy";
import { strictConfigSchema } from "../lib/config-schema";
import { owaspAgenticTop10 } from "../lib/frameworks";
import { GKE_NODE_KEYS, ONLY_GKE, isGkeResource, nodeConfigs, nodeTaints, type NodeConfigRef } from "../lib/gcp";
import { record } from "../lib/pod-templates";

const KEY = GKE_NODE_KEYS.gpuTaint;
/** Compute Engine machine families that come with GPUs attached (A2, A3, A4, G2, G4), whatever guestAccelerators says. */
const GPU_MACHINE = /^(a2|a3|a4|a4x|g2|g4)-/;
const EFFECTS = ["NO_SCHEDULE", "NO_EXECUTE"];

/** True when the pool's nodes have GPUs: an accelerator with a count above 0, or a GPU machine type. */
function hasGpus(ref: NodeConfigRef): boolean {
  const accelerators = Array.isArray(ref.nodeConfig.guestAccelerators) ? (ref.nodeConfig.guestAccelerators as unknown[]) : [];
  const counted = accelerators.some((a) => {
    const count = record(a).count;
    return count === undefined || count === null || Number(count) > 0;
  });
  const machine = ref.nodeConfig.machineType;
  return counted || (typeof machine === "string" && GPU_MACHINE.test(machine));
}

/**
 * GPU nodes take only pods that tolerate the GPU taint, i.e. agents granted GPU shares: anything else scheduled there
 * would hold capacity the granted agents (and their quota) count on.
 */
export const gpuNodeTaint: ResourceValidationPolicy = {
  name: "agentcloud-gcp-gpu-node-taint",
  description:
    "Every node pool (a cluster's nodeConfig, its inline nodePools and each NodePool) with GPUs (nodeConfig." +
    "guestAccelerators with a count above 0, or a GPU machine type: a2-, a3-, a4-, g2-, g4-) carries a taint with " +
    `key ${KEY} and effect NO_SCHEDULE (or NO_EXECUTE) in nodeConfig.taints. GKE adds one itself on GPU pools of ` +
    "clusters that have other pools; declaring it keeps it visible and in place.",
  enforcementLevel: "mandatory",
  severity: "medium",
  configSchema: strictConfigSchema(),
  framework: owaspAgenticTop10(
    "ASI08 Cascading Failures: workloads without GPU shares stay off GPU nodes, so they cannot starve the agents granted them",
  ),
  tags: ["owasp-agentic-top10:ASI08"],
  remediationSteps:
    `Add {key: "${KEY}", value: "present", effect: "NO_SCHEDULE"} to the pool's nodeConfig.taints (agentcloud's ` +
    `GkeGpuNodePool does); agents granted GPU shares tolerate ${KEY}.`,
  validateResource: (args, report) => {
    if (!isGkeResource(args)) return args.notApplicable(ONLY_GKE);
    const pools = nodeConfigs(args).filter(hasGpus);
    if (pools.length === 0) return args.notApplicable("No node pool of this resource has GPUs");
    for (const ref of pools) {
      const tainted = nodeTaints(ref.nodeConfig).some((t) => t.key === KEY && typeof t.effect === "string" && EFFECTS.includes(t.effect));
      if (!tainted) {
        report(
          `${ref.who} ${ref.path} has GPUs but no ${KEY} taint with effect NO_SCHEDULE, so pods without GPU shares may ` +
            `schedule onto its nodes; add {key: "${KEY}", value: "present", effect: "NO_SCHEDULE"} to ${ref.path}.taints.`,
        );
      }
    }
  },
};
