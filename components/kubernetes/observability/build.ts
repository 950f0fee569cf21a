import type { Namespace } from "kubernetes-types/core/v1";
import { HOST_AGENT_POD_SECURITY_LABELS, standardLabels } from "../labels";
import type { BuiltObject } from "../objects";
import { buildAlertRules } from "./alerts";
import { buildDashboards } from "./dashboards/build";
import type { ResolvedObservability } from "./resolve";
import { buildScrapeObjects } from "./scrape";

/**
 * Pod Security of the monitoring namespace: `privileged` enforced, because node-exporter needs the host's network and
 * PID namespaces and its root filesystem (which `baseline` forbids); `restricted` audited and warned, so every other
 * pod of the stack that falls short of it shows up.
 */
export const MONITORING_POD_SECURITY_LABELS: Readonly<Record<string, string>> = HOST_AGENT_POD_SECURITY_LABELS;

/** What `Observability` registers around the Helm release. */
export interface ObservabilityParts {
  /** The monitoring Namespace (before the release). */
  namespace: BuiltObject<Namespace>;
  /** PodMonitors, PrometheusRules and dashboard ConfigMaps (after the release, which brings their CRDs). */
  monitoring: BuiltObject[];
}

/**
 * The Namespace (no tenant: no `agentcloud.dev/tenant` label), then agentcloud's PodMonitors, its alert rules and, with
 * Grafana, its dashboards, all in the monitoring namespace. The Grafana admin Secret is not here: the component makes
 * it from a generated password, which no pure builder sees.
 */
export function buildObservabilityParts(r: ResolvedObservability): ObservabilityParts {
  const namespace: Namespace = {
    apiVersion: "v1",
    kind: "Namespace",
    metadata: { name: r.namespace, labels: { ...standardLabels(r.namespace, "monitoring"), ...MONITORING_POD_SECURITY_LABELS } },
  };
  return {
    namespace: { role: "namespace", object: namespace },
    monitoring: [
      ...buildScrapeObjects(r.scrape, r.namespace),
      ...buildAlertRules(r.scrape, r.namespace),
      ...(r.grafana ? buildDashboards(r.scrape, r.namespace) : []),
    ],
  };
}

/** Every object of {@link buildObservabilityParts}, the Namespace first. */
export function buildObservability(r: ResolvedObservability): BuiltObject[] {
  const parts = buildObservabilityParts(r);
  return [parts.namespace, ...parts.monitoring.map((o) => ({ ...o, dependsOn: ["namespace"] }))];
}
