// What scraped workloads need to know about the monitoring stack (pure data, no Pulumi): which pods scrape them, so
// their network policies admit exactly those pods on their metrics port. Agents and the gateway import this file only.

/** Namespace the monitoring stack runs in unless told otherwise; reserved (never a tenant). */
export const DEFAULT_MONITORING_NAMESPACE = "agentcloud-monitoring";
/** Helm release name of kube-prometheus-stack (prefix of its objects' names). */
export const MONITORING_RELEASE = "agentcloud-monitoring";
/** Label on the ServiceMonitors, PodMonitors and PrometheusRules agentcloud renders; Prometheus selects them by it. */
export const MONITORING_SELECTOR_LABEL = "agentcloud.dev/monitoring";
/** Label the Grafana dashboard sidecar looks for on ConfigMaps (the grafana chart's `sidecar.dashboards.label`). */
export const GRAFANA_DASHBOARD_LABEL = "grafana_dashboard";

/** The Prometheus pods that scrape the fleet: `AgentCloud` hands it to agents and the gateway. */
export interface MonitoringEndpoint {
  /** The monitoring namespace. */
  namespace: string;
  /** Labels of the Prometheus pods (with the namespace, they select the scraper in network policies). */
  podSelector: Record<string, string>;
}

/** An agent's opt-in metrics endpoint (in its declaration). */
export interface AgentMetrics {
  /** Port the agent serves Prometheus metrics on (not its serving port). */
  port: number;
  /**
   * Path of the metrics.
   * @default "/metrics"
   */
  path?: string;
}
