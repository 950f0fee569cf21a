import type { ContainerLimits, NamespaceQuota } from "../kubernetes/agent-namespace/spec";
import type { AgentArgs, AgentReference, GpuPlatform } from "../kubernetes/agent/spec";
import type { ApiServerEndpoint, ClusterDns, PlatformName } from "../kubernetes/network/cluster-endpoints";
import type { McpGatewayArgs, TokenIssuer, ToolRegistry } from "../kubernetes/mcp-gateway/spec";
import type { AuditPipelineArgs } from "../kubernetes/audit/spec";
import type { ObservabilityArgs } from "../kubernetes/observability/spec";
import type { IdentityEndpoint, NetworkFabric } from "../kubernetes/network/fabric";
import type { SandboxRuntime } from "../vocabulary";

/** What an identity binding adds to one agent: ServiceAccount annotations and pod labels. */
export interface AgentIdentity {
  /**
   * Annotations for the agent's ServiceAccount (e.g. an IRSA role ARN, a GKE Workload Identity service account).
   * Keys under `agentcloud.dev/` are agentcloud's own and rejected.
   * @default {}
   */
  serviceAccountAnnotations?: Record<string, string>;
  /**
   * Labels for the agent's pods (for identity webhooks that key on labels). Keys under `agentcloud.dev/` are rejected.
   * @default {}
   */
  podLabels?: Record<string, string>;
  /**
   * Link-local or node endpoints this agent's identity needs (the EKS Pod Identity agent): the agent reaches these,
   * on their ports only, instead of the binding's `endpoints`, so each agent reaches only what its own binding uses.
   * @default - the binding's `endpoints`
   */
  endpoints?: IdentityEndpoint[];
  /**
   * Hosts this agent's identity needs by name (`host` or `host:port`, port 443 when unset), e.g. the regional STS
   * endpoint for IRSA; added to the agent's `egress` (FQDN egress on the fabric).
   * @default []
   */
  egress?: string[];
}

/** The agent an identity binding is asked about. */
export interface IdentityBindingTarget {
  /** The agent's Kubernetes name (its ServiceAccount's name): `agentName`, else its key in `agents`. */
  name: string;
  /** The agent's namespace (its tenant). */
  namespace: string;
  /** The agent's declaration, as given. */
  declaration: AgentDeclaration;
}

/**
 * How workload identity is bound to agents: the cloud layer implements it (EKS Pod Identity, IRSA, GKE Workload
 * Identity), so the blueprint never knows a cloud.
 */
export interface IdentityBinding {
  /**
   * What to add to one agent. Pure: called during validation and again when the agent is built, with the same result.
   * A throw is reported as a problem of that agent.
   */
  bind(agent: IdentityBindingTarget): AgentIdentity;
  /**
   * Link-local or node endpoints the binding needs agents to reach (EKS Pod Identity agent `169.254.170.23:80`, the
   * GKE metadata server); the only such addresses agents may reach, on that port only.
   * @default [] (no metadata or node endpoint is reachable)
   */
  endpoints?: IdentityEndpoint[];
}

/**
 * What the cluster offers the fleet: the Kubernetes provider, runtime classes, GPU nodes, the network fabric and how
 * identity is bound. Cloud layers build one; `Provider` is `k8s.Provider` in {@link AgentCloudArgs}.
 */
export interface AgentCloudPlatform<Provider = unknown, Late = unknown> {
  /** The Kubernetes provider every object of the fleet is created with. */
  provider: Provider;
  /**
   * Which platform this is; picks the DNS the agents resolve through when `dns` is unset (`PLATFORM_DNS`).
   * @default "local"
   */
  name?: PlatformName;
  /**
   * Sandbox RuntimeClasses the cluster already provides (GKE Sandbox's `gvisor`): not rendered, still available to
   * agents. The policy `agentcloud-sandbox-runtime-class-handler` needs the same list (`platformRuntimeClasses`).
   * @default []
   */
  runtimeClasses?: SandboxRuntime[];
  /**
   * Install Kata Containers on the Kata nodes with the pinned upstream kata-deploy chart.
   * @default false
   */
  installKata?: boolean;
  /**
   * GPU nodes, when the cluster has them (set by the cloud layer's GPU node pool).
   * @default - no GPU nodes: agents asking for GPU shares are rejected
   */
  gpu?: GpuPlatform;
  /** The network fabric that enforces the fleet's rules on the node: `ciliumFabric()`, `existingCiliumFabric(...)`, ... */
  network: NetworkFabric;
  /**
   * How workload identity is bound to agents.
   * @default - none: no ServiceAccount annotations, no pod labels, no identity endpoint reachable
   */
  identity?: IdentityBinding;
  /**
   * DNS the agents and the sandbox controller resolve through (port 53 only).
   * @default - the platform's DNS set-ups: `clusterDns(PLATFORM_DNS[name])`
   */
  dns?: ClusterDns;
  /**
   * Where the API server is, for agents that claim sandboxes and for the sandbox controller.
   * @default - agents: private ranges on 443 and 6443 (`DEFAULT_API_SERVER`); the controller: any address on 443 and 6443
   */
  apiServer?: ApiServerEndpoint;
  /**
   * Who issues the agents' ServiceAccount tokens and where its keys are; the gateway checks every token against it.
   * Cloud layers set the cluster's OIDC issuer (EKS: `<issuer>/keys`, GKE: `<issuer>/jwks`).
   * @default - the API server (`IN_CLUSTER_TOKEN_ISSUER`): its JWKS at `/openid/v1/jwks`, read through its Service
   */
  tokenIssuer?: TokenIssuer;
  /**
   * Sandbox runtimes this platform cannot offer, each with the reason (GKE: Kata, which needs nested virtualisation
   * that GKE Sandbox nodes do not provide). An agent asking for one is rejected, naming the reason.
   * @default {} (every runtime can be offered)
   */
  unavailableRuntimes?: Partial<Record<SandboxRuntime, string>>;
  /**
   * Values the cloud knows only once it has created something (the EKS cluster's OIDC issuer id), by placeholder
   * (`lateBoundPlaceholder(key)`): strings of the platform (e.g. `tokenIssuer`) carry the placeholder, the pure builders
   * keep it, and the Pulumi components replace it with the value when they register the objects. `Late` is
   * a `pulumi.Input<string>` for `AgentCloud`.
   * @default {} (every value is known up front)
   */
  lateBound?: Record<string, Late>;
}

