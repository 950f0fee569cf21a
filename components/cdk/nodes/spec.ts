import type * as ec2 from "aws-cdk-lib/aws-ec2";
import type * as eks from "aws-cdk-lib/aws-eks-v2";
import type * as iam from "aws-cdk-lib/aws-iam";
import type * as kms from "aws-cdk-lib/aws-kms";

/** Scaling bounds of a managed node group (`minSize` ≤ `desiredSize` ≤ `maxSize`, `maxSize` ≥ 1). */
export interface NodegroupScaling {
  /** Fewest nodes (0 lets an autoscaler take the group to zero). */
  readonly minSize: number;
  /** Nodes to start with. */
  readonly desiredSize: number;
  /** Most nodes. */
  readonly maxSize: number;
}

/** What every agentcloud CDK node group takes. */
export interface AgentNodegroupBaseProps {
  /** The EKS cluster (`AgentEksCluster.cluster`). */
  readonly cluster: eks.ICluster;
  /**
   * IAM role of the nodes.
   * @default - a role of the node group's own (worker, ECR read-only and CNI policies)
   */
  readonly nodeRole?: iam.IRole;
  /**
   * Subnets of the nodes.
   * @default - the cluster VPC's private subnets (`PRIVATE_WITH_EGRESS`)
   */
  readonly subnets?: ec2.SubnetSelection;
  /**
   * Scaling bounds.
   * @default { minSize: 1, desiredSize: 1, maxSize: 2 }
   */
  readonly scaling?: NodegroupScaling;
  /**
   * Size of each node's data volume (the root on AL2023, `/dev/xvdb` on Bottlerocket) in GiB.
   * @default 100 for GPU node groups (CUDA images are large), 50 for sandbox node groups
   */
  readonly diskSizeGiB?: number;
  /**
   * KMS key that encrypts the node volumes.
   * @default - the account's AWS-managed `aws/ebs` key
   */
  readonly encryptionKey?: kms.IKey;
  /**
   * On-demand or Spot capacity.
   * @default "ON_DEMAND"
   */
  readonly capacityType?: "ON_DEMAND" | "SPOT";
}

/** AMI types of GPU node groups: the EKS-optimised NVIDIA AMIs (the values of `eks.NodegroupAmiType`). */
export const CDK_GPU_AMI_TYPES = ["AL2023_x86_64_NVIDIA", "BOTTLEROCKET_x86_64_NVIDIA"] as const;
/** An AMI type of a GPU node group: one of {@link CDK_GPU_AMI_TYPES}. */
export type CdkGpuAmiType = (typeof CDK_GPU_AMI_TYPES)[number];

/** Time-slicing of a GPU node group's GPUs. */
export interface GpuNodegroupTimeSlicing {
  /**
   * Shares per physical GPU; `1` shares nothing.
   * @default 4
   */
  readonly replicas?: number;
  /**
   * Advertise shares as `nvidia.com/gpu.shared` instead of `nvidia.com/gpu`.
   * @default false
   */
  readonly renameByDefault?: boolean;
}

/** Properties of `GpuNodegroup`. */
export interface GpuNodegroupProps extends AgentNodegroupBaseProps {
  /**
   * The pool's name: its nodes' `agentcloud.dev/gpu-pool` label and its device-plugin config (a DNS label, not `default`).
   * @default "gpu"
   */
  readonly pool?: string;
  /**
   * Instance types: x86_64 NVIDIA GPU types only (g4dn, g5, g6, g6e, g7, p4d, p5, ...).
   * @default ["g6.xlarge"]
   */
  readonly instanceTypes?: string[];
  /**
   * AMI type: AL2023 with the NVIDIA driver (the GPU sharing device plugin runs on it), or Bottlerocket NVIDIA (its own
   * device plugin, time-sliced through `settings.kubelet-device-plugins.nvidia` in the user data).
   * @default "AL2023_x86_64_NVIDIA"
   */
  readonly amiType?: CdkGpuAmiType;
  /**
   * How the pool's GPUs are shared.
   * @default { replicas: 4, renameByDefault: false }
   */
  readonly timeSlicing?: GpuNodegroupTimeSlicing;
}

