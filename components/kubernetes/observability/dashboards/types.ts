// Typed dashboard definitions: what a panel shows and which scraped component its queries need. grafana.ts turns
// them into Grafana dashboard JSON; nothing here knows Grafana's JSON model.

/** A component whose metrics a panel's queries read (the metric catalog names the same components). */
export type MetricSource = "kube-state-metrics" | "gateway" | "dcgm" | "cilium" | "hubble" | "agent-sandbox";

/** Grafana panel plugins the dashboards use. */
export type PanelKind = "timeseries" | "stat" | "bargauge" | "table";

/** One PromQL query of a panel. */
export interface PanelQuery {
  /** The PromQL expression (plain PromQL: no Grafana variables, so a real parser checks it). */
  expr: string;
  /** Series name (Grafana `legendFormat`, `{{label}}` placeholders). */
  legend: string;
  /**
   * Evaluate at the dashboard's end time only (tables, stats of a window).
   * @default false
   */
  instant?: boolean;
  /**
   * Unit of this query's values where it differs from the panel's (a table with CPU and memory columns).
   * @default - the panel's unit
   */
  unit?: string;
}

/** One panel: a question and the queries that answer it. */
export interface PanelDefinition {
  /** Panel title (the question it answers, briefly). */
  title: string;
  /** What the panel shows and how to read it (Grafana shows it as the panel's info tooltip). */
  description: string;
  /** Panel plugin. */
  kind: PanelKind;
  /** Grafana unit id of the values (`short`, `percent`, `percentunit`, `bytes`, `decmbytes`, `s`, `ms`, `reqps`, `pps`, or a custom `suffix:<text>`). */
  unit: string;
  /** Width in grid columns (of 24). */
  width: number;
  /** Height in grid rows (30 px each). */
  height: number;
  /** The component whose metrics the queries read; the panel is left out when it is not scraped. */
  source: MetricSource;
  /**
   * A component the panel is about besides its source: the panel is also left out when this one is not scraped
   * (GPU requests, read from kube-state-metrics, only on a cluster with DCGM, i.e. GPU nodes).
   * @default - the source alone decides
   */
  onlyWith?: MetricSource;
  /** The queries (one or more series each). */
  queries: PanelQuery[];
  /**
   * Stack the series (time series only).
   * @default false
   */
  stacked?: boolean;
}

/** A dashboard: one page of panels about one fleet-level question. */
export interface DashboardDefinition {
  /** Short name: the ConfigMap's suffix, the JSON file's name and the picture's name. */
  key: string;
  /** Grafana uid (stable: links and bookmarks survive redeploys). */
  uid: string;
  /** Title in Grafana. */
  title: string;
  /** What the dashboard answers. */
  description: string;
  /** The component the dashboard is about: without it the dashboard is not rendered at all. */
  requires: MetricSource;
  /** Panels in reading order; they flow left to right into rows of 24 columns. */
  panels: PanelDefinition[];
}
