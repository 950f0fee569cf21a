import { describe, expect, it } from "vitest";
import { observabilityRequired } from "../../../policies/observability/required";
import { invalidObjects } from "../../helpers/schema";
import { agentDeployment, list, messages, namespace, plainTemplate, registration, violations, workload } from "../helpers";
import { buildScrapeObjects } from "../../../components/kubernetes/observability/scrape";
import { builtRelease, grafanaRelease, metricsAgent, MONITORING_NS, podMonitor, prometheus, stackRelease } from "./objects";

const NO_MONITORING =
  "but no monitoring: no Helm release of kube-prometheus-stack with Prometheus enabled and no monitoring.coreos.com/v1 " +
  "Prometheus; leave AgentCloud's observability on, or install kube-prometheus-stack.";
const NO_MONITOR =
  "but the stack has no ServiceMonitor or PodMonitor labelled agentcloud.dev/monitoring, so nothing scrapes them; " +
  "declare the agents' metrics in AgentCloud with observability on (it renders the PodMonitor), or add one that selects them.";

describe("agentcloud-observability-required", () => {
  it("passes agents serving metrics with the release and the PodMonitors Observability renders", async () => {
    const monitors = buildScrapeObjects(
      { agents: [{ namespace: "apps", name: "coder", metrics: { port: 9464, path: "/metrics" } }] },
      MONITORING_NS,
    ).map(({ role, object }) =>
      registration(`kubernetes:monitoring.coreos.com/v1:${object.kind}`, role, object as unknown as Record<string, unknown>),
    );
    expect(monitors.length).toBeGreaterThan(0);
    expect(await messages(observabilityRequired, [metricsAgent("coder"), builtRelease(), ...monitors])).toEqual([]);
    expect(await messages(observabilityRequired, [metricsAgent("coder"), builtRelease()])).toEqual([
      `An agent serves metrics on a port named metrics (Deployment "coder" in namespace "apps") ${NO_MONITOR}`,
    ]);
  });

  it("passes agents with the monitoring stack, or a Prometheus resource, and the monitors of agents that serve metrics", async () => {
    const monitors = [podMonitor(), podMonitor("agents-svc", { "agentcloud.dev/monitoring": "true" }, "ServiceMonitor")];
    expect(await invalidObjects(monitors.map((m) => m.inputs as never))).toEqual([]);
    expect(await messages(observabilityRequired, [agentDeployment("coder"), stackRelease()])).toEqual([]);
    expect(await messages(observabilityRequired, [metricsAgent("coder"), prometheus(), monitors[0]])).toEqual([]);
    expect(await messages(observabilityRequired, [metricsAgent("coder"), stackRelease(), monitors[1]])).toEqual([]);
    const listed = list("kubernetes:monitoring.coreos.com/v1:PodMonitorList", "monitors", [podMonitor()]);
    expect(await messages(observabilityRequired, [metricsAgent("coder"), stackRelease(), listed])).toEqual([]);
  });

  it("is not applicable to a stack without agents", async () => {
    const web = workload("Deployment", "web", plainTemplate());
    expect(await violations([observabilityRequired], [web, namespace("apps"), grafanaRelease()])).toEqual([]);
  });

  it("flags agents without monitoring, naming three, as advisory with severity", async () => {
    const found = await violations([observabilityRequired], [agentDeployment("coder")]);
    expect(found.map((v) => [v.message, v.enforcementLevel, v.severity, v.urn])).toEqual([
      [`The stack has an agent (Deployment "coder" in namespace "apps") ${NO_MONITORING}`, "advisory", "medium", undefined],
    ]);
    const agents = ["a", "b", "c", "d"].map((n) => agentDeployment(n));
    const noPrometheus = stackRelease((v) => (v.prometheus.enabled = false));
    expect(await messages(observabilityRequired, [...agents, noPrometheus, grafanaRelease()])).toEqual([
      'The stack has 4 agents (Deployment "a" in namespace "apps", Deployment "b" in namespace "apps", Deployment "c" in ' +
        `namespace "apps" and 1 more) ${NO_MONITORING}`,
    ]);
  });

  it("flags agents serving metrics with no labelled PodMonitor or ServiceMonitor", async () => {
    const unlabelled = podMonitor("agents", { app: "agents" });
    expect(
      await messages(observabilityRequired, [metricsAgent("coder"), metricsAgent("other", "http-metrics"), stackRelease(), unlabelled]),
    ).toEqual([`An agent serves metrics on a port named metrics (Deployment "coder" in namespace "apps") ${NO_MONITOR}`]);
    expect(await messages(observabilityRequired, [metricsAgent("a"), metricsAgent("b")])).toEqual([
      `2 agents serve metrics on a port named metrics (Deployment "a" in namespace "apps", Deployment "b" in namespace "apps") ${NO_MONITOR}`,
      `The stack has 2 agents (Deployment "a" in namespace "apps", Deployment "b" in namespace "apps") ${NO_MONITORING}`,
    ]);
  });
});
