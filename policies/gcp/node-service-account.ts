import type { ResourceValidationPolicy } from "@pulumi/policy";
import { strictConfigSchema } from "../lib/config-schema";
import { cisGke } from "../lib/frameworks";
import { GCP_TYPES, ONLY_GKE, describeCluster, isAutopilot, isGkeResource, nodeConfigs, propsOf } from "../lib/gcp";
import { record } from "../lib/pod-templates";

/** What a default service account is called in messages, or undefined for a dedicated one. */
function defaultAccount(email: string): string | undefined {
  if (email === "default" || /^\d+-compute@developer\.gserviceaccount\.com$/.test(email)) {
    return "the Compute Engine default service account";
  }
  if (/@appspot\.gserviceaccount\.com$/.test(email)) return "the App Engine default service account";
  return undefined;
}

/** The problem with a pool's service account, or undefined when it is a dedicated one. */
function problem(email: unknown, at: string): string | undefined {
  if (typeof email !== "string" || email === "") {
    return `does not set ${at}, so its nodes run as the Compute Engine default service account`;
  }
  const named = defaultAccount(email);
  return named === undefined ? undefined : `sets ${at} to ${named}`;
}

const FIX =
  "use a dedicated service account with only roles/logging.logWriter, roles/monitoring.metricWriter, " +
  "roles/monitoring.viewer, roles/stackdriver.resourceMetadata.writer and roles/artifactregistry.reader";

/**
 * Nodes run as a dedicated, least-privilege service account: the Compute Engine default account holds the project's
 * Editor role by default, and anything that reaches the node's credentials would hold it too (CIS GKE 5.2.1).
 */
export const nodeServiceAccount: ResourceValidationPolicy = {
  name: "agentcloud-gcp-node-service-account",
  description:
    "Every node pool (a cluster's nodeConfig or the default pool GKE creates without one, its inline nodePools and " +
    "each NodePool) sets nodeConfig.serviceAccount to a dedicated service account: not unset, `default`, " +
    "<number>-compute@developer.gserviceaccount.com or <project>@appspot.gserviceaccount.com. Autopilot clusters and " +
    "clusters with node auto-provisioning (clusterAutoscaling.enabled) set " +
    "clusterAutoscaling.autoProvisioningDefaults.serviceAccount the same way.",
  enforcementLevel: "mandatory",
  severity: "high",
  configSchema: strictConfigSchema(),
  framework: cisGke("5.2.1 Ensure GKE clusters are not running using the Compute Engine default service account"),
  tags: ["cis-gke-1.6:5.2.1", "owasp-agentic-top10:ASI03"],
  remediationSteps:
    "Create a service account for the nodes, grant it roles/logging.logWriter, roles/monitoring.metricWriter, " +
    "roles/monitoring.viewer, roles/stackdriver.resourceMetadata.writer and roles/artifactregistry.reader (GKE's " +
    "hardening guide, 'Use least privilege IAM service accounts'), and set it as nodeConfig.serviceAccount on every " +
    "pool (agentcloud's GkeAgentCluster creates it and its node pools use it). Remove the default pool " +
    "(removeDefaultNodePool: true). Existing pools must be recreated.",
  validateResource: (args, report) => {
    if (!isGkeResource(args)) return args.notApplicable(ONLY_GKE);
    for (const ref of nodeConfigs(args)) {
      const found = problem(ref.nodeConfig.serviceAccount, `${ref.path}.serviceAccount`);
      if (found !== undefined) report(`${ref.who} ${found}; ${FIX}.`);
    }
    if (args.type !== GCP_TYPES.cluster) return;
    const autoscaling = record(propsOf(args).clusterAutoscaling);
    if (isAutopilot(args) || autoscaling.enabled === true) {
      const at = "clusterAutoscaling.autoProvisioningDefaults.serviceAccount";
      const found = problem(record(autoscaling.autoProvisioningDefaults).serviceAccount, at);
      const nodes = isAutopilot(args) ? "Autopilot" : "auto-provisioned";
      if (found !== undefined) report(`${describeCluster(args)} (${nodes} nodes) ${found}; ${FIX}.`);
    }
  },
};
