import * as eks from "aws-cdk-lib/aws-eks-v2";
import type * as ec2 from "aws-cdk-lib/aws-ec2";
import type * as iam from "aws-cdk-lib/aws-iam";
import { Construct } from "constructs";
import { bottlerocketGpuUserData } from "../../aws/nodes/user-data";
import type { GpuPlatform } from "../../kubernetes/agent/spec";
import { gpuPlatform, gpuResourceName, resolveGpuPool } from "../../kubernetes/gpu-sharing/resolve";
import { DEVICE_PLUGIN_CONFIG_LABEL, type GpuPoolSharing } from "../../kubernetes/gpu-sharing/spec";
import { throwIfCdkProblems } from "../identity/argument-error";
import { GPU_NODE_LABEL, GPU_POOL_LABEL, GPU_TAINT_KEY } from "../../vocabulary";
import { createNodegroup, type NodegroupParts, type NodegroupTaint } from "./nodegroup";
import { DEFAULT_GPU_NODEGROUP_DISK_GIB, DEFAULT_GPU_NODEGROUP_INSTANCE_TYPES, DEFAULT_GPU_POOL, type GpuNodegroupProps } from "./spec";
import { validateGpuNodegroupProps } from "./validate";

/** The taint of every GPU node: `nvidia.com/gpu=true:NoSchedule`, so only pods that ask for GPUs land there. */
export const CDK_GPU_NODE_TAINT: NodegroupTaint = { key: GPU_TAINT_KEY, value: "true", effect: eks.TaintEffect.NO_SCHEDULE };

/** The pool's sharing entry for the GPU sharing builder (pure): on Bottlerocket the node image runs the device plugin. */
export function gpuNodegroupSharing(props: Pick<GpuNodegroupProps, "pool" | "amiType" | "timeSlicing">): GpuPoolSharing {
  return {
    pool: props.pool ?? DEFAULT_GPU_POOL,
    replicas: resolveGpuPool({ pool: "", ...props.timeSlicing }).replicas,
    renameByDefault: props.timeSlicing?.renameByDefault ?? false,
    devicePlugin: props.amiType === "BOTTLEROCKET_x86_64_NVIDIA" ? "platform" : "chart",
  };
}

/** The node group's parts (pure): AMI type, GPU types, labels, the GPU taint, volumes and (Bottlerocket) user data. */
export function gpuNodegroupParts(props: GpuNodegroupProps): NodegroupParts {
  const sharing = resolveGpuPool(gpuNodegroupSharing(props));
  const bottlerocket = sharing.devicePlugin === "platform";
  const disk = props.diskSizeGiB ?? DEFAULT_GPU_NODEGROUP_DISK_GIB;
  const userData = bottlerocket ? bottlerocketGpuUserData(sharing) : "";
  return {
    amiType: bottlerocket ? eks.NodegroupAmiType.BOTTLEROCKET_X86_64_NVIDIA : eks.NodegroupAmiType.AL2023_X86_64_NVIDIA,
    instanceTypes: props.instanceTypes ?? DEFAULT_GPU_NODEGROUP_INSTANCE_TYPES,
    labels: {
      [GPU_NODE_LABEL]: "true",
      [GPU_POOL_LABEL]: sharing.pool,
      // The chart's device plugin picks this pool's time-slicing config by it; Bottlerocket's plugin reads its settings.
      ...(bottlerocket ? {} : { [DEVICE_PLUGIN_CONFIG_LABEL]: sharing.pool }),
    },
    taints: [{ ...CDK_GPU_NODE_TAINT }],
    launchTemplate: {
      // Bottlerocket: a small OS volume and the data volume (images, containers) on /dev/xvdb.
      volumes: bottlerocket
        ? [{ deviceName: "/dev/xvda" }, { deviceName: "/dev/xvdb", sizeGiB: disk }]
        : [{ deviceName: "/dev/xvda", sizeGiB: disk }],
      ...(userData !== "" && { userData }),
    },
  };
}

/**
 * A managed node group of NVIDIA GPU nodes, the CDK twin of the Pulumi `EksGpuNodePool`: the EKS NVIDIA AMI (AL2023
 * by default, or Bottlerocket), x86_64 NVIDIA GPU instance types only, in private subnets, tainted
 * `nvidia.com/gpu=true:NoSchedule` and labelled `agentcloud.dev/gpu` and `agentcloud.dev/gpu-pool`, on a launch
 * template with IMDSv2 required (hop limit 1) and encrypted gp3 volumes. Its GPUs are time-sliced per pool: by the
 * GPU sharing device plugin on AL2023 (feed `sharing` to it), by Bottlerocket's own plugin through its settings.
 * Validates every property before any construct is created.
 */
export class GpuNodegroup extends Construct {
  /** The managed node group. */
  readonly nodegroup: eks.Nodegroup;
  /** Its launch template. */
  readonly launchTemplate: ec2.CfnLaunchTemplate;
  /** The nodes' IAM role. */
  readonly nodeRole: iam.IRole;
  /** The pool's name (its nodes' `agentcloud.dev/gpu-pool`). */
  readonly pool: string;
  /** The pool's entry for the GPU sharing builder's `pools`. */
  readonly sharing: GpuPoolSharing;
  /** What agents with GPU shares need (`AgentCloudPlatform.gpu`). */
  readonly gpuPlatform: Required<GpuPlatform>;

  constructor(scope: Construct, id: string, props: GpuNodegroupProps) {
    throwIfCdkProblems(`GpuNodegroup "${id}"`, validateGpuNodegroupProps(props));
    super(scope, id);
    const made = createNodegroup(this, props, gpuNodegroupParts(props));
    this.nodegroup = made.nodegroup;
    this.launchTemplate = made.launchTemplate;
    this.nodeRole = made.nodeRole;
    this.sharing = gpuNodegroupSharing(props);
    this.pool = this.sharing.pool;
    this.gpuPlatform = gpuPlatform(gpuResourceName(resolveGpuPool(this.sharing)));
  }
}
