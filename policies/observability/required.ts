import type { StackValidationPolicy } from "@pulumi/policy";
import { agentTemplates, type AgentTemplate } from "../lib/agents";
import { strictConfigSchema } from "../lib/config-schema";
import { owaspAgenticTop10 } from "../lib/frameworks";
import { describeObject } from "../lib/gateway";
import { labelledMonitors, monitoringRelease, prometheusObjects } from "../lib/observability";
import { containersOf, record } from "../lib/pod-templates";
import { LABELS, MONITORING } from "../lib/vocabulary";

const LISTED = 3;

/** True when a container of the agent's pod template has a port named `metrics`. */
function servesMetrics(agent: AgentTemplate): boolean {
  return containersOf(agent.template.spec).some(
    (ref) =>
      Array.isArray(ref.container.ports) && ref.container.ports.some((port: unknown) => record(port).name === MONITORING.metricsPort),
  );
}

/** `Deployment "a" in namespace "research", ... and 2 more`. */
function named(agents: readonly AgentTemplate[]): string {
  const more = agents.length > LISTED ? ` and ${agents.length - LISTED} more` : "";
  return `${agents
    .slice(0, LISTED)
    .map((a) => describeObject(a.template))
    .join(", ")}${more}`;
}

/**
 * An agent fleet nobody watches cannot be told apart from a rogue one: a stack with agents runs Prometheus, and
 * when agents serve metrics, a ServiceMonitor or PodMonitor that Prometheus selects scrapes them.
 */
export const observabilityRequired: StackValidationPolicy = {
  name: "agentcloud-observability-required",
  description:
    `A stack with agent pod templates (labelled ${LABELS.agent}, or in a Namespace labelled ${LABELS.tenant}) must ` +
    `hold monitoring: a Helm Release or Chart of ${MONITORING.chart} with Prometheus enabled, or a ` +
    "monitoring.coreos.com/v1 Prometheus. When any agent container has a port named " +
    `${MONITORING.metricsPort}, the stack must also hold a ServiceMonitor or PodMonitor labelled ${MONITORING.selectorLabel}.`,
  // Advisory: a stack policy sees only its own stack, and the fleet's monitoring may run in another one.
  enforcementLevel: "advisory",
  severity: "medium",
  configSchema: strictConfigSchema(),
  framework: owaspAgenticTop10("ASI10 Rogue Agents: monitor every agent fleet, so a rogue agent's behaviour is seen"),
  tags: ["owasp-agentic-top10:ASI10", "owasp-agentic-top10:ASI08", "nsa-cisa-k8s-hardening-1.2:logging-threat-detection"],
  remediationSteps:
    "Leave AgentCloud's observability on (the default; observability: false turns it off): it installs " +
    `${MONITORING.chart} and renders a PodMonitor for the agents that declare metrics. With hand-written objects, ` +
    `install ${MONITORING.chart} (or a prometheus-operator Prometheus) and a PodMonitor or ServiceMonitor labelled ` +
    `${MONITORING.selectorLabel}: "true" that selects the agents' ${MONITORING.metricsPort} port. When the monitoring ` +
    "runs in another stack, disable this policy for this one.",
  validateStack: (args, report) => {
    const agents = agentTemplates(args.resources);
    if (agents.length === 0) {
      return args.notApplicable(`No pod template is labelled ${LABELS.agent} or sits in a namespace labelled ${LABELS.tenant}`);
    }
    const monitored = args.resources.some((r) => {
      const release = monitoringRelease(r);
      if (release !== undefined) return release.chart === MONITORING.chart && record(release.values.prometheus).enabled !== false;
      return prometheusObjects(r).length > 0;
    });
    const who = agents.length === 1 ? "The stack has an agent" : `The stack has ${agents.length} agents`;
    if (!monitored) {
      report(
        `${who} (${named(agents)}) but no monitoring: no Helm release of ${MONITORING.chart} with Prometheus enabled ` +
          "and no monitoring.coreos.com/v1 Prometheus; leave AgentCloud's observability on, or install " +
          `${MONITORING.chart}.`,
      );
    }
    const scraped = agents.filter(servesMetrics);
    if (scraped.length > 0 && !args.resources.some((r) => labelledMonitors(r).length > 0)) {
      const serve = scraped.length === 1 ? "An agent serves" : `${scraped.length} agents serve`;
      report(
        `${serve} metrics on a port named ${MONITORING.metricsPort} (${named(scraped)}) but the stack has no ServiceMonitor ` +
          `or PodMonitor labelled ${MONITORING.selectorLabel}, so nothing scrapes them; declare the agents' metrics in ` +
          "AgentCloud with observability on (it renders the PodMonitor), or add one that selects them.",
      );
    }
  },
};
