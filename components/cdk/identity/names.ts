import { createHash } from "node:crypto";
import type { AgentDeclaration, AgentIdentity as BoundIdentity, IdentityBinding, IdentityBindingTarget } from "../../blueprint/spec";
import type { CloudPermission } from "../../kubernetes/agent/spec";
import type { IdentityEndpoint } from "../../kubernetes/network/fabric";
import { AWS_TAGS } from "../../vocabulary";

// Pulumi-free copies of components/aws/identity/{binding,policies,spec}.ts (those reach @pulumi/pulumi through a
// type-only import in spec.ts). test/components/cdk/identity/names.test.ts holds them equal to the originals.

/** AWS partitions agentcloud names ARNs and endpoints in. */
export const CDK_AWS_PARTITIONS = ["aws", "aws-cn", "aws-us-gov"] as const;
/** An AWS partition: one of {@link CDK_AWS_PARTITIONS}. */
export type CdkAwsPartition = (typeof CDK_AWS_PARTITIONS)[number];
/** IP families of an EKS cluster. */
export const CDK_AWS_IP_FAMILIES = ["ipv4", "ipv6"] as const;
/** An EKS cluster's IP family: one of {@link CDK_AWS_IP_FAMILIES}. */
export type CdkAwsIpFamily = (typeof CDK_AWS_IP_FAMILIES)[number];
/** How an agent's pods get AWS credentials: IRSA (gVisor) or EKS Pod Identity (every other sandbox). */
export type CdkAgentIdentityMode = "irsa" | "pod-identity";

/** The ServiceAccount annotation the EKS Pod Identity webhook reads for IRSA. */
export const CDK_IRSA_ROLE_ANNOTATION = "eks.amazonaws.com/role-arn";
/** The webhook's annotation that makes the SDKs call the regional STS endpoint. */
export const CDK_IRSA_REGIONAL_STS_ANNOTATION = "eks.amazonaws.com/sts-regional-endpoints";
/** The audience IRSA tokens carry and IRSA trust policies require. */
export const CDK_IRSA_AUDIENCE = "sts.amazonaws.com";
/** The service principal EKS Pod Identity assumes roles as. */
export const CDK_POD_IDENTITY_PRINCIPAL = "pods.eks.amazonaws.com";
/** The inline policy's name on every agent role. */
export const CDK_AGENT_POLICY_NAME = "agentcloud-agent-permissions";
/** Longest an agent role's session lasts, in seconds (IAM's minimum, one hour). */
export const CDK_AGENT_ROLE_MAX_SESSION_SECONDS = 3600;
/** Longest inline policy of a role (IAM quotas: 10,240 characters). */
export const CDK_MAX_ROLE_INLINE_POLICY = 10240;
/** Longest IAM role name. */
const MAX_ROLE_NAME = 64;

const DNS_SUFFIX: Record<CdkAwsPartition, string> = { aws: "amazonaws.com", "aws-cn": "amazonaws.com.cn", "aws-us-gov": "amazonaws.com" };
const POD_IDENTITY_IPV4: IdentityEndpoint = { address: "169.254.170.23", port: 80 };
const POD_IDENTITY_IPV6: IdentityEndpoint = { address: "fd00:ec2::23", port: 80 };

/** Where agents' roles live, as plain strings (what `awsIdentityBinding` takes on the Pulumi side). */
export interface CdkAwsIdentityBindingArgs {
  /** The AWS account id (12 digits) the roles are created in. */
  accountId: string;
  /** The cluster's region, e.g. `eu-west-1`. */
  region: string;
  /** The EKS cluster's explicit name: part of every role name. */
  clusterName: string;
  /**
   * The partition ARNs and endpoints are in.
   * @default "aws"
   */
  partition?: CdkAwsPartition;
  /**
   * The cluster's IP family: on `ipv6` clusters Pod Identity agents reach the agent at `fd00:ec2::23`.
   * @default "ipv4"
   */
  ipFamily?: CdkAwsIpFamily;
}

