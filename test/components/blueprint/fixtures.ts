import type { AgentCloudSpec, AgentDeclaration } from "../../../components/blueprint";
import type { ToolRegistry } from "../../../components/kubernetes/mcp-gateway/spec";
import type { NetworkFabric } from "../../../components/kubernetes/network";

/** A fabric that enforces nothing of its own: the pure checks only look at its shape. */
export const PLAIN_FABRIC: NetworkFabric = {
  kind: "networkpolicy-only",
  enforcement: {
    identityIngress: false,
    fqdnEgress: false,
    encryption: "none",
    fabricDefaultDeny: false,
    summary: "NetworkPolicy only: no FQDN egress, no encryption",
  },
  unsafeReason: "tests",
  clusterObjects: () => [],
  agentObjects: () => [],
};

const IMAGE = "ghcr.io/acme/agent:1.0.0";

/** Where the API server is: needed when agents claim sandboxes on a fabric that cannot admit it by identity. */
export const API_SERVER = { cidrs: ["172.18.0.2/32"], ports: [6443] };

/** The small fleet's tool registry: one in-cluster server offering the caller's tool and one more. */
export const REGISTRY: ToolRegistry = [
  {
    name: "web-search",
    service: { name: "web-search", namespace: "tools", port: 8000, podSelector: { "app.kubernetes.io/name": "web-search" } },
    tools: ["search", "fetch_page"],
  },
];

/** A small fleet: a caller in `agents` with a web-search grant that delegates to a memory agent and claims from a sandbox pool. */
export function smallFleet(overrides: Partial<AgentCloudSpec> = {}): AgentCloudSpec {
  const agents: Record<string, AgentDeclaration> = {
    caller: {
      namespace: "agents",
      image: IMAGE,
      delegatesTo: [{ agent: "memory" }, { agent: "pool", sandboxPool: true }],
      tools: [{ server: "web-search", tools: ["search"] }],
      egress: ["api.github.com"],
    },
    memory: { namespace: "agents", image: IMAGE },
    pool: { namespace: "agents", image: IMAGE, workload: "sandbox-pool" },
  };
  return {
    // The caller claims sandboxes and this fabric cannot admit the API server by identity: it must be stated.
    platform: { provider: {}, network: PLAIN_FABRIC, apiServer: API_SERVER },
    tenants: { agents: { owner: "platform-team", costCentre: "cc-1" } },
    agents,
    tools: REGISTRY,
    ...overrides,
  };
}
