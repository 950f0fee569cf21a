import type { DashboardDefinition } from "./types";

// Hubble's drop metric (cilium v1.20.0, Documentation/observability/metrics.rst): hubble_drop_total{reason, protocol}
// plus the labels its `labelsContext` option names; agentcloud's Cilium values turn on source_namespace,
// source_workload and traffic_direction among them (network/cilium-values.ts HUBBLE_METRICS). An agent's workload is
// its Deployment or StatefulSet, named after the agent; no pod labels (bounded series).
const PER_AGENT = "source_namespace, source_workload";
/** Grafana custom unit (`suffix:`): Grafana has no flow rate unit. */
const FLOWS_PER_SECOND = "suffix: flows/s";

/** Network: which agents have flows dropped, and why; denied egress is a signal. */
export const NETWORK_DASHBOARD: DashboardDefinition = {
  key: "network",
  uid: "agentcloud-network",
  title: "agentcloud / Network drops",
  description:
    "Flows the network fabric dropped, per agent (source workload) and drop reason; policy-denied egress is an agent reaching for what it was not granted.",
  requires: "hubble",
  panels: [
    {
      title: "Dropped flows",
      description: "Flows dropped per second, all reasons.",
      kind: "stat",
      unit: FLOWS_PER_SECOND,
      width: 6,
      height: 6,
      source: "hubble",
      queries: [{ expr: `sum(rate(hubble_drop_total[5m]))`, legend: "dropped" }],
    },
    {
      title: "Dropped flows by reason",
      description: "Drop reasons (POLICY_DENIED is a network policy; others are datapath problems).",
      kind: "timeseries",
      unit: FLOWS_PER_SECOND,
      width: 18,
      height: 6,
      source: "hubble",
      stacked: true,
      queries: [{ expr: `sum by (reason) (rate(hubble_drop_total[5m]))`, legend: "{{reason}}" }],
    },
    {
      title: "Denied egress per agent",
      description: "Egress flows a policy denied, per source workload: an agent trying to reach a host or peer it was not granted.",
      kind: "timeseries",
      unit: FLOWS_PER_SECOND,
      width: 12,
      height: 8,
      source: "hubble",
      queries: [
        {
          expr: `sum by (${PER_AGENT}) (rate(hubble_drop_total{reason="POLICY_DENIED", traffic_direction="egress"}[5m]))`,
          legend: "{{source_namespace}}/{{source_workload}}",
        },
      ],
    },
    {
      title: "Dropped flows per agent and reason",
      description: "All drops per source workload and reason.",
      kind: "timeseries",
      unit: FLOWS_PER_SECOND,
      width: 12,
      height: 8,
      source: "hubble",
      queries: [
        {
          expr: `sum by (${PER_AGENT}, reason) (rate(hubble_drop_total{source_workload!=""}[5m]))`,
          legend: "{{source_namespace}}/{{source_workload}} {{reason}}",
        },
      ],
    },
    {
      title: "Most dropping agents (1 h)",
      description: "The 20 source workloads with the most dropped flows over the last hour, by reason.",
      kind: "table",
      unit: "short",
      width: 12,
      height: 8,
      source: "hubble",
      queries: [{ expr: `topk(20, sum by (${PER_AGENT}, reason) (increase(hubble_drop_total[1h])))`, legend: "", instant: true }],
    },
    {
      title: "Datapath drops by reason",
      description: "Packets the Cilium datapath dropped, by reason and direction (cilium-agent's own counter, all traffic).",
      kind: "timeseries",
      unit: "pps",
      width: 12,
      height: 8,
      source: "cilium",
      queries: [{ expr: `sum by (reason, direction) (rate(cilium_drop_count_total[5m]))`, legend: "{{reason}} {{direction}}" }],
    },
  ],
};
