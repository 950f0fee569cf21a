import type { DashboardDefinition } from "./types";

// agentgateway v1.4.1 (crates/agentgateway/src/telemetry/metrics.rs, log.rs): agentgateway_mcp_requests_total has
// method, resource_type, server, resource; the gateway's config adds agent (token subject) and decision
// (allow, deny, error) to every request metric (components/kubernetes/mcp-gateway/config.ts).
const CALLS = `agentgateway_mcp_requests_total{method="tools/call"}`;
const DENIED = `agentgateway_mcp_requests_total{method="tools/call", decision="deny"}`;
const ALLOWED = `agentgateway_mcp_requests_total{method="tools/call", decision="allow"}`;

function latency(quantile: number, by: string): string {
  return `histogram_quantile(${quantile}, sum by (${by}) (rate(agentgateway_request_duration_seconds_bucket[5m])))`;
}

/** Tool calls through the MCP gateway: who calls which tool, how often it is denied, how long calls take. */
export const TOOLS_DASHBOARD: DashboardDefinition = {
  key: "tools",
  uid: "agentcloud-tools",
  title: "agentcloud / Tool calls",
  description: "MCP tool calls through the gateway: allowed and denied per agent and tool, denial share, latency.",
  requires: "gateway",
  panels: [
    {
      title: "Tool calls",
      description: "tools/call requests per second through the gateway.",
      kind: "stat",
      unit: "reqps",
      width: 6,
      height: 6,
      source: "gateway",
      queries: [{ expr: `sum(rate(${CALLS}[5m]))`, legend: "calls" }],
    },
    {
      title: "Denied share",
      description: "Share of tool calls the gateway denied (no or bad token, or no grant for the tool).",
      kind: "stat",
      unit: "percentunit",
      width: 6,
      height: 6,
      source: "gateway",
      queries: [{ expr: `sum(rate(${DENIED}[5m])) / sum(rate(${CALLS}[5m]))`, legend: "denied" }],
    },
    {
      title: "Tool calls by decision",
      description: "allow, deny (401/403 from the gateway), error (the tool server failed).",
      kind: "timeseries",
      unit: "reqps",
      width: 12,
      height: 6,
      source: "gateway",
      stacked: true,
      queries: [{ expr: `sum by (decision) (rate(${CALLS}[5m]))`, legend: "{{decision}}" }],
    },
    {
      title: "Allowed calls per agent and tool",
      description: "Allowed tool calls per second, by calling agent (token subject), server and tool.",
      kind: "timeseries",
      unit: "reqps",
      width: 12,
      height: 8,
      source: "gateway",
      queries: [{ expr: `sum by (agent, server, resource) (rate(${ALLOWED}[5m]))`, legend: "{{agent}} → {{server}}/{{resource}}" }],
    },
    {
      title: "Denied calls per agent and tool",
      description: "Denied tool calls per second: an agent calling a tool it was not granted, or without a valid token (agent `unknown`).",
      kind: "timeseries",
      unit: "reqps",
      width: 12,
      height: 8,
      source: "gateway",
      queries: [{ expr: `sum by (agent, server, resource) (rate(${DENIED}[5m]))`, legend: "{{agent}} → {{server}}/{{resource}}" }],
    },
    {
      title: "Most denied agent and tool pairs (1 h)",
      description: "The 20 agent and tool pairs with the most denials over the last hour.",
      kind: "table",
      unit: "short",
      width: 12,
      height: 8,
      source: "gateway",
      queries: [{ expr: `topk(20, sum by (agent, server, resource) (increase(${DENIED}[1h])))`, legend: "", instant: true }],
    },
    {
      title: "Gateway latency",
      description: "Request duration through the gateway (all routes), 50th, 95th and 99th percentiles.",
      kind: "timeseries",
      unit: "s",
      width: 12,
      height: 8,
      source: "gateway",
      queries: [
        { expr: latency(0.5, "le"), legend: "p50" },
        { expr: latency(0.95, "le"), legend: "p95" },
        { expr: latency(0.99, "le"), legend: "p99" },
      ],
    },
    {
      title: "p95 latency per agent",
      description: "95th percentile request duration per calling agent.",
      kind: "timeseries",
      unit: "s",
      width: 12,
      height: 8,
      source: "gateway",
      queries: [{ expr: latency(0.95, "le, agent"), legend: "{{agent}}" }],
    },
    {
      title: "Requests by status",
      description: "All gateway requests (MCP and A2A) per second by HTTP status.",
      kind: "timeseries",
      unit: "reqps",
      width: 12,
      height: 8,
      source: "gateway",
      stacked: true,
      queries: [{ expr: `sum by (status) (rate(agentgateway_requests_total[5m]))`, legend: "{{status}}" }],
    },
  ],
};
