// Alerts for agent failure modes, as typed definitions rendered into PrometheusRules (monitoring.coreos.com/v1).
// Every expression selects only metrics listed in metric-catalog.yaml for the components its group is gated on; the
// tests parse each with Prometheus's grammar and check the names. Each alert has a runbook in README.md
// ("#### Runbook: <alert>"), and its runbook_url points there.
import { LABELS } from "../../vocabulary";
import type { BuiltObject, KubernetesObject } from "../objects";
import { MONITORING_SELECTOR_LABEL } from "./endpoint";
import type { ScrapeTargets } from "./spec";

/** How urgent an alert is (its `severity` label, which Alertmanager routes on). */
export type AlertSeverity = "warning" | "critical";

/**
 * What a group of alerts needs scraped: `kubernetes` is always there (kube-state-metrics); the others follow
 * {@link ScrapeTargets} (`hubble` is `cilium.hubble`; `auditShipper` is the audit pipeline's Fluent Bit).
 */
export type AlertGate = "kubernetes" | "gateway" | "dcgm" | "hubble" | "agentSandboxController" | "auditShipper";

/** One alerting rule. */
export interface AlertDefinition {
  /** Alert name (CamelCase; also the README runbook heading `Runbook: <alert>`). */
  alert: string;
  /** PromQL expression; every series it returns is one firing alert. */
  expr: string;
  /** How long the expression must hold before the alert fires (Prometheus duration). */
  for: string;
  /** Severity label. */
  severity: AlertSeverity;
  /** One-line summary (annotation; may use `$labels`). */
  summary: string;
  /** What it means and what to look at (annotation; may use `$labels` and `$value`). */
  description: string;
  /** What fires it, in words (README table). */
  firesWhen: string;
  /** The first thing to check (README table). */
  firstCheck: string;
}

/** A group of alerts rendered as one PrometheusRule when its gate is scraped. */
export interface AlertGroup {
  /** Group name (also the PrometheusRule's name suffix). */
  name: string;
  /** What must be scraped for the group to be rendered. */
  gate: AlertGate;
  /** Catalog components (metric-catalog.yaml) whose metrics the expressions may use. */
  components: readonly string[];
  /** The alerts. */
  alerts: readonly AlertDefinition[];
}

/** Targets {@link buildAlertRules} reads: what is scraped decides which groups are rendered. */
export type AlertTargets = ScrapeTargets;

/** Where runbook links point unless told otherwise: the README's runbook sections. */
export const DEFAULT_RUNBOOK_BASE_URL = "README.md";

/** The README heading of an alert's runbook. */
export function runbookHeading(alert: string): string {
  return `Runbook: ${alert}`;
}

/** GitHub's anchor for a heading: lower case, punctuation other than `-` and `_` dropped, spaces to `-`. */
export function githubAnchor(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc}\- ]/gu, "")
    .replace(/ /g, "-");
}

/** The `runbook_url` of an alert. */
export function runbookUrl(alert: string, base: string = DEFAULT_RUNBOOK_BASE_URL): string {
  return `${base}#${githubAnchor(runbookHeading(alert))}`;
}

// kube-state-metrics exposes a pod's agentcloud.dev/agent label as label_agentcloud_dev_agent once it is on
// --metric-labels-allowlist (pods=[agentcloud.dev/agent]); docs/metrics/workload/pod-metrics.md, kube_pod_labels.
const AGENT_POD_LABEL = `label_${LABELS.agent.replace(/[^a-zA-Z0-9_]/g, "_")}`;

// Tool calls agentcloud denied (the gateway's `decision` label: 400 "Unknown tool" for a tool not granted); the
// `agent` label is the token's subject, `unknown` without a valid token (those are the issuer alert's).
const DENIED_TOOL_CALLS = `agentgateway_mcp_requests_total{decision="deny", agent!="unknown"}`;
// Hubble drop metric with `labelsContext=source_namespace,source_workload,...,traffic_direction` (metrics.rst,
// Context Options); reason is the DropReason enum name (pkg/hubble/metrics/drop/handler.go).
const DENIED_EGRESS = `hubble_drop_total{reason="POLICY_DENIED", traffic_direction="egress", source_workload!=""}`;

