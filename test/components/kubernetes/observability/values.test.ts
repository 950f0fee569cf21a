import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { resolveObservability } from "../../../../components/kubernetes/observability/resolve";
import type { ObservabilityArgs } from "../../../../components/kubernetes/observability/spec";
import { kubePrometheusStackValues } from "../../../../components/kubernetes/observability/values";
import { UPSTREAM } from "../../../../components/vocabulary";
import { UPSTREAM_DIR } from "../../../helpers/schema";

const KPS_DIR = join(UPSTREAM_DIR, "kube-prometheus-stack", UPSTREAM.kubePrometheusStack.version);
const load = (...path: string[]) => parse(readFileSync(join(UPSTREAM_DIR, ...path), "utf8")) as Record<string, unknown>;
const KPS = load("kube-prometheus-stack", UPSTREAM.kubePrometheusStack.version, "values.yaml");
// Subcharts of 88.5.3 (MANIFEST.md): their defaults merge under the parent's key.
const SUBCHARTS: Record<string, Record<string, unknown>> = {
  grafana: parse(readFileSync(join(KPS_DIR, "grafana", "values.yaml"), "utf8")) as Record<string, unknown>,
  "kube-state-metrics": load("kube-state-metrics", "8.4.0", "values.yaml"),
  "prometheus-node-exporter": load("prometheus-node-exporter", "4.56.1", "values.yaml"),
};
// Keys whose value is a Kubernetes or prometheus-operator object, or a free map, that values.yaml leaves empty: what
// is under them is checked by the Kubernetes schema, not by the chart's defaults.
const OBJECT_VALUED = [
  "commonLabels",
  "securityContext",
  "containerSecurityContext",
  "resources",
  "additionalLabels",
  "labels",
  "annotations",
  "storageSpec",
  "serviceMonitorSelector",
  "serviceMonitorNamespaceSelector",
  "podMonitorSelector",
  "podMonitorNamespaceSelector",
  "ruleSelector",
  "ruleNamespaceSelector",
  "grafana.ini",
];

type Path = string[];

/** Every leaf key path of a values object (lists are leaves). */
function leafPaths(value: unknown, prefix: Path = []): Path[] {
  if (typeof value !== "object" || value === null || Array.isArray(value) || Object.keys(value).length === 0) return [prefix];
  return Object.entries(value).flatMap(([k, v]) => leafPaths(v, [...prefix, k]));
}

/** Whether `values` has the path, or a prefix of it that is an object-valued key. */
function known(values: unknown, path: Path): boolean {
  let node = values;
  for (const key of path) {
    if (typeof node !== "object" || node === null || !(key in node)) return false;
    if (OBJECT_VALUED.includes(key)) return true;
    node = (node as Record<string, unknown>)[key];
  }
  return true;
}

/** Paths of `values` that neither kube-prometheus-stack nor the subchart under its key has. */
function unknownPaths(values: Record<string, unknown>): string[] {
  return leafPaths(values)
    .filter((path) => !known(KPS, path) && !(path[0] in SUBCHARTS && known(SUBCHARTS[path[0]], path.slice(1))))
    .map((path) => path.join("."));
}

const AMP_URL = "https://aps-workspaces.eu-west-1.amazonaws.com/workspaces/ws-1/api/v1/remote_write";
const ROLE = { "eks.amazonaws.com/role-arn": "arn:aws:iam::123456789012:role/amp-writer" };
const ARG_SETS: [string, ObservabilityArgs][] = [
  ["defaults", { scrape: {} }],
  [
    "everything set, AMP",
    {
      namespace: "monitoring",
      retention: { time: "30d", size: "45GiB" },
      storage: { size: "100Gi", storageClassName: "gp3" },
      managedPrometheus: { kind: "amp", remoteWriteUrl: AMP_URL, region: "eu-west-1", serviceAccountAnnotations: ROLE },
      scrape: {},
    },
  ],
  [
    "GMP without Grafana",
    {
      grafana: false,
      managedPrometheus: {
        kind: "gmp",
        projectId: "acme-metrics",
        serviceAccountAnnotations: { "iam.gke.io/gcp-service-account": "p@acme-metrics.iam.gserviceaccount.com" },
      },
      scrape: {},
    },
  ],
];

