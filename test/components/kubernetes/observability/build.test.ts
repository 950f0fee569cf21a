import { describe, expect, it } from "vitest";
import { buildAlertRules } from "../../../../components/kubernetes/observability/alerts";
import { buildObservability, buildObservabilityParts } from "../../../../components/kubernetes/observability/build";
import { buildDashboards } from "../../../../components/kubernetes/observability/dashboards/build";
import { resolveObservability } from "../../../../components/kubernetes/observability/resolve";
import { buildScrapeObjects } from "../../../../components/kubernetes/observability/scrape";
import type { ScrapeTargets } from "../../../../components/kubernetes/observability/spec";
import { invalidObjects } from "../../../helpers/schema";

const TARGETS: ScrapeTargets = {
  gateway: { namespace: "agentcloud-gateway", name: "mcp-gateway" },
  cilium: { namespace: "kube-system", hubble: true },
  agentSandboxController: { namespace: "agent-sandbox-system" },
  dcgm: { namespace: "gpu-operator" },
  agents: [{ namespace: "team-a", name: "coder", metrics: { port: 9100, path: "/metrics" } }],
};

describe("buildObservability", () => {
  it("puts the stack in a namespace that is no tenant, privileged for node-exporter and warning at restricted", () => {
    expect(buildObservabilityParts(resolveObservability({ scrape: {} })).namespace).toEqual({
      role: "namespace",
      object: {
        apiVersion: "v1",
        kind: "Namespace",
        metadata: {
          name: "agentcloud-monitoring",
          labels: {
            "app.kubernetes.io/name": "agentcloud-monitoring",
            "app.kubernetes.io/component": "monitoring",
            "app.kubernetes.io/part-of": "agentcloud",
            "app.kubernetes.io/managed-by": "agentcloud",
            "pod-security.kubernetes.io/enforce": "privileged",
            "pod-security.kubernetes.io/enforce-version": "latest",
            "pod-security.kubernetes.io/audit": "restricted",
            "pod-security.kubernetes.io/warn": "restricted",
          },
        },
      },
    });
  });

  it("adds the monitors, the alert rules and the dashboards of what is scraped, in the monitoring namespace", async () => {
    const r = resolveObservability({ namespace: "monitoring", scrape: TARGETS });
    const { monitoring } = buildObservabilityParts(r);
    const expected = [
      ...buildScrapeObjects(r.scrape, "monitoring"),
      ...buildAlertRules(r.scrape, "monitoring"),
      ...buildDashboards(r.scrape, "monitoring"),
    ];
    expect(monitoring).toEqual(expected);
    expect(monitoring.map((o) => o.object.kind)).toContain("PrometheusRule");
    expect(monitoring.map((o) => o.object.kind)).toContain("ConfigMap");
    expect(new Set(monitoring.map((o) => o.object.metadata?.namespace))).toEqual(new Set(["monitoring"]));
    expect(monitoring.every((o) => o.object.metadata?.labels?.["agentcloud.dev/monitoring"] === "true")).toBe(true);
    const all = buildObservability(r);
    expect(all[0].role).toBe("namespace");
    expect(all.slice(1).every((o) => o.dependsOn?.[0] === "namespace")).toBe(true);
    expect(new Set(all.map((o) => o.role)).size).toBe(all.length);
    expect(await invalidObjects(all.map((o) => o.object))).toEqual([]);
  });

  it("leaves the dashboards out without Grafana", () => {
    const { monitoring } = buildObservabilityParts(resolveObservability({ grafana: false, scrape: TARGETS }));
    expect(monitoring.filter((o) => o.object.kind === "ConfigMap")).toEqual([]);
    expect(monitoring.filter((o) => o.object.kind === "PodMonitor")).toHaveLength(7);
  });
});
