import { describe, expect, it } from "vitest";
import { fleetGatewayArgs, fleetGatewayEndpoint, fleetGatewayPeers, fleetToolGrants } from "../../../components/blueprint/gateway";
import { fleetAgentArgs } from "../../../components/blueprint/resolve";
import { DEFAULT_CLUSTER_DNS } from "../../../components/kubernetes/network/cluster-endpoints";
import { ciliumFabric } from "../../../components/kubernetes/network/fabrics";
import { API_SERVER, REGISTRY, smallFleet } from "./fixtures";

const IMAGE = "ghcr.io/acme/agent:1.0.0";
const ENDPOINT = { namespace: "agentcloud-gateway", name: "mcp-gateway", port: 8080, audience: "agentcloud-gateway" };

describe("fleetGatewayEndpoint", () => {
  it("is the default endpoint when an agent declares tools", () => {
    expect(fleetGatewayEndpoint(smallFleet())).toEqual(ENDPOINT);
  });

  it("takes namespace, port and audience from spec.gateway", () => {
    const spec = smallFleet({ gateway: { namespace: "gw", port: 9090, audience: "fleet-gw", replicas: 3 } });
    expect(fleetGatewayEndpoint(spec)).toEqual({ namespace: "gw", name: "mcp-gateway", port: 9090, audience: "fleet-gw" });
  });

  it("exists for delegation alone (to an agent that is not a pool)", () => {
    const spec = smallFleet();
    spec.agents.caller = { namespace: "agents", image: IMAGE, delegatesTo: [{ agent: "memory" }] };
    expect(fleetGatewayEndpoint(spec)).toEqual(ENDPOINT);
  });

  it("is undefined without tools and with claims on pools only", () => {
    const spec = smallFleet();
    spec.agents.caller = { namespace: "agents", image: IMAGE, delegatesTo: [{ agent: "pool", sandboxPool: true }], tools: [] };
    expect(fleetGatewayEndpoint(spec)).toBeUndefined();
    expect(fleetGatewayArgs(spec)).toBeUndefined();
  });

  it("is injected into every agent's platform by fleetAgentArgs", () => {
    const args = fleetAgentArgs(smallFleet());
    expect(Object.values(args).map((a) => a.platform?.gateway)).toEqual([ENDPOINT, ENDPOINT, ENDPOINT]);
  });

  it("is not injected when the fleet has no gateway", () => {
    const spec = smallFleet();
    spec.agents.caller = { namespace: "agents", image: IMAGE };
    expect(Object.values(fleetAgentArgs(spec)).map((a) => a.platform?.gateway)).toEqual([undefined, undefined, undefined]);
  });
});

describe("fleetGatewayArgs", () => {
  it("derives grants, peers, authentication, network, DNS and API server from the fleet", () => {
    expect(fleetGatewayArgs(smallFleet())).toEqual({
      servers: REGISTRY,
      grants: [{ namespace: "agents", serviceAccount: "caller", tools: [{ server: "web-search", tools: ["search"] }] }],
      peers: [{ namespace: "agents", agent: "memory", port: 8080, callers: [{ namespace: "agents", serviceAccount: "caller" }] }],
      authentication: {
        issuer: {
          issuer: "https://kubernetes.default.svc.cluster.local",
          jwks: { url: "https://kubernetes.default.svc.cluster.local/openid/v1/jwks" },
        },
        audience: "agentcloud-gateway",
      },
      network: { kind: "networkpolicy-only", fqdnEgress: false, apiServerByIdentity: false },
      dns: DEFAULT_CLUSTER_DNS,
      apiServer: API_SERVER,
      monitoring: {
        namespace: "agentcloud-monitoring",
        podSelector: { "app.kubernetes.io/name": "prometheus", prometheus: "agentcloud-monitoring-prometheus" },
      },
    });
  });

  it("admits no monitoring when the fleet has none (observability: false)", () => {
    expect("monitoring" in fleetGatewayArgs(smallFleet({ observability: false }))!).toBe(false);
  });

  it("uses the platform's issuer, the fabric's enforcement and the gateway options", () => {
    const issuer = { issuer: "https://oidc.example.com/id/ABC", jwks: { url: "https://oidc.example.com/id/ABC/keys" } };
    const spec = smallFleet({ gateway: { namespace: "gw", replicas: 3, port: 9090, resources: { cpu: "1" }, audience: "fleet-gw" } });
    spec.platform = { provider: {}, network: ciliumFabric(), tokenIssuer: issuer };
    const args = fleetGatewayArgs(spec)!;
    expect(args.authentication).toEqual({ issuer, audience: "fleet-gw" });
    expect(args.network).toEqual({ kind: "cilium", fqdnEgress: true, apiServerByIdentity: true });
    expect([args.namespace, args.replicas, args.port, args.resources, args.apiServer]).toEqual(["gw", 3, 9090, { cpu: "1" }, undefined]);
    expect("audience" in args).toBe(false);
  });

  it("names callers and callees by agentName, across tenants, with the callee's port, once per caller", () => {
    const spec = smallFleet();
    spec.tenants = { ...spec.tenants, research: { owner: "r", costCentre: "cc-2" } };
    spec.agents = {
      a: { namespace: "research", image: IMAGE, agentName: "alpha", delegatesTo: [{ agent: "m", namespace: "agents", port: 9000 }] },
      b: {
        namespace: "agents",
        image: IMAGE,
        delegatesTo: [{ agent: "m" }, { agent: "m" }],
        tools: [{ server: "web-search", tools: ["fetch_page"] }],
      },
      memory: { namespace: "agents", image: IMAGE, agentName: "m", port: 9000 },
      pool: { namespace: "agents", image: IMAGE, workload: "sandbox-pool" },
      c: { namespace: "agents", image: IMAGE, delegatesTo: [{ agent: "pool", sandboxPool: true }] },
    };
    expect(fleetGatewayPeers(spec)).toEqual([
      {
        namespace: "agents",
        agent: "m",
        port: 9000,
        callers: [
          { namespace: "research", serviceAccount: "alpha" },
          { namespace: "agents", serviceAccount: "b" },
        ],
      },
    ]);
    expect(fleetToolGrants(spec)).toEqual([
      { namespace: "agents", serviceAccount: "b", tools: [{ server: "web-search", tools: ["fetch_page"] }] },
    ]);
  });
});
