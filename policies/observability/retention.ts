import type { ResourceValidationPolicy } from "@pulumi/policy";
import { strictConfigSchema } from "../lib/config-schema";
import { owaspAgenticTop10 } from "../lib/frameworks";
import { describeRelease, isGmpExporter, monitoringRelease, nonEmptyList, prometheusDuration } from "../lib/observability";
import { record } from "../lib/pod-templates";
import { MONITORING } from "../lib/vocabulary";

/** The policy's settings. */
export interface RetentionConfig {
  /** Days of metrics Prometheus must keep when it writes them nowhere else. */
  minimumRetentionDays?: number;
}

/** kube-prometheus-stack 88.5.3 values.yaml: prometheus.prometheusSpec.retention. */
const CHART_DEFAULT_RETENTION = "10d";
const DEFAULT_MINIMUM_DAYS = 15;
const DAY = 24 * 3_600_000;
const AT = "values.prometheus.prometheusSpec";

/** `15 days`, `1.5 days`. */
function days(milliseconds: number): string {
  const value = Math.round((milliseconds / DAY) * 100) / 100;
  return `${value} ${value === 1 ? "day" : "days"}`;
}

/**
 * The fleet's metrics are the record of what its agents did (tool calls, denials, GPU use): an incident found a week
 * later needs them. Prometheus keeps them long enough, unless it remote-writes them to a managed store.
 */
export const retention: ResourceValidationPolicy = {
  name: "agentcloud-observability-retention",
  description:
    `Every Helm Release or Chart of ${MONITORING.chart} (chart ${MONITORING.chart}, or an OCI/URL chart ending in ` +
    `/${MONITORING.chart}) with Prometheus enabled and no remote write must set ${AT}.retention to a Prometheus ` +
    `duration (15d, 360h, 2w, 1d12h) of at least minimumRetentionDays (default ${DEFAULT_MINIMUM_DAYS}); unset, it is the ` +
    `chart's default ${CHART_DEFAULT_RETENTION}. A release that sets ${AT}.remoteWrite or additionalRemoteWrite keeps ` +
    "its metrics in the remote store and passes, as does one running Google Managed Service for Prometheus' exporting " +
    "image (prometheusSpec.image.repository prometheus-engine/prometheus).",
  enforcementLevel: "mandatory",
  severity: "medium",
  configSchema: strictConfigSchema({
    minimumRetentionDays: {
      type: "integer",
      minimum: 1,
      default: DEFAULT_MINIMUM_DAYS,
      description: "Days of metrics Prometheus must keep when it remote-writes them nowhere.",
    },
  }),
  framework: owaspAgenticTop10("ASI10 Rogue Agents: keep the record of what agents did long enough to investigate"),
  tags: ["owasp-agentic-top10:ASI10", "nsa-cisa-k8s-hardening-1.2:logging-threat-detection"],
  remediationSteps:
    `Set ${AT}.retention to ${DEFAULT_MINIMUM_DAYS}d or more (agentcloud's Observability retention.time), with ` +
    "retentionSize and storage to match; or remote-write the metrics to a managed store (Observability's " +
    "managedPrometheus: Amazon or Google Managed Service for Prometheus), which keeps them instead.",
  validateResource: (args, report) => {
    const release = monitoringRelease(args);
    if (release === undefined || release.chart !== MONITORING.chart) {
      return args.notApplicable(`Policy only applies to Helm releases of the ${MONITORING.chart} chart`);
    }
    const prometheus = record(release.values.prometheus);
    // values.yaml: prometheus.enabled defaults to true.
    if (prometheus.enabled === false) return args.notApplicable("The release sets values.prometheus.enabled to false");
    const spec = record(prometheus.prometheusSpec);
    // The metrics live in a managed store: remote write (AMP, any remote store), or GMP's exporting Prometheus.
    if (nonEmptyList(spec.remoteWrite) || nonEmptyList(spec.additionalRemoteWrite) || isGmpExporter(spec.image)) return;
    const minimumDays = args.getConfig<RetentionConfig>().minimumRetentionDays ?? DEFAULT_MINIMUM_DAYS;
    const set = spec.retention !== undefined && spec.retention !== null;
    const kept = prometheusDuration(set ? spec.retention : CHART_DEFAULT_RETENTION);
    const fix =
      `set ${AT}.retention to ${minimumDays}d or more, or remote-write the metrics to a managed store ` +
      `(${AT}.remoteWrite; agentcloud's managedPrometheus), which then keeps them`;
    const who = describeRelease(release);
    if (kept === undefined) {
      report(`${who} and sets ${AT}.retention to a value that is not a Prometheus duration (like 15d, 360h or 1d12h); ${fix}.`);
    } else if (kept < minimumDays * DAY) {
      const what = set
        ? `sets ${AT}.retention to ${days(kept)}`
        : `leaves ${AT}.retention unset (the chart's default ${CHART_DEFAULT_RETENTION})`;
      report(`${who} and ${what}, under the minimum of ${days(minimumDays * DAY)}, with no remote write; ${fix}.`);
    }
  },
};
