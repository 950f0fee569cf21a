/** How nodes reach the internet: through NAT gateways, or not at all (VPC endpoints only). */
export const VPC_EGRESS_MODES = ["nat", "none"] as const;
/** One of {@link VPC_EGRESS_MODES}. */
export type VpcEgress = (typeof VPC_EGRESS_MODES)[number];

/** NAT gateways: one for the VPC (cheaper), or one per availability zone (a zone outage leaves the others' egress up). */
export const NAT_GATEWAY_MODES = ["single", "per-zone"] as const;
/** One of {@link NAT_GATEWAY_MODES}. */
export type NatGatewayMode = (typeof NAT_GATEWAY_MODES)[number];

/**
 * AWS services nodes reach through interface VPC endpoints when `egress` is `"none"`: image pulls from ECR (`ecr.api`,
 * `ecr.dkr`, layers from S3 through the gateway endpoint), IRSA and Pod Identity credentials (`sts`, `eks-auth`),
 * nodeadm's cluster lookup (`eks`), logs (`logs`), and the EC2 API Cilium's operator allocates ENIs with (`ec2`).
 * "Deploy private clusters with limited internet access", Amazon EKS User Guide.
 */
export const VPC_INTERFACE_ENDPOINT_SERVICES = ["ecr.api", "ecr.dkr", "sts", "eks", "eks-auth", "logs", "ec2"] as const;

/** Retention periods CloudWatch Logs accepts (`PutRetentionPolicy`), in days. */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

/** A CIDR block the VPC's addresses must not overlap, e.g. the cluster's Service range. */
export interface ReservedCidr {
  /** What the block is, for the error message, e.g. `"the cluster's service CIDR"`. */
  name: string;
  /** The block, e.g. `"172.20.0.0/16"`. */
  cidr: string;
}

/** Arguments of `AgentVpc`. */
export interface AgentVpcArgs {
  /** Availability zones the subnets go in, e.g. `["eu-west-1a", "eu-west-1b"]`; EKS needs at least two. */
  availabilityZones: string[];
  /**
   * The VPC's IPv4 block (/16 to /20 with the default subnets).
   * @default "10.0.0.0/16"
   */
  cidrBlock?: string;
  /**
   * Private subnets for the nodes and pods, one per zone in the order of `availabilityZones`.
   * @default - the first blocks of an eighth of the VPC each (a /19 of a /16): Cilium gives pods VPC addresses
   */
  privateSubnetCidrs?: string[];
  /**
   * Public subnets, one per zone, that hold only the NAT gateways (with `egress: "nat"`).
   * @default - /24s (of a /16) in the last eighth of the VPC
   */
  publicSubnetCidrs?: string[];
  /**
   * How nodes reach the internet. `"nat"`: NAT gateways in the public subnets (the charts' images come from quay.io,
   * ghcr.io and nvcr.io). `"none"`: no internet gateway, no NAT; interface endpoints for
   * {@link VPC_INTERFACE_ENDPOINT_SERVICES} and the S3 gateway endpoint (images must then come from ECR).
   * @default "nat"
   */
  egress?: VpcEgress;
  /**
   * NAT gateways (with `egress: "nat"`).
   * @default "single"
   */
  natGateways?: NatGatewayMode;
  /**
   * Days the flow logs are kept (a value CloudWatch Logs accepts: {@link LOG_RETENTION_DAYS}).
   * @default 365
   */
  flowLogRetentionDays?: number;
  /**
   * Blocks the VPC must not overlap (the cluster's Service range, peered networks).
   * @default []
   */
  reservedCidrs?: ReservedCidr[];
  /**
   * Tags of every resource.
   * @default {}
   */
  tags?: Record<string, string>;
}

/** Default VPC block. */
export const DEFAULT_VPC_CIDR = "10.0.0.0/16";
/** Default flow-log retention, in days. */
export const DEFAULT_FLOW_LOG_RETENTION_DAYS = 365;
