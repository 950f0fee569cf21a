import type { ResourceValidationPolicy } from "@pulumi/policy";
import { strictConfigSchema } from "../lib/config-schema";
import { cisGke } from "../lib/frameworks";
import { GKE_NODE_KEYS, ONLY_GKE, isGkeResource, nodeConfigs, nodeLabels, nodeTaints, type NodeConfigRef } from "../lib/gcp";
import { record } from "../lib/pod-templates";

const KEY = GKE_NODE_KEYS.sandbox;

/** The values a pool's sandbox label and taints give (`[]` when it is not meant for sandboxes). */
function sandboxValues(ref: NodeConfigRef): unknown[] {
  const labels = nodeLabels(ref.nodeConfig);
  const fromLabel = KEY in labels ? [labels[KEY]] : [];
  return [
    ...fromLabel,
    ...nodeTaints(ref.nodeConfig)
      .filter((t) => t.key === KEY)
      .map((t) => t.value),
  ];
}

/** True when the pool's sandboxConfig runs gVisor: `type: GVISOR`, or the deprecated `sandboxType: gvisor`. */
function runsGvisor(nodeConfig: Record<string, unknown>): boolean {
  const sandbox = record(nodeConfig.sandboxConfig);
  return [sandbox.type, sandbox.sandboxType].some((v) => typeof v === "string" && v.toLowerCase() === "gvisor");
}

/**
 * Agent code is untrusted: the nodes meant for it run GKE Sandbox (gVisor), so a pod scheduled there gets a user-space
 * kernel between it and the node (CIS GKE 5.10.3). GKE Sandbox needs the containerd Container-Optimized OS image.
 */
export const sandboxGvisor: ResourceValidationPolicy = {
  name: "agentcloud-gcp-sandbox-gvisor",
  description:
    `Every node pool (a cluster's nodeConfig, its inline nodePools and each NodePool) whose nodeConfig.labels or ` +
    `nodeConfig.taints carry ${KEY} sets nodeConfig.sandboxConfig.type to GVISOR (or the deprecated sandboxType to ` +
    "gvisor) and leaves nodeConfig.imageType unset or COS_CONTAINERD; a pool marked for Kata is reported, because " +
    "GKE does not offer Kata Containers.",
  enforcementLevel: "mandatory",
  severity: "high",
  configSchema: strictConfigSchema(),
  framework: cisGke("5.10.3 Consider GKE Sandbox for running untrusted workloads"),
  tags: ["cis-gke-1.6:5.10.3", "cis-gke-1.6:5.5.1", "owasp-agentic-top10:ASI05", "agent-sandbox"],
  remediationSteps:
    'Set nodeConfig.sandboxConfig to {type: "GVISOR"} and nodeConfig.imageType to COS_CONTAINERD on the pool ' +
    "(agentcloud's GkeSandboxNodePool does); GKE then labels and taints its nodes sandbox.gke.io/runtime=gvisor and " +
    "agents select them through the gvisor RuntimeClass GKE creates. On GKE, declare agents with the gvisor runtime: " +
    "Kata is not offered.",
  validateResource: (args, report) => {
    if (!isGkeResource(args)) return args.notApplicable(ONLY_GKE);
    const pools = nodeConfigs(args)
      .map((ref) => ({ ref, values: sandboxValues(ref) }))
      .filter((p) => p.values.length > 0);
    if (pools.length === 0) return args.notApplicable(`No node pool of this resource is labelled or tainted ${KEY}`);
    for (const { ref, values } of pools) {
      const marked = `is marked for sandboxes (${KEY})`;
      if (values.some((v) => typeof v === "string" && v.toLowerCase().startsWith("kata"))) {
        report(`${ref.who} ${ref.path} ${marked} with a Kata value, but GKE does not offer Kata Containers; use gvisor.`);
      }
      if (!runsGvisor(ref.nodeConfig)) {
        report(
          `${ref.who} ${ref.path} ${marked} but does not set sandboxConfig.type to GVISOR, so its pods run without ` +
            'GKE Sandbox; set sandboxConfig to {type: "GVISOR"}.',
        );
      }
      const image = ref.nodeConfig.imageType;
      if (image !== undefined && image !== null && !(typeof image === "string" && image.toUpperCase() === "COS_CONTAINERD")) {
        report(
          `${ref.who} ${ref.path} ${marked} but its imageType is not COS_CONTAINERD, which GKE Sandbox needs; set it to COS_CONTAINERD.`,
        );
      }
    }
  },
};
