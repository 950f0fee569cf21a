import * as container from "@pulumi/gcp/container";
import * as pulumi from "@pulumi/pulumi";
import type { GpuPlatform } from "../../kubernetes/agent/spec";
import { throwIfProblems } from "../../validation/argument-error";
import type { SandboxRuntime } from "../../vocabulary";
import { gkeGpuNodePoolArgs, gkeGpuPlatform, gkeSandboxNodePoolArgs } from "./build";
import { GKE_SANDBOX_RUNTIME_CLASS, type GkeGpuNodePoolArgs, type GkeSandboxNodePoolArgs } from "./spec";
import { validateGkeGpuNodePoolArgs, validateGkeSandboxNodePoolArgs } from "./validate";

/**
 * A GKE node pool of GPU nodes shared by GKE time-sharing (`TIME_SHARING`), with the NVIDIA driver GKE installs,
 * the `nvidia.com/gpu` taint, agentcloud's GPU labels, the GKE metadata server, Shielded VMs and a dedicated service
 * account. Pass `gpuPlatform` as the fleet platform's `gpu`: agents with `resources.gpu` schedule onto the pool and
 * their tenant's quota counts `requests.nvidia.com/gpu`. No device plugin or `GpuSharing` is needed on GKE.
 */
export class GkeGpuNodePool extends pulumi.ComponentResource {
  /** The node pool. */
  readonly nodePool: container.NodePool;
  /** The node pool's name. */
  readonly poolName: pulumi.Output<string>;
  /** GPU placement for `AgentCloudPlatform.gpu` (plain). */
  readonly gpuPlatform: GpuPlatform;

  constructor(name: string, args: GkeGpuNodePoolArgs, opts: pulumi.ComponentResourceOptions = {}) {
    throwIfProblems(`GkeGpuNodePool "${name}"`, validateGkeGpuNodePoolArgs(name, args));
    super("agentcloud:gcp:GkeGpuNodePool", name, {}, opts);
    this.nodePool = new container.NodePool(`${name}-pool`, gkeGpuNodePoolArgs(name, args), { parent: this });
    this.poolName = this.nodePool.name;
    this.gpuPlatform = gkeGpuPlatform();
    this.registerOutputs({ nodePool: this.nodePool, poolName: this.poolName, gpuPlatform: this.gpuPlatform });
  }
}

/**
 * A GKE Sandbox node pool: gVisor (`sandboxConfig.type: GVISOR`) on Container-Optimized OS with containerd, the GKE
 * metadata server, Shielded VMs and a dedicated service account, labelled `agentcloud.dev/sandbox=gvisor`. GKE
 * creates the `gvisor` RuntimeClass: list `runtimeClasses` in the platform so agentcloud does not render another.
 */
export class GkeSandboxNodePool extends pulumi.ComponentResource {
  /** The node pool. */
  readonly nodePool: container.NodePool;
  /** The node pool's name. */
  readonly poolName: pulumi.Output<string>;
  /** RuntimeClasses GKE Sandbox provides, for `AgentCloudPlatform.runtimeClasses`: `["gvisor"]`. */
  readonly runtimeClasses: SandboxRuntime[];

  constructor(name: string, args: GkeSandboxNodePoolArgs, opts: pulumi.ComponentResourceOptions = {}) {
    throwIfProblems(`GkeSandboxNodePool "${name}"`, validateGkeSandboxNodePoolArgs(name, args));
    super("agentcloud:gcp:GkeSandboxNodePool", name, {}, opts);
    this.nodePool = new container.NodePool(`${name}-pool`, gkeSandboxNodePoolArgs(name, args), { parent: this });
    this.poolName = this.nodePool.name;
    this.runtimeClasses = [GKE_SANDBOX_RUNTIME_CLASS];
    this.registerOutputs({ nodePool: this.nodePool, poolName: this.poolName, runtimeClasses: this.runtimeClasses });
  }
}
