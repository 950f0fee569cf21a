import { describe, expect, it } from "vitest";
import { DASHBOARDS } from "../../../../../components/kubernetes/observability/dashboards/build";
import { grafanaDashboard } from "../../../../../components/kubernetes/observability/dashboards/grafana";
import { KUBE_STATE_METRICS_LABELS_ALLOWLIST } from "../../../../../components/kubernetes/observability/dashboards/labels";
import type { MetricSource } from "../../../../../components/kubernetes/observability/dashboards/types";
import { HUBBLE_METRICS } from "../../../../../components/kubernetes/network/cilium-values";
import { NETWORK_DASHBOARD } from "../../../../../components/kubernetes/observability/dashboards/network";
import { loadMetricCatalog, metricsOutsideCatalog, parsePromql } from "../promql";

/** The catalog component each panel source names. */
const CATALOG_COMPONENT: Record<MetricSource, string> = {
  "kube-state-metrics": "kube-state-metrics",
  gateway: "agentgateway",
  dcgm: "dcgm-exporter",
  cilium: "cilium-agent",
  hubble: "hubble",
  "agent-sandbox": "agent-sandbox-controller",
};
const ALL_SOURCES = new Set<MetricSource>(Object.keys(CATALOG_COMPONENT) as MetricSource[]);
const catalog = loadMetricCatalog();

const queries = DASHBOARDS.flatMap((d) =>
  d.panels.flatMap((p) => p.queries.map((q, i) => ({ id: `${d.key} / ${p.title} / ${i}`, source: p.source, expr: q.expr }))),
);

describe("dashboard queries", () => {
  it("are many (every dashboard has panels)", () => {
    expect(DASHBOARDS.map((d) => [d.key, d.panels.length])).toEqual([
      ["fleet", 9],
      ["tools", 9],
      ["gpu", 7],
      ["network", 6],
      ["cost", 5],
    ]);
    expect(queries.length).toBe(41);
  });

  it.each(queries)("$id parses as PromQL", ({ expr }) => {
    expect(parsePromql(expr).errors).toEqual([]);
  });

  it.each(queries)("$id selects only metrics its source exports (metric catalog)", ({ expr, source }) => {
    const { metrics, nameMatchers } = parsePromql(expr);
    expect(metrics.length).toBeGreaterThan(0);
    expect(nameMatchers).toEqual([]);
    expect(metricsOutsideCatalog(catalog, metrics, [CATALOG_COMPONENT[source]])).toEqual([]);
  });

  it("reads the agentcloud labels kube-state-metrics exposes under the allowlist", () => {
    expect(KUBE_STATE_METRICS_LABELS_ALLOWLIST).toEqual([
      "namespaces=[agentcloud.dev/tenant,agentcloud.dev/cost-centre]",
      "pods=[agentcloud.dev/agent]",
      "deployments=[agentcloud.dev/agent]",
      "statefulsets=[agentcloud.dev/agent]",
    ]);
    const used = new Set(queries.flatMap((q) => q.expr.match(/label_agentcloud_dev_\w+/g) ?? []));
    expect([...used].sort()).toEqual(["label_agentcloud_dev_agent", "label_agentcloud_dev_cost_centre", "label_agentcloud_dev_tenant"]);
  });
});

describe("dashboard JSON", () => {
  it.each(DASHBOARDS.map((d) => ({ key: d.key, d })))("$key round-trips through JSON with what Grafana needs", ({ d }) => {
    const json = JSON.parse(JSON.stringify(grafanaDashboard(d, ALL_SOURCES)));
    expect(json.uid).toBe(`agentcloud-${d.key}`);
    expect(json.uid.length).toBeLessThanOrEqual(40);
    expect(json.title).toMatch(/^agentcloud \/ /);
    expect(json.schemaVersion).toBe(42);
    expect(json.panels.length).toBe(d.panels.length);
    const ids = json.panels.map((p: any) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const p of json.panels) {
      expect(p.datasource).toEqual({ type: "prometheus", uid: "${datasource}" });
      expect(p.targets.length).toBeGreaterThan(0);
      for (const t of p.targets) expect(t.datasource).toEqual({ type: "prometheus", uid: "${datasource}" });
      expect(p.gridPos.x + p.gridPos.w).toBeLessThanOrEqual(24);
      expect(["timeseries", "stat", "bargauge", "table"]).toContain(p.type);
    }
    // No two panels overlap on the grid.
    for (const [i, a] of json.panels.entries())
      for (const b of json.panels.slice(i + 1)) {
        const apart =
          a.gridPos.x + a.gridPos.w <= b.gridPos.x ||
          b.gridPos.x + b.gridPos.w <= a.gridPos.x ||
          a.gridPos.y + a.gridPos.h <= b.gridPos.y ||
          b.gridPos.y + b.gridPos.h <= a.gridPos.y;
        expect(apart).toBe(true);
      }
  });

  it("has distinct uids", () => {
    expect(DASHBOARDS.map((d) => d.uid)).toEqual([
      "agentcloud-fleet",
      "agentcloud-tools",
      "agentcloud-gpu",
      "agentcloud-network",
      "agentcloud-cost",
    ]);
  });

  it("bounds percentages on the axis", () => {
    const gpu = grafanaDashboard(DASHBOARDS[2], ALL_SOURCES);
    expect(gpu.panels.find((p) => p.title === "Utilisation per GPU")?.fieldConfig.defaults).toMatchObject({
      unit: "percent",
      min: 0,
      max: 100,
    });
    expect(gpu.panels.find((p) => p.title === "Framebuffer used per GPU")?.fieldConfig.defaults).toMatchObject({
      unit: "percentunit",
      min: 0,
      max: 1,
    });
  });
});

describe("labels the queries group by", () => {
  it("are labels Hubble's drop metric carries under agentcloud's Cilium values", () => {
    const drop = HUBBLE_METRICS.find((m) => m.startsWith("drop:"));
    const context = (drop?.match(/labelsContext=([\w,]+)/)?.[1] ?? "").split(",");
    const hubbleLabels = new Set(["reason", "protocol", ...context]);
    const used = new Set(
      NETWORK_DASHBOARD.panels
        .filter((p) => p.source === "hubble")
        .flatMap((p) => p.queries.flatMap((q) => [...q.expr.matchAll(/(?:by \(|\{)([^)}]*)[)}]/g)].flatMap((m) => m[1].split(","))))
        .map((l) => l.trim().split(/[!=~]/)[0])
        .filter((l) => l.length > 0),
    );
    expect([...used].filter((l) => !hubbleLabels.has(l))).toEqual([]);
    expect([...used].sort()).toEqual(["reason", "source_namespace", "source_workload", "traffic_direction"]);
  });
});
