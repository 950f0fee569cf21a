import type { ResourceValidationPolicy } from "@pulumi/policy";
import { strictConfigSchema } from "../lib/config-schema";
import { cisGke } from "../lib/frameworks";
import { GCP_TYPES, ONLY_GKE, describeCluster, isAutopilot, isGkeResource, nodeConfigs, propsOf } from "../lib/gcp";
import { record } from "../lib/pod-templates";

/**
 * Nodes boot only signed software and their boot integrity is monitored, so a compromised node (an agent escaping its
 * sandbox, say) cannot persist in the boot chain (CIS GKE 5.5.5-5.5.7).
 */
export const shieldedNodes: ResourceValidationPolicy = {
  name: "agentcloud-gcp-shielded-nodes",
  description:
    "Every GKE cluster leaves enableShieldedNodes unset (the provider's default is true) or sets it to true, and every " +
    "node pool (a cluster's nodeConfig, its inline nodePools and each NodePool) sets " +
    "nodeConfig.shieldedInstanceConfig.enableSecureBoot to true (GKE's default is false) and does not set " +
    "enableIntegrityMonitoring to false. Autopilot clusters have no pools of their own.",
  enforcementLevel: "mandatory",
  severity: "high",
  configSchema: strictConfigSchema(),
  framework: cisGke("5.5.5 Ensure Shielded GKE Nodes are Enabled"),
  tags: ["cis-gke-1.6:5.5.5", "cis-gke-1.6:5.5.6", "cis-gke-1.6:5.5.7"],
  remediationSteps:
    "Keep enableShieldedNodes true on the cluster and set nodeConfig.shieldedInstanceConfig to {enableSecureBoot: true, " +
    "enableIntegrityMonitoring: true} on every node pool (agentcloud's GKE node pools do). Secure boot rejects " +
    "unsigned kernel modules: use GKE's managed GPU drivers rather than your own. Existing pools must be recreated.",
  validateResource: (args, report) => {
    if (!isGkeResource(args)) return args.notApplicable(ONLY_GKE);
    if (args.type === GCP_TYPES.cluster) {
      if (propsOf(args).enableShieldedNodes === false) {
        report(
          `${describeCluster(args)} sets enableShieldedNodes to false, so its nodes' identity and boot integrity cannot ` +
            "be verified; remove it or set it to true.",
        );
      }
      if (isAutopilot(args)) return;
    }
    for (const ref of nodeConfigs(args)) {
      const shielded = record(ref.nodeConfig.shieldedInstanceConfig);
      const at = `${ref.path}.shieldedInstanceConfig`;
      if (shielded.enableSecureBoot !== true) {
        report(`${ref.who} does not set ${at}.enableSecureBoot to true, so its nodes may boot unsigned software; set it to true.`);
      }
      if (shielded.enableIntegrityMonitoring === false) {
        report(
          `${ref.who} sets ${at}.enableIntegrityMonitoring to false, so changes to its nodes' boot chain go unnoticed; ` +
            "remove it or set it to true.",
        );
      }
    }
  },
};
