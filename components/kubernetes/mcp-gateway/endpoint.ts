import { LABELS } from "../../vocabulary";

// What agents need to know about the gateway (pure data, no Pulumi): where it is, the audience their token carries,
// and how network policies select its pods. The agent layer imports this file only, never the gateway's builders.

/** Name of the gateway's objects (Deployment, Service, ServiceAccount, ConfigMap) and its `app.kubernetes.io/name`. */
export const GATEWAY_NAME = "mcp-gateway";
/** The gateway's `app.kubernetes.io/component` label value: policies find the gateway's objects by it. */
export const GATEWAY_COMPONENT = "mcp-gateway";
/** Namespace the gateway runs in unless told otherwise; reserved (never a tenant). */
export const DEFAULT_GATEWAY_NAMESPACE = "agentcloud-gateway";
/** Audience of the tokens agents present to the gateway unless told otherwise. */
export const DEFAULT_GATEWAY_AUDIENCE = "agentcloud-gateway";
/** Port the gateway serves agents on (its Service port and container port). */
export const DEFAULT_GATEWAY_PORT = 8080;
/** Port of the gateway's Prometheus metrics (agentgateway's default stats address, `:15020/metrics`). */
export const GATEWAY_METRICS_PORT = 15020;
/** Path of the gateway's MCP endpoint (every granted tool of every registered server, multiplexed). */
export const MCP_PATH = "/mcp";
/** Path prefix of the gateway's A2A routes: `/a2a/<namespace>/<agent>` reaches that agent. */
export const A2A_PATH_PREFIX = "/a2a";
/** Header the gateway sets on A2A requests to the callee: the caller's verified subject (any copy sent by the caller is replaced). */
export const CALLER_HEADER = "x-agentcloud-caller";

/**
 * Key of the generated agentgateway config file in the gateway's ConfigMap (mounted as `/config/config.yaml`, where
 * the upstream standalone chart puts it); also the file the offline plan writes, `out/<stack>/agentgateway.yaml`.
 */
export const GATEWAY_CONFIG_KEY = "agentgateway.yaml";

/** Where agents reach the gateway; `AgentCloud` hands it to every agent through `AgentPlatform.gateway`. */
export interface GatewayEndpoint {
  /** The gateway's namespace. */
  namespace: string;
  /** The gateway's Service (and ServiceAccount) name. */
  name: string;
  /** The gateway's Service port. */
  port: number;
  /** Audience the agents' projected ServiceAccount tokens carry; the gateway accepts only this one. */
  audience: string;
}

/** Labels selecting the gateway's pods (with its namespace; its ServiceAccount is `name` too). */
export function gatewayPodSelector(gateway: Pick<GatewayEndpoint, "name">): Record<string, string> {
  return { [LABELS.name]: gateway.name, [LABELS.component]: GATEWAY_COMPONENT };
}

/** Base URL of the gateway inside the cluster, e.g. `http://mcp-gateway.agentcloud-gateway.svc.cluster.local:8080`. */
export function gatewayBaseUrl(gateway: Pick<GatewayEndpoint, "name" | "namespace" | "port">): string {
  return `http://${gateway.name}.${gateway.namespace}.svc.cluster.local:${gateway.port}`;
}

/** The MCP URL agents with tool grants use (`AGENTCLOUD_MCP_URL`). */
export function gatewayMcpUrl(gateway: Pick<GatewayEndpoint, "name" | "namespace" | "port">): string {
  return `${gatewayBaseUrl(gateway)}${MCP_PATH}`;
}

/** The A2A base URL agents that delegate use (`AGENTCLOUD_A2A_URL`); append `/<namespace>/<agent>`. */
export function gatewayA2aUrl(gateway: Pick<GatewayEndpoint, "name" | "namespace" | "port">): string {
  return `${gatewayBaseUrl(gateway)}${A2A_PATH_PREFIX}`;
}

/** Path of one agent's A2A route on the gateway. */
export function a2aPath(callee: { namespace: string; agent: string }): string {
  return `${A2A_PATH_PREFIX}/${callee.namespace}/${callee.agent}`;
}

/** The `sub` claim of a ServiceAccount token: `system:serviceaccount:<namespace>:<name>`. */
export function serviceAccountSubject(identity: { namespace: string; serviceAccount: string }): string {
  return `system:serviceaccount:${identity.namespace}:${identity.serviceAccount}`;
}
