import type { AgentDeclaration, TenantDeclaration } from "../../components";
import type { ToolRegistry } from "../../components/kubernetes/mcp-gateway/spec";

/** A synthetic fleet as `AgentCloud` takes it: tenants by namespace, agents by name. */
export interface Fleet {
  /** Tenant namespaces with owner and cost centre. */
  tenants: Record<string, TenantDeclaration>;
  /** Every agent's declaration, by agent name. */
  agents: Record<string, AgentDeclaration>;
  /** The MCP servers the agents are granted tools of. */
  tools: ToolRegistry;
}

/**
 * `agents` agents over `max(1, floor(agents / 10))` tenants. In each tenant, agent 0 is a deployment that
 * delegates to the next two agents; every third agent is a statefulset (Kata), every third after that a
 * sandbox pool; the rest are replicated deployments. Every even agent may call the `search` tool of the in-cluster
 * `web-search` server, so the gateway carries one rule per such agent. Callers are derived by `AgentCloud` (no
 * `acceptsFrom`).
 */
export function fleet(agents: number): Fleet {
  const tenantCount = Math.max(1, Math.floor(agents / 10));
  const tenants = Array.from({ length: tenantCount }, (_, t) => `tenant-${String(t).padStart(4, "0")}`);
  const members: string[][] = tenants.map(() => []);
  for (let i = 0; i < agents; i++) members[Math.min(Math.floor(i / 10), tenantCount - 1)].push(`agent-${String(i).padStart(5, "0")}`);
  const declarations: Record<string, AgentDeclaration> = {};
  tenants.forEach((namespace, t) => {
    const names = members[t];
    names.forEach((name, j) => {
      // Agent 2 of each tenant is a sandbox pool: delegating to it means claiming its sandboxes.
      const delegatesTo = j === 0 ? names.slice(1, 3).map((agent, k) => (k === 1 ? { agent, sandboxPool: true } : { agent })) : [];
      const common = {
        namespace,
        image: `ghcr.io/agentcloud/examples/agent-${j % 7}:0.1.0`,
        delegatesTo,
        tools: j % 2 === 0 ? [{ server: "web-search", tools: ["search"] }] : [],
        egress: j % 5 === 0 ? ["api.github.com"] : [],
      };
      const kind = j === 0 ? 0 : j % 3;
      declarations[name] =
        kind === 1
          ? {
              ...common,
              workload: "statefulset",
              sandbox: "kata-qemu",
              intent: "critical",
              replicas: 1,
              storage: { size: "1Gi" },
              resources: { cpu: "250m", memory: "512Mi" },
            }
          : kind === 2
            ? {
                ...common,
                workload: "sandbox-pool",
                sandbox: "gvisor",
                intent: "batch",
                warmPool: 2,
                resources: { cpu: "1", memory: "1Gi" },
              }
            : {
                ...common,
                workload: "deployment",
                sandbox: "gvisor",
                intent: "standard",
                replicas: 2,
                resources: { cpu: "500m", memory: "512Mi" },
              };
    });
  });
  return {
    tenants: Object.fromEntries(tenants.map((t) => [t, { owner: `team-${t}`, costCentre: `cc-${t}` }])),
    agents: declarations,
    tools: [
      {
        name: "web-search",
        service: { name: "web-search", namespace: "tools", port: 8080, podSelector: { "app.kubernetes.io/name": "web-search" } },
        tools: ["search", "fetch_page"],
      },
    ],
  };
}
