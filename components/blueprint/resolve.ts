import type { AgentNamespaceSpec } from "../kubernetes/agent-namespace/spec";
import { resolveAgent, type ResolvedAgent } from "../kubernetes/agent/resolve";
import type { AgentArgs, AgentPlatform } from "../kubernetes/agent/spec";
import { clusterDns, PLATFORM_DNS, resolveClusterDns, type ClusterDns, type PlatformName } from "../kubernetes/network/cluster-endpoints";
import type { IdentityEndpoint } from "../kubernetes/network/fabric";
import { DEFAULT_SANDBOX_RUNTIMES } from "../kubernetes/sandbox-runtimes/spec";
import { isRecord } from "../validation/values";
import { SANDBOX_RUNTIMES, type SandboxRuntime } from "../vocabulary";
import type { GatewayEndpoint } from "../kubernetes/mcp-gateway/endpoint";
import type { MonitoringEndpoint } from "../kubernetes/observability/endpoint";
import { agentId, deriveAcceptsFrom } from "./edges";
import { fleetGatewayEndpoint } from "./gateway";
import { fleetMonitoringEndpoint } from "./observability";
import type { AgentCloudPlatform, AgentCloudSpec, AgentDeclaration, AgentIdentity, TenantDeclaration } from "./spec";

/** The platform with every default applied. */
export interface ResolvedPlatform {
  /** Which platform. */
  name: PlatformName;
  /** RuntimeClasses the cluster provides (not rendered). */
  runtimeClasses: SandboxRuntime[];
  /** Whether Kata is installed with kata-deploy. */
  installKata: boolean;
  /** DNS the agents and the controller resolve through. */
  dns: Required<ClusterDns>;
  /** Endpoints the identity binding needs agents to reach. */
  identityEndpoints: IdentityEndpoint[];
}

/** Applies the platform defaults. Call only on a platform that passed validation. */
export function resolvePlatform(platform: AgentCloudPlatform): ResolvedPlatform {
  const name = platform.name ?? "local";
  return {
    name,
    runtimeClasses: [...(platform.runtimeClasses ?? [])],
    installKata: platform.installKata ?? false,
    dns: platform.dns ? resolveClusterDns(platform.dns) : clusterDns(PLATFORM_DNS[name]),
    identityEndpoints: (platform.identity?.endpoints ?? []).map((e) => ({ ...e })),
  };
}

/** The agent's Kubernetes name: `agentName`, else its key. */
export function agentNameOf(key: string, declaration: Pick<AgentDeclaration, "agentName">): string {
  return declaration.agentName ?? key;
}

/** What the identity binding gives one agent (nothing without a binding). May throw: the binding is the platform's code. */
export function bindIdentity(platform: AgentCloudPlatform, key: string, declaration: AgentDeclaration): AgentIdentity {
  return platform.identity?.bind({ name: agentNameOf(key, declaration), namespace: declaration.namespace, declaration }) ?? {};
}

/** The endpoints one agent's identity needs: its binding's own, else the binding's (none without a binding). */
function identityEndpointsOf(platform: AgentCloudPlatform, identity: AgentIdentity): Pick<AgentPlatform, "identityEndpoints"> {
  const endpoints = identity.endpoints ?? platform.identity?.endpoints ?? [];
  return endpoints.length > 0 ? { identityEndpoints: endpoints.map((e) => ({ ...e })) } : {};
}

/**
 * What the platform injects into one agent: GPU nodes, its identity binding and the endpoints it needs, the API server
 * (and whether the fabric admits it by identity), the fleet's gateway (`fleetGatewayEndpoint`) when it has one, and
 * the Prometheus that scrapes the fleet (`fleetMonitoringEndpoint`) when it has monitoring.
 */
export function agentPlatform(
  platform: AgentCloudPlatform,
  identity: AgentIdentity,
  gateway?: GatewayEndpoint,
  monitoring?: MonitoringEndpoint,
): AgentPlatform {
  return {
    ...(gateway && { gateway: { ...gateway } }),
    ...(monitoring && { monitoring: { namespace: monitoring.namespace, podSelector: { ...monitoring.podSelector } } }),
    ...(platform.gpu && { gpu: platform.gpu }),
    ...(identity.serviceAccountAnnotations && { serviceAccountAnnotations: identity.serviceAccountAnnotations }),
    ...(identity.podLabels && { podLabels: identity.podLabels }),
    ...(platform.apiServer && { apiServer: platform.apiServer }),
    ...(platform.network?.enforcement?.apiServerByIdentity === true && { apiServerByFabric: true }),
    ...identityEndpointsOf(platform, identity),
  };
}