/** Every alert agentcloud defines, by group. */
export const ALERT_GROUPS: readonly AlertGroup[] = [
  {
    name: "agentcloud-tool-calls",
    gate: "gateway",
    components: ["agentgateway"],
    alerts: [
      {
        alert: "ToolCallDenialSpike",
        // Now vs. the same agent's previous day; an agent with no denials yesterday has no baseline, and fires on
        // the absolute floor alone (`unless` keeps series the right side does not match).
        expr: [
          `sum by (agent) (rate(${DENIED_TOOL_CALLS}[10m])) > 0.05`,
          `unless on (agent)`,
          `(sum by (agent) (rate(${DENIED_TOOL_CALLS}[10m])) <= 3 * sum by (agent) (rate(${DENIED_TOOL_CALLS}[1d] offset 10m)))`,
        ].join("\n"),
        for: "10m",
        severity: "warning",
        summary: "Agent {{ $labels.agent }} is being denied tool calls far more than usual",
        description:
          "{{ $labels.agent }} has had {{ $value | humanize }} denied tool calls per second for 10 minutes, more than three times its rate over the previous day. A changed prompt, a compromised agent probing for tools, or a grant removed from its declaration.",
        firesWhen: "An agent's denied tool calls exceed 3 a minute and three times its previous day's rate, for 10 minutes",
        firstCheck: "The gateway's access log for the agent's `agentcloud.decision=deny` lines: which tool it asked for",
      },
      {
        alert: "TokenIssuerTrouble",
        // 401 is the gateway's answer to a missing or unverifiable token (jwtAuth strict); most requests failing
        // at once points at the issuer (JWKS unreachable, keys rotated, issuer or audience changed), not one agent.
        expr: [
          `sum(rate(agentgateway_requests_total{status="401"}[5m])) / sum(rate(agentgateway_requests_total[5m])) > 0.5`,
          `and`,
          `sum(rate(agentgateway_requests_total[5m])) > 0.1`,
        ].join("\n"),
        for: "10m",
        severity: "critical",
        summary: "Most gateway requests are rejected with 401: the token issuer or its keys",
        description:
          "{{ $value | humanizePercentage }} of the MCP gateway's requests get 401 for 10 minutes. Agents' tokens cannot be verified: the JWKS is unreachable, the issuer rotated its keys, or the issuer or audience changed.",
        firesWhen: "More than half of the gateway's requests get 401, at more than 6 requests a minute, for 10 minutes",
        firstCheck: "The gateway's logs for JWKS fetch errors, and whether its pods reach the issuer's JWKS URL",
      },
    ],
  },
  {
    name: "agentcloud-gpu",
    gate: "dcgm",
    components: ["dcgm-exporter"],
    alerts: [
      {
        alert: "GpuSaturated",
        expr: [
          `max by (Hostname, gpu, UUID, modelName) (DCGM_FI_DEV_GPU_UTIL) > 90`,
          `or`,
          `max by (Hostname, gpu, UUID, modelName) (100 * DCGM_FI_DEV_FB_USED / (DCGM_FI_DEV_FB_USED + DCGM_FI_DEV_FB_FREE)) > 95`,
        ].join("\n"),
        for: "15m",
        severity: "warning",
        summary: "GPU {{ $labels.gpu }} on {{ $labels.Hostname }} is saturated",
        description:
          "GPU {{ $labels.gpu }} ({{ $labels.modelName }}) on {{ $labels.Hostname }} has been above 90 % utilisation or 95 % memory for 15 minutes ({{ $value | humanize }} %). Its time-sliced shares slow each other down.",
        firesWhen: "A GPU above 90 % utilisation or 95 % framebuffer memory for 15 minutes",
        firstCheck: "The GPU dashboard: which pods share that GPU, and whether one of them holds it",
      },
    ],
  },
  {
    name: "agentcloud-agents",
    gate: "kubernetes",
    components: ["kube-state-metrics"],
    alerts: [
      {
        alert: "SandboxPodsCrashLooping",
        expr: [
          `(`,
          `  max by (namespace, pod, container) (kube_pod_container_status_waiting_reason{reason="CrashLoopBackOff"}) == 1`,
          `  or`,
          `  max by (namespace, pod, container) (increase(kube_pod_container_status_restarts_total[15m])) > 3`,
          `)`,
          `* on (namespace, pod) group_left (${AGENT_POD_LABEL})`,
          `max by (namespace, pod, ${AGENT_POD_LABEL}) (kube_pod_labels{${AGENT_POD_LABEL}!=""})`,
        ].join("\n"),
        for: "10m",
        severity: "warning",
        summary: "Agent {{ $labels." + AGENT_POD_LABEL + " }} pod {{ $labels.namespace }}/{{ $labels.pod }} is crash-looping",
        description:
          "Container {{ $labels.container }} of agent pod {{ $labels.namespace }}/{{ $labels.pod }} is in CrashLoopBackOff or restarted more than 3 times in 15 minutes, for 10 minutes.",
        firesWhen: "An agent pod's container in CrashLoopBackOff, or restarted more than 3 times in 15 minutes, for 10 minutes",
        firstCheck: "`kubectl -n <namespace> logs <pod> -c <container> --previous` and the pod's events",
      },
    ],
  },
  {
    name: "agentcloud-warm-pools",
    gate: "agentSandboxController",
    components: ["agent-sandbox-controller"],
    alerts: [
      {
        alert: "WarmPoolExhausted",
        // agent-sandbox has no occupancy gauge; a claim that names a pool and is cold-started found it empty
        // (sandboxclaim_controller.go records launch_type="cold" with the requested warmpool_name).
        expr: `sum by (namespace, warmpool_name) (increase(agent_sandbox_claim_creation_total{launch_type="cold", warmpool_name!=""}[10m])) > 0`,
        for: "5m",
        severity: "warning",
        summary: "Warm pool {{ $labels.namespace }}/{{ $labels.warmpool_name }} is exhausted",
        description:
          "{{ $value | humanize }} sandbox claims for warm pool {{ $labels.namespace }}/{{ $labels.warmpool_name }} were cold-started in the last 10 minutes: the pool had no ready sandbox, and those agents start slowly.",
        firesWhen: "Sandbox claims naming a warm pool are cold-started (the pool was empty), for 5 minutes",
        firstCheck: "`kubectl -n <namespace> get sandboxwarmpool <pool>`: replicas vs. ready, and the claim rate",
      },
    ],
  },
  {
    name: "agentcloud-network",
    gate: "hubble",
    components: ["hubble"],
    alerts: [
      {
        alert: "AgentEgressDeniedSpike",
        expr: [
          `sum by (source_namespace, source_workload) (rate(${DENIED_EGRESS}[5m])) > 1`,
          `unless on (source_namespace, source_workload)`,
          `(sum by (source_namespace, source_workload) (rate(${DENIED_EGRESS}[5m])) <= 3 * sum by (source_namespace, source_workload) (rate(${DENIED_EGRESS}[1d] offset 5m)))`,
        ].join("\n"),
        for: "10m",
        severity: "warning",
        summary: "{{ $labels.source_namespace }}/{{ $labels.source_workload }} is sending traffic its egress policy denies",
        description:
          "Cilium dropped {{ $value | humanize }} packets per second from {{ $labels.source_namespace }}/{{ $labels.source_workload }} as POLICY_DENIED egress for 10 minutes, more than three times its previous day. Denied egress is a signal: a new dependency not declared, or an agent trying to reach what it must not.",
        firesWhen: "One workload's policy-denied egress drops exceed 1 a second and three times its previous day, for 10 minutes",
        firstCheck: "`hubble observe --verdict DROPPED --from-pod <namespace>/<pod>`: the destinations it tries",
      },
    ],
  },
  {
    name: "agentcloud-audit",
    gate: "auditShipper",
    components: ["fluent-bit"],
    alerts: [
      {
        alert: "AuditShippingStalled",
        expr: [
          `sum by (namespace, pod, name) (rate(fluentbit_output_retries_failed_total[10m]) + rate(fluentbit_output_dropped_records_total[10m])) > 0`,
          `or`,
          `(sum by (namespace, pod, name) (rate(fluentbit_output_errors_total[10m])) > 0 unless sum by (namespace, pod, name) (rate(fluentbit_output_proc_records_total[10m])) > 0)`,
        ].join("\n"),
        for: "15m",
        severity: "critical",
        summary: "Audit records are not reaching their store ({{ $labels.namespace }}/{{ $labels.pod }}, output {{ $labels.name }})",
        description:
          "Fluent Bit output {{ $labels.name }} in {{ $labels.namespace }}/{{ $labels.pod }} has dropped records or given up retries, or only fails, for 15 minutes. Audit records (tool-call decisions) are being lost or piling up.",
        firesWhen: "The audit shipper drops records, exhausts retries, or has only errors and no delivered records, for 15 minutes",
        firstCheck: "The shipper pod's logs for the output's errors (credentials, bucket policy, endpoint reachability)",
      },
    ],
  },
];

