import { agentNameOf } from "../../blueprint/resolve";
import type { AgentDeclaration } from "../../blueprint/spec";
import { nestProblems, type ValidationProblem } from "../../validation/problems";
import { checkOneOf, isRecord } from "../../validation/values";
import {
  agentPermissionsPolicy,
  awsAgentIdentityMode,
  awsPermissionsOf,
  CDK_AWS_PARTITIONS,
  CDK_MAX_ROLE_INLINE_POLICY,
  type CdkAwsPartition,
} from "./names";

// The same checks and messages as components/aws/identity/validate.ts (which reaches @pulumi/pulumi), held equal by
// test/components/cdk/identity/validate.test.ts.

/** Longest IAM tag value. */
export const CDK_MAX_IAM_TAG_VALUE = 256;

/** Problems with an EKS cluster name given as a plain string. */
export function checkEksClusterName(argument: string, value: unknown): ValidationProblem[] {
  if (typeof value === "string" && /^[0-9A-Za-z][A-Za-z0-9_-]{0,99}$/.test(value)) return [];
  return [
    {
      argument,
      value,
      problem: "must be an EKS cluster name (1 to 100 letters, digits, '-' and '_', starting with a letter or digit)",
      fix: `use the cluster's name, e.g. "agentcloud"`,
    },
  ];
}

function checkAction(argument: string, action: string): ValidationProblem[] {
  if (action === "*" || /^[a-z0-9-]+:[A-Za-z0-9*?]+$/.test(action)) return [];
  return [{ argument, value: action, problem: `must be an IAM action "<service>:<Action>"`, fix: `use an action like "s3:GetObject"` }];
}

function checkResource(argument: string, resource: string, partition: CdkAwsPartition): ValidationProblem[] {
  if (resource === "*" || (resource.startsWith(`arn:${partition}:`) && resource.split(":").length >= 6)) return [];
  return [
    {
      argument,
      value: resource,
      problem: `must be an ARN in the ${partition} partition ("arn:${partition}:<service>:<region>:<account>:<resource>")`,
      fix: `use an ARN like "arn:${partition}:s3:::bucket/reports/latest.json"`,
    },
  ];
}

/**
 * Problems that would make an agent's role fail or differ from its declaration (arguments relative to the
 * declaration): IAM actions, ARNs in the partition, the broad-permissions reason as an IAM tag value, the inline
 * policy's size. The agent's own validation already rejects empty lists and unacknowledged wildcards.
 */
export function checkCdkAwsAgentDeclaration(declaration: AgentDeclaration, partition: CdkAwsPartition = "aws"): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  const all: unknown[] = Array.isArray(declaration.cloudPermissions) ? declaration.cloudPermissions : [];
  all.forEach((p, i) => {
    if (!isRecord(p) || p.cloud !== "aws") return;
    const actions: unknown[] = Array.isArray(p.actions) ? p.actions : [];
    const resources: unknown[] = Array.isArray(p.resources) ? p.resources : [];
    actions.forEach((a, j) => typeof a === "string" && problems.push(...checkAction(`cloudPermissions[${i}].actions[${j}]`, a)));
    resources.forEach(
      (r, j) => typeof r === "string" && problems.push(...checkResource(`cloudPermissions[${i}].resources[${j}]`, r, partition)),
    );
  });
  const reason: unknown = declaration.unsafeBroadCloudPermissions?.reason;
  if (typeof reason === "string" && (reason.length > CDK_MAX_IAM_TAG_VALUE || !/^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u.test(reason))) {
    problems.push({
      argument: "unsafeBroadCloudPermissions.reason",
      value: reason,
      problem: `must be a valid IAM tag value on AWS (at most ${CDK_MAX_IAM_TAG_VALUE} letters, digits, spaces and _ . : / = + - @)`,
      fix: "reword the reason without other punctuation",
    });
  }
  const size = agentPermissionsPolicy(awsPermissionsOf(declaration)).length;
  if (size > CDK_MAX_ROLE_INLINE_POLICY) {
    problems.push({
      argument: "cloudPermissions",
      value: `${size} characters`,
      problem: `make an IAM policy longer than the ${CDK_MAX_ROLE_INLINE_POLICY} characters IAM allows a role inline`,
      fix: "list fewer resources (a narrower prefix) or split the agent",
    });
  }
  return problems;
}

