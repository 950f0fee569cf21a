import type * as pulumi from "@pulumi/pulumi";
import type { input } from "@pulumi/gcp/types";

// What every agentcloud node pool on GKE shares (the system pool here; G2's GPU and sandbox pools spread their own
// fields over it). Pure: no resources.

/**
 * Roles of the dedicated node service account, and nothing else: GKE's hardening guide ("Use least privilege Google
 * service accounts") lists logging.logWriter, monitoring.metricWriter, monitoring.viewer and
 * stackdriver.resourceMetadata.writer (the `roles/container.defaultNodeServiceAccount` set), plus
 * artifactregistry.reader to pull private images. Never the Compute Engine default service account (CIS GKE 5.2.1).
 */
export const NODE_SERVICE_ACCOUNT_ROLES = [
  "roles/logging.logWriter",
  "roles/monitoring.metricWriter",
  "roles/monitoring.viewer",
  "roles/stackdriver.resourceMetadata.writer",
  "roles/artifactregistry.reader",
] as const;

/** Node label naming the agentcloud node pool a node belongs to (`system`, or a GPU/sandbox pool's name). */
export const NODE_POOL_LABEL = "agentcloud.dev/pool";

/** Auto-repair and auto-upgrade on every pool (CIS GKE 5.5.2, 5.5.3). */
export const NODE_POOL_MANAGEMENT = {
  /** GKE repairs unhealthy nodes (CIS GKE 5.5.2). */
  autoRepair: true,
  /** GKE upgrades the nodes with the control plane (CIS GKE 5.5.3). */
  autoUpgrade: true,
} as const;

/** The node image: Container-Optimized OS with containerd (GKE Sandbox needs it; CIS GKE 5.5.1). */
export const NODE_IMAGE_TYPE = "COS_CONTAINERD";

/** The one OAuth scope nodes get; what they may do is the service account's IAM roles (GKE hardening guide). */
export const NODE_OAUTH_SCOPES = ["https://www.googleapis.com/auth/cloud-platform"] as const;

/** Arguments of {@link secureNodeConfig}. */
export interface SecureNodeConfigArgs {
  /** E-mail of the dedicated node service account (`nodeServiceAccount(...)`), never the default compute one. */
  serviceAccount: pulumi.Input<string>;
  /** Machine type, e.g. `e2-standard-4`. */
  machineType: string;
  /**
   * Boot disk size in GB.
   * @default 100
   */
  diskSizeGb?: number;
  /**
   * Kubernetes labels of the nodes.
   * @default {}
   */
  labels?: Record<string, string>;
  /**
   * GCP labels of the node VMs.
   * @default {}
   */
  resourceLabels?: Record<string, string>;
}

/**
 * The hardened `nodeConfig` of a GKE node pool: the dedicated service account with the `cloud-platform` scope only,
 * COS with containerd, the GKE metadata server (`GKE_METADATA`: Workload Identity, the node's credentials hidden from
 * Pods; CIS GKE 5.4.2), Shielded VM secure boot and integrity monitoring (CIS GKE 5.5.5, 5.5.6), the legacy metadata
 * endpoints off, balanced persistent disks. Spread pool-specific fields (taints, accelerators, sandbox) over it.
 */
export function secureNodeConfig(args: SecureNodeConfigArgs): input.container.NodePoolNodeConfig {
  return {
    machineType: args.machineType,
    serviceAccount: args.serviceAccount,
    oauthScopes: [...NODE_OAUTH_SCOPES],
    imageType: NODE_IMAGE_TYPE,
    diskType: "pd-balanced",
    diskSizeGb: args.diskSizeGb ?? 100,
    workloadMetadataConfig: { mode: "GKE_METADATA" },
    shieldedInstanceConfig: { enableSecureBoot: true, enableIntegrityMonitoring: true },
    metadata: { "disable-legacy-endpoints": "true" },
    labels: { ...(args.labels ?? {}) },
    resourceLabels: { ...(args.resourceLabels ?? {}) },
  };
}