/** Sandbox runtimes a sandbox node group runs. */
export const CDK_SANDBOX_RUNTIMES = ["gvisor", "kata"] as const;
/** A sandbox node group's runtime family: one of {@link CDK_SANDBOX_RUNTIMES}. */
export type CdkSandboxRuntime = (typeof CDK_SANDBOX_RUNTIMES)[number];

/** SHA-512 digests (128 hex digits) of the two gVisor binaries, pinned in the user data. */
export interface GvisorBinaryDigests {
  /** Of `runsc`. */
  readonly runsc: string;
  /** Of `containerd-shim-runsc-v1`. */
  readonly containerdShim: string;
}

/** How gVisor gets onto the nodes: a download at boot of a pinned, checksummed release. */
export interface GvisorBootstrap {
  /**
   * gVisor release to download (`YYYYMMDD` or `YYYYMMDD.N`, a tag `release-<release>` of google/gvisor). Needs egress
   * to the download host at boot.
   * @default "20260921.0" (the Pulumi side's `DEFAULT_GVISOR_RELEASE`)
   */
  readonly release?: string;
  /**
   * Where releases are downloaded from: an https URL with gVisor's layout below it (`<release>/x86_64/runsc`).
   * @default "https://storage.googleapis.com/gvisor/releases/release"
   */
  readonly baseUrl?: string;
  /**
   * SHA-512 digests the downloads must match, written into the user data.
   * @default - the release's published `<binary>.sha512` files, fetched with the binaries (integrity, not authenticity)
   */
  readonly sha512?: GvisorBinaryDigests;
  /**
   * containerd config version of the AMI's containerd: `3` for containerd 2.x (EKS AL2023 AMIs for 1.33 and later),
   * `2` for containerd 1.7.
   * @default 3
   */
  readonly containerdConfigVersion?: 2 | 3;
}

/** Properties of `SandboxNodegroup`. */
export interface SandboxNodegroupProps extends AgentNodegroupBaseProps {
  /** The runtime the nodes run: `gvisor` or `kata`. */
  readonly runtime: CdkSandboxRuntime;
  /**
   * Instance types (x86_64). Kata needs `/dev/kvm`: bare-metal types (`*.metal*`) or types with nested virtualisation
   * (c8i, m8i, r8i and their flex variants), not both in one node group.
   * @default gVisor ["m7i.large"]; Kata ["c8i.2xlarge"] (nested virtualisation)
   */
  readonly instanceTypes?: string[];
  /**
   * How gVisor is installed (gVisor node groups only).
   * @default - the pinned release downloaded and checked at boot
   */
  readonly gvisor?: GvisorBootstrap;
}

/** Scaling of a node group unless told otherwise. */
export const DEFAULT_NODEGROUP_SCALING: Readonly<NodegroupScaling> = { minSize: 1, desiredSize: 1, maxSize: 2 };
/** Instance types of a GPU node group unless told otherwise (one L4). */
export const DEFAULT_GPU_NODEGROUP_INSTANCE_TYPES: readonly string[] = ["g6.xlarge"];
/** Data volume of a GPU node unless told otherwise. */
export const DEFAULT_GPU_NODEGROUP_DISK_GIB = 100;
/** Data volume of a sandbox node unless told otherwise. */
export const DEFAULT_SANDBOX_NODEGROUP_DISK_GIB = 50;
/** Instance types of a sandbox node group unless told otherwise. */
export const DEFAULT_SANDBOX_NODEGROUP_INSTANCE_TYPES: Readonly<Record<CdkSandboxRuntime, readonly string[]>> = {
  gvisor: ["m7i.large"],
  kata: ["c8i.2xlarge"],
};
/** The GPU pool name unless told otherwise. */
export const DEFAULT_GPU_POOL = "gpu";
/** The gVisor release downloaded unless told otherwise: the Pulumi side's `DEFAULT_GVISOR_RELEASE` (a test keeps them equal). */
export const CDK_DEFAULT_GVISOR_RELEASE = "20260921.0";
/** Where gVisor releases are published: the Pulumi side's `GVISOR_RELEASES_URL` (a test keeps them equal). */
export const CDK_GVISOR_RELEASES_URL = "https://storage.googleapis.com/gvisor/releases/release";
