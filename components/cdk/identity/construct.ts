import { ArnFormat, CfnJson, Duration, Stack, Tags, Token, Validations } from "aws-cdk-lib";
import { CfnPodIdentityAssociation } from "aws-cdk-lib/aws-eks-v2";
import * as iam from "aws-cdk-lib/aws-iam";
import { Construct } from "constructs";
import { agentNameOf } from "../../blueprint/resolve";
import type { CloudPermission } from "../../kubernetes/agent/spec";
import { AWS_TAGS } from "../../vocabulary";
import { throwIfCdkProblems } from "./argument-error";
import {
  agentPermissionsPolicy,
  awsAgentIdentityMode,
  awsAgentRoleName,
  awsPermissionsOf,
  CDK_AGENT_POLICY_NAME,
  CDK_AGENT_ROLE_MAX_SESSION_SECONDS,
  CDK_IRSA_AUDIENCE,
  CDK_POD_IDENTITY_PRINCIPAL,
  type CdkAgentIdentityMode,
  extraTags,
} from "./names";
import type { AgentIdentitiesProps, AgentIdentityProps } from "./spec";
import { validateAgentIdentitiesProps, validateAgentIdentityProps } from "./validate";

/**
 * One agent's AWS identity, as the Pulumi `AgentIdentity` builds it: an IAM role (`Resource`) named by
 * `awsAgentRoleName` with one inline policy of exactly the agent's `cloud: "aws"` permissions and no managed policy,
 * trusted only by that agent's ServiceAccount: through the cluster's OIDC provider (IRSA, agents under gVisor) or
 * through EKS Pod Identity with a `PodIdentityAssociation` (every other agent). Tagged with the agent
 * (`AWS_TAGS.agent`) and, when it acknowledged broad permissions, the reason. Validates every prop first.
 */
export class AgentIdentity extends Construct {
  /** How the agent's pods get credentials. */
  readonly mode: CdkAgentIdentityMode;
  /** The IAM role. */
  readonly role: iam.Role;
  /** The role's name (a plain string, known before synthesis). */
  readonly roleName: string;
  /** The role's ARN. */
  readonly roleArn: string;
  /** The Pod Identity association (Pod Identity agents only). */
  readonly association?: CfnPodIdentityAssociation;

  constructor(scope: Construct, id: string, props: AgentIdentityProps) {
    throwIfCdkProblems(`AgentIdentity "${id}"`, validateAgentIdentityProps(props));
    super(scope, id);
    const { namespace, name: serviceAccount, declaration } = props.agent;
    this.mode = awsAgentIdentityMode(declaration);
    this.roleName = awsAgentRoleName(props.clusterName, namespace, serviceAccount);
    const policy = iam.PolicyDocument.fromJson(JSON.parse(agentPermissionsPolicy(awsPermissionsOf(declaration))));
    this.role = new iam.Role(this, "Resource", {
      roleName: this.roleName,
      description: `agentcloud agent ${namespace}/${serviceAccount} (${this.mode === "irsa" ? "IRSA" : "EKS Pod Identity"})`,
      assumedBy:
        this.mode === "irsa"
          ? this.irsaPrincipal(props.oidcProvider!, namespace, serviceAccount)
          : this.podIdentityPrincipal(props, namespace, serviceAccount),
      maxSessionDuration: Duration.seconds(CDK_AGENT_ROLE_MAX_SESSION_SECONDS),
      inlinePolicies: { [CDK_AGENT_POLICY_NAME]: policy },
    });
    const agentTag = `${namespace}/${serviceAccount}`;
    for (const [key, value] of extraTags(props.tags)) Tags.of(this.role).add(key, value);
    Tags.of(this.role).add(AWS_TAGS.agent, agentTag);
    const reason = declaration.unsafeBroadCloudPermissions?.reason;
    if (reason !== undefined) {
      Tags.of(this.role).add(AWS_TAGS.unsafeBroadCloudPermissions, reason);
      // cdk-nag's AwsSolutions-IAM5 flags each wildcard: the agent declared and explained them, so its reason is the
      // acknowledgement, one per wildcard it declared (never a blanket one).
      for (const id of wildcardFindings(awsPermissionsOf(declaration))) {
        Validations.of(this.role).acknowledge({ id, reason: `agent ${agentTag} declared unsafeBroadCloudPermissions: ${reason}` });
      }
    }
    if (this.mode === "pod-identity") {
      this.association = new CfnPodIdentityAssociation(this, "PodIdentityAssociation", {
        clusterName: props.cluster?.clusterName ?? props.clusterName,
        namespace,
        serviceAccount,
        roleArn: this.role.roleArn,
        tags: [{ key: AWS_TAGS.agent, value: agentTag }],
      });
      // Read only here: aws-eks-v2 creates the add-on on first read, and IRSA agents do not need it.
      const agentAddon = props.cluster?.eksPodIdentityAgent;
      if (agentAddon) this.association.node.addDependency(agentAddon);
    }
    this.roleArn = this.role.roleArn;
  }

