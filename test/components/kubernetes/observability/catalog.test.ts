import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { UPSTREAM_DIR } from "../../../helpers/schema";
import { loadMetricCatalog, METRIC_CATALOG_PATH, metricsOutsideCatalog, parsePromql } from "./promql";

describe("parsePromql", () => {
  it("lists the metrics of selectors, functions, aggregations, subqueries and binary operations", () => {
    const parsed = parsePromql(
      'sum by (agent) (rate(a_total{x="1"}[5m])) / on (agent) group_left max by (agent) (b) > 3 * avg_over_time(c[1d:5m] offset 1h) unless {__name__="d"}',
    );
    expect(parsed).toEqual({ errors: [], metrics: ["a_total", "b", "c", "d"], nameMatchers: [] });
  });

  it("reads Prometheus 3 quoted metric names and reports non-equality __name__ matchers", () => {
    expect(parsePromql('{"metric.with.dots", job="x"} + {__name__=~"node_.*"}')).toEqual({
      errors: [],
      metrics: ["metric.with.dots"],
      nameMatchers: ['__name__=~"node_.*"'],
    });
  });

  it("reports syntax errors with their position", () => {
    expect(parsePromql("sum(rate(foo[5m])").errors).toEqual(['at 17: "sum(rate(foo[5m])"']);
    expect(parsePromql("  ").errors[0]).toBe("empty expression");
  });

  it("reports range functions given an instant vector", () => {
    expect(parsePromql("rate(foo)").errors).toEqual(["rate() needs a range vector as argument 1"]);
    expect(parsePromql("rate(foo offset 1h)").errors).toEqual(["rate() needs a range vector as argument 1"]);
    expect(parsePromql("quantile_over_time(0.9, foo)").errors).toEqual(["quantile_over_time() needs a range vector as argument 2"]);
    expect(
      parsePromql(
        "quantile_over_time(0.9, foo[5m]) + rate((bar[5m])) + avg_over_time(sum(baz)[1d:5m]) + rate(q[5m] offset 1d) + rate(r[5m] @ 100)",
      ).errors,
    ).toEqual([]);
  });

  it("substitutes Grafana variables before parsing", () => {
    expect(parsePromql('rate(x_total{namespace="$ns"}[$__rate_interval])', { variables: { ns: "a" } })).toEqual({
      errors: [],
      metrics: ["x_total"],
      nameMatchers: [],
    });
    expect(parsePromql("rate(x_total[$__rate_interval])").errors).toEqual([]);
  });
});

describe("metric catalog", () => {
  const catalog = loadMetricCatalog();

  it("parses, and every component has a name, a version, a source and metrics", () => {
    expect(Array.isArray((parse(readFileSync(METRIC_CATALOG_PATH, "utf8")) as { components: unknown }).components)).toBe(true);
    for (const c of catalog.components) {
      expect(c.name, c.name).toMatch(/^[a-z][a-z0-9-]*$/);
      expect(c.version.length, `${c.name} version`).toBeGreaterThan(0);
      expect(c.source, `${c.name} source`).toMatch(/^(https:\/\/|\.\.\/shared\/upstream\/)/);
      expect(c.metrics.length, `${c.name} metrics`).toBeGreaterThan(0);
    }
  });

  it("lists the components agentcloud scrapes, once each", () => {
    expect(catalog.components.map((c) => c.name)).toEqual([
      "agentgateway",
      "cilium-agent",
      "cilium-operator",
      "hubble",
      "dcgm-exporter",
      "kube-state-metrics",
      "kubelet-cadvisor",
      "node-exporter",
      "agent-sandbox-controller",
      "fluent-bit",
      "prometheus",
    ]);
  });

  it("has valid metric names, each exported by exactly one component", () => {
    const problems: string[] = [];
    for (const c of catalog.components) {
      for (const m of c.metrics) if (!/^[a-zA-Z_:][a-zA-Z0-9_:]*$/.test(m)) problems.push(`${c.name}: ${m}`);
    }
    for (const [metric, owners] of catalog.byMetric) if (owners.length > 1) problems.push(`${metric}: ${owners.join(", ")}`);
    expect(problems).toEqual([]);
  });

  it("names each component's metrics with its upstream prefix", () => {
    const prefixes: Record<string, RegExp> = {
      agentgateway: /^agentgateway_/,
      "cilium-agent": /^cilium_(?!operator_)/,
      "cilium-operator": /^cilium_operator_/,
      hubble: /^hubble_/,
      "dcgm-exporter": /^DCGM_FI_/,
      "kube-state-metrics": /^kube_/,
      "kubelet-cadvisor": /^container_/,
      "node-exporter": /^node_/,
      "fluent-bit": /^fluentbit_/,
    };
    for (const c of catalog.components) {
      const prefix = prefixes[c.name];
      if (prefix)
        expect(
          c.metrics.filter((m) => !prefix.test(m)),
          c.name,
        ).toEqual([]);
    }
  });

  it("has dcgm-exporter's default counters exactly (the pinned default-counters.csv, label rows excepted)", () => {
    const csv = readFileSync(resolve(UPSTREAM_DIR, "dcgm-exporter/4.5.3-4.8.2/etc/default-counters.csv"), "utf8");
    const counters = csv
      .split("\n")
      .map((l) => l.trim())
      .filter((l) => l.length > 0 && !l.startsWith("#"))
      .map((l) => l.split(",").map((f) => f.trim()))
      .filter(([, type]) => type !== "label")
      .map(([name]) => name);
    expect(catalog.components.find((c) => c.name === "dcgm-exporter")?.metrics).toEqual(counters);
  });

  it("expands histograms to their three series", () => {
    const gateway = catalog.components.find((c) => c.name === "agentgateway");
    expect(gateway?.metrics).toEqual(
      expect.arrayContaining([
        "agentgateway_requests_total",
        "agentgateway_mcp_requests_total",
        "agentgateway_request_duration_seconds_bucket",
        "agentgateway_request_duration_seconds_sum",
        "agentgateway_request_duration_seconds_count",
      ]),
    );
    expect(gateway?.metrics).not.toContain("agentgateway_request_duration_seconds");
  });

  it("finds metrics outside the catalog, or outside the named components", () => {
    expect(metricsOutsideCatalog(catalog, ["up", "no_such_metric"])).toEqual(["no_such_metric"]);
    expect(metricsOutsideCatalog(catalog, ["up", "hubble_drop_total"], ["hubble"])).toEqual(["up"]);
  });
});
