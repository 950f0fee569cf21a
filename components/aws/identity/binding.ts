import { createHash } from "node:crypto";
import type { AgentDeclaration, AgentIdentity as BoundIdentity, IdentityBinding, IdentityBindingTarget } from "../../blueprint/spec";
import type { CloudPermission } from "../../kubernetes/agent/spec";
import type { IdentityEndpoint } from "../../kubernetes/network/fabric";
import type { AwsAgentIdentityMode, AwsIdentityBindingArgs, AwsPartition } from "./spec";

/** The ServiceAccount annotation the EKS Pod Identity webhook reads for IRSA (amazon-eks-pod-identity-webhook README). */
export const IRSA_ROLE_ANNOTATION = "eks.amazonaws.com/role-arn";
/** The webhook's annotation that makes the SDKs call the regional STS endpoint (the one the fabric lets through). */
export const IRSA_REGIONAL_STS_ANNOTATION = "eks.amazonaws.com/sts-regional-endpoints";
/** The audience IRSA tokens carry and IRSA trust policies require. */
export const IRSA_AUDIENCE = "sts.amazonaws.com";
/** The EKS Pod Identity agent on IPv4 clusters (Amazon EKS User Guide, "Set up the Amazon EKS Pod Identity Agent"). */
export const POD_IDENTITY_ENDPOINT_IPV4: IdentityEndpoint = { address: "169.254.170.23", port: 80 };
/** The EKS Pod Identity agent on IPv6 clusters (same page: `[fd00:ec2::23]`). */
export const POD_IDENTITY_ENDPOINT_IPV6: IdentityEndpoint = { address: "fd00:ec2::23", port: 80 };
/** The service principal EKS Pod Identity assumes roles as. */
export const POD_IDENTITY_PRINCIPAL = "pods.eks.amazonaws.com";
/** Longest IAM role name. */
export const MAX_ROLE_NAME = 64;

const DNS_SUFFIX: Record<AwsPartition, string> = { aws: "amazonaws.com", "aws-cn": "amazonaws.com.cn", "aws-us-gov": "amazonaws.com" };

/** The AWS permissions of a declaration (`cloud: "aws"`); other clouds' are ignored. */
export function awsPermissionsOf(declaration: Pick<AgentDeclaration, "cloudPermissions">): CloudPermission[] {
  const all: unknown = declaration.cloudPermissions;
  return Array.isArray(all) ? (all as (CloudPermission | undefined)[]).filter((p): p is CloudPermission => p?.cloud === "aws") : [];
}

/**
 * IRSA under gVisor (the default sandbox), Pod Identity otherwise. gVisor's own network stack does not reach the Pod
 * Identity agent's link-local address on the node (aws/containers-roadmap#2383), while IRSA needs only a projected
 * token file and HTTPS to STS.
 */
export function awsAgentIdentityMode(declaration: Pick<AgentDeclaration, "sandbox">): AwsAgentIdentityMode {
  return (declaration.sandbox ?? "gvisor") === "gvisor" ? "irsa" : "pod-identity";
}

/**
 * The agent's IAM role name, unique per cluster, namespace and agent and at most 64 characters:
 * `<cluster>-<namespace>-<agent>` cut to 55 characters, then `-` and 8 hex digits of the SHA-256 of
 * `<cluster>/<namespace>/<agent>` (the readable part alone is ambiguous: names contain `-`).
 */
export function awsAgentRoleName(clusterName: string, namespace: string, agent: string): string {
  const hash = createHash("sha256").update(`${clusterName}/${namespace}/${agent}`).digest("hex").slice(0, 8);
  const readable = `${clusterName}-${namespace}-${agent}`.slice(0, MAX_ROLE_NAME - 9).replace(/[-_]+$/, "");
  return `${readable}-${hash}`;
}

/** `arn:<partition>:iam::<account>:role/<name>`. */
export function awsRoleArn(binding: AwsIdentityBindingArgs, roleName: string): string {
  return `arn:${binding.partition ?? "aws"}:iam::${binding.accountId}:role/${roleName}`;
}

/** The cluster's ARN, as Pod Identity tags sessions with it (`eks-cluster-arn`). */
export function awsClusterArn(binding: AwsIdentityBindingArgs): string {
  return `arn:${binding.partition ?? "aws"}:eks:${binding.region}:${binding.accountId}:cluster/${binding.clusterName}`;
}

/** The regional STS host IRSA agents exchange their token at. */
export function awsStsHost(binding: Pick<AwsIdentityBindingArgs, "region" | "partition">): string {
  return `sts.${binding.region}.${DNS_SUFFIX[binding.partition ?? "aws"]}`;
}

/** The Pod Identity agent's address on a cluster of this IP family. */
export function podIdentityEndpoints(binding: Pick<AwsIdentityBindingArgs, "ipFamily">): IdentityEndpoint[] {
  return [{ ...((binding.ipFamily ?? "ipv4") === "ipv6" ? POD_IDENTITY_ENDPOINT_IPV6 : POD_IDENTITY_ENDPOINT_IPV4) }];
}

/** What one agent gets from the binding (pure; {@link awsIdentityBinding}'s `bind`). */
export function bindAwsIdentity(binding: AwsIdentityBindingArgs, agent: IdentityBindingTarget): BoundIdentity {
  if (awsPermissionsOf(agent.declaration).length === 0) return {};
  if (awsAgentIdentityMode(agent.declaration) === "pod-identity") return { endpoints: podIdentityEndpoints(binding) };
  const roleName = awsAgentRoleName(binding.clusterName, agent.namespace, agent.name);
  return {
    serviceAccountAnnotations: { [IRSA_ROLE_ANNOTATION]: awsRoleArn(binding, roleName), [IRSA_REGIONAL_STS_ANNOTATION]: "true" },
    egress: [awsStsHost(binding)],
  };
}

/**
 * The EKS identity binding: agents with `cloud: "aws"` permissions get their own IAM role (created by
 * `AgentIdentity` / `agentIdentities` with the same arguments). Under gVisor (the default) IRSA: the role ARN on the
 * ServiceAccount and FQDN egress to the regional STS endpoint, no node endpoint. Otherwise EKS Pod Identity: the Pod
 * Identity agent's link-local endpoint for that agent only. Agents without AWS permissions get nothing, and the
 * binding itself opens no endpoint.
 */
export function awsIdentityBinding(args: AwsIdentityBindingArgs): IdentityBinding {
  const binding = { ...args };
  return { bind: (agent) => bindAwsIdentity(binding, agent), endpoints: [] };
}
