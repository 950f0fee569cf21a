import { stringify } from "yaml";
import type { A2aRoute, GatewayConfig, GatewayRoute, JwtAuth, McpRoute, RuntimeConfig } from "./config-types";
import { a2aPath, CALLER_HEADER, MCP_PATH } from "./endpoint";
import { a2aAuthorizationRule, mcpAuthorizationRules } from "./rules";
import type { GatewayPeer, ResolvedMcpGateway } from "./spec";

// The standalone agentgateway v1.4.1 config file, checked against schema/config.json and the source at v1.4.1
// (paths below are under crates/agentgateway/src/).

/** Name of the gateway's only listener. */
export const LISTENER_NAME = "agents";
/** Name of the MCP route. */
export const MCP_ROUTE_NAME = "mcp";

/**
 * Access log field agentcloud adds (the others are agentgateway's own, telemetry/log.rs): the gateway's decision,
 * `allow` (status below 400), `deny` (401 no or bad token, 403 A2A caller not allowed, 400 on `/mcp`: a tool that is
 * not granted is answered "Unknown tool" with HTTP 400, proxy/mod.rs, deliberately indistinguishable from a tool that
 * does not exist) or `error` (anything else, e.g. 404 for a path without a route, 5xx upstream).
 */
export const DECISION_LOG_FIELD = "agentcloud.decision";
/** CEL of {@link DECISION_LOG_FIELD}; only `response` and `request` (always present in a request log), never `mcp`. */
export const DECISION_EXPRESSION = `response.code < 400 ? "allow" : (response.code == 401 || response.code == 403 || (response.code == 400 && request.path == "${MCP_PATH}")) ? "deny" : "error"`;
/** Prometheus label agentcloud adds to the request metrics: the caller's token subject (`unknown` without a token). */
export const AGENT_METRIC_LABEL = "agent";
/**
 * Prometheus label agentcloud adds to the request metrics: {@link DECISION_EXPRESSION}, evaluated once the response is
 * known (telemetry/log.rs evaluates metric fields with the response), so `agentgateway_mcp_requests_total` counts
 * decisions per agent, server and tool.
 */
export const DECISION_METRIC_LABEL = "decision";

/** The route name of a callee's A2A route. */
export function a2aRouteName(peer: Pick<GatewayPeer, "namespace" | "agent">): string {
  return `a2a-${peer.namespace}-${peer.agent}`;
}

function jwtAuth(gw: ResolvedMcpGateway): JwtAuth {
  return {
    // strict: a request without a valid token gets 401 (http/jwt.rs); the token is removed before forwarding.
    mode: "strict",
    issuer: gw.issuer.issuer,
    audiences: [gw.audience],
    // FileInlineOrRemote: `{ url }` or the JWKS document itself as a string.
    jwks: "url" in gw.issuer.jwks ? { url: gw.issuer.jwks.url } : gw.issuer.jwks.inline,
  };
}

function mcpRoute(gw: ResolvedMcpGateway, rules: string[]): McpRoute {
  return {
    name: MCP_ROUTE_NAME,
    matches: [{ path: { exact: MCP_PATH } }],
    policies: { jwtAuth: jwtAuth(gw), mcpAuthorization: { rules: rules.map((allow) => ({ allow })) } },
    backends: [
      {
        mcp: {
          targets: gw.servers.map((server) => ({ name: server.name, mcp: { host: server.url } })),
          // Clients see `<server>_<tool>` (mcp/handler.rs resource_name, DELIMITER "_"), whatever the number of
          // servers: `conditional` would drop the prefix with a single server and rename every tool when a second
          // one is registered. Server names are DNS labels (no "_"), so the split at the first "_" is exact.
          prefixMode: "always",
          // Stateful sessions keep upstream sessions in the gateway's memory, and a replica without them resumes from
          // the Mcp-Session-Id, which without an AES key (SESSION_KEY) is plain base64 JSON a client can forge,
          // including a pinned upstream address (http/sessionpersistence.rs, mcp/session.rs get_or_resume_session).
          // Stateless ignores the header and initializes the upstream per request (mcp/streamablehttp.rs), so any
          // replica serves any request and nothing client-side steers the upstream.
          statefulMode: "stateless",
          // failOpen only affects fan-outs (tools/list): a server that is down is left out instead of failing the
          // whole list. Authorization filters every tool either way; a tools/call reaches one named server only.
          failureMode: "failOpen",
        },
      },
    ],
  };
}

function a2aRoute(gw: ResolvedMcpGateway, peer: GatewayPeer): A2aRoute {
  const prefix = a2aPath(peer);
  return {
    name: a2aRouteName(peer),
    // Routes are keyed `<listener>/<namespace>/<name>` (types/local.rs); the namespace makes the key unique.
    namespace: peer.namespace,
    matches: [{ path: { pathPrefix: prefix } }],
    policies: {
      jwtAuth: jwtAuth(gw),
      authorization: { rules: [{ allow: a2aAuthorizationRule(peer) }] },
      a2a: {},
      // `/a2a/<ns>/<agent>/x` reaches the callee as `/x` (http/filters.rs, prefix rewrite).
      urlRewrite: { path: { prefix: "/" } },
      // Values are CEL; `set` replaces any copy the caller sent.
      transformations: { request: { set: { [CALLER_HEADER]: "jwt.sub" } } },
    },
    backends: [{ host: `${peer.agent}.${peer.namespace}.svc.cluster.local:${peer.port}` }],
  };
}

function runtimeConfig(): RuntimeConfig {
  return {
    // config.logging.fields applies to the request log (telemetry/log.rs); frontendPolicies.accessLog is per gateway.
    logging: { format: "json", fields: { add: { [DECISION_LOG_FIELD]: DECISION_EXPRESSION } } },
    // Added to agentgateway_requests_total, agentgateway_mcp_requests_total, agentgateway_request_duration_seconds.
    metrics: { fields: { add: { [AGENT_METRIC_LABEL]: "jwt.sub", [DECISION_METRIC_LABEL]: DECISION_EXPRESSION } } },
  };
}

/**
 * The agentgateway config: one HTTP listener on the gateway's port with the MCP route (when any tool is granted) and
 * one A2A route per callee. No catch-all: any other path has no route (agentgateway answers 404).
 */
export function buildGatewayConfig(gw: ResolvedMcpGateway): GatewayConfig {
  const routes: GatewayRoute[] = [];
  const rules = mcpAuthorizationRules(gw.grants);
  // Without rules mcpAuthorization allows everything (http/authorization.rs), so no rule means no MCP route at all.
  if (rules.length > 0) routes.push(mcpRoute(gw, rules));
  for (const peer of gw.peers) routes.push(a2aRoute(gw, peer));
  return {
    config: runtimeConfig(),
    binds: [{ port: gw.port, listeners: [{ name: LISTENER_NAME, protocol: "HTTP", routes }] }],
  };
}

/** {@link buildGatewayConfig} as the YAML of the ConfigMap's `agentgateway.yaml`. */
export function renderGatewayConfig(gw: ResolvedMcpGateway): string {
  return stringify(buildGatewayConfig(gw), { lineWidth: 0 });
}
