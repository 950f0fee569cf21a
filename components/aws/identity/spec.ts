/** AWS partitions agentcloud names ARNs and endpoints in. */
export const AWS_PARTITIONS = ["aws", "aws-cn", "aws-us-gov"] as const;
/** An AWS partition: one of {@link AWS_PARTITIONS}. */
export type AwsPartition = (typeof AWS_PARTITIONS)[number];

/** IP families of an EKS cluster (`kubernetesNetworkConfig.ipFamily`). */
export const AWS_IP_FAMILIES = ["ipv4", "ipv6"] as const;
/** An EKS cluster's IP family: one of {@link AWS_IP_FAMILIES}. */
export type AwsIpFamily = (typeof AWS_IP_FAMILIES)[number];

/**
 * How an agent's pods get AWS credentials: IRSA (a projected ServiceAccount token exchanged at the regional STS
 * endpoint) or EKS Pod Identity (the node's Pod Identity agent on a link-local address).
 */
export type AwsAgentIdentityMode = "irsa" | "pod-identity";

/** Where agents' roles live: what the binding and every {@link AgentIdentityArgs} share, so names and ARNs agree. */
export interface AwsIdentityBindingArgs {
  /** The AWS account id (12 digits) the roles are created in, e.g. from `getCallerIdentity()`. */
  accountId: string;
  /** The cluster's region, e.g. `eu-west-1`: IRSA agents reach `sts.<region>.amazonaws.com`. */
  region: string;
  /** The EKS cluster's name (its explicit `name`): part of every role name and of Pod Identity associations. */
  clusterName: string;
  /**
   * The partition ARNs and endpoints are in.
   * @default "aws"
   */
  partition?: AwsPartition;
  /**
   * The cluster's IP family: on `ipv6` clusters Pod Identity agents reach the agent at `fd00:ec2::23`.
   * @default "ipv4"
   */
  ipFamily?: AwsIpFamily;
}
