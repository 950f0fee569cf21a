import type * as pulumi from "@pulumi/pulumi";
import type { AgentDeclaration, IdentityBindingTarget } from "../../blueprint/spec";

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

/** Arguments of {@link AgentIdentity}: one agent's IAM role and, under Pod Identity, its association. */
export interface AgentIdentityArgs {
  /** The same arguments the fleet's `awsIdentityBinding` was made with (the role's name and ARN must agree). */
  binding: AwsIdentityBindingArgs;
  /** The agent: its Kubernetes name (its ServiceAccount), its namespace and its declaration. */
  agent: IdentityBindingTarget;
  /**
   * ARN of the cluster's IAM OIDC provider (`iam.OpenIdConnectProvider.arn`): IRSA roles trust it.
   * @default - none: an IRSA agent (one under gVisor) is rejected without it
   */
  oidcProviderArn?: pulumi.Input<string>;
  /**
   * Extra tags for the role (agentcloud's own tags win).
   * @default {}
   */
  tags?: Record<string, string>;
}

/** Arguments of {@link agentIdentities}: every agent of a fleet that has `cloud: "aws"` permissions. */
export interface AgentIdentitiesArgs {
  /** The fleet's agents, by key (`AgentCloudSpec["agents"]`). */
  agents: Readonly<Record<string, AgentDeclaration>>;
  /** The same arguments the fleet's `awsIdentityBinding` was made with. */
  binding: AwsIdentityBindingArgs;
  /**
   * ARN of the cluster's IAM OIDC provider, for IRSA agents.
   * @default - none: rejected when some agent uses IRSA
   */
  oidcProviderArn?: pulumi.Input<string>;
  /**
   * Extra tags for every role.
   * @default {}
   */
  tags?: Record<string, string>;
}
