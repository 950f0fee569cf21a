import type { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { agentTemplates, type AgentTemplate } from "../lib/agents";
import { strictConfigSchema } from "../lib/config-schema";
import { owaspAgenticTop10 } from "../lib/frameworks";
import { describeObject, hasGatewayConfig, isGatewayLabelled, objectsOf } from "../lib/gateway";
import { containersOf, record } from "../lib/pod-templates";
import { ANNOTATIONS, GATEWAY, LABELS } from "../lib/vocabulary";

const DEPLOYMENT = { apps: { Deployment: true } } as const;
const SERVICE = { core: { Service: true } } as const;
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

/** The values of the gateway's MCP URL variable in the pod template's containers (`""` for a reference or an empty value). */
function mcpUrls(agent: AgentTemplate): string[] {
  return containersOf(agent.template.spec)
    .filter((ref) => ref.role === "container")
    .flatMap((ref) => (Array.isArray(ref.container.env) ? ref.container.env : []).map((item: unknown) => record(item)))
    .filter((env) => env.name === GATEWAY.mcpUrlEnv && ((typeof env.value === "string" && env.value !== "") || env.valueFrom != null))
    .map((env) => (typeof env.value === "string" ? env.value : ""));
}

/** The gateway Services of the stack: `<name>.<namespace>` each (the in-cluster host is that plus `.svc[.<domain>]`). */
function gatewayServices(resources: readonly PolicyResource[]): string[] {
  return resources
    .flatMap((r) => objectsOf(r, SERVICE))
    .filter((s) => isGatewayLabelled(s.labels))
    .map((s) => `${s.name}.${s.namespace ?? "default"}`);
}

/** True when the URL's host is one of the Services (`<name>.<namespace>`, optionally `.svc` and a cluster domain). */
function reachesGateway(url: string, services: readonly string[]): boolean {
  const host = /^https?:\/\/([^/:?#]+)/i.exec(url)?.[1]?.toLowerCase().replace(/\.$/, "");
  return host !== undefined && services.some((s) => host === s || host === `${s}.svc` || host.startsWith(`${s}.svc.`));
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
    `set ${GATEWAY.mcpUrlEnv} in a container, to a URL on the gateway's Service when the stack has one, so its tool ` +
    "calls go through the gateway.",
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
    const services = gatewayServices(args.resources);
    for (const agent of agents) {
      const urls = mcpUrls(agent);
      if (urls.length === 0) {
        report(
          `${describeAgent(agent)} declares tools but no container sets ${GATEWAY.mcpUrlEnv}, so its tool calls would not go ` +
            "through the gateway; set it to the gateway's MCP URL (agentcloud does when the platform has a gateway).",
          agent.resource.urn,
        );
      } else if (services.length > 0 && urls.some((url) => url !== "" && !reachesGateway(url, services))) {
        report(
          `${describeAgent(agent)} declares tools but sets ${GATEWAY.mcpUrlEnv} to a URL whose host is not the gateway's ` +
            `Service (${services.map((s) => `${s}.svc`).join(", ")}); set it to the gateway's MCP URL.`,
          agent.resource.urn,
        );
      }
    }
  },
};
