import { GRAFANA_DASHBOARD_LABEL, MONITORING_SELECTOR_LABEL } from "./endpoint";
import { GRAFANA_ADMIN_KEYS, GRAFANA_ADMIN_SECRET, type ResolvedObservability } from "./resolve";
import { KUBE_STATE_METRICS_LABELS_ALLOWLIST } from "./dashboards/labels";

// kube-prometheus-stack 88.5.3 values (keys checked against the pinned values.yaml and its subcharts' in the test).
// Every monitor and rule Prometheus reads carries `agentcloud.dev/monitoring: "true"`: agentcloud's own, and the
// chart's through `commonLabels` (its `kube-prometheus-stack.labels` helper adds them to every object) and the
// subcharts' monitor labels. The selectors then ask for that label alone, in the monitoring namespace alone, so a
// tenant cannot add scrape jobs or rules by creating a ServiceMonitor in its own namespace.

/**
 * The Prometheus fork Google Cloud Managed Service for Prometheus documents for self-deployed collection
 * (cloud.google.com/stackdriver/docs/managed-prometheus/setup-unmanaged): GMP takes no remote write; this binary
 * exports to Monarch itself (`--export.*` flags).
 */
export const GMP_PROMETHEUS_IMAGE = {
  /** Registry. */
  registry: "gke.gcr.io",
  /** Repository. */
  repository: "prometheus-engine/prometheus",
  /** Tag. */
  tag: "v2.45.3-gmp.9-gke.0",
} as const;
/** The upstream Prometheus version {@link GMP_PROMETHEUS_IMAGE} is built on (the operator picks its flags by it). */
export const GMP_PROMETHEUS_VERSION = "v2.45.3";

/** Pod security context of the stack's pods: non-root, RuntimeDefault seccomp. */
function podSecurity(uid: number, gid = uid): Record<string, unknown> {
  return { runAsNonRoot: true, runAsUser: uid, runAsGroup: gid, fsGroup: gid, seccompProfile: { type: "RuntimeDefault" } };
}

/** Container security context: no privilege escalation, no capabilities, read-only root filesystem. */
function containerSecurity(): Record<string, unknown> {
  return {
    allowPrivilegeEscalation: false,
    readOnlyRootFilesystem: true,
    capabilities: { drop: ["ALL"] },
    seccompProfile: { type: "RuntimeDefault" },
  };
}

function resources(cpu: string, memory: string, memoryLimit: string): Record<string, unknown> {
  // No CPU limits: throttling a scraper or the operator makes gaps, not safety; memory is bounded.
  return { requests: { cpu, memory }, limits: { memory: memoryLimit } };
}

/** Selects the objects labelled for agentcloud's monitoring in the monitoring namespace only. */
function selectors(namespace: string): Record<string, unknown> {
  const labelled = { matchLabels: { [MONITORING_SELECTOR_LABEL]: "true" } };
  const here = { matchLabels: { "kubernetes.io/metadata.name": namespace } };
  return {
    // false: the selectors below are used as given, not replaced by `release: <release>`.
    serviceMonitorSelectorNilUsesHelmValues: false,
    serviceMonitorSelector: labelled,
    serviceMonitorNamespaceSelector: here,
    podMonitorSelectorNilUsesHelmValues: false,
    podMonitorSelector: labelled,
    podMonitorNamespaceSelector: here,
    ruleSelectorNilUsesHelmValues: false,
    ruleSelector: labelled,
    ruleNamespaceSelector: here,
  };
}

function storage(r: ResolvedObservability): Record<string, unknown> {
  return {
    volumeClaimTemplate: {
      spec: {
        accessModes: ["ReadWriteOnce"],
        ...(r.storageClassName === undefined ? {} : { storageClassName: r.storageClassName }),
        resources: { requests: { storage: r.storageSize } },
      },
    },
  };
}

/** Prometheus's remote write (AMP) or exporting image (GMP). */
function managed(r: ResolvedObservability): Record<string, unknown> {
  const m = r.managedPrometheus;
  if (m === undefined) return {};
  if (m.kind === "amp") {
    // SigV4 with the pod's web identity (IRSA / EKS Pod Identity): no keys in the spec (prometheus-operator `Sigv4`).
    return { remoteWrite: [{ url: m.remoteWriteUrl, sigv4: { region: m.region } }] };
  }
  return {
    image: { ...GMP_PROMETHEUS_IMAGE },
    version: GMP_PROMETHEUS_VERSION,
    additionalArgs: [{ name: "export.label.project-id", value: m.projectId }],
  };
}

