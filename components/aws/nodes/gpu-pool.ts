import type * as ec2 from "@pulumi/aws/ec2";
import type * as eks from "@pulumi/aws/eks";
import * as pulumi from "@pulumi/pulumi";
import type { GpuPlatform } from "../../kubernetes/agent/spec";
import { gpuPlatform, gpuResourceName, resolveGpuPool } from "../../kubernetes/gpu-sharing/resolve";
import { DEVICE_PLUGIN_CONFIG_LABEL, type GpuPoolSharing } from "../../kubernetes/gpu-sharing/spec";
import { throwIfProblems } from "../../validation";
import { GPU_NODE_LABEL, GPU_POOL_LABEL, GPU_TAINT_KEY } from "../../vocabulary";
import { createPool, type NodeGroupTaint, type PoolParts } from "./pool";
import { DEFAULT_GPU_DISK_GIB, DEFAULT_GPU_INSTANCE_TYPES, type EksGpuNodePoolArgs } from "./spec";
import { bottlerocketGpuUserData } from "./user-data";
import { validateEksGpuNodePoolArgs } from "./validate";

/** The taint of every GPU node: `nvidia.com/gpu=true:NoSchedule`, so only pods that ask for GPUs land there. */
export const GPU_NODE_TAINT: Readonly<NodeGroupTaint> = { key: GPU_TAINT_KEY, value: "true", effect: "NO_SCHEDULE" };

/** The pool's sharing entry for `GpuSharing` (pure): on Bottlerocket the node image runs the device plugin. */
export function gpuPoolSharing(args: EksGpuNodePoolArgs, name: string): GpuPoolSharing {
  const bottlerocket = args.amiType === "BOTTLEROCKET_x86_64_NVIDIA";
  return {
    pool: args.pool ?? name,
    replicas: resolveGpuPool({ pool: "", ...args.timeSlicing }).replicas,
    renameByDefault: args.timeSlicing?.renameByDefault ?? false,
    devicePlugin: bottlerocket ? "platform" : "chart",
  };
}

/** The node group's parts (pure): AMI type, GPU types, labels, the GPU taint, volumes and (Bottlerocket) user data. */
export function gpuPoolParts(args: EksGpuNodePoolArgs, name: string): PoolParts {
  const sharing = resolveGpuPool(gpuPoolSharing(args, name));
  const bottlerocket = sharing.devicePlugin === "platform";
  const disk = args.diskSizeGiB ?? DEFAULT_GPU_DISK_GIB;
  const userData = bottlerocket ? bottlerocketGpuUserData(sharing) : "";
  return {
    amiType: args.amiType ?? "AL2023_x86_64_NVIDIA",
    instanceTypes: args.instanceTypes ?? DEFAULT_GPU_INSTANCE_TYPES,
    labels: {
      [GPU_NODE_LABEL]: "true",
      [GPU_POOL_LABEL]: sharing.pool,
      // GpuSharing's device plugin picks this pool's time-slicing config by it; Bottlerocket's plugin reads its settings.
      ...(bottlerocket ? {} : { [DEVICE_PLUGIN_CONFIG_LABEL]: sharing.pool }),
    },
    taints: [{ ...GPU_NODE_TAINT }],
    launchTemplate: {
      // Bottlerocket: a small OS volume and the data volume (images, containers) on /dev/xvdb.
      volumes: bottlerocket
        ? [{ deviceName: "/dev/xvda" }, { deviceName: "/dev/xvdb", sizeGiB: disk }]
        : [{ deviceName: "/dev/xvda", sizeGiB: disk }],
      ...(args.kmsKeyArn !== undefined && { kmsKeyArn: args.kmsKeyArn }),
      ...(userData !== "" && { userData }),
    },
  };
}

/**
 * A managed node group of NVIDIA GPU nodes: the EKS NVIDIA AMI (AL2023 by default, or Bottlerocket), x86_64 NVIDIA GPU
 * instance types only, in private subnets, tainted `nvidia.com/gpu=true:NoSchedule` and labelled `agentcloud.dev/gpu`
 * and `agentcloud.dev/gpu-pool`, on the shared node launch template (IMDSv2, hop limit 1, encrypted volumes). Its GPUs
 * are time-sliced per pool: by `GpuSharing`'s device plugin on AL2023 (pass `sharing` to `GpuSharing`), by
 * Bottlerocket's own plugin through its settings on Bottlerocket. Validates every argument before any resource.
 */
export class EksGpuNodePool extends pulumi.ComponentResource {
  /** The managed node group. */
  readonly nodeGroup: eks.NodeGroup;
  /** Its launch template. */
  readonly launchTemplate: ec2.LaunchTemplate;
  /** The nodes' IAM role. */
  readonly nodeRoleArn: pulumi.Output<string>;
  /** The pool's name (its nodes' `agentcloud.dev/gpu-pool`). */
  readonly pool: string;
  /** What agents with GPU shares need (`AgentCloudPlatform.gpu`). */
  readonly gpuPlatform: Required<GpuPlatform>;
  /** The pool's entry for `GpuSharing`'s `pools`. */
  readonly sharing: GpuPoolSharing;

  constructor(name: string, args: EksGpuNodePoolArgs, opts: pulumi.ComponentResourceOptions = {}) {
    throwIfProblems(`EksGpuNodePool "${name}"`, validateEksGpuNodePoolArgs(args, name));
    super("agentcloud:aws:EksGpuNodePool", name, {}, opts);
    const pool = createPool(this, name, args, gpuPoolParts(args, name));
    this.nodeGroup = pool.nodeGroup;
    this.launchTemplate = pool.launchTemplate;
    this.nodeRoleArn = pool.nodeRoleArn;
    this.sharing = gpuPoolSharing(args, name);
    this.pool = this.sharing.pool;
    this.gpuPlatform = gpuPlatform(gpuResourceName(resolveGpuPool(this.sharing)));
    this.registerOutputs({
      nodeGroup: this.nodeGroup,
      launchTemplate: this.launchTemplate,
      nodeRoleArn: this.nodeRoleArn,
      pool: this.pool,
      gpuPlatform: this.gpuPlatform,
      sharing: this.sharing,
    });
  }
}
