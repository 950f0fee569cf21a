import { describe, expect, it } from "vitest";
import { COST_DASHBOARD } from "../../../../../components/kubernetes/observability/dashboards/cost";
import { FLEET_DASHBOARD } from "../../../../../components/kubernetes/observability/dashboards/fleet";
import { grafanaDashboard, layout, metricSources, panelsFor } from "../../../../../components/kubernetes/observability/dashboards/grafana";
import type { PanelDefinition } from "../../../../../components/kubernetes/observability/dashboards/types";

const panel = (width: number, height: number, source: PanelDefinition["source"] = "kube-state-metrics"): PanelDefinition => ({
  title: `p${width}x${height}`,
  description: "d",
  kind: "timeseries",
  unit: "short",
  width,
  height,
  source,
  queries: [{ expr: "up", legend: "{{job}}" }],
});

describe("metricSources", () => {
  it("is kube-state-metrics alone for a cluster with nothing else scraped", () => {
    expect([...metricSources({})]).toEqual(["kube-state-metrics"]);
  });

  it("adds each scraped component, Hubble only when the fabric exports it", () => {
    expect([
      ...metricSources({
        gateway: { namespace: "agentcloud-gateway", name: "mcp-gateway" },
        dcgm: { namespace: "gpu-operator" },
        cilium: { namespace: "kube-system", hubble: true },
        agentSandboxController: { namespace: "agent-sandbox-system" },
      }),
    ]).toEqual(["kube-state-metrics", "gateway", "dcgm", "cilium", "hubble", "agent-sandbox"]);
    expect([...metricSources({ cilium: { namespace: "kube-system", hubble: false } })]).toEqual(["kube-state-metrics", "cilium"]);
  });
});

describe("layout", () => {
  it("fills rows of 24 columns left to right and starts a row below the tallest panel", () => {
    expect(layout([panel(12, 8), panel(12, 6), panel(6, 4), panel(20, 5), panel(24, 3)])).toEqual([
      { h: 8, w: 12, x: 0, y: 0 },
      { h: 6, w: 12, x: 12, y: 0 },
      { h: 4, w: 6, x: 0, y: 8 },
      { h: 5, w: 20, x: 0, y: 12 },
      { h: 3, w: 24, x: 0, y: 17 },
    ]);
  });

  it("rejects a panel wider than the grid", () => {
    expect(() => layout([panel(25, 1)])).toThrow("panel width 25 is not within 1..24");
  });
});

describe("grafanaDashboard", () => {
  it("leaves out the panels whose source is not scraped and closes the gap", () => {
    const withPool = grafanaDashboard(FLEET_DASHBOARD, metricSources({ agentSandboxController: { namespace: "agent-sandbox-system" } }));
    const without = grafanaDashboard(FLEET_DASHBOARD, metricSources({}));
    expect(withPool.panels.map((p) => p.title)).toEqual(FLEET_DASHBOARD.panels.map((p) => p.title));
    expect(without.panels.map((p) => p.title)).toEqual([
      "Agents",
      "Agents per tenant",
      "Agent pods by sandbox runtime",
      "Ready agent replicas per tenant",
      "Container restarts per agent (1 h)",
      "Agents crash-looping now",
    ]);
    expect(without.panels.map((p) => p.id)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(panelsFor(FLEET_DASHBOARD, metricSources({})).length).toBe(6);
  });

  it("sets the dashboard fields Grafana needs and the templated data source", () => {
    const d = grafanaDashboard(FLEET_DASHBOARD, metricSources({}));
    expect({ ...d, panels: d.panels.length }).toEqual({
      uid: "agentcloud-fleet",
      title: "agentcloud / Agent fleet",
      description: FLEET_DASHBOARD.description,
      tags: ["agentcloud"],
      schemaVersion: 42,
      version: 1,
      editable: false,
      graphTooltip: 1,
      timezone: "utc",
      refresh: "1m",
      time: { from: "now-6h", to: "now" },
      templating: {
        list: [
          {
            type: "datasource",
            name: "datasource",
            label: "Data source",
            query: "prometheus",
            current: { text: "Prometheus", value: "prometheus" },
            regex: "",
            refresh: 1,
            hide: 0,
            includeAll: false,
            multi: false,
            options: [],
          },
        ],
      },
      annotations: { list: [] },
      links: [],
      panels: 6,
    });
  });

  it("renders a panel with its grid position, data source variable, queries and unit", () => {
    const d = grafanaDashboard(FLEET_DASHBOARD, metricSources({}));
    expect(d.panels[2]).toEqual({
      id: 3,
      type: "bargauge",
      title: "Agent pods by sandbox runtime",
      description: FLEET_DASHBOARD.panels[2].description,
      gridPos: { h: 6, w: 10, x: 14, y: 0 },
      datasource: { type: "prometheus", uid: "${datasource}" },
      targets: [
        {
          refId: "A",
          datasource: { type: "prometheus", uid: "${datasource}" },
          expr: 'count by (runtimeclass_name) (kube_pod_runtimeclass_name_info * on (namespace, pod) group by (namespace, pod, label_agentcloud_dev_agent) (kube_pod_labels{label_agentcloud_dev_agent!=""}))',
          legendFormat: "{{runtimeclass_name}}",
          instant: false,
          range: true,
          format: "time_series",
        },
        {
          refId: "B",
          datasource: { type: "prometheus", uid: "${datasource}" },
          expr: 'count(group by (namespace, pod, label_agentcloud_dev_agent) (kube_pod_labels{label_agentcloud_dev_agent!=""}) unless on (namespace, pod) kube_pod_runtimeclass_name_info)',
          legendFormat: "none",
          instant: false,
          range: true,
          format: "time_series",
        },
      ],
      fieldConfig: { defaults: { unit: "short" }, overrides: [] },
      options: {
        reduceOptions: { calcs: ["lastNotNull"], fields: "", values: false },
        orientation: "horizontal",
        displayMode: "gradient",
        showUnfilled: true,
      },
      transformations: [],
    });
  });

  it("merges a table of several queries into one, each value column named and in its own unit", () => {
    const cost = grafanaDashboard(COST_DASHBOARD, metricSources({}));
    const table = cost.panels.find((p) => p.title === "Requests by cost centre and namespace");
    expect(table?.transformations).toEqual([{ id: "merge", options: {} }]);
    expect(table?.fieldConfig.overrides).toEqual([
      {
        matcher: { id: "byName", options: "Value #A" },
        properties: [
          { id: "displayName", value: "cpu" },
          { id: "unit", value: "short" },
        ],
      },
      {
        matcher: { id: "byName", options: "Value #B" },
        properties: [
          { id: "displayName", value: "memory" },
          { id: "unit", value: "bytes" },
        ],
      },
    ]);
  });

  it("marks instant table queries as table format and stacks stacked series", () => {
    const d = grafanaDashboard(FLEET_DASHBOARD, metricSources({}));
    const table = d.panels.find((p) => p.type === "table");
    expect(table?.targets.map((t) => [t.instant, t.range, t.format])).toEqual([[true, false, "table"]]);
    expect(d.panels[3].fieldConfig.defaults).toEqual({
      unit: "short",
      custom: { drawStyle: "line", lineWidth: 1, fillOpacity: 40, stacking: { mode: "normal" } },
    });
  });
});
