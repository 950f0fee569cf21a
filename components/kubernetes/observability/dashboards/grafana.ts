// Typed definitions to Grafana dashboard JSON (the classic JSON model the grafana sidecar provisions from ConfigMaps).
import type { ScrapeTargets } from "../spec";
import type { DashboardDefinition, MetricSource, PanelDefinition, PanelKind } from "./types";

/**
 * Dashboard JSON schema version: `LATEST_VERSION` in grafana's `apps/dashboard/pkg/migration/schemaversion/migrations.go`
 * (42 in the newest grafana source we could read; the chart installs Grafana 13.2.0, which migrates older versions up).
 */
export const GRAFANA_SCHEMA_VERSION = 42;
/** Grid width of a Grafana dashboard, in columns. */
export const GRID_COLUMNS = 24;
/** Name of the templated Prometheus data source variable every panel queries through. */
export const DATASOURCE_VARIABLE = "datasource";

/** A panel's place on the grid (Grafana `gridPos`: columns and 30 px rows). */
export interface GridPos {
  /** Height in rows. */
  h: number;
  /** Width in columns. */
  w: number;
  /** Column of the left edge. */
  x: number;
  /** Row of the top edge. */
  y: number;
}

/** The Prometheus data source reference every panel and query uses (the templated variable). */
export interface DatasourceRef {
  /** Data source plugin. */
  type: "prometheus";
  /** `${datasource}`: the variable, so the dashboard works with whichever Prometheus data source is picked. */
  uid: string;
}

/** One query of a Grafana panel. */
export interface GrafanaTarget {
  /** Query id within the panel (`A`, `B`, ...). */
  refId: string;
  /** Data source of the query. */
  datasource: DatasourceRef;
  /** PromQL. */
  expr: string;
  /** Series name template. */
  legendFormat: string;
  /** Instant query. */
  instant: boolean;
  /** Range query. */
  range: boolean;
  /** Table format for instant tables, else time series. */
  format: "time_series" | "table";
}

/** A Grafana panel (the fields agentcloud sets). */
export interface GrafanaPanel {
  /** Unique within the dashboard. */
  id: number;
  /** Panel plugin. */
  type: PanelKind;
  /** Title. */
  title: string;
  /** Info tooltip. */
  description: string;
  /** Place on the grid. */
  gridPos: GridPos;
  /** Data source of the panel. */
  datasource: DatasourceRef;
  /** Queries. */
  targets: GrafanaTarget[];
  /** Units and display of the values. */
  fieldConfig: { defaults: Record<string, unknown>; overrides: unknown[] };
  /** Plugin options. */
  options: Record<string, unknown>;
  /** Transformations of the query results (tables of several queries merge them into one table). */
  transformations: { id: string; options: Record<string, unknown> }[];
}

/** A Grafana dashboard as the sidecar provisions it. */
export interface GrafanaDashboard {
  /** Stable uid. */
  uid: string;
  /** Title. */
  title: string;
  /** Description. */
  description: string;
  /** Tags (`agentcloud`). */
  tags: string[];
  /** JSON model version. */
  schemaVersion: number;
  /** Dashboard version (provisioned, so always 1). */
  version: number;
  /** Provisioned dashboards are not edited in the UI (the sidecar would overwrite edits). */
  editable: boolean;
  /** Shared crosshair. */
  graphTooltip: number;
  /** Time zone. */
  timezone: string;
  /** Auto-refresh. */
  refresh: string;
  /** Default time range. */
  time: { from: string; to: string };
  /** Template variables: the Prometheus data source. */
  templating: { list: Record<string, unknown>[] };
  /** Annotations (none). */
  annotations: { list: unknown[] };
  /** Links (none). */
  links: unknown[];
  /** Panels. */
  panels: GrafanaPanel[];
}

/** The metric sources a scrape target set provides (kube-state-metrics always: the stack installs it). */
export function metricSources(targets: ScrapeTargets): Set<MetricSource> {
  const sources = new Set<MetricSource>(["kube-state-metrics"]);
  if (targets.gateway) sources.add("gateway");
  if (targets.dcgm) sources.add("dcgm");
  if (targets.cilium) sources.add("cilium");
  if (targets.cilium?.hubble) sources.add("hubble");
  if (targets.agentSandboxController) sources.add("agent-sandbox");
  return sources;
}

/** The panels of a dashboard whose source (and `onlyWith`) is scraped, in order. */
export function panelsFor(definition: DashboardDefinition, sources: ReadonlySet<MetricSource>): PanelDefinition[] {
  return definition.panels.filter((p) => sources.has(p.source) && (p.onlyWith === undefined || sources.has(p.onlyWith)));
}

