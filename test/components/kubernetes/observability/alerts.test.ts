import { describe, expect, it } from "vitest";
import {
  ALERT_GROUPS,
  buildAlertRules,
  githubAnchor,
  runbookUrl,
  type AlertTargets,
} from "../../../../components/kubernetes/observability/alerts";
import { HUBBLE_METRICS } from "../../../../components/kubernetes/network/cilium-values";
import { invalidObjects } from "../../../helpers/schema";
import { loadMetricCatalog, metricsOutsideCatalog, parsePromql } from "./promql";

const everything: AlertTargets = {
  gateway: { namespace: "agentcloud-gateway", name: "agentcloud-mcp" },
  cilium: { namespace: "kube-system", hubble: true },
  agentSandboxController: { namespace: "agent-sandbox-system" },
  dcgm: { namespace: "gpu-operator" },
  agents: [],
  auditShipper: { namespace: "agentcloud-audit" },
};

const alerts = ALERT_GROUPS.flatMap((g) => g.alerts.map((a) => ({ group: g, ...a })));

describe("alert definitions", () => {
  it("covers the failure modes of issue 12, each alert once", () => {
    expect(alerts.map((a) => a.alert)).toEqual([
      "ToolCallDenialSpike",
      "TokenIssuerTrouble",
      "GpuSaturated",
      "SandboxPodsCrashLooping",
      "WarmPoolExhausted",
      "AgentEgressDeniedSpike",
      "AuditShippingStalled",
    ]);
  });

  it.each(alerts.map((a) => [a.alert, a] as const))(
    "%s parses as PromQL and selects only catalog metrics of its group's components",
    (_, a) => {
      const parsed = parsePromql(a.expr);
      expect(parsed.errors).toEqual([]);
      expect(parsed.nameMatchers).toEqual([]);
      expect(parsed.metrics.length).toBeGreaterThan(0);
      expect(metricsOutsideCatalog(loadMetricCatalog(), parsed.metrics, a.group.components)).toEqual([]);
    },
  );

  it("selects the metrics each alert is about", () => {
    const metricsOf = (name: string) => parsePromql(alerts.find((a) => a.alert === name)?.expr ?? "").metrics;
    expect(metricsOf("ToolCallDenialSpike")).toEqual(["agentgateway_mcp_requests_total"]);
    expect(metricsOf("TokenIssuerTrouble")).toEqual(["agentgateway_requests_total"]);
    expect(metricsOf("GpuSaturated")).toEqual(["DCGM_FI_DEV_FB_FREE", "DCGM_FI_DEV_FB_USED", "DCGM_FI_DEV_GPU_UTIL"]);
    expect(metricsOf("SandboxPodsCrashLooping")).toEqual([
      "kube_pod_container_status_restarts_total",
      "kube_pod_container_status_waiting_reason",
      "kube_pod_labels",
    ]);
    expect(metricsOf("WarmPoolExhausted")).toEqual(["agent_sandbox_claim_creation_total"]);
    expect(metricsOf("AgentEgressDeniedSpike")).toEqual(["hubble_drop_total"]);
    expect(metricsOf("AuditShippingStalled")).toEqual([
      "fluentbit_output_dropped_records_total",
      "fluentbit_output_errors_total",
      "fluentbit_output_proc_records_total",
      "fluentbit_output_retries_failed_total",
    ]);
  });

  it("names only catalog components in its groups", () => {
    const names = loadMetricCatalog().components.map((c) => c.name);
    for (const g of ALERT_GROUPS)
      expect(
        g.components.filter((c) => !names.includes(c)),
        g.name,
      ).toEqual([]);
  });

  it("groups denied egress by labels agentcloud's Cilium values give hubble_drop_total", () => {
    const drop = HUBBLE_METRICS.find((m) => m.startsWith("drop:"));
    const labels = /labelsContext=([^;]+)/.exec(drop ?? "")?.[1].split(",");
    expect(labels).toEqual(expect.arrayContaining(["source_namespace", "source_workload", "traffic_direction"]));
    const expr = alerts.find((a) => a.alert === "AgentEgressDeniedSpike")?.expr ?? "";
    expect(expr).toContain("sum by (source_namespace, source_workload)");
    expect(expr).toContain('traffic_direction="egress"');
  });

  it("selects agent pods by the kube-state-metrics form of the agent label", () => {
    const expr = alerts.find((a) => a.alert === "SandboxPodsCrashLooping")?.expr;
    expect(expr).toContain('kube_pod_labels{label_agentcloud_dev_agent!=""}');
    expect(expr).toContain('kube_pod_container_status_waiting_reason{reason="CrashLoopBackOff"}');
  });

  it("has a summary, a description, a table entry and a valid duration on every alert", () => {
    for (const a of alerts) {
      expect(a.for, a.alert).toMatch(/^[0-9]+[smh]$/);
      expect(["warning", "critical"], a.alert).toContain(a.severity);
      for (const text of [a.summary, a.description, a.firesWhen, a.firstCheck]) expect(text.length, a.alert).toBeGreaterThan(10);
    }
  });
});

