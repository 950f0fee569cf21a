import type { ICluster } from "aws-cdk-lib/aws-eks-v2";
import type * as iam from "aws-cdk-lib/aws-iam";
import type { AgentCloudSpec, IdentityBindingTarget } from "../../blueprint/spec";
import type { CdkAwsPartition } from "./names";

/** Props of {@link AgentIdentity}: one agent's IAM role and, under Pod Identity, its association. */
export interface AgentIdentityProps {
  /**
   * The EKS cluster's explicit name, as a plain string (not a token): part of the role's name, which the fleet's
   * identity binding puts on the agent's ServiceAccount, and of the Pod Identity association.
   */
  readonly clusterName: string;
  /** The agent: its Kubernetes name (its ServiceAccount), its namespace and its declaration. */
  readonly agent: IdentityBindingTarget;
  /**
   * The cluster (aws-eks-v2), for Pod Identity agents: the association refers to it (so CloudFormation creates the
   * cluster first) and depends on its Pod Identity agent add-on.
   * @default - the association names `clusterName` only: nothing orders it after the cluster
   */
  readonly cluster?: ICluster;
  /**
   * The cluster's IAM OIDC provider: IRSA roles trust it.
   * @default - none: an IRSA agent (one under gVisor) is rejected without it
   */
  readonly oidcProvider?: iam.IOpenIdConnectProvider;
  /**
   * The partition the agent's resource ARNs must be in.
   * @default "aws"
   */
  readonly partition?: CdkAwsPartition;
  /**
   * Extra tags for the role (agentcloud's own keys, `AWS_TAGS`, are ignored: only the constructs set them).
   * @default {}
   */
  readonly tags?: Record<string, string>;
}

/** Props of {@link agentIdentities}: every agent of a fleet that has `cloud: "aws"` permissions. */
export interface AgentIdentitiesProps {
  /** The fleet's agents, by key (`AgentCloudSpec["agents"]`). */
  readonly agents: AgentCloudSpec["agents"];
  /** The EKS cluster's explicit name, as a plain string. */
  readonly clusterName: string;
  /**
   * The cluster (aws-eks-v2), for Pod Identity agents: the association refers to it (so CloudFormation creates the
   * cluster first) and depends on its Pod Identity agent add-on.
   * @default - the association names `clusterName` only: nothing orders it after the cluster
   */
  readonly cluster?: ICluster;
  /**
   * The cluster's IAM OIDC provider, for IRSA agents.
   * @default - none: rejected when some agent uses IRSA
   */
  readonly oidcProvider?: iam.IOpenIdConnectProvider;
  /**
   * The partition the agents' resource ARNs must be in.
   * @default "aws"
   */
  readonly partition?: CdkAwsPartition;
  /**
   * Extra tags for every role.
   * @default {}
   */
  readonly tags?: Record<string, string>;
}