/** The placeholder of a late-bound platform value `key`: URL- and label-safe, so validation accepts the strings it is in. */
export function lateBoundPlaceholder(key: string): string {
  return `agentcloud-late-bound-${key}`;
}

/** Options of the fleet's MCP and A2A gateway (everything else about it is derived from the fleet). */
export interface FleetGatewayOptions extends Pick<McpGatewayArgs, "namespace" | "replicas" | "port" | "resources"> {
  /**
   * Audience of the tokens agents present to the gateway (every agent's projected token carries it).
   * @default "agentcloud-gateway"
   */
  audience?: string;
}

/** Options of the fleet's audit pipeline: the store and the shipper's identity (its tenants and the gateway are derived). */
export type FleetAuditOptions = Omit<AuditPipelineArgs, "tenants" | "gatewayNamespace">;

/** Options of the fleet's monitoring (what it scrapes is derived from the fleet). */
export type FleetObservabilityOptions = Omit<ObservabilityArgs, "scrape">;

/** A tenant: one namespace of agents, keyed in `tenants` by the namespace name. */
export interface TenantDeclaration {
  /** Team or person owning the tenant (a label value). */
  owner: string;
  /** Cost centre charged for the tenant (a label value). */
  costCentre: string;
  /**
   * ResourceQuota of the namespace.
   * @default { cpu: "16", memory: "64Gi", pods: 50, gpu: 0, gpuResource: "nvidia.com/gpu" }
   */
  quota?: NamespaceQuota;
  /**
   * LimitRange of the namespace's containers.
   * @default - see `ContainerLimits`
   */
  limits?: ContainerLimits;
}

/**
 * One agent of the fleet: `AgentArgs` without `platform` (injected from the platform), in a declared tenant, with
 * callers inside the fleet derived from their `delegatesTo`.
 */
export interface AgentDeclaration extends Omit<AgentArgs, "platform" | "namespace" | "acceptsFrom"> {
  /** The tenant the agent runs in: a key of `tenants`. */
  namespace: string;
  /**
   * Callers from outside the fleet only. Callers in the fleet are derived from their `delegatesTo` (one source of
   * truth per edge); an entry naming a fleet agent that does not delegate to this one is an error.
   * @default [] (only the fleet agents that delegate to it)
   */
  acceptsFrom?: AgentReference[];
}

/** Arguments of `AgentCloud` with the provider type left open, so the pure checks and builders need no Pulumi. */
export interface AgentCloudSpec<Provider = unknown, Late = unknown> {
  /** What the cluster offers. */
  platform: AgentCloudPlatform<Provider, Late>;
  /** Tenant namespaces, keyed by namespace name. */
  tenants: Record<string, TenantDeclaration>;
  /** The agents, keyed by name (the default `agentName`). */
  agents: Record<string, AgentDeclaration>;
  /**
   * The tool registry: the MCP servers agents may be granted tools of (in-cluster Services or remote `https://` URLs).
   * Every `tools` grant of every agent must name a server here and tools it lists.
   * @default [] (no agent may declare tools)
   */
  tools?: ToolRegistry;
  /**
   * The MCP and A2A gateway, deployed when any agent declares tools or delegates to a (non-pool) agent.
   * @default - namespace "agentcloud-gateway", 2 replicas, port 8080, audience "agentcloud-gateway"
   */
  gateway?: FleetGatewayOptions;
  /**
   * The monitoring stack (kube-prometheus-stack with agentcloud's scrape targets, dashboards and alerts), or `false`
   * for none (the policy `agentcloud-observability-required` then flags the stack).
   * @default {} (on, with its defaults)
   */
  observability?: FleetObservabilityOptions | false;
  /**
   * The audit pipeline: Fluent Bit ships the gateway's access log and the agents' receipt lines from every node to the
   * cloud's WORM store (`sink`) with the shipper's workload identity. Cloud stacks set it from their audit bucket.
   * @default - no audit pipeline (the policy `agentcloud-audit-pipeline-required` flags a cloud stack without one)
   */
  audit?: FleetAuditOptions;
}

/** Namespace of agentcloud's own fleet-wide objects (the fleet graph); Pod Security `restricted`, not a tenant. */
export const SYSTEM_NAMESPACE = "agentcloud-system";
/** Name of the ConfigMap holding the fleet graph. */
export const FLEET_CONFIG_MAP = "agentcloud-fleet";
/** Data key of the fleet graph (Mermaid); the offline plan writes it to `out/<stack>/agent-graph.mmd`. */
export const FLEET_GRAPH_KEY = "agent-graph.mmd";
/** Namespaces a tenant may not take (`RESERVED_NAMESPACES` of the vocabulary). */
export { RESERVED_NAMESPACES } from "../vocabulary";