/**
 * One declaration as `AgentArgs`: the platform (and the fleet's gateway and monitoring, when it has them) injected,
 * `agentName` explicit (the Agent component is named after the fleet).
 */
export function agentArgsOf(
  platform: AgentCloudPlatform,
  key: string,
  declaration: AgentDeclaration,
  gateway?: GatewayEndpoint,
  monitoring?: MonitoringEndpoint,
): AgentArgs {
  const identity = bindIdentity(platform, key, declaration);
  const egress = [...new Set([...(declaration.egress ?? []), ...(identity.egress ?? [])])];
  return {
    ...declaration,
    ...(egress.length > 0 && { egress }),
    agentName: agentNameOf(key, declaration),
    platform: agentPlatform(platform, identity, gateway, monitoring),
  };
}

/**
 * Every agent as `AgentArgs`, with the platform, the fleet's gateway and its monitoring injected and `acceptsFrom`
 * derived from the callers' `delegatesTo`.
 */
export function fleetAgentArgs(spec: AgentCloudSpec): Record<string, AgentArgs> {
  const gateway = fleetGatewayEndpoint(spec);
  const monitoring = fleetMonitoringEndpoint(spec);
  return deriveAcceptsFrom(
    Object.fromEntries(Object.entries(spec.agents).map(([key, d]) => [key, agentArgsOf(spec.platform, key, d, gateway, monitoring)])),
  );
}

/** Every agent resolved, in declaration order. Call only on a spec that passed validation. */
export function resolveFleet(spec: AgentCloudSpec): ResolvedAgent[] {
  return Object.entries(fleetAgentArgs(spec)).map(([key, args]) => resolveAgent(key, args));
}

/** The tenant's `AgentNamespace` spec: the declaration, the platform's DNS and the fabric. */
export function tenantNamespaceSpec(spec: AgentCloudSpec, namespace: string, tenant: TenantDeclaration): AgentNamespaceSpec {
  return { ...tenant, namespace, dns: resolvePlatform(spec.platform).dns, networkFabric: spec.platform.network };
}

/**
 * RuntimeClasses `SandboxRuntimes` renders or takes from the platform: those the agents run under and those the
 * platform provides, in `SANDBOX_RUNTIMES` order (the default set for a fleet that uses none). Only what the fleet
 * uses is rendered, so no class points at nodes that have no such runtime.
 */
export function fleetRuntimes(spec: Pick<AgentCloudSpec, "platform" | "agents">): SandboxRuntime[] {
  const wanted = new Set<unknown>([
    ...(Array.isArray(spec.platform.runtimeClasses) ? spec.platform.runtimeClasses : []),
    ...Object.values(spec.agents).map((a: unknown) => (isRecord(a) ? (a.sandbox ?? "gvisor") : undefined)),
  ]);
  const runtimes = SANDBOX_RUNTIMES.filter((r) => wanted.has(r));
  return runtimes.length > 0 ? runtimes : [...DEFAULT_SANDBOX_RUNTIMES];
}

/** Whether some agent is a `sandbox-pool`, so the agent-sandbox controller is needed. */
export function needsSandboxController(spec: Pick<AgentCloudSpec, "agents">): boolean {
  return Object.values(spec.agents).some((a) => a.workload === "sandbox-pool");
}

/** `namespace/name` of every agent, by key. */
export function fleetIds(agents: Readonly<Record<string, AgentDeclaration>>): Map<string, string> {
  return new Map(Object.entries(agents).map(([key, a]) => [key, agentId(key, a)]));
}

/**
 * Every identity endpoint of the fleet: the binding's and each agent's own, once each, in first-seen order. The
 * metadata denial leaves these out (each agent's rules then allow only its own).
 */
export function fleetIdentityEndpoints(
  platformEndpoints: readonly IdentityEndpoint[],
  agents: readonly Pick<ResolvedAgent, "identityEndpoints">[],
): IdentityEndpoint[] {
  const seen = new Map<string, IdentityEndpoint>();
  for (const e of [...platformEndpoints, ...agents.flatMap((a) => a.identityEndpoints)]) {
    seen.set(`${e.address}:${e.port}`, { address: e.address, port: e.port });
  }
  return [...seen.values()];
}
