import {
  DEFAULT_DISK_SIZE_GB,
  GPU_POOL_DEFAULTS,
  SANDBOX_POOL_DEFAULTS,
  type GkeGpuNodePoolArgs,
  type GkeNodePoolBaseArgs,
  type GkeSandboxNodePoolArgs,
} from "./spec";

/** A node pool's size and shape with every default filled in. */
export interface ResolvedGkeNodePool {
  /** Node pool name. */
  pool: string;
  /** Machine type. */
  machineType: string;
  /** Fewest nodes. */
  minNodes: number;
  /** Most nodes. */
  maxNodes: number;
  /** Boot disk size in GB. */
  diskSizeGb: number;
  /** Spot VMs. */
  spot: boolean;
}

/** A GPU pool with every default filled in. */
export interface ResolvedGkeGpuNodePool extends ResolvedGkeNodePool {
  /** Accelerator type. */
  acceleratorType: string;
  /** GPUs per node. */
  acceleratorCount: number;
  /** Containers per GPU. */
  maxSharedClientsPerGpu: number;
  /** Managed driver version. */
  driverVersion: "DEFAULT" | "LATEST";
  /** Under GKE Sandbox too. */
  sandbox: boolean;
}

function resolveBase(
  name: string,
  args: GkeNodePoolBaseArgs,
  defaults: { machineType: string; autoscaling: { minNodes: number; maxNodes: number } },
): ResolvedGkeNodePool {
  return {
    pool: args.pool ?? name,
    machineType: args.machineType ?? defaults.machineType,
    minNodes: args.autoscaling?.minNodes ?? defaults.autoscaling.minNodes,
    maxNodes: args.autoscaling?.maxNodes ?? defaults.autoscaling.maxNodes,
    diskSizeGb: args.diskSizeGb ?? DEFAULT_DISK_SIZE_GB,
    spot: args.spot ?? false,
  };
}

/** A GPU pool's settings: the arguments over `GPU_POOL_DEFAULTS`. */
export function resolveGkeGpuNodePool(name: string, args: GkeGpuNodePoolArgs): ResolvedGkeGpuNodePool {
  return {
    ...resolveBase(name, args, GPU_POOL_DEFAULTS),
    acceleratorType: args.accelerator?.type ?? GPU_POOL_DEFAULTS.accelerator.type,
    acceleratorCount: args.accelerator?.count ?? GPU_POOL_DEFAULTS.accelerator.count,
    maxSharedClientsPerGpu: args.maxSharedClientsPerGpu ?? GPU_POOL_DEFAULTS.maxSharedClientsPerGpu,
    driverVersion: args.driverVersion ?? GPU_POOL_DEFAULTS.driverVersion,
    sandbox: args.sandbox ?? true,
  };
}

/** A sandbox pool's settings: the arguments over `SANDBOX_POOL_DEFAULTS`. */
export function resolveGkeSandboxNodePool(name: string, args: GkeSandboxNodePoolArgs): ResolvedGkeNodePool {
  return resolveBase(name, args, SANDBOX_POOL_DEFAULTS);
}