function grafana(r: ResolvedObservability): Record<string, unknown> {
  if (!r.grafana) return { enabled: false };
  return {
    enabled: true,
    defaultDashboardsEnabled: true,
    admin: { existingSecret: GRAFANA_ADMIN_SECRET, userKey: GRAFANA_ADMIN_KEYS.user, passwordKey: GRAFANA_ADMIN_KEYS.password },
    "grafana.ini": {
      "auth.anonymous": { enabled: false },
      "auth.basic": { enabled: true },
      users: { allow_sign_up: false },
      analytics: { check_for_updates: false, reporting_enabled: false },
    },
    service: { type: "ClusterIP" },
    // Dashboards only from the monitoring namespace: a tenant's labelled ConfigMap must not become a dashboard.
    sidecar: {
      dashboards: { enabled: true, label: GRAFANA_DASHBOARD_LABEL, labelValue: "1", searchNamespace: r.namespace },
      securityContext: containerSecurity(),
      resources: resources("50m", "96Mi", "192Mi"),
    },
    serviceMonitor: { labels: { [MONITORING_SELECTOR_LABEL]: "true" } },
    securityContext: podSecurity(472),
    // Read-only root: the grafana 12.11.1 chart mounts emptyDirs where Grafana writes (`storage` at /var/lib/grafana
    // without persistence, `search` at /var/lib/grafana-search; templates/_pod.tpl), and logs go to the console.
    containerSecurityContext: containerSecurity(),
    // Runs as root to chown a persistent volume; Grafana keeps no volume here.
    initChownData: { enabled: false },
    testFramework: { enabled: false },
    resources: resources("100m", "256Mi", "512Mi"),
  };
}

/** Values of kube-prometheus-stack for the resolved arguments. Pure; assumes valid arguments. */
export function kubePrometheusStackValues(r: ResolvedObservability): Record<string, unknown> {
  const monitored = { [MONITORING_SELECTOR_LABEL]: "true" };
  return {
    fullnameOverride: r.release,
    commonLabels: monitored,
    crds: { enabled: true },
    defaultRules: { create: true },
    alertmanager: {
      enabled: true,
      service: { type: "ClusterIP" },
      alertmanagerSpec: { securityContext: podSecurity(1000, 2000), resources: resources("50m", "64Mi", "256Mi") },
    },
    grafana: grafana(r),
    "kube-state-metrics": {
      prometheus: { monitor: { additionalLabels: monitored } },
      // kube-state-metrics exports no Kubernetes label unless allowlisted: the dashboards and alerts read the agent,
      // tenant and cost-centre labels from kube_pod_labels / kube_namespace_labels.
      metricLabelsAllowlist: [...KUBE_STATE_METRICS_LABELS_ALLOWLIST],
      securityContext: podSecurity(65534),
      containerSecurityContext: containerSecurity(),
      resources: resources("50m", "128Mi", "512Mi"),
    },
    // Host network, PID namespace and the root filesystem read-only at /host: node metrics need them (the chart's
    // defaults, stated). The namespace enforces Pod Security `privileged` for this DaemonSet.
    "prometheus-node-exporter": {
      prometheus: { monitor: { additionalLabels: monitored } },
      hostNetwork: true,
      hostPID: true,
      hostRootFsMount: { enabled: true, mountPropagation: "HostToContainer" },
      securityContext: podSecurity(65534),
      containerSecurityContext: containerSecurity(),
      resources: resources("50m", "32Mi", "128Mi"),
    },
    prometheusOperator: {
      securityContext: podSecurity(65534),
      containerSecurityContext: containerSecurity(),
      resources: resources("100m", "128Mi", "512Mi"),
      prometheusConfigReloader: { resources: resources("10m", "32Mi", "64Mi") },
      admissionWebhooks: {
        patch: { securityContext: podSecurity(2000), resources: resources("10m", "32Mi", "64Mi") },
        createSecretJob: { securityContext: containerSecurity() },
        patchWebhookJob: { securityContext: containerSecurity() },
      },
    },
    prometheus: {
      service: { type: "ClusterIP" },
      serviceAccount: { annotations: { ...(r.managedPrometheus?.serviceAccountAnnotations ?? {}) } },
      prometheusSpec: {
        retention: r.retentionTime,
        ...(r.retentionSize === undefined ? {} : { retentionSize: r.retentionSize }),
        storageSpec: storage(r),
        ...selectors(r.namespace),
        securityContext: podSecurity(1000, 2000),
        resources: resources("500m", "2Gi", "4Gi"),
        ...managed(r),
      },
    },
  };
}
