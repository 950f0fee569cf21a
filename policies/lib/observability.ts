/**
 * How the observability policies read the monitoring stack as the engine hands its inputs: Helm releases of
 * kube-prometheus-stack and of the standalone grafana chart (their `values`), Prometheus durations, and the
 * prometheus-operator objects (`monitoring.coreos.com/v1` Prometheus, ServiceMonitor, PodMonitor). Value names and
 * defaults are those of kube-prometheus-stack 88.5.3 and its grafana 12.11.1 subchart (upstream/kube-prometheus-stack).
 */
import type { PolicyResource } from "@pulumi/policy";
import { objectsOf, type KubeObject } from "./gateway";
import { record, text } from "./pod-templates";
import { MONITORING } from "./vocabulary";

/** Helm resources of @pulumi/kubernetes that take `chart` and `values` inputs. */
export const HELM_TYPE = /^kubernetes:helm\.sh\/v\d+:(Release|Chart)$/;

/** The charts the observability policies judge. */
export type MonitoringChart = typeof MONITORING.chart | "grafana";

/** True when a chart reference names `chart`: `<chart>`, `<repo>/<chart>`, an OCI or URL path ending in `/<chart>`, or its `.tgz`. */
export function isChartNamed(reference: unknown, chart: string): boolean {
  if (typeof reference !== "string") return false;
  const last = reference.trim().replace(/\/+$/, "").split("/").pop() ?? "";
  return last === chart || (last.startsWith(`${chart}-`) && /^\d[^/]*\.tgz$/.test(last.slice(chart.length + 1)));
}

/** A Helm release (or Chart) of a monitoring chart. */
export interface MonitoringRelease {
  chart: MonitoringChart;
  /** `Release` or `Chart`: the last part of the type token. */
  helmKind: string;
  /** The release's `name` input when set, else its Pulumi name. */
  name: string;
  values: Record<string, unknown>;
}

/** The monitoring release a resource is, or undefined when it is no Helm resource of kube-prometheus-stack or grafana. */
export function monitoringRelease(resource: { type: string; name: string; props: unknown }): MonitoringRelease | undefined {
  if (!HELM_TYPE.test(resource.type)) return undefined;
  const props = record(resource.props);
  const chart = isChartNamed(props.chart, MONITORING.chart)
    ? MONITORING.chart
    : isChartNamed(props.chart, "grafana")
      ? "grafana"
      : undefined;
  if (chart === undefined) return undefined;
  return { chart, helmKind: resource.type.split(":").pop() ?? "", name: text(props.name) ?? resource.name, values: record(props.values) };
}

/** `Helm Release "agentcloud-monitoring" installs kube-prometheus-stack`: how messages name a release. */
export function describeRelease(release: MonitoringRelease): string {
  return `Helm ${release.helmKind} "${release.name}" installs ${release.chart}`;
}

const UNITS: Record<string, number> = {
  y: 365 * 24 * 3_600_000,
  w: 7 * 24 * 3_600_000,
  d: 24 * 3_600_000,
  h: 3_600_000,
  m: 60_000,
  s: 1_000,
  ms: 1,
};

// Prometheus' duration syntax (prometheus/common model.ParseDuration, and the Prometheus CRD's retention pattern):
// units from largest to smallest, each at most once, or a bare 0.
const DURATION = /^(?:(\d+)y)?(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?(?:(\d+)ms)?$/;

/** Milliseconds of a Prometheus duration (`15d`, `360h`, `2w`, `1d12h`, `0`), or undefined when it is not one. */
export function prometheusDuration(value: unknown): number | undefined {
  if (value === "0") return 0;
  if (typeof value !== "string" || value === "") return undefined;
  const match = DURATION.exec(value);
  if (match === null) return undefined;
  const units = Object.values(UNITS);
  return match.slice(1).reduce((total, part, i) => total + (part === undefined ? 0 : Number(part) * units[i]), 0);
}

/** The value as Grafana reads an ini boolean (`true`, `1`, `yes`, `on`, ... any case), or a YAML boolean. */
export function iniTrue(value: unknown): boolean {
  if (value === true) return true;
  return typeof value === "string" && ["1", "t", "true", "y", "yes", "on"].includes(value.trim().toLowerCase());
}

/**
 * True when a Prometheus image is Google Cloud Managed Service for Prometheus' fork (`<registry>/prometheus-engine/
 * prometheus`), which exports every sample to the managed store itself and takes no remote write
 * (cloud.google.com/stackdriver/docs/managed-prometheus/setup-unmanaged).
 */
export function isGmpExporter(image: unknown): boolean {
  const repository = text(record(image).repository);
  return repository !== undefined && /(^|\/)prometheus-engine\/prometheus$/.test(repository.trim());
}

/** True when the value is a non-empty list. */
export function nonEmptyList(value: unknown): boolean {
  return Array.isArray(value) && value.length > 0;
}

const PROMETHEUS = { "monitoring.coreos.com": { Prometheus: true } } as const;
const MONITORS = { "monitoring.coreos.com": { ServiceMonitor: true, PodMonitor: true } } as const;

/** The Prometheus custom resources in a resource (patches and list items too). */
export function prometheusObjects(resource: PolicyResource): KubeObject[] {
  return objectsOf(resource, PROMETHEUS);
}

/** The ServiceMonitors and PodMonitors in a resource labelled `agentcloud.dev/monitoring` (any value). */
export function labelledMonitors(resource: PolicyResource): KubeObject[] {
  return objectsOf(resource, MONITORS).filter((m) => typeof m.labels[MONITORING.selectorLabel] === "string");
}
