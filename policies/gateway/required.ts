import type { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { agentTemplates, type AgentTemplate } from "../lib/agents";
import { strictConfigSchema } from "../lib/config-schema";
import { owaspAgenticTop10 } from "../lib/frameworks";
import { describeObject, hasGatewayConfig, isGatewayLabelled, objectsOf } from "../lib/gateway";
import { containersOf, record } from "../lib/pod-templates";
import { ANNOTATIONS, GATEWAY, LABELS } from "../lib/vocabulary";

const DEPLOYMENT = { apps: { Deployment: true } } as const;
const LISTED = 3;

/** True when the agent's declaration annotation (on the pod template, else on the workload) lists tool grants. */
function declaresTools(agent: AgentTemplate): boolean {
  const own = agent.template.metadata.annotations?.[ANNOTATIONS.declaration];
  const value = own ?? record(record(record(agent.resource.props).metadata).annotations)[ANNOTATIONS.declaration];
  if (typeof value !== "string") return false;
  try {
    const tools = record(JSON.parse(value) as unknown).tools;
    return Array.isArray(tools) && tools.length > 0;
  } catch {
    return false;
  }
}

/** True when a container of the pod template sets the gateway's MCP URL variable (a value or a reference). */
function setsMcpUrl(agent: AgentTemplate): boolean {
  return containersOf(agent.template.spec)
    .filter((ref) => ref.role === "container")
    .some((ref) =>
      (Array.isArray(ref.container.env) ? ref.container.env : []).some((item: unknown) => {
        const env = record(item);
        return env.name === GATEWAY.mcpUrlEnv && ((typeof env.value === "string" && env.value !== "") || env.valueFrom != null);
      }),
    );
}

function describeAgent(agent: AgentTemplate): string {
  return describeObject(agent.template);
}

function hasGatewayDeployment(resources: readonly PolicyResource[]): boolean {
  return resources.some((r) => objectsOf(r, DEPLOYMENT).some((d) => isGatewayLabelled(d.labels)));
}

/**
 * Tool calls are governed only when they pass the gateway: a stack whose agents declare tools must run it (its
 * Deployment and its config), and each such agent must be told where it is.
 */
export const required: StackValidationPolicy = {
  name: "agentcloud-gateway-required",
  description:
    `When any agent pod template (labelled ${LABELS.agent}, or in a Namespace labelled ${LABELS.tenant}) declares tools in ` +
    `its ${ANNOTATIONS.declaration} annotation, the stack must hold the MCP gateway: a Deployment and a ConfigMap with ` +
    `data key ${GATEWAY.configKey}, both labelled ${LABELS.component}: ${GATEWAY.component}; and each such agent must ` +
    `set ${GATEWAY.mcpUrlEnv} in a container, so its tool calls go through the gateway.`,
  enforcementLevel: "mandatory",
  severity: "high",
  configSchema: strictConfigSchema(),
  framework: owaspAgenticTop10("ASI02 Tool Misuse and Exploitation: every tool call passes an authenticating, authorising gateway"),
  tags: ["owasp-agentic-top10:ASI02", "owasp-agentic-top10:ASI03"],
  remediationSteps:
    "Declare the fleet's tools (the tool registry) in AgentCloud, which renders the McpGateway and sets " +
    `${GATEWAY.mcpUrlEnv} in every agent with tool grants; with hand-written objects, deploy agentgateway labelled ` +
    `${LABELS.component}: ${GATEWAY.component} with its config ConfigMap, and set ${GATEWAY.mcpUrlEnv} to ` +
    "http://<gateway>.<namespace>.svc.cluster.local:<port>/mcp in each agent that declares tools.",
  validateStack: (args, report) => {
    const agents = agentTemplates(args.resources).filter(declaresTools);
    if (agents.length === 0) {
      return args.notApplicable(`No agent pod template declares tools in its ${ANNOTATIONS.declaration} annotation`);
    }
    const named = agents.slice(0, LISTED).map(describeAgent).join(", ");
    const more = agents.length > LISTED ? ` and ${agents.length - LISTED} more` : "";
    const who = `${agents.length === 1 ? "An agent declares" : `${agents.length} agents declare`} tools (${named}${more})`;
    const fix = "declare the tool registry in AgentCloud so it renders the McpGateway, or deploy agentgateway with that label";
    if (!hasGatewayDeployment(args.resources)) {
      report(`${who} but the stack has no MCP gateway Deployment labelled ${LABELS.component}: ${GATEWAY.component}; ${fix}.`);
    }
    if (!hasGatewayConfig(args.resources)) {
      report(
        `${who} but the stack has no MCP gateway config (a ConfigMap labelled ${LABELS.component}: ${GATEWAY.component} ` +
          `with data key ${GATEWAY.configKey}); ${fix}.`,
      );
    }
    for (const agent of agents) {
      if (setsMcpUrl(agent)) continue;
      report(
        `${describeAgent(agent)} declares tools but no container sets ${GATEWAY.mcpUrlEnv}, so its tool calls would not go ` +
          "through the gateway; set it to the gateway's MCP URL (agentcloud does when the platform has a gateway).",
        agent.resource.urn,
      );
    }
  },
};
