/** The monitoring stack's objects as the engine hands their inputs to policies, and agents that serve metrics. */
import type { Registration } from "../../../cli/mock-runtime";
import { MONITORING_RELEASE } from "../../../components/kubernetes/observability/endpoint";
import { resolveObservability } from "../../../components/kubernetes/observability/resolve";
import type { ObservabilityArgs } from "../../../components/kubernetes/observability/spec";
import { kubePrometheusStackValues } from "../../../components/kubernetes/observability/values";
import { UPSTREAM } from "../../../components/vocabulary";
import { agentDeployment, registration } from "../helpers";

export const MONITORING_NS = "agentcloud-monitoring";

/** Values of kube-prometheus-stack that pass every observability policy (Grafana in a Secret, inside the cluster, 15 days kept). */
export function stackValues(): Record<string, unknown> {
  return {
    prometheus: {
      enabled: true,
      prometheusSpec: {
        retention: "15d",
        retentionSize: "45GiB",
        podMonitorSelector: { matchLabels: { "agentcloud.dev/monitoring": "true" } },
      },
    },
    grafana: {
      enabled: true,
      admin: { existingSecret: "agentcloud-monitoring-grafana-admin", userKey: "admin-user", passwordKey: "admin-password" },
      "grafana.ini": { "auth.anonymous": { enabled: false }, analytics: { check_for_updates: false } },
      service: { type: "ClusterIP" },
      ingress: { enabled: false },
    },
  };
}

/** A Helm Release of kube-prometheus-stack (or `chart`) with {@link stackValues}, changed by `mutate`. */
export function stackRelease(
  mutate?: (values: Record<string, any>) => void,
  name = "agentcloud-monitoring",
  chart = "kube-prometheus-stack",
  type = "kubernetes:helm.sh/v3:Release",
): Registration {
  const values = stackValues();
  mutate?.(values);
  return registration(type, name, {
    name,
    chart,
    version: "88.5.3",
    namespace: MONITORING_NS,
    repositoryOpts: { repo: "https://prometheus-community.github.io/helm-charts" },
    values,
  });
}

/** A Helm Release of the standalone grafana chart whose values pass (the same Grafana values at the top level). */
export function grafanaRelease(mutate?: (values: Record<string, any>) => void, name = "grafana"): Registration {
  const values = stackValues().grafana as Record<string, unknown>;
  delete values.enabled;
  mutate?.(values);
  return registration("kubernetes:helm.sh/v3:Release", name, {
    name,
    chart: "grafana",
    version: "12.11.1",
    namespace: MONITORING_NS,
    repositoryOpts: { repo: "https://grafana-community.github.io/helm-charts" },
    values,
  });
}

/** A PodMonitor scraping agents' `metrics` port, labelled for agentcloud's Prometheus unless `labels` says otherwise. */
export function podMonitor(
  name = "agents",
  labels: Record<string, string> = { "agentcloud.dev/monitoring": "true" },
  kind: "PodMonitor" | "ServiceMonitor" = "PodMonitor",
): Registration {
  const endpoints =
    kind === "PodMonitor" ? { podMetricsEndpoints: [{ port: "metrics", path: "/metrics" }] } : { endpoints: [{ port: "metrics" }] };
  return registration(`kubernetes:monitoring.coreos.com/v1:${kind}`, name, {
    apiVersion: "monitoring.coreos.com/v1",
    kind,
    metadata: { name, namespace: MONITORING_NS, labels },
    spec: {
      selector: { matchExpressions: [{ key: "agentcloud.dev/agent", operator: "Exists" }] },
      namespaceSelector: { matchNames: ["research"] },
      ...endpoints,
    },
  });
}

/** A prometheus-operator Prometheus custom resource (how a stack without the chart runs Prometheus). */
export function prometheus(name = "fleet"): Registration {
  return registration("kubernetes:monitoring.coreos.com/v1:Prometheus", name, {
    apiVersion: "monitoring.coreos.com/v1",
    kind: "Prometheus",
    metadata: { name, namespace: MONITORING_NS },
    spec: { retention: "15d", podMonitorSelector: { matchLabels: { "agentcloud.dev/monitoring": "true" } } },
  });
}

/** An agent Deployment whose container serves metrics on a port named `metrics` (`portName` otherwise). */
export function metricsAgent(name: string, portName = "metrics"): Registration {
  return agentDeployment(name, (t) => {
    t.spec.containers[0].ports = [
      { name: "http", containerPort: 8080 },
      { name: portName, containerPort: 9464 },
    ];
  });
}

/** The kube-prometheus-stack Release Observability renders for `args`, as the engine hands its inputs. */
export function builtRelease(args: Partial<ObservabilityArgs> = {}, name = "agentcloud-monitoring"): Registration {
  const values = kubePrometheusStackValues(resolveObservability({ scrape: {}, ...args }));
  return registration("kubernetes:helm.sh/v3:Release", name, {
    name: MONITORING_RELEASE,
    chart: UPSTREAM.kubePrometheusStack.chart,
    version: UPSTREAM.kubePrometheusStack.version,
    namespace: MONITORING_NS,
    repositoryOpts: { repo: UPSTREAM.kubePrometheusStack.repo },
    values,
  });
}
