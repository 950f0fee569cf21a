import { describe, expect, it } from "vitest";
import { fleetGatewayArgs } from "../../../../components/blueprint/gateway";
import { fleetAgentArgs } from "../../../../components/blueprint/resolve";
import type { AgentCloudSpec } from "../../../../components/blueprint/spec";
import { buildAgent, resolveAgent } from "../../../../components/kubernetes/agent";
import { buildAgentNamespace } from "../../../../components/kubernetes/agent-namespace";
import { buildMcpGateway, resolveMcpGateway } from "../../../../components/kubernetes/mcp-gateway";
import { buildAgentNetwork, ciliumFabric, clusterDns, networkPolicyOnlyFabric } from "../../../../components/kubernetes/network";
import { allowed, gatewayPod, model, workloadPod, type Pod, type View } from "./evaluator";

// The fleet's Prometheus, end to end over the objects the fleet renders: it reaches an agent only on the metrics port the
// agent declares and the gateway only on 15020; other pods of the monitoring namespace, and look-alikes elsewhere, reach
// neither. Pod labels as prometheus-operator sets them on Prometheus agentcloud-monitoring-prometheus.

const IMAGE = "ghcr.io/acme/agent:1.0.0";
const API_SERVER = { cidrs: ["172.18.0.2/32"], ports: [6443] };
const PROMETHEUS: Pod = {
  namespace: "agentcloud-monitoring",
  labels: {
    "app.kubernetes.io/name": "prometheus",
    "app.kubernetes.io/instance": "agentcloud-monitoring-prometheus",
    prometheus: "agentcloud-monitoring-prometheus",
  },
  serviceAccount: "agentcloud-monitoring-prometheus",
};
const GRAFANA: Pod = {
  namespace: "agentcloud-monitoring",
  labels: { "app.kubernetes.io/name": "grafana" },
  serviceAccount: "agentcloud-monitoring-grafana",
};

function fleet(view: View, observability: AgentCloudSpec["observability"]) {
  const fabric = view === "cilium" ? ciliumFabric() : networkPolicyOnlyFabric({ unsafeNetworkPolicyOnly: { reason: "test CNI" } });
  const spec: AgentCloudSpec = {
    platform: { provider: {}, network: fabric, apiServer: API_SERVER },
    tenants: { agents: { owner: "team", costCentre: "cc1" } },
    agents: {
      scraped: { namespace: "agents", image: IMAGE, metrics: { port: 9090 }, tools: [{ server: "search", tools: ["find"] }] },
      quiet: { namespace: "agents", image: IMAGE },
    },
    tools: [{ name: "search", service: { name: "search", namespace: "tools", port: 80, podSelector: { app: "search" } }, tools: ["find"] }],
    observability,
  };
  const agents = Object.entries(fleetAgentArgs(spec)).map(([key, args]) => resolveAgent(key, args));
  const perAgent = agents.map((a) => buildAgent(a));
  const gateway = buildMcpGateway(resolveMcpGateway(fleetGatewayArgs(spec)!));
  const dns = clusterDns(["kube-dns"]);
  const objects = [
    ...buildAgentNamespace({ namespace: "agents", owner: "team", costCentre: "cc1", networkFabric: fabric, dns }),
    ...perAgent.flat(),
    ...buildAgentNetwork({ fabric, agents, tenants: ["agents"], dns }),
    ...gateway,
  ].map((o) => o.object);
  const pod = (i: number) => workloadPod(perAgent[i].find((o) => o.object.kind === "Deployment")!.object);
  return { m: model(objects), scraped: pod(0), quiet: pod(1), gw: gatewayPod({ namespace: "agentcloud-gateway", name: "mcp-gateway" }) };
}

describe("the fleet's Prometheus, evaluated", () => {
  for (const view of ["cilium", "networkpolicy"] as const) {
    it(`${view}: reaches an agent's declared metrics port and the gateway's 15020, and nothing else`, () => {
      const { m, scraped, quiet, gw } = fleet(view, {});
      expect(allowed(m, view, PROMETHEUS, { pod: scraped, port: 9090 })).toBe(true);
      expect(allowed(m, view, PROMETHEUS, { pod: scraped, port: 8080 })).toBe(false);
      for (const port of [8080, 9090]) expect(allowed(m, view, PROMETHEUS, { pod: quiet, port })).toBe(false);
      expect(allowed(m, view, PROMETHEUS, { pod: gw, port: 15020 })).toBe(true);
      for (const port of [8080, 15000, 15021]) expect(allowed(m, view, PROMETHEUS, { pod: gw, port })).toBe(false);
    });

    it(`${view}: other monitoring pods and Prometheus look-alikes elsewhere reach no metrics port`, () => {
      const { m, scraped, gw } = fleet(view, {});
      for (const pod of [GRAFANA, { ...PROMETHEUS, namespace: "agents" }, { ...PROMETHEUS, namespace: "default" }]) {
        expect(allowed(m, view, pod, { pod: scraped, port: 9090 }), `${pod.namespace} ${JSON.stringify(pod.labels)}`).toBe(false);
        expect(allowed(m, view, pod, { pod: gw, port: 15020 }), `${pod.namespace} ${JSON.stringify(pod.labels)}`).toBe(false);
      }
    });

    it(`${view}: with observability: false, nothing reaches the metrics ports`, () => {
      const { m, scraped, gw } = fleet(view, false);
      expect(allowed(m, view, PROMETHEUS, { pod: scraped, port: 9090 })).toBe(false);
      expect(allowed(m, view, PROMETHEUS, { pod: gw, port: 15020 })).toBe(false);
    });
  }
});
