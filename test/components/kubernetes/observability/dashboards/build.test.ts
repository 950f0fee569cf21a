import { describe, expect, it } from "vitest";
import type { ConfigMap } from "kubernetes-types/core/v1";
import {
  buildDashboards,
  dashboardConfigMapName,
  dashboardsFor,
} from "../../../../../components/kubernetes/observability/dashboards/build";
import { grafanaDashboard, metricSources } from "../../../../../components/kubernetes/observability/dashboards/grafana";
import { GPU_DASHBOARD } from "../../../../../components/kubernetes/observability/dashboards/gpu";
import type { ScrapeTargets } from "../../../../../components/kubernetes/observability/spec";
import { invalidObjects } from "../../../../helpers/schema";

const FULL: ScrapeTargets = {
  gateway: { namespace: "agentcloud-gateway", name: "mcp-gateway" },
  cilium: { namespace: "kube-system", hubble: true },
  agentSandboxController: { namespace: "agent-sandbox-system" },
  dcgm: { namespace: "gpu-operator" },
  agents: [{ namespace: "research", name: "planner", metrics: { port: 9464, path: "/metrics" } }],
};

const labels = (name: string) => ({
  "app.kubernetes.io/name": name,
  "app.kubernetes.io/component": "dashboard",
  "app.kubernetes.io/part-of": "agentcloud",
  "app.kubernetes.io/managed-by": "agentcloud",
  grafana_dashboard: "1",
  "agentcloud.dev/monitoring": "true",
});

describe("buildDashboards", () => {
  it("renders one ConfigMap per dashboard for a fleet with everything scraped", () => {
    const objects = buildDashboards(FULL, "agentcloud-monitoring");
    expect(objects.map((o) => [o.role, o.object.kind, o.object.metadata?.namespace, o.object.metadata?.name, o.dependsOn])).toEqual([
      ["dashboard-fleet", "ConfigMap", "agentcloud-monitoring", "agentcloud-dashboard-fleet", undefined],
      ["dashboard-tools", "ConfigMap", "agentcloud-monitoring", "agentcloud-dashboard-tools", undefined],
      ["dashboard-gpu", "ConfigMap", "agentcloud-monitoring", "agentcloud-dashboard-gpu", undefined],
      ["dashboard-network", "ConfigMap", "agentcloud-monitoring", "agentcloud-dashboard-network", undefined],
      ["dashboard-cost", "ConfigMap", "agentcloud-monitoring", "agentcloud-dashboard-cost", undefined],
    ]);
  });

  it("builds the exact ConfigMap: sidecar and monitoring labels, one JSON file", () => {
    const gpu = buildDashboards(FULL, "observability").find((o) => o.role === "dashboard-gpu")?.object as ConfigMap;
    expect(gpu).toEqual({
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name: "agentcloud-dashboard-gpu", namespace: "observability", labels: labels("agentcloud-dashboard-gpu") },
      data: { "gpu.json": `${JSON.stringify(grafanaDashboard(GPU_DASHBOARD, metricSources(FULL)), null, 2)}\n` },
    });
    const parsed = JSON.parse(gpu.data!["gpu.json"]);
    expect(parsed.uid).toBe("agentcloud-gpu");
    expect(parsed.panels.map((p: any) => p.title)).toEqual([
      "GPUs requested",
      "Shares per GPU",
      "Utilisation per GPU",
      "Framebuffer used per GPU",
      "Utilisation seen by each share",
      "Framebuffer used on each share's GPU",
      "Busiest GPUs now",
    ]);
  });

  it("renders only the dashboards whose data source is scraped", () => {
    expect(buildDashboards({}, "agentcloud-monitoring").map((o) => o.role)).toEqual(["dashboard-fleet", "dashboard-cost"]);
    expect(dashboardsFor({ gateway: { namespace: "gw", name: "mcp-gateway" } }).map((d) => d.key)).toEqual(["fleet", "tools", "cost"]);
    expect(dashboardsFor({ dcgm: { namespace: "gpu-operator" } }).map((d) => d.key)).toEqual(["fleet", "gpu", "cost"]);
    expect(dashboardsFor({ cilium: { namespace: "kube-system", hubble: false } }).map((d) => d.key)).toEqual(["fleet", "cost"]);
    expect(dashboardsFor({ cilium: { namespace: "kube-system", hubble: true } }).map((d) => d.key)).toEqual(["fleet", "network", "cost"]);
  });

  it("drops panels whose source is missing inside a rendered dashboard (GPU requests only with GPUs)", () => {
    const titles = (targets: ScrapeTargets) =>
      JSON.parse(
        (buildDashboards(targets, "m").find((o) => o.role === "dashboard-cost")?.object as ConfigMap).data!["cost.json"],
      ).panels.map((p: any) => p.title);
    expect(titles({})).toEqual([
      "CPU requested by cost centre",
      "Memory requested by cost centre",
      "Requests by cost centre and namespace",
      "CPU requested without a cost centre",
    ]);
    expect(titles(FULL)).toContain("GPUs requested by cost centre");
  });

  it("names ConfigMaps after the dashboard", () => {
    expect(dashboardConfigMapName("fleet")).toBe("agentcloud-dashboard-fleet");
  });

  it("renders schema-valid ConfigMaps", async () => {
    expect(await invalidObjects(buildDashboards(FULL, "agentcloud-monitoring").map((o) => o.object))).toEqual([]);
    expect(await invalidObjects(buildDashboards({}, "agentcloud-monitoring").map((o) => o.object))).toEqual([]);
  });
});