/**
 * Flow layout: panels fill rows of 24 columns left to right; a panel that does not fit starts a new row below the
 * tallest panel of the current one. Derived, so leaving a panel out never leaves a hole.
 */
export function layout(panels: readonly Pick<PanelDefinition, "width" | "height">[]): GridPos[] {
  const positions: GridPos[] = [];
  let x = 0;
  let y = 0;
  let rowHeight = 0;
  for (const p of panels) {
    if (p.width < 1 || p.width > GRID_COLUMNS) throw new Error(`panel width ${p.width} is not within 1..${GRID_COLUMNS}`);
    if (x + p.width > GRID_COLUMNS) {
      y += rowHeight;
      x = 0;
      rowHeight = 0;
    }
    positions.push({ h: p.height, w: p.width, x, y });
    x += p.width;
    rowHeight = Math.max(rowHeight, p.height);
  }
  return positions;
}

const DATASOURCE: DatasourceRef = { type: "prometheus", uid: `\${${DATASOURCE_VARIABLE}}` };

function fieldDefaults(panel: PanelDefinition): Record<string, unknown> {
  const defaults: Record<string, unknown> = { unit: panel.unit };
  if (panel.kind === "timeseries") {
    defaults.custom = {
      drawStyle: "line",
      lineWidth: 1,
      fillOpacity: panel.stacked ? 40 : 10,
      stacking: { mode: panel.stacked ? "normal" : "none" },
    };
  }
  if (panel.unit === "percent") Object.assign(defaults, { min: 0, max: 100 });
  if (panel.unit === "percentunit") Object.assign(defaults, { min: 0, max: 1 });
  return defaults;
}

function options(kind: PanelKind): Record<string, unknown> {
  switch (kind) {
    case "timeseries":
      return {
        legend: { displayMode: "table", placement: "right", showLegend: true, calcs: ["lastNotNull", "max"] },
        tooltip: { mode: "multi", sort: "desc" },
      };
    case "stat":
      return {
        reduceOptions: { calcs: ["lastNotNull"], fields: "", values: false },
        colorMode: "value",
        graphMode: "area",
        textMode: "auto",
      };
    case "bargauge":
      return {
        reduceOptions: { calcs: ["lastNotNull"], fields: "", values: false },
        orientation: "horizontal",
        displayMode: "gradient",
        showUnfilled: true,
      };
    case "table":
      return { showHeader: true, cellHeight: "sm", footer: { show: false, reducer: ["sum"], fields: "" } };
  }
}

/**
 * A merged table names each query's value column `Value #<refId>`: name it after the query's legend, in its unit.
 */
function tableOverrides(panel: PanelDefinition): unknown[] {
  if (panel.kind !== "table" || panel.queries.length < 2) return [];
  return panel.queries.map((q, i) => ({
    matcher: { id: "byName", options: `Value #${String.fromCharCode(65 + i)}` },
    properties: [
      { id: "displayName", value: q.legend },
      { id: "unit", value: q.unit ?? panel.unit },
    ],
  }));
}

/** One panel as Grafana JSON, at `gridPos`, with panel id `id`. */
export function grafanaPanel(panel: PanelDefinition, id: number, gridPos: GridPos): GrafanaPanel {
  return {
    id,
    type: panel.kind,
    title: panel.title,
    description: panel.description,
    gridPos,
    datasource: DATASOURCE,
    targets: panel.queries.map((q, i) => ({
      refId: String.fromCharCode(65 + i),
      datasource: DATASOURCE,
      expr: q.expr,
      legendFormat: q.legend,
      instant: q.instant ?? false,
      range: !(q.instant ?? false),
      format: panel.kind === "table" ? "table" : "time_series",
    })),
    fieldConfig: { defaults: fieldDefaults(panel), overrides: tableOverrides(panel) },
    options: options(panel.kind),
    // Several table-format queries give one frame each; `merge` joins them on their labels into one table.
    transformations: panel.kind === "table" && panel.queries.length > 1 ? [{ id: "merge", options: {} }] : [],
  };
}

/** A dashboard definition as Grafana dashboard JSON, with only the panels whose source is scraped. */
export function grafanaDashboard(definition: DashboardDefinition, sources: ReadonlySet<MetricSource>): GrafanaDashboard {
  const panels = panelsFor(definition, sources);
  const positions = layout(panels);
  return {
    uid: definition.uid,
    title: definition.title,
    description: definition.description,
    tags: ["agentcloud"],
    schemaVersion: GRAFANA_SCHEMA_VERSION,
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
          name: DATASOURCE_VARIABLE,
          label: "Data source",
          query: "prometheus",
          // The chart's provisioned Prometheus data source (grafana.sidecar.datasources.uid).
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
    panels: panels.map((p, i) => grafanaPanel(p, i + 1, positions[i])),
  };
}