  /**
   * IRSA: the OIDC provider, only for this ServiceAccount's token with the STS audience. The condition keys start
   * with the issuer, a token when the provider is created in the app: CloudFormation keys cannot be intrinsics, so
   * they go through `CfnJson` then, as aws-eks-v2's own `ServiceAccount` does.
   */
  private irsaPrincipal(provider: iam.IOpenIdConnectProvider, namespace: string, serviceAccount: string): iam.IPrincipal {
    const issuer = provider.openIdConnectProviderIssuer;
    const equals = { [`${issuer}:sub`]: `system:serviceaccount:${namespace}:${serviceAccount}`, [`${issuer}:aud`]: CDK_IRSA_AUDIENCE };
    const conditions = Token.isUnresolved(issuer) ? new CfnJson(this, "IrsaConditions", { value: equals }) : equals;
    return new iam.OpenIdConnectPrincipal(provider, { StringEquals: conditions });
  }

  /** Pod Identity: `pods.eks.amazonaws.com`, `sts:AssumeRole` + `sts:TagSession`, held to this cluster, namespace and ServiceAccount by its session tags. */
  private podIdentityPrincipal(props: AgentIdentityProps, namespace: string, serviceAccount: string): iam.IPrincipal {
    const clusterArn = Stack.of(this).formatArn({
      service: "eks",
      resource: "cluster",
      resourceName: props.clusterName,
      arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
    });
    return new iam.PrincipalWithConditions(new iam.ServicePrincipal(CDK_POD_IDENTITY_PRINCIPAL).withSessionTags(), {
      StringEquals: {
        "aws:RequestTag/eks-cluster-arn": clusterArn,
        "aws:RequestTag/kubernetes-namespace": namespace,
        "aws:RequestTag/kubernetes-service-account": serviceAccount,
      },
    });
  }
}

/** The cdk-nag `AwsSolutions-IAM5` finding ids of the wildcard actions and resources among `permissions`. */
export function wildcardFindings(permissions: readonly CloudPermission[]): string[] {
  const ids = permissions.flatMap((p) => [
    ...p.actions.filter((a) => /[*?]/.test(a)).map((a) => `AwsSolutions-IAM5[Action::${a}]`),
    ...p.resources.filter((r) => /[*?]/.test(r)).map((r) => `AwsSolutions-IAM5[Resource::${r}]`),
  ]);
  return [...new Set(ids)];
}

/**
 * An {@link AgentIdentity} for every agent of the fleet with `cloud: "aws"` permissions, by agent key, under one
 * construct `id`, each with id `<namespace>-<agent>`. Validates every agent first and reports all problems at once.
 */
export function agentIdentities(scope: Construct, id: string, props: AgentIdentitiesProps): Record<string, AgentIdentity> {
  throwIfCdkProblems(`agentIdentities "${id}"`, validateAgentIdentitiesProps(props));
  const group = new Construct(scope, id);
  const identities: Record<string, AgentIdentity> = {};
  for (const [key, declaration] of Object.entries(props.agents)) {
    if (awsPermissionsOf(declaration).length === 0) continue;
    const agent = { name: agentNameOf(key, declaration), namespace: declaration.namespace, declaration };
    identities[key] = new AgentIdentity(group, `${agent.namespace}-${agent.name}`, {
      clusterName: props.clusterName,
      agent,
      ...(props.cluster !== undefined && { cluster: props.cluster }),
      ...(props.oidcProvider !== undefined && { oidcProvider: props.oidcProvider }),
      ...(props.partition !== undefined && { partition: props.partition }),
      ...(props.tags !== undefined && { tags: props.tags }),
    });
  }
  return identities;
}
