import { describe, expect, it } from "vitest";
import { DCGM_EXPORTER_NAMESPACE, fleetMonitoringEndpoint, fleetScrapeTargets } from "../../../components/blueprint/observability";
import { fleetAgentArgs } from "../../../components/blueprint/resolve";
import { validateAgentCloudArgs } from "../../../components/blueprint/validate";
import { ciliumFabric, existingCiliumFabric } from "../../../components/kubernetes/network/fabrics";
import { PLAIN_FABRIC, smallFleet } from "./fixtures";

const PROMETHEUS = { "app.kubernetes.io/name": "prometheus", prometheus: "agentcloud-monitoring-prometheus" };
const MONITORING = { namespace: "agentcloud-monitoring", podSelector: PROMETHEUS };

describe("fleetScrapeTargets", () => {
  it("scrapes the gateway and the sandbox controller of the small fleet, and no agent (none declares metrics)", () => {
    expect(fleetScrapeTargets(smallFleet())).toEqual({
      gateway: { namespace: "agentcloud-gateway", name: "mcp-gateway" },
      agentSandboxController: { namespace: "agent-sandbox-system" },
      agents: [],
    });
  });

  it("scrapes the agents that declare metrics, by agentName, with the default path", () => {
    const spec = smallFleet();
    spec.agents.memory = { ...spec.agents.memory, agentName: "mem", metrics: { port: 9090 } };
    spec.agents.pool = { ...spec.agents.pool, metrics: { port: 9100, path: "/stats" } };
    expect(fleetScrapeTargets(spec).agents).toEqual([
      { namespace: "agents", name: "mem", metrics: { port: 9090, path: "/metrics" } },
      { namespace: "agents", name: "pool", metrics: { port: 9100, path: "/stats" } },
    ]);
  });

  it("scrapes Cilium with Hubble when agentcloud installs it, without Hubble when the cluster runs its own", () => {
    const spec = smallFleet();
    spec.platform = { ...spec.platform, network: ciliumFabric() };
    expect(fleetScrapeTargets(spec).cilium).toEqual({ namespace: "kube-system", hubble: true });
    spec.platform = {
      ...spec.platform,
      network: existingCiliumFabric({ encryption: "wireguard", kubeProxyReplacement: false, l7Proxy: true }),
    };
    expect(fleetScrapeTargets(spec).cilium).toEqual({ namespace: "kube-system", hubble: false });
  });

  it("scrapes DCGM on GPU platforms only; no gateway, controller or Cilium when the fleet has none", () => {
    const spec = smallFleet({ agents: { solo: { namespace: "agents", image: "ghcr.io/acme/agent:1.0.0" } } });
    expect(fleetScrapeTargets(spec)).toEqual({ agents: [] });
    spec.platform = { ...spec.platform, network: PLAIN_FABRIC, gpu: {} };
    expect(fleetScrapeTargets(spec)).toEqual({ dcgm: { namespace: DCGM_EXPORTER_NAMESPACE }, agents: [] });
  });
});

describe("fleetMonitoringEndpoint", () => {
  it("is the Prometheus pods in the monitoring namespace by default, or in the one given", () => {
    expect(fleetMonitoringEndpoint({})).toEqual(MONITORING);
    expect(fleetMonitoringEndpoint({ observability: { namespace: "metrics" } })).toEqual({ namespace: "metrics", podSelector: PROMETHEUS });
  });

  it("is undefined with observability: false", () => {
    expect(fleetMonitoringEndpoint({ observability: false })).toBeUndefined();
  });

  it("is injected into every agent's platform, and not with observability: false", () => {
    expect(Object.values(fleetAgentArgs(smallFleet())).map((a) => a.platform?.monitoring)).toEqual([MONITORING, MONITORING, MONITORING]);
    const off = fleetAgentArgs(smallFleet({ observability: false }));
    expect(Object.values(off).map((a) => a.platform?.monitoring)).toEqual([undefined, undefined, undefined]);
  });
});

describe("validateAgentCloudArgs: observability", () => {
  it("accepts the default, false, and options", () => {
    expect(validateAgentCloudArgs(smallFleet())).toEqual([]);
    expect(validateAgentCloudArgs(smallFleet({ observability: false }))).toEqual([]);
    expect(validateAgentCloudArgs(smallFleet({ observability: { retention: { time: "30d" }, grafana: false } }))).toEqual([]);
  });

  it("rejects a tenant as the monitoring namespace", () => {
    expect(validateAgentCloudArgs(smallFleet({ observability: { namespace: "agents" } }))).toEqual([
      {
        argument: "observability.namespace",
        value: "agents",
        problem:
          "is the tenant tenants.agents; the monitoring stack runs in a namespace of its own (node-exporter needs host access no tenant may have)",
        fix: `leave it out for "agentcloud-monitoring", or name a namespace that is no tenant`,
      },
    ]);
  });

  it("reports the options' problems under observability, with the agents' metrics problems, at once", () => {
    const spec = smallFleet({ observability: { retention: { time: "1h" } } });
    spec.agents.memory = { ...spec.agents.memory, metrics: { port: 8080 } };
    const problems = validateAgentCloudArgs(spec);
    expect(problems.map((p) => p.argument)).toEqual(["agents.memory.metrics.port", "observability.retention.time"]);
  });

  it("rejects a non-object observability", () => {
    const problems = validateAgentCloudArgs(smallFleet({ observability: true as unknown as false }));
    expect(problems.map((p) => p.argument)).toEqual(["observability"]);
  });
});
