import type { ConfigMap } from "kubernetes-types/core/v1";
import { standardLabels } from "../../labels";
import type { BuiltObject } from "../../objects";
import { GRAFANA_DASHBOARD_LABEL, MONITORING_SELECTOR_LABEL } from "../endpoint";
import type { ScrapeTargets } from "../spec";
import { COST_DASHBOARD } from "./cost";
import { FLEET_DASHBOARD } from "./fleet";
import { GPU_DASHBOARD } from "./gpu";
import { grafanaDashboard, metricSources } from "./grafana";
import { NETWORK_DASHBOARD } from "./network";
import { TOOLS_DASHBOARD } from "./tools";
import type { DashboardDefinition } from "./types";

/** Every dashboard agentcloud ships, in the order they are rendered. */
export const DASHBOARDS: readonly DashboardDefinition[] = [
  FLEET_DASHBOARD,
  TOOLS_DASHBOARD,
  GPU_DASHBOARD,
  NETWORK_DASHBOARD,
  COST_DASHBOARD,
];

/** Name of a dashboard's ConfigMap. */
export function dashboardConfigMapName(key: string): string {
  return `agentcloud-dashboard-${key}`;
}

/** The dashboards whose data source is scraped (GPU only with DCGM, tool calls only with the gateway, ...). */
export function dashboardsFor(targets: ScrapeTargets): DashboardDefinition[] {
  const sources = metricSources(targets);
  return DASHBOARDS.filter((d) => sources.has(d.requires));
}

/**
 * The Grafana dashboards as ConfigMaps in the monitoring namespace, one dashboard JSON each (`<key>.json`), labelled
 * for the grafana sidecar (`grafana_dashboard: "1"`; the sidecar reads the monitoring namespace only) and as agentcloud monitoring
 * objects. Only dashboards whose data source is scraped; in each, only panels whose data source is scraped.
 */
export function buildDashboards(targets: ScrapeTargets, namespace: string): BuiltObject[] {
  const sources = metricSources(targets);
  return dashboardsFor(targets).map((definition) => {
    const name = dashboardConfigMapName(definition.key);
    const configMap: ConfigMap = {
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: {
        name,
        namespace,
        labels: { ...standardLabels(name, "dashboard"), [GRAFANA_DASHBOARD_LABEL]: "1", [MONITORING_SELECTOR_LABEL]: "true" },
      },
      data: { [`${definition.key}.json`]: `${JSON.stringify(grafanaDashboard(definition, sources), null, 2)}\n` },
    };
    return { role: `dashboard-${definition.key}`, object: configMap };
  });
}
