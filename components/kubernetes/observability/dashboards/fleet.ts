import type { DashboardDefinition } from "./types";
import { AGENT, AGENT_PODS, TENANT, TENANT_NAMESPACES } from "./labels";

/** Agents as Deployments and StatefulSets (an agent with zero replicas still counts). */
const AGENT_WORKLOADS =
  `(group by (namespace, ${AGENT}) (kube_deployment_labels{${AGENT}!=""})` +
  ` or group by (namespace, ${AGENT}) (kube_statefulset_labels{${AGENT}!=""}))`;

/** Agent fleet: which agents run, how many replicas, under which sandbox, how healthy; the warm pools. */
export const FLEET_DASHBOARD: DashboardDefinition = {
  key: "fleet",
  uid: "agentcloud-fleet",
  title: "agentcloud / Agent fleet",
  description: "Agents and replicas per tenant, the sandbox runtime their pods run under, restarts and crash loops, warm-pool occupancy.",
  requires: "kube-state-metrics",
  panels: [
    {
      title: "Agents",
      description: "Declared agents (Deployments and StatefulSets labelled agentcloud.dev/agent).",
      kind: "stat",
      unit: "short",
      width: 4,
      height: 6,
      source: "kube-state-metrics",
      queries: [{ expr: `count(${AGENT_WORKLOADS})`, legend: "agents" }],
    },
    {
      title: "Agents per tenant",
      description: "Agents by the agentcloud.dev/tenant label of their namespace.",
      kind: "bargauge",
      unit: "short",
      width: 10,
      height: 6,
      source: "kube-state-metrics",
      queries: [
        {
          expr: `count by (${TENANT}) (${AGENT_WORKLOADS} * on (namespace) group_left (${TENANT}) ${TENANT_NAMESPACES})`,
          legend: `{{${TENANT}}}`,
        },
      ],
    },
    {
      title: "Agent pods by sandbox runtime",
      description: "Ready or not, agent pods by runtimeClassName (gVisor, Kata); `none` are pods of agents that opted out of sandboxing.",
      kind: "bargauge",
      unit: "short",
      width: 10,
      height: 6,
      source: "kube-state-metrics",
      queries: [
        {
          expr: `count by (runtimeclass_name) (kube_pod_runtimeclass_name_info * on (namespace, pod) ${AGENT_PODS})`,
          legend: "{{runtimeclass_name}}",
        },
        { expr: `count(${AGENT_PODS} unless on (namespace, pod) kube_pod_runtimeclass_name_info)`, legend: "none" },
      ],
    },
    {
      title: "Ready agent replicas per tenant",
      description: "Agent pods whose Ready condition is true, by tenant.",
      kind: "timeseries",
      unit: "short",
      width: 12,
      height: 8,
      source: "kube-state-metrics",
      stacked: true,
      queries: [
        {
          expr:
            `sum by (${TENANT}) ((kube_pod_status_ready{condition="true"} * on (namespace, pod) group_left (${AGENT}) ${AGENT_PODS})` +
            ` * on (namespace) group_left (${TENANT}) ${TENANT_NAMESPACES})`,
          legend: `{{${TENANT}}}`,
        },
      ],
    },
    {
      title: "Container restarts per agent (1 h)",
      description: "Restarts of the agents' containers over the last hour; a steady climb is a crash loop.",
      kind: "timeseries",
      unit: "short",
      width: 12,
      height: 8,
      source: "kube-state-metrics",
      queries: [
        {
          expr: `sum by (namespace, ${AGENT}) (increase(kube_pod_container_status_restarts_total[1h]) * on (namespace, pod) group_left (${AGENT}) ${AGENT_PODS})`,
          legend: `{{namespace}}/{{${AGENT}}}`,
        },
      ],
    },
    {
      title: "Agents crash-looping now",
      description: "Containers of agent pods waiting in CrashLoopBackOff.",
      kind: "table",
      unit: "short",
      width: 12,
      height: 8,
      source: "kube-state-metrics",
      queries: [
        {
          expr:
            `sum by (namespace, ${AGENT}) (kube_pod_container_status_waiting_reason{reason="CrashLoopBackOff"}` +
            ` * on (namespace, pod) group_left (${AGENT}) ${AGENT_PODS}) > 0`,
          legend: `{{namespace}}/{{${AGENT}}}`,
          instant: true,
        },
      ],
    },
    {
      title: "Warm pool: ready sandboxes waiting",
      description:
        "Sandboxes a SandboxWarmPool still owns (not yet claimed), ready and not, per template; zero ready means the next claim starts cold.",
      kind: "timeseries",
      unit: "short",
      width: 12,
      height: 8,
      source: "agent-sandbox",
      queries: [
        {
          expr: `sum by (namespace, sandbox_template) (agent_sandboxes{owned_by="SandboxWarmPool", ready_condition="true", expired="false"})`,
          legend: "{{namespace}}/{{sandbox_template}} ready",
        },
        {
          expr: `sum by (namespace, sandbox_template) (agent_sandboxes{owned_by="SandboxWarmPool", ready_condition="false"})`,
          legend: "{{namespace}}/{{sandbox_template}} starting",
        },
      ],
    },
    {
      title: "Claims served warm vs cold",
      description: "SandboxClaims created per second by launch type: cold launches mean the warm pool was empty.",
      kind: "timeseries",
      unit: "reqps",
      width: 12,
      height: 8,
      source: "agent-sandbox",
      stacked: true,
      queries: [{ expr: `sum by (launch_type) (rate(agent_sandbox_claim_creation_total[5m]))`, legend: "{{launch_type}}" }],
    },
    {
      title: "Claim to ready, p95",
      description: "95th percentile of SandboxClaim creation to Sandbox ready, by launch type.",
      kind: "timeseries",
      unit: "ms",
      width: 24,
      height: 7,
      source: "agent-sandbox",
      queries: [
        {
          expr: `histogram_quantile(0.95, sum by (le, launch_type) (rate(agent_sandbox_claim_startup_latency_ms_bucket[5m])))`,
          legend: "{{launch_type}}",
        },
      ],
    },
  ],
};
