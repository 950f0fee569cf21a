import { agentNameOf } from "../../blueprint/resolve";
import type { AgentDeclaration } from "../../blueprint/spec";
import { nestProblems, type ValidationProblem } from "../../validation/problems";
import { checkOneOf, isRecord } from "../../validation/values";
import { checkAwsAgentDeclaration } from "../../aws/identity/validate";
import { awsAgentIdentityMode, awsPermissionsOf, CDK_AWS_PARTITIONS, type CdkAwsPartition } from "./names";

// The agent checks are the Pulumi side's (components/aws/identity/validate.ts reaches no Pulumi): one implementation.
export { MAX_IAM_TAG_VALUE as CDK_MAX_IAM_TAG_VALUE } from "../../aws/identity/validate";

/** The Pulumi side's `checkAwsAgentDeclaration`, under the name the CDK constructs use. */
export const checkCdkAwsAgentDeclaration = checkAwsAgentDeclaration;

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