/** The AWS permissions of a declaration (`cloud: "aws"`); other clouds' are ignored. */
export function awsPermissionsOf(declaration: Pick<AgentDeclaration, "cloudPermissions">): CloudPermission[] {
  const all: unknown = declaration.cloudPermissions;
  return Array.isArray(all) ? (all as (CloudPermission | undefined)[]).filter((p): p is CloudPermission => p?.cloud === "aws") : [];
}

/** IRSA under gVisor (the default sandbox: its network stack does not reach the Pod Identity agent), Pod Identity otherwise. */
export function awsAgentIdentityMode(declaration: Pick<AgentDeclaration, "sandbox">): CdkAgentIdentityMode {
  return (declaration.sandbox ?? "gvisor") === "gvisor" ? "irsa" : "pod-identity";
}

/** The agent's IAM role name: `<cluster>-<namespace>-<agent>` cut to 55 characters, `-`, 8 hex digits of a SHA-256. */
export function awsAgentRoleName(clusterName: string, namespace: string, agent: string): string {
  const hash = createHash("sha256").update(`${clusterName}/${namespace}/${agent}`).digest("hex").slice(0, 8);
  const readable = `${clusterName}-${namespace}-${agent}`.slice(0, MAX_ROLE_NAME - 9).replace(/[-_]+$/, "");
  return `${readable}-${hash}`;
}

/** The role's inline policy: one Allow statement per declared permission, exactly its actions and resources. */
export function agentPermissionsPolicy(permissions: readonly CloudPermission[]): string {
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: permissions.map((p, i) => ({ Sid: `Permission${i}`, Effect: "Allow", Action: [...p.actions], Resource: [...p.resources] })),
  });
}

/** What one agent gets from the binding: the same as the Pulumi side's `bindAwsIdentity`. */
export function bindCdkAwsIdentity(binding: CdkAwsIdentityBindingArgs, agent: IdentityBindingTarget): BoundIdentity {
  if (awsPermissionsOf(agent.declaration).length === 0) return {};
  const partition = binding.partition ?? "aws";
  if (awsAgentIdentityMode(agent.declaration) === "pod-identity") {
    return { endpoints: [{ ...((binding.ipFamily ?? "ipv4") === "ipv6" ? POD_IDENTITY_IPV6 : POD_IDENTITY_IPV4) }] };
  }
  const roleName = awsAgentRoleName(binding.clusterName, agent.namespace, agent.name);
  return {
    serviceAccountAnnotations: {
      [CDK_IRSA_ROLE_ANNOTATION]: `arn:${partition}:iam::${binding.accountId}:role/${roleName}`,
      [CDK_IRSA_REGIONAL_STS_ANNOTATION]: "true",
    },
    egress: [`sts.${binding.region}.${DNS_SUFFIX[partition]}`],
  };
}

/**
 * The EKS identity binding for a CDK fleet, the same as the Pulumi side's `awsIdentityBinding`: IRSA agents get their
 * role's ARN on the ServiceAccount and egress to the regional STS endpoint, Pod Identity agents the Pod Identity
 * agent's endpoint, agents without AWS permissions nothing. Account and region must be plain strings (not tokens):
 * they end up in Kubernetes objects built before synthesis.
 */
export function cdkAwsIdentityBinding(args: CdkAwsIdentityBindingArgs): IdentityBinding {
  const binding = { ...args };
  return { bind: (agent) => bindCdkAwsIdentity(binding, agent), endpoints: [] };
}

/**
 * Extra tags without agentcloud's own keys (`AWS_TAGS`): those are set by the constructs alone, so an extra tag can
 * neither fake a wildcard acknowledgement nor put the audit tag on a bucket that is not the audit bucket.
 */
export function extraTags(tags: Readonly<Record<string, string>> | undefined): [string, string][] {
  const reserved: readonly string[] = Object.values(AWS_TAGS);
  return Object.entries(tags ?? {}).filter(([key]) => !reserved.includes(key));
}
