import type { StackValidationPolicy } from "@pulumi/policy";
import { strictConfigSchema } from "../lib/config-schema";
import { cisGke } from "../lib/frameworks";
import { GCP_TYPES, clusterName, describeCluster, isAutopilot, nodeConfigs, propsOf, type NodeConfigRef } from "../lib/gcp";
import { shownIfKnown } from "../lib/messages";
import { record } from "../lib/pod-templates";

const POOL = "workloadIdentityConfig.workloadPool";
/** `<project>.svc.id.goog`; project ids may be domain-scoped (`example.com:project`). */
const WORKLOAD_POOL = /^[a-z][-a-z0-9.:]{4,100}\.svc\.id\.goog$/;
const OTHER_MODES = ["GCE_METADATA", "UNSPECIFIED", "MODE_UNSPECIFIED"];
const EXPOSED = "so its pods reach the Compute Engine metadata server and the node service account's credentials";

/** Why an unset mode is not the GKE metadata server: what is known of the pool's cluster. */
function clusterClause(ref: NodeConfigRef, clusters: ReadonlyMap<string, boolean>): string {
  if (ref.cluster === undefined) return "its cluster is not known";
  const known = clusters.get(ref.cluster);
  if (known === undefined) return "its cluster is not in this stack";
  return "its cluster has no Workload Identity";
}

/**
 * Pods get Google credentials only through Workload Identity Federation, each for its own Kubernetes ServiceAccount:
 * the cluster has a workload pool and every node pool runs the GKE metadata server, which hides the node's own
 * credentials (CIS GKE 5.2.2, 5.4.1).
 */
export const workloadIdentity: StackValidationPolicy = {
  name: "agentcloud-gcp-workload-identity",
  description:
    `Every GKE cluster that is not Autopilot (which always has it) sets ${POOL} to <project>.svc.id.goog, and every ` +
    "node pool (a cluster's nodeConfig, its inline nodePools and each NodePool) sets " +
    "nodeConfig.workloadMetadataConfig.mode to GKE_METADATA. A pool may leave the mode unset when its cluster, found by " +
    "name in the stack (a NodePool's cluster input is the cluster's name or ends in /clusters/<name>), has a workload " +
    "pool: GKE then runs the metadata server on it by default.",
  enforcementLevel: "mandatory",
  severity: "high",
  configSchema: strictConfigSchema(),
  framework: cisGke("5.4.1 Ensure the GKE Metadata Server is Enabled"),
  tags: ["cis-gke-1.6:5.2.2", "cis-gke-1.6:5.4.1", "owasp-agentic-top10:ASI03"],
  remediationSteps:
    `Set the cluster's ${POOL} to "<project>.svc.id.goog" and each node pool's ` +
    "nodeConfig.workloadMetadataConfig.mode to GKE_METADATA (agentcloud's GkeAgentCluster and node pools do); bind " +
    "each agent's Kubernetes ServiceAccount to the roles it needs through Workload Identity Federation (agentcloud's " +
    "AgentIdentity) instead of giving pods the node's service account.",
  validateStack: (args, report) => {
    const clusters = args.resources.filter((r) => r.type === GCP_TYPES.cluster);
    const pools = args.resources.filter((r) => r.type === GCP_TYPES.nodePool);
    if (clusters.length === 0 && pools.length === 0) {
      return args.notApplicable(
        "The stack has no GKE cluster (gcp:container/cluster:Cluster) or node pool (gcp:container/nodePool:NodePool)",
      );
    }
    // Cluster name -> whether it has Workload Identity.
    const identity = new Map<string, boolean>();
    for (const cluster of clusters) {
      const name = clusterName(cluster);
      if (isAutopilot(cluster)) {
        if (name !== undefined) identity.set(name, true);
        continue;
      }
      const pool = record(propsOf(cluster).workloadIdentityConfig).workloadPool;
      const who = describeCluster(cluster);
      const ok = typeof pool === "string" && WORKLOAD_POOL.test(pool);
      if (pool === undefined || pool === null || pool === "") {
        report(
          `${who} does not set ${POOL}, so its pods can get Google credentials only from the node's service account; ` +
            'set it to "<project>.svc.id.goog".',
          cluster.urn,
        );
      } else if (!ok) {
        report(`${who} sets ${POOL} to a value that is not a workload pool; set it to "<project>.svc.id.goog".`, cluster.urn);
      }
      if (name !== undefined) identity.set(name, ok || identity.get(name) === true);
    }
    for (const ref of [...clusters.filter((c) => !isAutopilot(c)), ...pools].flatMap(nodeConfigs)) {
      const mode = record(ref.nodeConfig.workloadMetadataConfig).mode;
      if (mode === "GKE_METADATA") continue;
      const at = `${ref.path}.workloadMetadataConfig.mode`;
      if (mode === undefined || mode === null) {
        if (ref.cluster !== undefined && identity.get(ref.cluster) === true) continue;
        report(`${ref.who} leaves ${at} unset and ${clusterClause(ref, identity)}, ${EXPOSED}; set it to GKE_METADATA.`, ref.resource.urn);
      } else {
        const shown = shownIfKnown(mode, OTHER_MODES, "a value other than GKE_METADATA");
        report(`${ref.who} sets ${at} to ${shown}, ${EXPOSED}; set it to GKE_METADATA.`, ref.resource.urn);
      }
    }
  },
};
