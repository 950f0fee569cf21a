import type * as pulumi from "@pulumi/pulumi";

/** Autoscaling bounds of a node pool, as total node counts across its zones. */
export interface GkeNodePoolAutoscaling {
  /**
   * Fewest nodes (0 lets an idle pool scale away; the pool starts with this many).
   * @default - the pool's default: 0 for GPU pools, 1 for sandbox pools
   */
  minNodes?: number;
  /**
   * Most nodes (at least 1 and at least `minNodes`, at most 1000).
   * @default - the pool's default: 2 for GPU pools, 3 for sandbox pools
   */
  maxNodes?: number;
}

/** What every agentcloud GKE node pool takes: where it runs, as whom, how big. */
export interface GkeNodePoolBaseArgs {
  /** The GKE cluster's **name** (`NodePool.cluster`; policies link pools to their cluster by it). */
  cluster: pulumi.Input<string>;
  /** The cluster's location: its region, or its zone for a zonal cluster. */
  location: pulumi.Input<string>;
  /**
   * The project of the cluster.
   * @default - the provider's project
   */
  project?: pulumi.Input<string>;
  /**
   * E-mail of the nodes' dedicated least-privilege service account (the cluster's node service account); never the
   * Compute Engine default service account.
   */
  serviceAccount: pulumi.Input<string>;
  /**
   * Name of the node pool (GKE's rule: a lower-case letter first, then lower-case letters, digits or '-', ending
   * with a letter or digit, at most 40 characters). Also the value of the `agentcloud.dev/gpu-pool` label on GPU pools.
   * @default - the component name
   */
  pool?: string;
  /**
   * Compute Engine machine type of the nodes.
   * @default - "g2-standard-8" for GPU pools, "e2-standard-4" for sandbox pools
   */
  machineType?: string;
  /**
   * Autoscaling bounds.
   * @default - GPU pools { minNodes: 0, maxNodes: 2 }, sandbox pools { minNodes: 1, maxNodes: 3 }
   */
  autoscaling?: GkeNodePoolAutoscaling;
  /**
   * Zones of the nodes (within the cluster's region); GPU types exist only in some zones.
   * @default - the cluster's node locations
   */
  nodeLocations?: string[];
  /**
   * Boot disk size in GB (at least 10).
   * @default 100
   */
  diskSizeGb?: number;
  /**
   * Cloud KMS key (full resource name) encrypting the boot disks.
   * @default - Google-managed encryption
   */
  bootDiskKmsKey?: pulumi.Input<string>;
  /**
   * Spot VMs (cheaper, reclaimable at any time).
   * @default false
   */
  spot?: boolean;
}

/** The GPUs attached to each node of a GPU pool. */
export interface GkeGpuAccelerator {
  /** Accelerator type, e.g. `nvidia-l4` or `nvidia-tesla-t4` (the machine type must accept it). */
  type: string;
  /**
   * GPUs per node.
   * @default 1
   */
  count?: number;
}

/** Arguments of `GkeGpuNodePool`. */
export interface GkeGpuNodePoolArgs extends GkeNodePoolBaseArgs {
  /**
   * The GPUs of each node.
   * @default { type: "nvidia-l4", count: 1 }
   */
  accelerator?: GkeGpuAccelerator;
  /**
   * GKE GPU time-sharing: containers that may share one physical GPU (2 to 48). Each container requests
   * `nvidia.com/gpu: 1` and gets a time slice of a GPU; GKE allows at most one per container on time-shared nodes.
   * @default 4
   */
  maxSharedClientsPerGpu?: number;
  /**
   * NVIDIA driver GKE installs on the nodes: `DEFAULT` (the default version for the GKE version) or `LATEST`.
   * @default "DEFAULT"
   */
  driverVersion?: "DEFAULT" | "LATEST";
  /**
   * Run the pool's pods under GKE Sandbox (gVisor) too, so agents keep their default `gvisor` runtime class on GPU
   * nodes; `false` makes a plain GPU pool, where only agents with `unsafeNoSandbox` can run.
   * @default true
   */
  sandbox?: boolean;
}

/** Arguments of `GkeSandboxNodePool`. */
export interface GkeSandboxNodePoolArgs extends GkeNodePoolBaseArgs {
  /**
   * Node image. GKE Sandbox runs gVisor only on Container-Optimized OS with containerd, so anything but
   * `COS_CONTAINERD` is rejected; the argument exists so a copied configuration fails loudly instead of silently.
   * @default "COS_CONTAINERD"
   */
  imageType?: string;
}

/** The only node image agentcloud's GKE pools use (GKE Sandbox requires it). */
export const GKE_NODE_IMAGE = "COS_CONTAINERD";
/** The RuntimeClass GKE Sandbox creates (handler `gvisor`); agentcloud does not render a second one on GKE. */
export const GKE_SANDBOX_RUNTIME_CLASS = "gvisor";
/** Label (and `NoSchedule` taint) key GKE Sandbox puts on its nodes, value `gvisor`; its RuntimeClass selects it. */
export const GKE_SANDBOX_NODE_LABEL = "sandbox.gke.io/runtime";
/** The taint value GKE and agentcloud put on GPU nodes under `nvidia.com/gpu`. */
export const GKE_GPU_TAINT_VALUE = "present";

/** Fewest and most containers per GPU under GKE time-sharing. */
export const GKE_TIME_SHARING_CLIENTS = {
  /** Fewest containers per GPU. */
  min: 2,
  /** Most containers per GPU. */
  max: 48,
} as const;
/** Most nodes of one node pool agentcloud accepts (GKE's per-pool limit). */
export const GKE_MAX_POOL_NODES = 1000;

/** Defaults of GPU pools. */
export const GPU_POOL_DEFAULTS = {
  /** Default of {@link GkeNodePoolBaseArgs.machineType} for GPU pools. */
  machineType: "g2-standard-8",
  /** Default of {@link GkeGpuNodePoolArgs.accelerator}. */
  accelerator: {
    /** One NVIDIA L4 (what `g2-standard-8` carries). */
    type: "nvidia-l4",
    /** GPUs per node. */
    count: 1,
  },
  /** Default of {@link GkeGpuNodePoolArgs.maxSharedClientsPerGpu}. */
  maxSharedClientsPerGpu: 4,
  /** Default of {@link GkeGpuNodePoolArgs.driverVersion}. */
  driverVersion: "DEFAULT",
  /** Default of {@link GkeNodePoolBaseArgs.autoscaling} for GPU pools. */
  autoscaling: {
    /** Fewest nodes: an idle GPU pool scales away. */
    minNodes: 0,
    /** Most nodes. */
    maxNodes: 2,
  },
} as const;

/** Defaults of sandbox pools. */
export const SANDBOX_POOL_DEFAULTS = {
  /** Default of {@link GkeNodePoolBaseArgs.machineType} for sandbox pools. */
  machineType: "e2-standard-4",
  /** Default of {@link GkeNodePoolBaseArgs.autoscaling} for sandbox pools. */
  autoscaling: {
    /** Fewest nodes. */
    minNodes: 1,
    /** Most nodes. */
    maxNodes: 3,
  },
} as const;

/** Boot disk size of every pool, in GB. */
export const DEFAULT_DISK_SIZE_GB = 100;
