import { DEFAULT_MONITORING_NAMESPACE, MONITORING_RELEASE, type MonitoringEndpoint } from "./endpoint";
import type { ManagedPrometheus, ObservabilityArgs, ScrapedAgent, ScrapeTargets } from "./spec";

/** Name of the Prometheus custom resource the chart creates: `<fullname>-prometheus` (fullname = the release). */
export const PROMETHEUS_NAME = `${MONITORING_RELEASE}-prometheus`;

/**
 * Labels prometheus-operator puts on the pods of Prometheus {@link PROMETHEUS_NAME} (its `makeSelectorLabels` in
 * `pkg/prometheus/server`: `app.kubernetes.io/name: prometheus` and `prometheus: <name>`, among others; the chart names
 * the resource `<fullname>-prometheus`, `kube-prometheus-stack.prometheus.crname`).
 */
export const PROMETHEUS_POD_SELECTOR: Readonly<Record<string, string>> = {
  "app.kubernetes.io/name": "prometheus",
  prometheus: PROMETHEUS_NAME,
};

/** Name of the generated Secret holding Grafana's admin user and password. */
export const GRAFANA_ADMIN_SECRET = "agentcloud-grafana-admin";
/** Keys of {@link GRAFANA_ADMIN_SECRET} (the grafana chart's `admin.userKey` / `admin.passwordKey` defaults). */
export const GRAFANA_ADMIN_KEYS = {
  /** Key of the admin user name. */
  user: "admin-user",
  /** Key of the admin password. */
  password: "admin-password",
} as const;
/** Grafana's admin user name. */
export const GRAFANA_ADMIN_USER = "admin";

/** The Prometheus pods of the stack in `namespace`, for the network policies of what it scrapes. */
export function monitoringEndpoint(namespace: string = DEFAULT_MONITORING_NAMESPACE): MonitoringEndpoint {
  return { namespace, podSelector: { ...PROMETHEUS_POD_SELECTOR } };
}

/** {@link ObservabilityArgs} with every default applied. */
export interface ResolvedObservability {
  /** Namespace of the stack. */
  namespace: string;
  /** Helm release name (prefix of the chart's objects). */
  release: string;
  /** Samples kept for (Prometheus duration). */
  retentionTime: string;
  /** TSDB size cap, if any. */
  retentionSize?: string;
  /** Prometheus's volume size. */
  storageSize: string;
  /** Prometheus's StorageClass, if not the default one. */
  storageClassName?: string;
  /** Whether Grafana is installed. */
  grafana: boolean;
  /** Managed Prometheus, if any. */
  managedPrometheus?: ManagedPrometheus;
  /** What to scrape besides Kubernetes (agents sorted by namespace and name). */
  scrape: Required<Pick<ScrapeTargets, "agents">> & Omit<ScrapeTargets, "agents">;
}

function byNamespaceAndName(a: ScrapedAgent, b: ScrapedAgent): number {
  return a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name);
}

/** Applies the defaults of {@link ObservabilityArgs}. Call only on args that passed validation. */
export function resolveObservability(args: ObservabilityArgs): ResolvedObservability {
  const { scrape } = args;
  return {
    namespace: args.namespace ?? DEFAULT_MONITORING_NAMESPACE,
    release: MONITORING_RELEASE,
    retentionTime: args.retention?.time ?? "15d",
    ...(args.retention?.size === undefined ? {} : { retentionSize: args.retention.size }),
    storageSize: args.storage?.size ?? "50Gi",
    ...(args.storage?.storageClassName === undefined ? {} : { storageClassName: args.storage.storageClassName }),
    grafana: args.grafana ?? true,
    ...(args.managedPrometheus === undefined ? {} : { managedPrometheus: args.managedPrometheus }),
    scrape: {
      ...(scrape.gateway === undefined ? {} : { gateway: { ...scrape.gateway } }),
      ...(scrape.cilium === undefined ? {} : { cilium: { ...scrape.cilium } }),
      ...(scrape.agentSandboxController === undefined ? {} : { agentSandboxController: { ...scrape.agentSandboxController } }),
      ...(scrape.dcgm === undefined ? {} : { dcgm: { ...scrape.dcgm } }),
      ...(scrape.auditShipper === undefined ? {} : { auditShipper: { ...scrape.auditShipper } }),
      agents: (scrape.agents ?? [])
        .map((a) => ({ namespace: a.namespace, name: a.name, metrics: { ...a.metrics } }))
        .sort(byNamespaceAndName),
    },
  };
}