function partitionOf(value: unknown): CdkAwsPartition {
  return (CDK_AWS_PARTITIONS as readonly unknown[]).includes(value) ? (value as CdkAwsPartition) : "aws";
}

function commonProblems(props: Record<string, unknown>): ValidationProblem[] {
  const problems = checkEksClusterName("clusterName", props.clusterName);
  if (props.partition !== undefined) problems.push(...checkOneOf("partition", props.partition, CDK_AWS_PARTITIONS));
  if (props.tags !== undefined && (!isRecord(props.tags) || Object.values(props.tags).some((v) => typeof v !== "string"))) {
    problems.push({ argument: "tags", value: props.tags, problem: "must be an object of string values", fix: `use { team: "platform" }` });
  }
  return problems;
}

/** Problems with {@link AgentIdentityProps}: cluster name, the agent's AWS permissions and, for IRSA, the OIDC provider. */
export function validateAgentIdentityProps(props: unknown): ValidationProblem[] {
  if (!isRecord(props)) return [{ argument: "props", value: props, problem: "must be an object", fix: "pass { clusterName, agent }" }];
  const problems = commonProblems(props);
  const agent = props.agent;
  if (!isRecord(agent) || typeof agent.name !== "string" || typeof agent.namespace !== "string" || !isRecord(agent.declaration)) {
    return [
      ...problems,
      {
        argument: "agent",
        value: agent,
        problem: "must be { name, namespace, declaration }",
        fix: "pass the agent's name, namespace and declaration",
      },
    ];
  }
  const declaration = agent.declaration as unknown as AgentDeclaration;
  if (awsPermissionsOf(declaration).length === 0) {
    problems.push({
      argument: "agent.declaration.cloudPermissions",
      value: declaration.cloudPermissions,
      problem: `has no cloud: "aws" permission, so the agent needs no AWS role`,
      fix: `declare a cloud: "aws" permission, or create no AgentIdentity for this agent`,
    });
  }
  problems.push(...nestProblems("agent.declaration", checkCdkAwsAgentDeclaration(declaration, partitionOf(props.partition))));
  if (awsAgentIdentityMode(declaration) === "irsa" && props.oidcProvider === undefined) {
    problems.push({
      argument: "oidcProvider",
      value: undefined,
      problem: "is required for an agent under gVisor, which gets its AWS credentials through IRSA",
      fix: "pass the cluster's OIDC provider (AgentEksCluster's openIdConnectProvider)",
    });
  }
  return problems;
}

/** Problems with {@link AgentIdentitiesProps}: the cluster name once, then every agent with AWS permissions, by key. */
export function validateAgentIdentitiesProps(props: unknown): ValidationProblem[] {
  if (!isRecord(props))
    return [{ argument: "props", value: props, problem: "must be an object", fix: "pass { agents, clusterName, oidcProvider }" }];
  const problems = commonProblems(props);
  if (!isRecord(props.agents)) {
    return [
      ...problems,
      { argument: "agents", value: props.agents, problem: "must be an object keyed by agent name", fix: "pass the fleet's agents" },
    ];
  }
  const partition = partitionOf(props.partition);
  let irsa: string | undefined;
  for (const [key, d] of Object.entries(props.agents)) {
    if (!isRecord(d)) continue;
    const declaration = d as unknown as AgentDeclaration;
    if (awsPermissionsOf(declaration).length === 0) continue;
    problems.push(...nestProblems(`agents.${key}`, checkCdkAwsAgentDeclaration(declaration, partition)));
    if (awsAgentIdentityMode(declaration) === "irsa") irsa ??= agentNameOf(key, declaration);
  }
  if (irsa !== undefined && props.oidcProvider === undefined) {
    problems.push({
      argument: "oidcProvider",
      value: undefined,
      problem: `is required: agent "${irsa}" runs under gVisor and gets its AWS credentials through IRSA`,
      fix: "pass the cluster's OIDC provider (AgentEksCluster's openIdConnectProvider)",
    });
  }
  return problems;
}
