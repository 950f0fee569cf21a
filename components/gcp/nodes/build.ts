import type { NodePoolArgs } from "@pulumi/gcp/container";
import type { input } from "@pulumi/gcp/types";
import type { GpuPlatform } from "../../kubernetes/agent/spec";
import { DEFAULT_GPU_RESOURCE, GPU_NODE_LABEL, GPU_POOL_LABEL, GPU_TAINT_KEY, SANDBOX_NODE_KEY } from "../../vocabulary";
import { resolveGkeGpuNodePool, resolveGkeSandboxNodePool, type ResolvedGkeNodePool } from "./resolve";
import { NODE_POOL_LABEL, NODE_POOL_MANAGEMENT, secureNodeConfig } from "../cluster/node-config";
import { GKE_GPU_TAINT_VALUE, type GkeGpuNodePoolArgs, type GkeNodePoolBaseArgs, type GkeSandboxNodePoolArgs } from "./spec";

// GKE Sandbox: `sandboxConfig.type: GVISOR` (@pulumi/gcp 9.x deprecates `sandboxType` for `type`). GKE then labels and
// taints the nodes `sandbox.gke.io/runtime=gvisor` and creates the `gvisor` RuntimeClass, whose scheduling selects and
// tolerates them (https://cloud.google.com/kubernetes-engine/docs/how-to/sandbox-pods).
const GVISOR_SANDBOX: input.container.NodePoolNodeConfigSandboxConfig = { type: "GVISOR" };

/**
 * The node settings every agentcloud pool shares (`secureNodeConfig`, the cluster's own: COS containerd, the GKE
 * metadata server, Shielded VMs, the dedicated service account), with the pool's labels, disk key and Spot.
 */
function baseNodeConfig(
  args: GkeNodePoolBaseArgs,
  resolved: ResolvedGkeNodePool,
  labels: Record<string, string>,
): input.container.NodePoolNodeConfig {
  return {
    ...secureNodeConfig({
      serviceAccount: args.serviceAccount,
      machineType: resolved.machineType,
      diskSizeGb: resolved.diskSizeGb,
      labels: { [NODE_POOL_LABEL]: resolved.pool, ...labels },
    }),
    ...(args.bootDiskKmsKey !== undefined && { bootDiskKmsKey: args.bootDiskKmsKey }),
    ...(resolved.spot && { spot: true }),
  };
}

/** The NodePool arguments around a node config: name, cluster, autoscaling bounds, auto-repair and auto-upgrade. */
function poolArgs(args: GkeNodePoolBaseArgs, resolved: ResolvedGkeNodePool, nodeConfig: input.container.NodePoolNodeConfig): NodePoolArgs {
  return {
    name: resolved.pool,
    cluster: args.cluster,
    location: args.location,
    ...(args.project !== undefined && { project: args.project }),
    ...(args.nodeLocations !== undefined && { nodeLocations: [...args.nodeLocations] }),
    initialNodeCount: resolved.minNodes,
    // Total bounds (not per zone), so the numbers mean what they say on regional clusters.
    autoscaling: { totalMinNodeCount: resolved.minNodes, totalMaxNodeCount: resolved.maxNodes, locationPolicy: "ANY" },
    management: { ...NODE_POOL_MANAGEMENT },
    nodeConfig,
  };
}

/**
 * The NodePool arguments of a GPU pool: GKE time-sharing (`TIME_SHARING`, `maxSharedClientsPerGpu`) with the driver
 * GKE installs, agentcloud's GPU labels, and the `nvidia.com/gpu=present:NoSchedule` taint. GKE taints GPU pools with
 * it itself (https://cloud.google.com/kubernetes-engine/docs/how-to/gpus); it is explicit here so policies see it.
 */
export function gkeGpuNodePoolArgs(name: string, args: GkeGpuNodePoolArgs): NodePoolArgs {
  const resolved = resolveGkeGpuNodePool(name, args);
  const labels = {
    [GPU_NODE_LABEL]: "true",
    [GPU_POOL_LABEL]: resolved.pool,
    ...(resolved.sandbox && { [SANDBOX_NODE_KEY]: "gvisor" }),
  };
  return poolArgs(args, resolved, {
    ...baseNodeConfig(args, resolved, labels),
    guestAccelerators: [
      {
        type: resolved.acceleratorType,
        count: resolved.acceleratorCount,
        gpuSharingConfig: { gpuSharingStrategy: "TIME_SHARING", maxSharedClientsPerGpu: resolved.maxSharedClientsPerGpu },
        gpuDriverInstallationConfig: { gpuDriverVersion: resolved.driverVersion },
      },
    ],
    taints: [{ key: GPU_TAINT_KEY, value: GKE_GPU_TAINT_VALUE, effect: "NO_SCHEDULE" }],
    ...(resolved.sandbox && { sandboxConfig: GVISOR_SANDBOX }),
  });
}

/** The NodePool arguments of a GKE Sandbox pool: gVisor on COS containerd, labelled `agentcloud.dev/sandbox=gvisor`. */
export function gkeSandboxNodePoolArgs(name: string, args: GkeSandboxNodePoolArgs): NodePoolArgs {
  const resolved = resolveGkeSandboxNodePool(name, args);
  return poolArgs(args, resolved, {
    ...baseNodeConfig(args, resolved, { [SANDBOX_NODE_KEY]: "gvisor" }),
    sandboxConfig: GVISOR_SANDBOX,
  });
}

/**
 * What agents need to land on GKE GPU pools: time-sharing is GKE's own, so the resource stays `nvidia.com/gpu` and no
 * device plugin is installed; agents select `agentcloud.dev/gpu=true` and tolerate the GPU taint.
 */
export function gkeGpuPlatform(): GpuPlatform {
  return {
    resourceName: DEFAULT_GPU_RESOURCE,
    nodeSelector: { [GPU_NODE_LABEL]: "true" },
    tolerations: [{ key: GPU_TAINT_KEY, operator: "Exists", effect: "NoSchedule" }],
  };
}
