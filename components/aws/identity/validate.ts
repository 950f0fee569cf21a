import type { AgentDeclaration } from "../../blueprint/spec";
import { nestProblems, type ValidationProblem } from "../../validation/problems";
import { checkOneOf, isRecord } from "../../validation/values";
import { agentNameOf } from "../../blueprint/resolve";
import { awsAgentIdentityMode, awsPermissionsOf } from "./binding";
import { agentPermissionsPolicy, MAX_ROLE_INLINE_POLICY } from "./policies";
import { AWS_IP_FAMILIES, AWS_PARTITIONS, type AwsPartition } from "./spec";

/** Longest IAM tag value. */
export const MAX_IAM_TAG_VALUE = 256;

/** Problems with an AWS account id (12 digits). */
export function checkAwsAccountId(argument: string, value: unknown): ValidationProblem[] {
  if (typeof value === "string" && /^\d{12}$/.test(value)) return [];
  return [
    {
      argument,
      value,
      problem: "must be a 12-digit AWS account id",
      fix: `use the account's id, e.g. "123456789012" from getCallerIdentity()`,
    },
  ];
}

/** Problems with an AWS region name (`eu-west-1`, `us-gov-west-1`). */
export function checkAwsRegion(argument: string, value: unknown): ValidationProblem[] {
  if (typeof value === "string" && /^[a-z]{2}(-[a-z]+)+-\d+$/.test(value)) return [];
  return [{ argument, value, problem: "must be an AWS region name", fix: `use a region like "eu-west-1"` }];
}

/** Problems with the binding's arguments (account, region, cluster name, partition, IP family). */
export function validateAwsIdentityBindingArgs(args: unknown): ValidationProblem[] {
  if (!isRecord(args)) {
    return [{ argument: "binding", value: args, problem: "must be an object", fix: `use { accountId, region, clusterName }` }];
  }
  const problems: ValidationProblem[] = [];
  problems.push(...checkAwsAccountId("accountId", args.accountId), ...checkAwsRegion("region", args.region));
  if (typeof args.clusterName !== "string" || !/^[0-9A-Za-z][A-Za-z0-9_-]{0,99}$/.test(args.clusterName)) {
    problems.push({
      argument: "clusterName",
      value: args.clusterName,
      problem: "must be an EKS cluster name (1 to 100 letters, digits, '-' and '_', starting with a letter or digit)",
      fix: `use the cluster's name, e.g. "agentcloud"`,
    });
  }
  if (args.partition !== undefined) problems.push(...checkOneOf("partition", args.partition, AWS_PARTITIONS));
  if (args.ipFamily !== undefined) problems.push(...checkOneOf("ipFamily", args.ipFamily, AWS_IP_FAMILIES));
  return problems;
}

// IAM: `service:Action`, wildcards allowed (the agent's own checks require their acknowledgement), or `*`.
function checkAction(argument: string, action: string): ValidationProblem[] {
  if (action === "*" || /^[a-z0-9-]+:[A-Za-z0-9*?]+$/.test(action)) return [];
  return [{ argument, value: action, problem: `must be an IAM action "<service>:<Action>"`, fix: `use an action like "s3:GetObject"` }];
}

