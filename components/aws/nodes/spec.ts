import type * as pulumi from "@pulumi/pulumi";
import type { GvisorDigests } from "./user-data";

// Pure parts live in user-data.ts (which the CDK layer imports): re-exported here for existing importers.
export { DEFAULT_GVISOR_RELEASE, GVISOR_RELEASES_URL, type GvisorDigests } from "./user-data";

/** Scaling bounds of a managed node group (`minSize` ≤ `desiredSize` ≤ `maxSize`, `maxSize` ≥ 1). */
export interface NodePoolScaling {
  /** Fewest nodes (0 lets an autoscaler take the pool to zero). */
  minSize: number;
  /** Nodes to start with. */
  desiredSize: number;
  /** Most nodes. */
  maxSize: number;
}

/** What every agentcloud EKS node pool takes. */
export interface EksNodePoolBaseArgs {
  /** The EKS cluster's name. */
  clusterName: pulumi.Input<string>;
  /** Private subnets of the nodes (no public IPs: the VPC's private subnets). At least one. */
  subnetIds: pulumi.Input<pulumi.Input<string>[]>;
  /**
   * IAM role of the nodes (ARN).
   * @default - a role of the pool's own (`nodeRole`: worker, ECR pull-only and CNI policies)
   */
  nodeRoleArn?: pulumi.Input<string>;
  /**
   * Scaling bounds.
   * @default { minSize: 1, desiredSize: 1, maxSize: 2 }
   */
  scaling?: NodePoolScaling;
  /**
   * Size of each node's data volume (the root on AL2023, `/dev/xvdb` on Bottlerocket) in GiB.
   * @default 100 for GPU pools (CUDA images are large), 50 for sandbox pools
   */
  diskSizeGiB?: number;
  /**
   * KMS key (ARN) that encrypts the node volumes.
   * @default - the account's AWS-managed `aws/ebs` key
   */
  kmsKeyArn?: pulumi.Input<string>;
  /**
   * On-demand or Spot capacity.
   * @default "ON_DEMAND"
   */
  capacityType?: "ON_DEMAND" | "SPOT";
  /**
   * Tags of the node group, its launch template, instances and volumes, and the role it creates.
   * @default {}
   */
  tags?: Record<string, string>;
}

/** AMI types of GPU pools: the EKS-optimised NVIDIA AMIs. */
export const GPU_AMI_TYPES = ["AL2023_x86_64_NVIDIA", "BOTTLEROCKET_x86_64_NVIDIA"] as const;
/** An AMI type of a GPU pool: one of {@link GPU_AMI_TYPES}. */
export type GpuAmiType = (typeof GPU_AMI_TYPES)[number];

/** Time-slicing of a GPU pool's GPUs. */
export interface GpuTimeSlicing {
  /**
   * Shares per physical GPU; `1` shares nothing.
   * @default 4
   */
  replicas?: number;
  /**
   * Advertise shares as `nvidia.com/gpu.shared` instead of `nvidia.com/gpu`.
   * @default false
   */
  renameByDefault?: boolean;
}

/** Arguments of `EksGpuNodePool`. */
export interface EksGpuNodePoolArgs extends EksNodePoolBaseArgs {
  /**
   * The pool's name: its nodes' `agentcloud.dev/gpu-pool` label and its device-plugin config (a DNS label, not `default`).
   * @default - the component's name
   */
  pool?: string;
  /**
   * Instance types: x86_64 NVIDIA GPU types only (`NVIDIA_GPU_FAMILIES`: g4dn, g5, g6, g6e, g7, p4d, p5, ...).
   * @default ["g6.xlarge"]
   */
  instanceTypes?: string[];
  /**
   * AMI type: AL2023 with the NVIDIA driver (`GpuSharing`'s device plugin runs on it), or Bottlerocket NVIDIA (its own
   * device plugin, time-sliced through `settings.kubelet-device-plugins.nvidia` in the user data).
   * @default "AL2023_x86_64_NVIDIA"
   */
  amiType?: GpuAmiType;
  /**
   * How the pool's GPUs are shared.
   * @default { replicas: 4, renameByDefault: false }
   */
  timeSlicing?: GpuTimeSlicing;
}

/** Sandbox runtimes a sandbox pool runs: gVisor or Kata Containers. */
export const SANDBOX_POOL_RUNTIMES = ["gvisor", "kata"] as const;
/** A sandbox pool's runtime family: one of {@link SANDBOX_POOL_RUNTIMES}. */
export type SandboxPoolRuntime = (typeof SANDBOX_POOL_RUNTIMES)[number];

