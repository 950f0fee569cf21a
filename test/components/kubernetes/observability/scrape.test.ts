import { describe, expect, it } from "vitest";
import { buildScrapeObjects } from "../../../../components/kubernetes/observability/scrape";
import { invalidObjects } from "../../../helpers/schema";

const LABELS = {
  "app.kubernetes.io/name": "agentcloud-monitoring",
  "app.kubernetes.io/component": "scrape",
  "app.kubernetes.io/part-of": "agentcloud",
  "app.kubernetes.io/managed-by": "agentcloud",
  "agentcloud.dev/monitoring": "true",
};
const NS = "agentcloud-monitoring";
const meta = (name: string) => ({ name, namespace: NS, labels: LABELS });
const NODE = { sourceLabels: ["__meta_kubernetes_pod_node_name"], targetLabel: "node", action: "replace" };
const AGENT = { sourceLabels: ["__meta_kubernetes_pod_label_agentcloud_dev_agent"], targetLabel: "agent", action: "replace" };
const metrics = (port: number, path = "/metrics") => ({ port, path });

const ALL = buildScrapeObjects(
  {
    gateway: { namespace: "agentcloud-gateway", name: "mcp-gateway" },
    cilium: { namespace: "kube-system", hubble: true },
    agentSandboxController: { namespace: "agent-sandbox-system" },
    dcgm: { namespace: "gpu-operator" },
    agents: [
      { namespace: "team-b", name: "writer", metrics: metrics(9100) },
      { namespace: "team-a", name: "coder", metrics: metrics(9100) },
      { namespace: "team-a", name: "reviewer", metrics: metrics(9090, "/stats/prometheus") },
      { namespace: "team-a", name: "planner", metrics: metrics(9100) },
    ],
  },
  NS,
);

describe("buildScrapeObjects", () => {
  it("renders nothing besides Kubernetes when nothing else is scraped", () => {
    expect(buildScrapeObjects({}, NS)).toEqual([]);
    expect(buildScrapeObjects({ agents: [] }, NS)).toEqual([]);
  });

  it("renders one PodMonitor per workload, all valid against the pinned CRD", async () => {
    expect(ALL.map((o) => o.role)).toEqual([
      "podmonitor-mcp-gateway",
      "podmonitor-cilium-agent",
      "podmonitor-cilium-operator",
      "podmonitor-hubble",
      "podmonitor-agent-sandbox-controller",
      "podmonitor-dcgm-exporter",
      "podmonitor-agents-team-a",
      "podmonitor-agents-team-b",
    ]);
    expect(await invalidObjects(ALL.map((o) => o.object))).toEqual([]);
  });

  it("scrapes the gateway's metrics port in its namespace", () => {
    expect(ALL[0].object).toEqual({
      apiVersion: "monitoring.coreos.com/v1",
      kind: "PodMonitor",
      metadata: meta("mcp-gateway"),
      spec: {
        namespaceSelector: { matchNames: ["agentcloud-gateway"] },
        selector: { matchLabels: { "app.kubernetes.io/name": "mcp-gateway", "app.kubernetes.io/component": "mcp-gateway" } },
        podMetricsEndpoints: [{ port: "metrics", path: "/metrics" }],
      },
    });
  });

  it("scrapes Cilium's agent, operator and Hubble on the chart's ports, with the node", () => {
    const specs = ALL.slice(1, 4).map((o) => o.object.spec);
    expect(specs).toEqual([
      {
        namespaceSelector: { matchNames: ["kube-system"] },
        selector: { matchLabels: { "k8s-app": "cilium" } },
        podMetricsEndpoints: [{ portNumber: 9962, path: "/metrics", relabelings: [NODE] }],
      },
      {
        namespaceSelector: { matchNames: ["kube-system"] },
        selector: { matchLabels: { "io.cilium/app": "operator" } },
        podMetricsEndpoints: [{ portNumber: 9963, path: "/metrics" }],
      },
      {
        namespaceSelector: { matchNames: ["kube-system"] },
        selector: { matchLabels: { "k8s-app": "cilium" } },
        podMetricsEndpoints: [{ portNumber: 9965, path: "/metrics", relabelings: [NODE] }],
      },
    ]);
    const noHubble = buildScrapeObjects({ cilium: { namespace: "kube-system", hubble: false } }, NS).map((o) => o.role);
    expect(noHubble).toEqual(["podmonitor-cilium-agent", "podmonitor-cilium-operator"]);
  });

  it("scrapes the sandbox controller and DCGM, whose pod labels name the GPU's holder", () => {
    expect(ALL[4].object.spec).toEqual({
      namespaceSelector: { matchNames: ["agent-sandbox-system"] },
      selector: {
        matchLabels: { "app.kubernetes.io/name": "agent-sandbox-controller", "app.kubernetes.io/component": "sandbox-controller" },
      },
      podMetricsEndpoints: [{ port: "metrics", path: "/metrics" }],
    });
    expect(ALL[5].object.spec).toEqual({
      namespaceSelector: { matchNames: ["gpu-operator"] },
      selector: { matchLabels: { app: "nvidia-dcgm-exporter" } },
      podMetricsEndpoints: [
        {
          portNumber: 9400,
          path: "/metrics",
          honorLabels: true,
          relabelings: [NODE, { regex: "pod|namespace|container", action: "labeldrop" }],
        },
      ],
    });
  });

  it("scrapes the agents of each namespace by name, one endpoint per path keeping only its agents", () => {
    expect(ALL[6].object).toEqual({
      apiVersion: "monitoring.coreos.com/v1",
      kind: "PodMonitor",
      metadata: meta("agents-team-a"),
      spec: {
        namespaceSelector: { matchNames: ["team-a"] },
        selector: { matchExpressions: [{ key: "agentcloud.dev/agent", operator: "In", values: ["coder", "planner", "reviewer"] }] },
        podMetricsEndpoints: [
          {
            port: "metrics",
            path: "/metrics",
            relabelings: [{ sourceLabels: AGENT.sourceLabels, regex: "coder|planner", action: "keep" }, AGENT],
          },
          {
            port: "metrics",
            path: "/stats/prometheus",
            relabelings: [{ sourceLabels: AGENT.sourceLabels, regex: "reviewer", action: "keep" }, AGENT],
          },
        ],
      },
    });
    expect(ALL[7].object.spec).toEqual({
      namespaceSelector: { matchNames: ["team-b"] },
      selector: { matchExpressions: [{ key: "agentcloud.dev/agent", operator: "In", values: ["writer"] }] },
      podMetricsEndpoints: [{ port: "metrics", path: "/metrics", relabelings: [AGENT] }],
    });
  });
});

describe("buildScrapeObjects: the audit shipper", () => {
  it("scrapes Fluent Bit's v2 metrics on its http port in the audit namespace, valid against the pinned CRD", async () => {
    const [monitor] = buildScrapeObjects({ auditShipper: { namespace: "agentcloud-audit" } }, NS);
    expect(monitor.role).toBe("podmonitor-audit-shipper");
    expect(monitor.object.spec).toEqual({
      namespaceSelector: { matchNames: ["agentcloud-audit"] },
      selector: { matchLabels: { "app.kubernetes.io/name": "fluent-bit", "app.kubernetes.io/instance": "agentcloud-audit" } },
      podMetricsEndpoints: [{ port: "http", path: "/api/v2/metrics/prometheus", relabelings: [NODE] }],
    });
    expect(await invalidObjects([monitor.object])).toEqual([]);
  });
});