function checkResource(argument: string, resource: string, partition: AwsPartition): ValidationProblem[] {
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
 * Problems that would make an agent's AWS role fail or differ from its declaration, with arguments relative to the
 * declaration: actions and resources IAM accepts (ARNs in the binding's partition), the broad-permissions reason as a
 * valid IAM tag value, and an inline policy within IAM's size limit. The agent's own validation already rejects
 * empty lists and unacknowledged wildcards.
 */
export function checkAwsAgentDeclaration(declaration: AgentDeclaration, partition: AwsPartition = "aws"): ValidationProblem[] {
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
  if (typeof reason === "string" && (reason.length > MAX_IAM_TAG_VALUE || !/^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u.test(reason))) {
    problems.push({
      argument: "unsafeBroadCloudPermissions.reason",
      value: reason,
      problem: `must be a valid IAM tag value on AWS (at most ${MAX_IAM_TAG_VALUE} letters, digits, spaces and _ . : / = + - @)`,
      fix: "reword the reason without other punctuation",
    });
  }
  const size = agentPermissionsPolicy(awsPermissionsOf(declaration)).length;
  if (size > MAX_ROLE_INLINE_POLICY) {
    problems.push({
      argument: "cloudPermissions",
      value: `${size} characters`,
      problem: `make an IAM policy longer than the ${MAX_ROLE_INLINE_POLICY} characters IAM allows a role inline`,
      fix: "list fewer resources (a narrower prefix) or split the agent",
    });
  }
  return problems;
}

/** The binding's partition when it is a valid one (a bad one is reported with the binding), else `aws`. */
function partitionOf(binding: unknown): AwsPartition {
  const given = isRecord(binding) ? binding.partition : undefined;
  return (AWS_PARTITIONS as readonly unknown[]).includes(given) ? (given as AwsPartition) : "aws";
}

/** A plain OIDC provider ARN must name one (an Output is checked when it resolves). */
function checkOidcProviderArn(value: unknown): ValidationProblem[] {
  if (typeof value !== "string" || value === "" || /^arn:[a-z-]+:iam::\d{12}:oidc-provider\/./.test(value)) return [];
  return [
    {
      argument: "oidcProviderArn",
      value,
      problem: "must be an IAM OIDC provider ARN",
      fix: `pass the cluster's iam.OpenIdConnectProvider arn ("arn:aws:iam::123456789012:oidc-provider/oidc.eks...")`,
    },
  ];
}

function hasProvider(value: unknown): boolean {
  return value !== undefined && value !== null && value !== "";
}

/** Problems with {@link AgentIdentityArgs}: the binding, the agent's AWS permissions and, for IRSA, the OIDC provider. */
export function validateAgentIdentityArgs(args: unknown): ValidationProblem[] {
  if (!isRecord(args)) return [{ argument: "args", value: args, problem: "must be an object", fix: "pass { binding, agent }" }];
  const problems = nestProblems("binding", validateAwsIdentityBindingArgs(args.binding));
  const agent = args.agent;
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
  problems.push(...nestProblems("agent.declaration", checkAwsAgentDeclaration(declaration, partitionOf(args.binding))));
  problems.push(...checkOidcProviderArn(args.oidcProviderArn));
  if (awsAgentIdentityMode(declaration) === "irsa" && !hasProvider(args.oidcProviderArn)) {
    problems.push({
      argument: "oidcProviderArn",
      value: args.oidcProviderArn,
      problem: "is required for an agent under gVisor, which gets its AWS credentials through IRSA",
      fix: "pass the cluster's iam.OpenIdConnectProvider arn",
    });
  }
  return problems;
}

/** Problems with {@link AgentIdentitiesArgs}: the binding once, then every agent with AWS permissions, by key. */
export function validateAgentIdentitiesArgs(args: unknown): ValidationProblem[] {
  if (!isRecord(args))
    return [{ argument: "args", value: args, problem: "must be an object", fix: "pass { agents, binding, oidcProviderArn }" }];
  const problems = nestProblems("binding", validateAwsIdentityBindingArgs(args.binding));
  if (!isRecord(args.agents)) {
    return [
      ...problems,
      { argument: "agents", value: args.agents, problem: "must be an object keyed by agent name", fix: "pass the fleet's agents" },
    ];
  }
  const partition = partitionOf(args.binding);
  let irsa: string | undefined;
  for (const [key, d] of Object.entries(args.agents)) {
    if (!isRecord(d)) continue;
    const declaration = d as unknown as AgentDeclaration;
    if (awsPermissionsOf(declaration).length === 0) continue;
    problems.push(...nestProblems(`agents.${key}`, checkAwsAgentDeclaration(declaration, partition)));
    if (awsAgentIdentityMode(declaration) === "irsa") irsa ??= agentNameOf(key, declaration);
  }
  problems.push(...checkOidcProviderArn(args.oidcProviderArn));
  if (irsa !== undefined && !hasProvider(args.oidcProviderArn)) {
    problems.push({
      argument: "oidcProviderArn",
      value: args.oidcProviderArn,
      problem: `is required: agent "${irsa}" runs under gVisor and gets its AWS credentials through IRSA`,
      fix: "pass the cluster's iam.OpenIdConnectProvider arn",
    });
  }
  return problems;
}
