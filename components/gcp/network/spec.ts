/** How the VPC's nodes reach the internet. */
export const VPC_EGRESS_MODES = ["nat", "none"] as const;
/** One of {@link VPC_EGRESS_MODES}. */
export type VpcEgressMode = (typeof VPC_EGRESS_MODES)[number];

/** Names of the subnet's secondary ranges, which the GKE cluster's `ipAllocationPolicy` refers to. */
export const SECONDARY_RANGE_NAMES = {
  /** The Pods' secondary range. */
  pods: "pods",
  /** The Services' secondary range. */
  services: "services",
} as const;

/** Defaults of {@link AgentVpcNetworkArgs}. */
export const VPC_DEFAULTS = {
  /** Default of {@link AgentVpcNetworkArgs.subnetCidr}: the nodes' range. */
  subnetCidr: "10.10.0.0/20",
  /** Default of {@link AgentVpcNetworkArgs.podsCidr}: the Pods' secondary range. */
  podsCidr: "10.16.0.0/14",
  /** Default of {@link AgentVpcNetworkArgs.servicesCidr}: the Services' secondary range. */
  servicesCidr: "10.20.0.0/20",
  /** Default of {@link AgentVpcNetworkArgs.egress}: Cloud NAT. */
  egress: "nat",
  /** Default of {@link AgentVpcNetworkArgs.flowLogSampling}. */
  flowLogSampling: 0.5,
} as const;

/** Arguments of `AgentVpcNetwork`. */
export interface AgentVpcNetworkArgs {
  /**
   * Project of the network.
   * @default - the provider's project (`gcp:project`)
   */
  project?: string;
  /** Region of the subnet (and the Cloud NAT), e.g. `europe-west4`. */
  region: string;
  /**
   * Name of the VPC network (RFC 1035: lower-case letters, digits and `-`, at most 63 characters); the subnet, router
   * and NAT are named after it.
   * @default - the component's name
   */
  networkName?: string;
  /**
   * Primary range of the subnet: the nodes' addresses (and internal load balancers).
   * @default "10.10.0.0/20"
   */
  subnetCidr?: string;
  /**
   * Secondary range `pods`: the Pods' addresses (VPC-native cluster). GKE gives each node a /24 of it by default.
   * @default "10.16.0.0/14"
   */
  podsCidr?: string;
  /**
   * Secondary range `services`: ClusterIP addresses.
   * @default "10.20.0.0/20"
   */
  servicesCidr?: string;
  /**
   * `nat`: a Cloud Router and Cloud NAT for the subnet, so private nodes reach the internet (agents still reach only
   * their declared hosts: the fabric decides). `none`: no NAT; nodes reach Google APIs through Private Google Access only.
   * @default "nat"
   */
  egress?: VpcEgressMode;
  /**
   * Share of flows the subnet's VPC flow logs sample (more than 0, at most 1).
   * @default 0.5
   */
  flowLogSampling?: number;
}
