import type { CiliumEncryptionType } from "../../kubernetes/network/cilium-values";
import type { ClusterNetwork } from "../vpc/component";

/**
 * The Kubernetes version agentcloud pins: 1.35, released on EKS on 2026-01-28, in standard support until 2027-03-27
 * (Amazon EKS User Guide, "Understand the Kubernetes version lifecycle on EKS", release calendar; endoflife.date/amazon-eks).
 */
export const EKS_KUBERNETES_VERSION = "1.35";
/** The oldest minor version still in EKS standard support as of 2026-11 (1.34, until 2026-12-02). */
export const EKS_OLDEST_STANDARD_MINOR = 34;

/** The five control-plane log types (CIS Amazon EKS Benchmark 2.1.1: all on). */
export const EKS_CONTROL_PLANE_LOG_TYPES = ["api", "audit", "authenticator", "controllerManager", "scheduler"] as const;

/** Default Service range: one of the two EKS picks itself, stated so overlap with the VPC is checked up front. */
export const DEFAULT_SERVICE_CIDR = "172.20.0.0/16";

/** The cluster access policy admins get (Amazon EKS User Guide, "Associate access policies with access entries"). */
export const EKS_ADMIN_ACCESS_POLICY = "AmazonEKSClusterAdminPolicy";

/** AMI type of the system node group. */
export const SYSTEM_NODE_AMI_TYPE = "AL2023_x86_64_STANDARD";

/**
 * The taint Cilium's agent removes once it runs on a node, so no pod starts before Cilium manages its network
 * (Cilium docs, "Considerations on Node Pool Taints and Unmanaged Pods"; the EKS requirements of "Installation using Helm").
 */
export const CILIUM_AGENT_NOT_READY_TAINT = {
  /** The taint's key, which Cilium's agent looks for. */
  key: "node.cilium.io/agent-not-ready",
  /** The taint's value. */
  value: "true",
  /** The effect, as EKS node groups spell it (`NoExecute` in Kubernetes): pods without a toleration are kept off or evicted. */
  effect: "NO_EXECUTE",
} as const;

/** The system node group: CoreDNS, the Cilium operator, the gateway, monitoring, controllers. */
export interface EksSystemNodes {
  /**
   * Instance types (general purpose; the first with capacity is used).
   * @default ["m7i.large"]
   */
  instanceTypes?: string[];
  /**
   * Fewest nodes.
   * @default 2
   */
  minSize?: number;
  /**
   * Nodes to start with.
   * @default 2
   */
  desiredSize?: number;
  /**
   * Most nodes.
   * @default 3
   */
  maxSize?: number;
  /**
   * Root volume size in GiB (gp3, encrypted).
   * @default 50
   */
  diskSizeGiB?: number;
}

/** Options of the Cilium that `EksAgentCluster` makes its network fabric of (ENI mode; see `eksCiliumFabric`). */
export interface EksCiliumOptions {
  /**
   * Transparent encryption of pod traffic between nodes.
   * @default "wireguard"
   */
  encryption?: CiliumEncryptionType;
  /**
   * Also encrypt node-to-node traffic (WireGuard only, beta).
   * @default false
   */
  nodeEncryption?: boolean;
  /**
   * Replicas of the Cilium operator (it allocates the ENIs and addresses).
   * @default 2
   */
  operatorReplicas?: number;
}

/** Arguments of `EksAgentCluster`. */
export interface EksAgentClusterArgs {
  /** The region, e.g. `"eu-west-1"` (the OIDC issuer's host and `aws eks get-token` name it). */
  region: string;
  /** The VPC: `AgentVpc.clusterNetwork`, or the same shape for a VPC of your own (private subnets in two zones or more). */
  network: ClusterNetwork;
  /**
   * The EKS cluster's name (1 to 100 letters, digits, `-` and `_`, starting with a letter or digit).
   * @default - the component's name
   */
  clusterName?: string;
  /**
   * Kubernetes minor version, in EKS standard support.
   * @default EKS_KUBERNETES_VERSION ("1.35")
   */
  kubernetesVersion?: string;
  /**
   * CIDRs that may reach the public API endpoint. Empty keeps the endpoint private (reachable from the VPC only);
   * `0.0.0.0/0` is rejected (CIS Amazon EKS Benchmark 5.4.2).
   * @default [] (no public endpoint)
   */
  endpointPublicAccessCidrs?: string[];
  /**
   * IAM roles or users (ARNs) given cluster admin through access entries (`AmazonEKSClusterAdminPolicy`).
   * @default []
   */
  admins?: string[];
  /**
   * Give the identity that creates the cluster admin access (EKS's `bootstrapClusterCreatorAdminPermissions`): this
   * program deploys the fleet's Kubernetes objects with that identity. Turn it off when that identity is in `admins`.
   * @default true
   */
  clusterCreatorAdmin?: boolean;
  /**
   * The Services' address range: RFC 1918, /12 to /24, not overlapping the VPC.
   * @default "172.20.0.0/16"
   */
  serviceIpv4Cidr?: string;
  /**
   * The system node group.
   * @default - two m7i.large nodes, scaling to three
   */
  systemNodes?: EksSystemNodes;
  /**
   * The Cilium that enforces the fleet's network rules.
   * @default - WireGuard, two operator replicas
   */
  cilium?: EksCiliumOptions;
  /**
   * Days the control-plane logs are kept (a CloudWatch Logs retention value).
   * @default 365
   */
  controlPlaneLogRetentionDays?: number;
  /**
   * Tags of every AWS resource.
   * @default {}
   */
  tags?: Record<string, string>;
}

/** Defaults of {@link EksSystemNodes}. */
export const DEFAULT_SYSTEM_NODES: Required<EksSystemNodes> = {
  instanceTypes: ["m7i.large"],
  minSize: 2,
  desiredSize: 2,
  maxSize: 3,
  diskSizeGiB: 50,
};
/** Default control-plane log retention, in days. */
export const DEFAULT_CONTROL_PLANE_LOG_RETENTION_DAYS = 365;