const values = (args: ObservabilityArgs) => kubePrometheusStackValues(resolveObservability(args));
type Tree = Record<string, Record<string, Record<string, unknown>>>;

describe("kubePrometheusStackValues", () => {
  it.each(ARG_SETS)("uses only keys the chart and its subcharts have (%s)", (_, args) => {
    expect(unknownPaths(values(args))).toEqual([]);
  });

  it("the checker rejects keys the chart does not have", () => {
    expect(unknownPaths({ prometheus: { prometheusSpec: { retension: "1d" } }, grafana: { adminn: {} }, nodeExporter: { x: 1 } })).toEqual([
      "prometheus.prometheusSpec.retension",
      "grafana.adminn",
      "nodeExporter.x",
    ]);
  });

  it("names every object after the release and labels the chart's objects for agentcloud's selectors", () => {
    const v = values({ scrape: {} }) as Tree;
    expect(v.fullnameOverride).toBe("agentcloud-monitoring");
    expect(v.commonLabels).toEqual({ "agentcloud.dev/monitoring": "true" });
    expect(v["kube-state-metrics"].prometheus).toEqual({ monitor: { additionalLabels: { "agentcloud.dev/monitoring": "true" } } });
    // The agent, tenant and cost-centre labels reach kube_pod_labels / kube_namespace_labels only when allowlisted.
    expect(v["kube-state-metrics"].metricLabelsAllowlist).toEqual([
      "namespaces=[agentcloud.dev/tenant,agentcloud.dev/cost-centre]",
      "pods=[agentcloud.dev/agent]",
      "deployments=[agentcloud.dev/agent]",
      "statefulsets=[agentcloud.dev/agent]",
    ]);
    expect(v["prometheus-node-exporter"].prometheus).toEqual({ monitor: { additionalLabels: { "agentcloud.dev/monitoring": "true" } } });
    expect(v.grafana.serviceMonitor).toEqual({ labels: { "agentcloud.dev/monitoring": "true" } });
  });

  it("Prometheus selects labelled monitors and rules in the monitoring namespace only, keeps 15 days on a 50Gi volume", () => {
    const spec = (values({ scrape: {} }) as Tree).prometheus.prometheusSpec;
    const labelled = { matchLabels: { "agentcloud.dev/monitoring": "true" } };
    const here = { matchLabels: { "kubernetes.io/metadata.name": "agentcloud-monitoring" } };
    expect(spec).toEqual({
      retention: "15d",
      storageSpec: { volumeClaimTemplate: { spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "50Gi" } } } } },
      serviceMonitorSelectorNilUsesHelmValues: false,
      serviceMonitorSelector: labelled,
      serviceMonitorNamespaceSelector: here,
      podMonitorSelectorNilUsesHelmValues: false,
      podMonitorSelector: labelled,
      podMonitorNamespaceSelector: here,
      ruleSelectorNilUsesHelmValues: false,
      ruleSelector: labelled,
      ruleNamespaceSelector: here,
      securityContext: { runAsNonRoot: true, runAsUser: 1000, runAsGroup: 2000, fsGroup: 2000, seccompProfile: { type: "RuntimeDefault" } },
      resources: { requests: { cpu: "500m", memory: "2Gi" }, limits: { memory: "4Gi" } },
    });
  });

  it("takes retention, storage and AMP's remote write with SigV4 and the workload identity", () => {
    const v = values(ARG_SETS[1][1]) as Tree;
    const spec = v.prometheus.prometheusSpec;
    expect(spec.retention).toBe("30d");
    expect(spec.retentionSize).toBe("45GiB");
    expect(spec.storageSpec).toEqual({
      volumeClaimTemplate: {
        spec: { accessModes: ["ReadWriteOnce"], storageClassName: "gp3", resources: { requests: { storage: "100Gi" } } },
      },
    });
    expect(spec.remoteWrite).toEqual([{ url: AMP_URL, sigv4: { region: "eu-west-1" } }]);
    expect(spec.image).toBeUndefined();
    expect(v.prometheus.serviceAccount).toEqual({ annotations: ROLE });
    expect((spec.podMonitorNamespaceSelector as Record<string, unknown>).matchLabels).toEqual({
      "kubernetes.io/metadata.name": "monitoring",
    });
  });

  it("GMP: runs Google's exporting Prometheus for the project, no remote write", () => {
    const v = values(ARG_SETS[2][1]) as Tree;
    const spec = v.prometheus.prometheusSpec;
    expect(spec.image).toEqual({ registry: "gke.gcr.io", repository: "prometheus-engine/prometheus", tag: "v2.45.3-gmp.9-gke.0" });
    expect(spec.version).toBe("v2.45.3");
    expect(spec.additionalArgs).toEqual([{ name: "export.label.project-id", value: "acme-metrics" }]);
    expect(spec.remoteWrite).toBeUndefined();
    expect(v.prometheus.serviceAccount).toEqual({
      annotations: { "iam.gke.io/gcp-service-account": "p@acme-metrics.iam.gserviceaccount.com" },
    });
    expect(v.grafana).toEqual({ enabled: false });
  });

  it("Grafana: the generated admin Secret, no anonymous access or sign-up, ClusterIP, dashboards from the monitoring namespace", () => {
    const g = (values({ scrape: {} }) as Tree).grafana;
    expect(g.enabled).toBe(true);
    expect(g.defaultDashboardsEnabled).toBe(true);
    expect(g.admin).toEqual({ existingSecret: "agentcloud-grafana-admin", userKey: "admin-user", passwordKey: "admin-password" });
    expect(g["grafana.ini"]).toEqual({
      "auth.anonymous": { enabled: false },
      "auth.basic": { enabled: true },
      users: { allow_sign_up: false },
      analytics: { check_for_updates: false, reporting_enabled: false },
    });
    expect(g.service).toEqual({ type: "ClusterIP" });
    expect(g.sidecar.dashboards).toEqual({
      enabled: true,
      label: "grafana_dashboard",
      labelValue: "1",
      searchNamespace: "agentcloud-monitoring",
    });
    expect(g.initChownData).toEqual({ enabled: false });
  });

  it("hardens every component: non-root, RuntimeDefault seccomp, no capabilities or escalation, resources set", () => {
    const v = values({ scrape: {} }) as Tree;
    const restricted = {
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ["ALL"] },
      seccompProfile: { type: "RuntimeDefault" },
    };
    const nobody = { runAsNonRoot: true, runAsUser: 65534, runAsGroup: 65534, fsGroup: 65534, seccompProfile: { type: "RuntimeDefault" } };
    for (const key of ["kube-state-metrics", "prometheus-node-exporter", "prometheusOperator"]) {
      expect(v[key].securityContext).toEqual(nobody);
      expect(v[key].containerSecurityContext).toEqual(restricted);
      expect(v[key].resources).toHaveProperty("limits.memory");
    }
    expect(v.grafana.securityContext).toEqual({
      runAsNonRoot: true,
      runAsUser: 472,
      runAsGroup: 472,
      fsGroup: 472,
      seccompProfile: { type: "RuntimeDefault" },
    });
    expect(v.grafana.containerSecurityContext).toEqual(restricted);
    expect(v.grafana.sidecar.securityContext).toEqual(restricted);
    expect(v.alertmanager.enabled).toBe(true);
    expect(v.alertmanager.alertmanagerSpec).toEqual({
      securityContext: { runAsNonRoot: true, runAsUser: 1000, runAsGroup: 2000, fsGroup: 2000, seccompProfile: { type: "RuntimeDefault" } },
      resources: { requests: { cpu: "50m", memory: "64Mi" }, limits: { memory: "256Mi" } },
    });
    const webhooks = v.prometheusOperator.admissionWebhooks as Record<string, Record<string, unknown>>;
    expect(webhooks.patch.securityContext).toEqual({
      runAsNonRoot: true,
      runAsUser: 2000,
      runAsGroup: 2000,
      fsGroup: 2000,
      seccompProfile: { type: "RuntimeDefault" },
    });
    expect(webhooks.createSecretJob).toEqual({ securityContext: restricted });
    expect(webhooks.patchWebhookJob).toEqual({ securityContext: restricted });
  });

  it("node-exporter keeps the host access node metrics need", () => {
    const ne = (values({ scrape: {} }) as Tree)["prometheus-node-exporter"];
    expect([ne.hostNetwork, ne.hostPID, ne.hostRootFsMount]).toEqual([true, true, { enabled: true, mountPropagation: "HostToContainer" }]);
  });
});