/**
 * How gVisor gets onto the nodes: a download at boot of a pinned release (the default), or a custom AMI that has it.
 */
export interface GvisorInstall {
  /**
   * gVisor release to download (`YYYYMMDD` or `YYYYMMDD.N`, a tag `release-<release>` of google/gvisor): `runsc` and
   * `containerd-shim-runsc-v1` from `https://storage.googleapis.com/gvisor/releases/release/<release>/x86_64/`.
   * Needs egress to storage.googleapis.com at boot (a VPC without egress needs `imageId`).
   * @default "20260921.0" (`DEFAULT_GVISOR_RELEASE`)
   */
  release?: string;
  /**
   * Where releases are downloaded from: an https URL with gVisor's layout below it (`<release>/x86_64/runsc`), such as
   * a mirror in an S3 bucket reached through the VPC's S3 gateway endpoint when the VPC has no egress.
   * @default "https://storage.googleapis.com/gvisor/releases/release" (`GVISOR_RELEASES_URL`)
   */
  baseUrl?: string;
  /**
   * SHA-512 digests the downloads must match, written into the user data.
   * @default - the release's published `<binary>.sha512` files, fetched with the binaries (integrity, not authenticity)
   */
  sha512?: GvisorDigests;
  /**
   * A custom AMI (AL2023-based, with nodeadm) that already has `runsc` and `containerd-shim-runsc-v1` on the PATH:
   * nothing is downloaded. EKS adds no bootstrap to a custom AMI, so `cluster` is required.
   * @default - the EKS AL2023 AMI, with the pinned download
   */
  imageId?: pulumi.Input<string>;
  /**
   * containerd config version of the AMI's containerd: `3` for containerd 2.x (EKS AL2023 AMIs for Kubernetes 1.33
   * and later), `2` for containerd 1.7. nodeadm merges the `runsc` handler into its own config, which must be the same
   * version.
   * @default 3
   */
  containerdConfigVersion?: 2 | 3;
}

/** The cluster as nodeadm needs it on a custom AMI (EKS bootstraps its own AMIs itself). */
export interface NodeadmCluster {
  /** The API server's URL. */
  apiServerEndpoint: pulumi.Input<string>;
  /** The cluster CA bundle (base64, as `aws.eks.Cluster.certificateAuthority.data`). */
  certificateAuthority: pulumi.Input<string>;
  /** The cluster's Kubernetes service CIDR. */
  cidr: pulumi.Input<string>;
}

/** Arguments of `EksSandboxNodePool`. */
export interface EksSandboxNodePoolArgs extends EksNodePoolBaseArgs {
  /** The runtime the pool's nodes run: `gvisor` or `kata`. */
  runtime: SandboxPoolRuntime;
  /**
   * Instance types (x86_64). Kata needs `/dev/kvm`: bare-metal types (`*.metal*`) or types with nested virtualisation
   * (`NESTED_VIRTUALIZATION_FAMILIES`: c8i, m8i, r8i and their flex variants), not both in one pool.
   * @default gVisor ["m7i.large"]; Kata ["c8i.2xlarge"] (nested virtualisation)
   */
  instanceTypes?: string[];
  /**
   * How gVisor is installed (gVisor pools only).
   * @default - the pinned release downloaded and checked at boot
   */
  gvisor?: GvisorInstall;
  /**
   * The cluster's endpoint, CA and service CIDR, for nodeadm on a custom AMI (`gvisor.imageId`).
   * @default - none: only the EKS AMIs, which EKS bootstraps
   */
  cluster?: NodeadmCluster;
}

/** Scaling of a pool unless told otherwise. */
export const DEFAULT_POOL_SCALING: Readonly<NodePoolScaling> = { minSize: 1, desiredSize: 1, maxSize: 2 };
/** Instance types of a GPU pool unless told otherwise (one L4). */
export const DEFAULT_GPU_INSTANCE_TYPES: readonly string[] = ["g6.xlarge"];
/** Data volume of a GPU node unless told otherwise. */
export const DEFAULT_GPU_DISK_GIB = 100;
/** Data volume of a sandbox node unless told otherwise. */
export const DEFAULT_SANDBOX_DISK_GIB = 50;
/** Instance types of a sandbox pool unless told otherwise. */
export const DEFAULT_SANDBOX_INSTANCE_TYPES: Readonly<Record<SandboxPoolRuntime, readonly string[]>> = {
  gvisor: ["m7i.large"],
  kata: ["c8i.2xlarge"],
};
