import type { RemovalPolicy } from "aws-cdk-lib";

/**
 * The Kubernetes version the CDK cluster pins, as the Pulumi `EksAgentCluster` does (`EKS_KUBERNETES_VERSION`, a test
 * keeps them equal): 1.35, in EKS standard support until 2027-03-27; the kubectl layer is `@aws-cdk/lambda-layer-kubectl-v35`.
 */
export const CDK_EKS_KUBERNETES_VERSION = "1.35";
/** The oldest minor version still in EKS standard support as of 2026-11 (1.34, until 2026-12-02). */
export const CDK_EKS_OLDEST_STANDARD_MINOR = 34;
/** The five control-plane log types (CIS Amazon EKS Benchmark 2.1.1: all on), as `eks.ClusterLoggingTypes` spells them. */
export const CDK_CONTROL_PLANE_LOG_TYPES = ["api", "audit", "authenticator", "controllerManager", "scheduler"] as const;
/** The cluster access policy admins get (Amazon EKS User Guide, "Associate access policies with access entries"). */
export const CDK_ADMIN_ACCESS_POLICY = "AmazonEKSClusterAdminPolicy";
/** The VPC's block unless told otherwise. */
export const CDK_DEFAULT_VPC_CIDR = "10.0.0.0/16";
/** Days the VPC flow logs are kept unless told otherwise. */
export const CDK_DEFAULT_FLOW_LOG_RETENTION_DAYS = 365;
/** Days the control-plane logs are kept unless told otherwise (the Pulumi side's `DEFAULT_CONTROL_PLANE_LOG_RETENTION_DAYS`). */
export const CDK_DEFAULT_CONTROL_PLANE_LOG_RETENTION_DAYS = 365;

/** The system node group: CoreDNS, the gateway, monitoring, controllers. */
export interface AgentEksSystemNodes {
  /**
   * Instance types (general purpose, x86_64; the first with capacity is used).
   * @default ["m7i.large"]
   */
  readonly instanceTypes?: string[];
  /**
   * Fewest nodes.
   * @default 2
   */
  readonly minSize?: number;
  /**
   * Nodes to start with.
   * @default 2
   */
  readonly desiredSize?: number;
  /**
   * Most nodes.
   * @default 3
   */
  readonly maxSize?: number;
  /**
   * Root volume size in GiB (gp3, encrypted).
   * @default 50
   */
  readonly diskSizeGiB?: number;
}

/** The system node group unless told otherwise. */
export const CDK_DEFAULT_SYSTEM_NODES: Required<AgentEksSystemNodes> = {
  instanceTypes: ["m7i.large"],
  minSize: 2,
  desiredSize: 2,
  maxSize: 3,
  diskSizeGiB: 50,
};

/** Properties of `AgentEksCluster`. */
export interface AgentEksClusterProps {
  /**
   * Availability zones of the VPC's subnets (two or more; EKS places its control-plane ENIs in subnets of two zones
   * or more), e.g. `["eu-west-1a", "eu-west-1b"]`. Given explicitly so `cdk synth` needs no lookup.
   */
  readonly availabilityZones: string[];
  /**
   * The VPC's IPv4 block (/16 to /24, RFC 1918).
   * @default "10.0.0.0/16"
   */
  readonly vpcCidr?: string;
  /**
   * NAT gateways (egress of the private subnets): one per zone survives a zone's loss; fewer costs less.
   * @default - one per availability zone
   */
  readonly natGateways?: number;
  /**
   * The EKS cluster's name (1 to 100 letters, digits, `-` and `_`, starting with a letter or digit). With a name, the
   * control-plane log group is created first, encrypted and with a retention (EKS writes to `/aws/eks/<name>/cluster`).
   * @default - a name CloudFormation generates (EKS then creates the control-plane log group itself: unencrypted, kept forever)
   */
  readonly clusterName?: string;
  /**
   * Kubernetes minor version, in EKS standard support. The kubectl layer is v35's, so versions far from 1.35 may
   * need another layer.
   * @default "1.35"
   */
  readonly kubernetesVersion?: string;
  /**
   * CIDRs that may reach the public API endpoint. Empty keeps the endpoint private (reachable from the VPC only);
   * `0.0.0.0/0` is refused (CIS Amazon EKS Benchmark 5.4.2).
   * @default [] (no public endpoint)
   */
  readonly endpointPublicAccessCidrs?: string[];
  /**
   * IAM roles or users (ARNs) given cluster admin through access entries (`AmazonEKSClusterAdminPolicy`).
   * @default []
   */
  readonly admins?: string[];
  /**
   * Give the identity that creates the cluster admin access (`bootstrapClusterCreatorAdminPermissions`).
   * @default true
   */
  readonly clusterCreatorAdmin?: boolean;
  /**
   * The system node group.
   * @default { instanceTypes: ["m7i.large"], minSize: 2, desiredSize: 2, maxSize: 3, diskSizeGiB: 50 }
   */
  readonly systemNodes?: AgentEksSystemNodes;
  /**
   * Days the VPC flow logs are kept (a value CloudWatch Logs accepts).
   * @default 365
   */
  readonly flowLogRetentionDays?: number;
  /**
   * Days the control-plane logs are kept (a value CloudWatch Logs accepts). Applies when `clusterName` is given: the
   * construct then creates EKS's log group `/aws/eks/<clusterName>/cluster` itself, encrypted with `logsKey`.
   * @default 365
   */
  readonly controlPlaneLogRetentionDays?: number;
  /**
   * What happens to the KMS keys and the flow-log group when the stack deletes them.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}