/** A PrometheusRule (monitoring.coreos.com/v1), the fields agentcloud sets. */
export interface PrometheusRule extends KubernetesObject {
  apiVersion: "monitoring.coreos.com/v1";
  kind: "PrometheusRule";
  spec: {
    groups: {
      name: string;
      rules: { alert: string; expr: string; for: string; labels: Record<string, string>; annotations: Record<string, string> }[];
    }[];
  };
}

function gateOpen(gate: AlertGate, targets: AlertTargets): boolean {
  switch (gate) {
    case "kubernetes":
      return true;
    case "gateway":
      return targets.gateway !== undefined;
    case "dcgm":
      return targets.dcgm !== undefined;
    case "hubble":
      return targets.cilium?.hubble === true;
    case "agentSandboxController":
      return targets.agentSandboxController !== undefined;
    case "auditShipper":
      return targets.auditShipper !== undefined;
  }
}

/**
 * The PrometheusRules for what is scraped: one per alert group whose gate is in `targets`, in `namespace` (the
 * monitoring stack's), labelled for Prometheus's rule selector.
 */
export function buildAlertRules(
  targets: AlertTargets,
  namespace: string,
  runbookBaseUrl: string = DEFAULT_RUNBOOK_BASE_URL,
): BuiltObject[] {
  return ALERT_GROUPS.filter((group) => gateOpen(group.gate, targets)).map((group) => {
    const rule: PrometheusRule = {
      apiVersion: "monitoring.coreos.com/v1",
      kind: "PrometheusRule",
      metadata: {
        name: group.name,
        namespace,
        labels: { [MONITORING_SELECTOR_LABEL]: "true", [LABELS.partOf]: "agentcloud", [LABELS.managedBy]: "agentcloud" },
      },
      spec: {
        groups: [
          {
            name: group.name,
            rules: group.alerts.map((a) => ({
              alert: a.alert,
              expr: a.expr,
              for: a.for,
              labels: { severity: a.severity },
              annotations: { summary: a.summary, description: a.description, runbook_url: runbookUrl(a.alert, runbookBaseUrl) },
            })),
          },
        ],
      },
    };
    return { role: `rules-${group.name.replace(/^agentcloud-/, "")}`, object: rule };
  });
}
