import {
  DEFAULT_GATEWAY_AUDIENCE,
  DEFAULT_GATEWAY_NAMESPACE,
  DEFAULT_GATEWAY_PORT,
  GATEWAY_NAME,
  type GatewayEndpoint,
} from "../kubernetes/mcp-gateway/endpoint";
import { IN_CLUSTER_TOKEN_ISSUER, type GatewayPeer, type GatewayToolGrant, type McpGatewayArgs } from "../kubernetes/mcp-gateway/spec";
import { AGENT_DEFAULTS } from "../kubernetes/agent/resolve";
import { agentId, deriveAcceptsFrom } from "./edges";
import { fleetMonitoringEndpoint } from "./observability";
import { agentNameOf, resolvePlatform } from "./resolve";
import type { AgentCloudSpec } from "./spec";

// The gateway is derived from the fleet: who holds which tools (grants), who delegates to whom (peers). Pure; call on
// a spec that passed validation. Validation itself asks fleetGatewayEndpoint with well-formed reference lists only.

/** Per agent with tools: its ServiceAccount (the agent's name, in its tenant) and its grants, in declaration order. */
export function fleetToolGrants(spec: Pick<AgentCloudSpec, "agents">): GatewayToolGrant[] {
  return Object.entries(spec.agents)
    .filter(([, a]) => Array.isArray(a.tools) && a.tools.length > 0)
    .map(([key, a]) => ({
      namespace: a.namespace,
      serviceAccount: agentNameOf(key, a),
      tools: a.tools!.map((g) => ({ server: g.server, tools: [...g.tools] })),
    }));
}

/**
 * Per callee that is not a sandbox pool and has callers in the fleet (derived from their `delegatesTo`): its A2A route's
 * namespace, agent, port and callers. Pools are claimed through the API server, not called through the gateway;
 * callers from outside the fleet hold no token of the gateway's audience, so they are no callers of its routes.
 */
export function fleetGatewayPeers(spec: Pick<AgentCloudSpec, "agents">): GatewayPeer[] {
  const declared = Object.fromEntries(
    Object.entries(spec.agents).map(([key, a]) => [key, { ...a, agentName: agentNameOf(key, a), acceptsFrom: [] }]),
  );
  const keyOf = new Map(Object.entries(declared).map(([key, a]) => [agentId(key, a), key]));
  const nonPool = (key: string | undefined) => key !== undefined && spec.agents[key].workload !== "sandbox-pool";
  return Object.entries(deriveAcceptsFrom(declared)).flatMap(([key, callee]) => {
    if (!nonPool(key)) return [];
    const callers = (callee.acceptsFrom ?? [])
      .filter((ref) => keyOf.has(`${ref.namespace}/${ref.agent}`))
      .map((ref) => ({ namespace: ref.namespace!, serviceAccount: ref.agent }));
    if (callers.length === 0) return [];
    return [{ namespace: callee.namespace, agent: agentNameOf(key, callee), port: callee.port ?? AGENT_DEFAULTS.port, callers }];
  });
}

/** Whether the fleet has a gateway: some agent declares tools, or delegates to an agent that is not a sandbox pool. */
export function fleetHasGateway(spec: Pick<AgentCloudSpec, "agents">): boolean {
  return Object.values(spec.agents).some((a) => Array.isArray(a.tools) && a.tools.length > 0) || fleetGatewayPeers(spec).length > 0;
}

/** Where the fleet's agents reach the gateway, or `undefined` when the fleet has none. Pure. */
export function fleetGatewayEndpoint(spec: AgentCloudSpec): GatewayEndpoint | undefined {
  if (!fleetHasGateway(spec)) return undefined;
  return {
    namespace: spec.gateway?.namespace ?? DEFAULT_GATEWAY_NAMESPACE,
    name: GATEWAY_NAME,
    port: spec.gateway?.port ?? DEFAULT_GATEWAY_PORT,
    audience: spec.gateway?.audience ?? DEFAULT_GATEWAY_AUDIENCE,
  };
}

/**
 * The fleet's `McpGateway` arguments, or `undefined` when the fleet has no gateway: the registry, every agent's grants,
 * every A2A edge, the platform's token issuer (the API server by default) and the gateway audience, what the fabric
 * enforces, the platform's DNS and API server, the fleet's monitoring (admitted on the metrics port) and the options of
 * `spec.gateway`. Pure.
 */
export function fleetGatewayArgs(spec: AgentCloudSpec): McpGatewayArgs | undefined {
  const grants = fleetToolGrants(spec);
  const peers = fleetGatewayPeers(spec);
  if (grants.length === 0 && peers.length === 0) return undefined;
  const { platform } = spec;
  const { audience, ...options } = spec.gateway ?? {};
  const monitoring = fleetMonitoringEndpoint(spec);
  return {
    servers: (spec.tools ?? []).map((s) => ({ ...s, tools: [...s.tools] })),
    grants,
    peers,
    authentication: {
      issuer: platform.tokenIssuer ?? { ...IN_CLUSTER_TOKEN_ISSUER, jwks: { ...IN_CLUSTER_TOKEN_ISSUER.jwks } },
      audience: audience ?? DEFAULT_GATEWAY_AUDIENCE,
    },
    network: {
      kind: platform.network.kind,
      fqdnEgress: platform.network.enforcement.fqdnEgress,
      apiServerByIdentity: platform.network.enforcement.apiServerByIdentity === true,
    },
    ...options,
    dns: resolvePlatform(platform).dns,
    ...(platform.apiServer && { apiServer: platform.apiServer }),
    ...(monitoring && { monitoring }),
  };
}
