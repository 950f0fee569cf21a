import type { AgentDeclaration, TenantDeclaration } from "../components/blueprint/spec";
import type { ToolRegistry } from "../components/kubernetes/mcp-gateway/spec";

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
  /**
   * Register the remote MCP server (DeepWiki, `https://mcp.deepwiki.com/mcp`) and grant its tools. The gateway reaches
   * a remote server by FQDN egress, so a fabric without it (`networkpolicy-only`) leaves it out.
   * @default true
   */
  remoteTools?: boolean;
  /**
   * Namespace of the in-cluster MCP servers (the operator runs them there; agentcloud only registers them).
   * @default "tools"
   */
  toolsNamespace?: string;
}

/** The reference fleet: one tenant and its agents. */
export interface ReferenceFleet {
  /** Tenants by namespace. */
  tenants: Record<string, TenantDeclaration>;
  /** Agents by name. */
  agents: Record<string, AgentDeclaration>;
  /** The MCP servers the agents are granted tools of. */
  tools: ToolRegistry;
}

/** The public DeepWiki MCP server (no authentication; streamable HTTP at `/mcp`): https://docs.devin.ai/work-with-devin/deepwiki-mcp */
export const DEEPWIKI_MCP_URL = "https://mcp.deepwiki.com/mcp";

/** The Bedrock foundation model research-assistant may invoke on AWS (foundation-model ARNs carry no account). */
export const REFERENCE_BEDROCK_MODEL = "arn:aws:bedrock:eu-west-1::foundation-model/amazon.nova-pro-v1:0";
/** The Cloud Storage bucket research-assistant may read on GCP (full resource name; bucket names are global). */
export const REFERENCE_GCS_CORPUS = "//storage.googleapis.com/projects/_/buckets/agentcloud-research-corpus";

/**
 * The reference tool registry: `web-search`, an MCP server the operator runs in the cluster (its Deployment and
 * Service are not agentcloud's: it holds the search provider's API key, which no agent sees), and the public DeepWiki
 * server (reached by the gateway only) when `remote` is set.
 */
export function referenceTools(toolsNamespace = "tools", remote = true): ToolRegistry {
  const webSearch = {
    name: "web-search",
    service: {
      name: "web-search",
      namespace: toolsNamespace,
      port: 80,
      targetPort: 8000,
      podSelector: { "app.kubernetes.io/name": "web-search", "app.kubernetes.io/component": "mcp-server" },
    },
    tools: ["search", "fetch_page", "search_news"],
  };
  // DeepWiki's three tools, as its tools/list names them.
  const deepwiki = { name: "deepwiki", url: DEEPWIKI_MCP_URL, tools: ["read_wiki_structure", "read_wiki_contents", "ask_question"] };
  return remote ? [webSearch, deepwiki] : [webSearch];
}

/**
 * The reference agents, declared once for every reference stack (local today; aws and gcp reuse it unchanged):
 * research-assistant (stateless, gVisor) delegates to memory-keeper (stateful, gVisor: GKE offers no Kata, and every
 * reference stack runs this one fleet) and claims code-interpreter
 * sandboxes (a gVisor pool), with web-search and DeepWiki tools and egress to api.github.com; memory-keeper reads
 * DeepWiki and delegates back to research-assistant for searches. Both calls and every tool call go through the
 * gateway, which admits exactly these grants and edges. Callers are derived from `delegatesTo`, so no agent lists
 * `acceptsFrom`.
 */
export function referenceFleet(options: ReferenceFleetOptions = {}): ReferenceFleet {
  const namespace = options.namespace ?? "agents";
  const remote = options.remoteTools ?? true;
  const deepwiki = (tools: string[]) => (remote ? [{ server: "deepwiki", tools }] : []);
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
        tools: [{ server: "web-search", tools: ["search", "fetch_page"] }, ...deepwiki(["ask_question"])],
        egress: ["api.github.com"],
        // Its own Prometheus metrics, which only the fleet's Prometheus may reach.
        metrics: { port: 9090 },
        // Bound by the cloud layer's workload identity (EKS: IRSA, as it runs under gVisor; GKE: Workload Identity
        // Federation); local ignores them. Named resources only: no wildcard, nothing project- or account-wide.
        cloudPermissions: [
          { cloud: "aws", actions: ["bedrock:InvokeModel"], resources: [REFERENCE_BEDROCK_MODEL] },
          { cloud: "gcp", actions: ["roles/storage.objectViewer"], resources: [REFERENCE_GCS_CORPUS] },
        ],
      },
      "memory-keeper": {
        namespace,
        image: "ghcr.io/agentcloud/examples/memory-keeper:0.1.0",
        workload: "statefulset",
        replicas: 1,
        sandbox: "gvisor",
        intent: "critical",
        resources: { cpu: "250m", memory: "512Mi" },
        storage: { size: "10Gi" },
        // Asks research-assistant to look things up; reads wikis itself.
        delegatesTo: [{ agent: "research-assistant" }],
        tools: deepwiki(["read_wiki_structure", "read_wiki_contents"]),
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
    tools: referenceTools(options.toolsNamespace, remote),
  };
}
