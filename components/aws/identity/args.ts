import type * as pulumi from "@pulumi/pulumi";
import type { AgentDeclaration, IdentityBindingTarget } from "../../blueprint/spec";
import type { AwsIdentityBindingArgs } from "./spec";

// The components' arguments (they take Pulumi outputs); spec.ts holds the Pulumi-free binding types the CDK layer reuses.

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
