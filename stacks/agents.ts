import type { AgentDeclaration, TenantDeclaration } from "../components/blueprint/spec";

/** What a reference stack may vary of the reference fleet (from its config). */
export interface ReferenceFleetOptions {
  /**
   * The tenant namespace.
   * @default "agents"
   */
  namespace?: string;
  /**
   * Owner label of the tenant.
   * @default "platform-team"
   */
  owner?: string;
  /**
   * Cost-centre label of the tenant.
   * @default "platform"
   */
  costCentre?: string;
  /**
   * Warm sandboxes kept ready for the code interpreter.
   * @default 2
   */
  codeInterpreterWarmPool?: number;
}

/** The reference fleet: one tenant and its agents. */
export interface ReferenceFleet {
  /** Tenants by namespace. */
  tenants: Record<string, TenantDeclaration>;
  /** Agents by name. */
  agents: Record<string, AgentDeclaration>;
}

/**
 * The reference agents, declared once for every reference stack (local today; aws and gcp reuse it unchanged):
 * research-assistant (stateless, gVisor) delegates to memory-keeper (stateful, Kata) and claims code-interpreter
 * sandboxes (a gVisor pool), with web-search tools and egress to api.github.com. Callers are derived from
 * `delegatesTo`, so no agent lists `acceptsFrom`.
 */
export function referenceFleet(options: ReferenceFleetOptions = {}): ReferenceFleet {
  const namespace = options.namespace ?? "agents";
  return {
    tenants: { [namespace]: { owner: options.owner ?? "platform-team", costCentre: options.costCentre ?? "platform" } },
    agents: {
      "research-assistant": {
        namespace,
        image: "ghcr.io/agentcloud/examples/research-assistant:0.1.0",
        workload: "deployment",
        replicas: 2,
        sandbox: "gvisor",
        intent: "standard",
        resources: { cpu: "500m", memory: "1Gi" },
        // The code interpreter is a sandbox pool: research-assistant claims a sandbox, then calls it.
        delegatesTo: [{ agent: "memory-keeper" }, { agent: "code-interpreter", sandboxPool: true }],
        tools: [{ server: "web-search", tools: ["search", "fetch_page"] }],
        egress: ["api.github.com"],
      },
      "memory-keeper": {
        namespace,
        image: "ghcr.io/agentcloud/examples/memory-keeper:0.1.0",
        workload: "statefulset",
        replicas: 1,
        sandbox: "kata-qemu",
        intent: "critical",
        resources: { cpu: "250m", memory: "512Mi" },
        storage: { size: "10Gi" },
      },
      "code-interpreter": {
        namespace,
        image: "ghcr.io/agentcloud/examples/code-interpreter:0.1.0",
        workload: "sandbox-pool",
        warmPool: options.codeInterpreterWarmPool ?? 2,
        sandbox: "gvisor",
        intent: "batch",
        resources: { cpu: "1", memory: "1Gi", ephemeralStorage: "2Gi" },
      },
    },
  };
}
