import { DEFAULT_GPU_RESOURCE, GPU_NODE_LABEL } from "../../vocabulary";
import type { GpuPlatform } from "../agent/spec";
import {
  DEFAULT_GPU_NAMESPACE,
  DEFAULT_GPU_REPLICAS,
  GPU_TOLERATION,
  SHARED_GPU_RESOURCE,
  type GpuDevicePluginSource,
  type GpuPoolSharing,
  type GpuSharingArgs,
} from "./spec";

/** A pool's sharing with every default filled in. */
export interface ResolvedGpuPool {
  /** The pool name. */
  pool: string;
  /** Shares per GPU. */
  replicas: number;
  /** Whether shares are advertised as `nvidia.com/gpu.shared`. */
  renameByDefault: boolean;
  /** Who runs the device plugin on the pool. */
  devicePlugin: GpuDevicePluginSource;
}

/** `GpuSharing`'s arguments with every default filled in. */
export interface ResolvedGpuSharing {
  /** The pools, in the order given. */
  pools: ResolvedGpuPool[];
  /** Namespace of the releases. */
  namespace: string;
  /** Whether the DCGM exporter is installed. */
  dcgmExporter: boolean;
  /** The GPU resource agents request. */
  resourceName: string;
}

/** One pool with its defaults. */
export function resolveGpuPool(pool: GpuPoolSharing): ResolvedGpuPool {
  return {
    pool: pool.pool,
    replicas: pool.replicas ?? DEFAULT_GPU_REPLICAS,
    renameByDefault: pool.renameByDefault ?? false,
    devicePlugin: pool.devicePlugin ?? "chart",
  };
}

/** The resource name a pool advertises its GPUs as. */
export function gpuResourceName(pool: ResolvedGpuPool): string {
  return pool.renameByDefault && pool.replicas > 1 ? SHARED_GPU_RESOURCE : DEFAULT_GPU_RESOURCE;
}

/** Every default filled in (validate first: pools must agree on the resource name). */
export function resolveGpuSharing(args: GpuSharingArgs): ResolvedGpuSharing {
  const pools = args.pools.map(resolveGpuPool);
  return {
    pools,
    namespace: args.namespace ?? DEFAULT_GPU_NAMESPACE,
    dcgmExporter: args.dcgmExporter ?? true,
    resourceName: pools.length > 0 ? gpuResourceName(pools[0]) : DEFAULT_GPU_RESOURCE,
  };
}

/**
 * The `GpuPlatform` agents get (`AgentCloudPlatform.gpu`): the pools' resource name, the GPU nodes' label
 * (`agentcloud.dev/gpu: "true"`, on every node of every agentcloud GPU pool) and a toleration of their taint.
 */
export function gpuPlatform(resourceName: string = DEFAULT_GPU_RESOURCE): Required<GpuPlatform> {
  return { resourceName, nodeSelector: { [GPU_NODE_LABEL]: "true" }, tolerations: [{ ...GPU_TOLERATION }] };
}