describe("buildAlertRules", () => {
  it("renders only the agent alerts (kube-state-metrics is always scraped) when nothing else is", () => {
    expect(buildAlertRules({}, "agentcloud-monitoring").map((o) => [o.role, o.object.metadata?.name])).toEqual([
      ["rules-agents", "agentcloud-agents"],
    ]);
  });

  it("renders a group for each scraped target; Hubble's only with Hubble on", () => {
    expect(buildAlertRules(everything, "agentcloud-monitoring").map((o) => o.role)).toEqual([
      "rules-tool-calls",
      "rules-gpu",
      "rules-agents",
      "rules-warm-pools",
      "rules-network",
      "rules-audit",
    ]);
    expect(
      buildAlertRules({ cilium: { namespace: "kube-system", hubble: false }, dcgm: { namespace: "gpu" } }, "m").map((o) => o.role),
    ).toEqual(["rules-gpu", "rules-agents"]);
  });

  it("renders the exact PrometheusRule of a group", () => {
    const [warmPools] = buildAlertRules({ agentSandboxController: { namespace: "agent-sandbox-system" } }, "monitoring").filter(
      (o) => o.role === "rules-warm-pools",
    );
    expect(warmPools).toEqual({
      role: "rules-warm-pools",
      object: {
        apiVersion: "monitoring.coreos.com/v1",
        kind: "PrometheusRule",
        metadata: {
          name: "agentcloud-warm-pools",
          namespace: "monitoring",
          labels: {
            "agentcloud.dev/monitoring": "true",
            "app.kubernetes.io/part-of": "agentcloud",
            "app.kubernetes.io/managed-by": "agentcloud",
          },
        },
        spec: {
          groups: [
            {
              name: "agentcloud-warm-pools",
              rules: [
                {
                  alert: "WarmPoolExhausted",
                  expr: 'sum by (namespace, warmpool_name) (increase(agent_sandbox_claim_creation_total{launch_type="cold", warmpool_name!=""}[10m])) > 0',
                  for: "5m",
                  labels: { severity: "warning" },
                  annotations: {
                    summary: "Warm pool {{ $labels.namespace }}/{{ $labels.warmpool_name }} is exhausted",
                    description:
                      "{{ $value | humanize }} sandbox claims for warm pool {{ $labels.namespace }}/{{ $labels.warmpool_name }} were cold-started in the last 10 minutes: the pool had no ready sandbox, and those agents start slowly.",
                    runbook_url: "README.md#runbook-warmpoolexhausted",
                  },
                },
              ],
            },
          ],
        },
      },
    });
  });

  it("gives every rule a severity label and summary, description and runbook_url annotations", () => {
    for (const built of buildAlertRules(everything, "agentcloud-monitoring", "https://example.com/agentcloud/README.md")) {
      const rule = built.object as {
        spec: { groups: { rules: { alert: string; labels: object; annotations: Record<string, string> }[] }[] };
      };
      for (const r of rule.spec.groups.flatMap((g) => g.rules)) {
        expect(Object.keys(r.labels)).toEqual(["severity"]);
        expect(Object.keys(r.annotations)).toEqual(["summary", "description", "runbook_url"]);
        expect(r.annotations.runbook_url).toBe(`https://example.com/agentcloud/README.md#runbook-${r.alert.toLowerCase()}`);
      }
    }
  });

  it("renders PrometheusRules valid against the pinned CRD (kube-prometheus-stack 88.5.3)", async () => {
    expect(await invalidObjects(buildAlertRules(everything, "agentcloud-monitoring").map((o) => o.object))).toEqual([]);
  });
});

describe("runbook links", () => {
  it("uses GitHub's heading anchors", () => {
    expect(githubAnchor("Runbook: ToolCallDenialSpike")).toBe("runbook-toolcalldenialspike");
    expect(githubAnchor("MCP and A2A gateway")).toBe("mcp-and-a2a-gateway");
    expect(runbookUrl("GpuSaturated")).toBe("README.md#runbook-gpusaturated");
  });
});
