import { describe, expect, it } from "vitest";
import {
  monitoringEndpoint,
  PROMETHEUS_NAME,
  PROMETHEUS_POD_SELECTOR,
  resolveObservability,
} from "../../../../components/kubernetes/observability/resolve";

describe("resolveObservability", () => {
  it("applies the defaults", () => {
    expect(resolveObservability({ scrape: {} })).toEqual({
      namespace: "agentcloud-monitoring",
      release: "agentcloud-monitoring",
      retentionTime: "15d",
      storageSize: "50Gi",
      grafana: true,
      scrape: { agents: [] },
    });
  });

  it("keeps what is given and sorts the agents by namespace and name", () => {
    const managed = {
      kind: "gmp" as const,
      projectId: "acme-metrics",
      serviceAccountAnnotations: { "iam.gke.io/gcp-service-account": "p@x" },
    };
    const metrics = { port: 9100, path: "/metrics" };
    expect(
      resolveObservability({
        namespace: "monitoring",
        retention: { time: "30d", size: "45GiB" },
        storage: { size: "100Gi", storageClassName: "gp3" },
        grafana: false,
        managedPrometheus: managed,
        scrape: {
          gateway: { namespace: "gw", name: "mcp-gateway" },
          cilium: { namespace: "kube-system", hubble: false },
          agentSandboxController: { namespace: "agent-sandbox-system" },
          dcgm: { namespace: "gpu-operator" },
          agents: [
            { namespace: "team-b", name: "a", metrics },
            { namespace: "team-a", name: "z", metrics },
            { namespace: "team-a", name: "b", metrics },
          ],
        },
      }),
    ).toEqual({
      namespace: "monitoring",
      release: "agentcloud-monitoring",
      retentionTime: "30d",
      retentionSize: "45GiB",
      storageSize: "100Gi",
      storageClassName: "gp3",
      grafana: false,
      managedPrometheus: managed,
      scrape: {
        gateway: { namespace: "gw", name: "mcp-gateway" },
        cilium: { namespace: "kube-system", hubble: false },
        agentSandboxController: { namespace: "agent-sandbox-system" },
        dcgm: { namespace: "gpu-operator" },
        agents: [
          { namespace: "team-a", name: "b", metrics },
          { namespace: "team-a", name: "z", metrics },
          { namespace: "team-b", name: "a", metrics },
        ],
      },
    });
  });
});

describe("monitoringEndpoint", () => {
  it("selects the pods prometheus-operator runs for the chart's Prometheus", () => {
    expect(PROMETHEUS_NAME).toBe("agentcloud-monitoring-prometheus");
    expect(PROMETHEUS_POD_SELECTOR).toEqual({ "app.kubernetes.io/name": "prometheus", prometheus: "agentcloud-monitoring-prometheus" });
    expect(monitoringEndpoint()).toEqual({ namespace: "agentcloud-monitoring", podSelector: PROMETHEUS_POD_SELECTOR });
    expect(monitoringEndpoint("monitoring")).toEqual({ namespace: "monitoring", podSelector: PROMETHEUS_POD_SELECTOR });
  });
});
