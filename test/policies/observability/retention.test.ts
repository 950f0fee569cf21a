import { describe, expect, it } from "vitest";
import { prometheusDuration } from "../../../policies/lib/observability";
import { retention } from "../../../policies/observability/retention";
import { messages, violations } from "../helpers";
import { builtRelease, grafanaRelease, podMonitor, stackRelease } from "./objects";

const KPS = 'Helm Release "agentcloud-monitoring" installs kube-prometheus-stack and';
const fix = (days: number) =>
  `set values.prometheus.prometheusSpec.retention to ${days}d or more, or remote-write the metrics to a managed store ` +
  "(values.prometheus.prometheusSpec.remoteWrite; agentcloud's managedPrometheus), which then keeps them.";
const withRetention = (value: unknown, name = "agentcloud-monitoring") =>
  stackRelease((v) => (v.prometheus.prometheusSpec.retention = value), name);

describe("agentcloud-observability-retention", () => {
  it("reads Prometheus durations: units largest first, each once, or 0", () => {
    const day = 86_400_000;
    expect(["15d", "360h", "2w", "1d12h", "1y", "90m", "1h30m15s500ms", "0"].map(prometheusDuration)).toEqual([
      15 * day,
      15 * day,
      14 * day,
      1.5 * day,
      365 * day,
      5_400_000,
      5_415_500,
      0,
    ]);
    expect(["", "15", "15D", "12h1d", "1.5d", "15 d", "-1d", "1d1d", "P15D", 15, null].map(prometheusDuration)).toEqual(
      Array<undefined>(11).fill(undefined),
    );
  });

  it("passes the release Observability renders: 15d by default, and a short window sent to AMP or exported by GMP", async () => {
    const ids = { serviceAccountAnnotations: {} };
    const amp = builtRelease(
      {
        retention: { time: "2h" },
        managedPrometheus: {
          kind: "amp",
          remoteWriteUrl: "https://aps-workspaces.eu-west-1.amazonaws.com/workspaces/ws-1/api/v1/remote_write",
          region: "eu-west-1",
          ...ids,
        },
      },
      "amp",
    );
    const gmp = builtRelease({ retention: { time: "1d" }, managedPrometheus: { kind: "gmp", projectId: "acme-prod", ...ids } }, "gmp");
    expect(await messages(retention, [builtRelease(), amp, gmp])).toEqual([]);
    expect(await messages(retention, [builtRelease({ retention: { time: "7d" } })])).toEqual([
      `${KPS} sets values.prometheus.prometheusSpec.retention to 7 days, under the minimum of 15 days, with no remote write; ${fix(15)}`,
    ]);
  });

  it("takes only Google's exporting Prometheus for GMP, not any image", async () => {
    const other = stackRelease((v) => {
      v.prometheus.prometheusSpec.retention = "1d";
      v.prometheus.prometheusSpec.image = { registry: "quay.io", repository: "prometheus/prometheus" };
    });
    expect(await messages(retention, [other])).toEqual([
      `${KPS} sets values.prometheus.prometheusSpec.retention to 1 day, under the minimum of 15 days, with no remote write; ${fix(15)}`,
    ]);
  });

  it("passes 15 days or more, and a release that remote-writes whatever it keeps", async () => {
    const remote = stackRelease((v) => {
      v.prometheus.prometheusSpec.retention = "2h";
      v.prometheus.prometheusSpec.remoteWrite = [
        { url: "https://aps-workspaces.eu-west-1.amazonaws.com/workspaces/ws-1/api/v1/remote_write" },
      ];
    }, "amp");
    const additional = stackRelease((v) => {
      delete v.prometheus.prometheusSpec.retention;
      v.prometheus.prometheusSpec.additionalRemoteWrite = [{ url: "https://metrics.example/api/v1/write" }];
    }, "additional");
    const off = stackRelease((v) => (v.prometheus = { enabled: false }), "off");
    const regs = [withRetention("15d"), withRetention("360h", "hours"), withRetention("2w1d", "weeks"), remote, additional, off];
    expect(await messages(retention, regs)).toEqual([]);
    expect(await violations([retention], [grafanaRelease(), podMonitor()])).toEqual([]);
  });

  it("flags a short retention and the chart's default 10d when unset, with severity and URN", async () => {
    const found = await violations([retention], [withRetention("7d")]);
    expect(found.map((v) => [v.message, v.urn, v.severity])).toEqual([
      [
        `${KPS} sets values.prometheus.prometheusSpec.retention to 7 days, under the minimum of 15 days, with no remote write; ${fix(15)}`,
        "urn:pulumi:test::test::kubernetes:helm.sh/v3:Release::agentcloud-monitoring",
        "medium",
      ],
    ]);
    const unset = stackRelease((v) => {
      delete v.prometheus.prometheusSpec.retention;
      v.prometheus.prometheusSpec.remoteWrite = [];
    });
    expect(await messages(retention, [unset])).toEqual([
      `${KPS} leaves values.prometheus.prometheusSpec.retention unset (the chart's default 10d), under the minimum of 15 ` +
        `days, with no remote write; ${fix(15)}`,
    ]);
  });

  it("flags a retention that is not a Prometheus duration without printing it", async () => {
    expect(await messages(retention, [withRetention("15 CANARY"), withRetention(15, "number"), withRetention("", "empty")])).toEqual([
      `${KPS} sets values.prometheus.prometheusSpec.retention to a value that is not a Prometheus duration (like 15d, 360h ` +
        `or 1d12h); ${fix(15)}`,
      'Helm Release "empty" installs kube-prometheus-stack and sets values.prometheus.prometheusSpec.retention to a value ' +
        `that is not a Prometheus duration (like 15d, 360h or 1d12h); ${fix(15)}`,
      'Helm Release "number" installs kube-prometheus-stack and sets values.prometheus.prometheusSpec.retention to a ' +
        `value that is not a Prometheus duration (like 15d, 360h or 1d12h); ${fix(15)}`,
    ]);
  });

  it("takes minimumRetentionDays from config", async () => {
    const config = { "agentcloud-observability-retention": { minimumRetentionDays: 30 } };
    expect(await messages(retention, [withRetention("4w"), withRetention("720h", "month")], config)).toEqual([
      `${KPS} sets values.prometheus.prometheusSpec.retention to 28 days, under the minimum of 30 days, with no remote ` +
        `write; ${fix(30)}`,
    ]);
    const lenient = { "agentcloud-observability-retention": { minimumRetentionDays: 1 } };
    expect(await messages(retention, [withRetention("1d"), withRetention("36h", "hours")], lenient)).toEqual([]);
    expect(await messages(retention, [withRetention("12h")], lenient)).toEqual([
      `${KPS} sets values.prometheus.prometheusSpec.retention to 0.5 days, under the minimum of 1 day, with no remote ` +
        `write; ${fix(1)}`,
    ]);
  });
});
