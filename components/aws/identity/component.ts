import * as eks from "@pulumi/aws/eks";
import * as iam from "@pulumi/aws/iam";
import * as pulumi from "@pulumi/pulumi";
import { agentNameOf } from "../../blueprint/resolve";
import { throwIfProblems } from "../../validation/argument-error";
import { AWS_TAGS } from "../../vocabulary";
import { awsAgentIdentityMode, awsAgentRoleName, awsPermissionsOf } from "./binding";
import { AGENT_POLICY_NAME, agentPermissionsPolicy, irsaTrustPolicy, podIdentityTrustPolicy } from "./policies";
import type { AgentIdentitiesArgs, AgentIdentityArgs } from "./args";
import type { AwsAgentIdentityMode } from "./spec";
import { validateAgentIdentitiesArgs, validateAgentIdentityArgs } from "./validate";

/** Longest an agent role's session lasts (IAM's minimum, one hour): credentials are refreshed, never long-lived. */
export const AGENT_ROLE_MAX_SESSION_SECONDS = 3600;

/**
 * One agent's AWS identity: an IAM role named by `awsAgentRoleName` (the name `awsIdentityBinding` puts on the
 * agent's ServiceAccount) with an inline policy of exactly the agent's `cloud: "aws"` permissions, trusted only by
 * that agent's ServiceAccount: through the cluster's OIDC provider (IRSA, agents under gVisor) or through EKS Pod
 * Identity with a `PodIdentityAssociation` (every other agent). Tagged with the agent (`AWS_TAGS.agent`) and, when
 * the agent acknowledged broad permissions, the reason (`AWS_TAGS.unsafeBroadCloudPermissions`).
 * Validates every argument before any resource is registered.
 */
export class AgentIdentity extends pulumi.ComponentResource {
  /** How the agent's pods get credentials. */
  readonly mode: AwsAgentIdentityMode;
  /** The IAM role. */
  readonly role: iam.Role;
  /** The role's name. */
  readonly roleName: pulumi.Output<string>;
  /** The role's ARN. */
  readonly roleArn: pulumi.Output<string>;

  constructor(name: string, args: AgentIdentityArgs, opts: pulumi.ComponentResourceOptions = {}) {
    throwIfProblems(`AgentIdentity "${name}"`, validateAgentIdentityArgs(args));
    super("agentcloud:aws:AgentIdentity", name, {}, opts);
    const { binding, agent } = args;
    const { namespace, name: serviceAccount, declaration } = agent;
    this.mode = awsAgentIdentityMode(declaration);
    const roleName = awsAgentRoleName(binding.clusterName, namespace, serviceAccount);
    const agentTag = { [AWS_TAGS.agent]: `${namespace}/${serviceAccount}` };
    const reason = declaration.unsafeBroadCloudPermissions?.reason;
    const assumeRolePolicy =
      this.mode === "irsa"
        ? pulumi.output(args.oidcProviderArn!).apply((arn) => irsaTrustPolicy(arn, namespace, serviceAccount))
        : podIdentityTrustPolicy(binding, namespace, serviceAccount);
    this.role = new iam.Role(
      `${name}-role`,
      {
        name: roleName,
        description: `agentcloud agent ${namespace}/${serviceAccount} (${this.mode === "irsa" ? "IRSA" : "EKS Pod Identity"})`,
        assumeRolePolicy,
        maxSessionDuration: AGENT_ROLE_MAX_SESSION_SECONDS,
        tags: { ...args.tags, ...agentTag, ...(reason !== undefined && { [AWS_TAGS.unsafeBroadCloudPermissions]: reason }) },
      },
      { parent: this },
    );
    // By name (known before the role exists, so policies can link the two in a real preview), after the role.
    new iam.RolePolicy(
      `${name}-policy`,
      { role: roleName, name: AGENT_POLICY_NAME, policy: agentPermissionsPolicy(awsPermissionsOf(declaration)) },
      { parent: this, dependsOn: [this.role] },
    );
    if (this.mode === "pod-identity") {
      new eks.PodIdentityAssociation(
        `${name}-pod-identity`,
        { clusterName: binding.clusterName, namespace, serviceAccount, roleArn: this.role.arn, tags: agentTag },
        { parent: this },
      );
    }
    this.roleName = this.role.name;
    this.roleArn = this.role.arn;
    this.registerOutputs({ mode: this.mode, roleName: this.roleName, roleArn: this.roleArn });
  }
}

/**
 * An {@link AgentIdentity} for every agent of the fleet with `cloud: "aws"` permissions, by agent key, each named
 * `<name>-<namespace>-<agent>`. Validates every agent first and reports all problems at once, before any resource.
 */
export function agentIdentities(
  name: string,
  args: AgentIdentitiesArgs,
  opts: pulumi.ComponentResourceOptions = {},
): Record<string, AgentIdentity> {
  throwIfProblems(`agentIdentities "${name}"`, validateAgentIdentitiesArgs(args));
  const identities: Record<string, AgentIdentity> = {};
  for (const [key, declaration] of Object.entries(args.agents)) {
    if (awsPermissionsOf(declaration).length === 0) continue;
    const agent = { name: agentNameOf(key, declaration), namespace: declaration.namespace, declaration };
    identities[key] = new AgentIdentity(
      `${name}-${agent.namespace}-${agent.name}`,
      {
        binding: args.binding,
        agent,
        ...(args.oidcProviderArn !== undefined && { oidcProviderArn: args.oidcProviderArn }),
        ...(args.tags && { tags: args.tags }),
      },
      opts,
    );
  }
  return identities;
}
