// The subset of agentgateway v1.4.1's standalone config file (`LocalConfig`, JSON Schema in
// ../shared/upstream/agentgateway/v1.4.1/schema/config.json) that agentcloud emits. Field names are upstream's.

import type { JwksUrl } from "./spec";

/** A CEL expression, as agentgateway evaluates it (see `schema/cel.json` for the variables). */
export type CelExpression = string;

/** One authorization rule: the request (or MCP tool) is allowed when the expression is true. Only allow rules are emitted. */
export interface AllowRule {
  /** The CEL condition. */
  allow: CelExpression;
}

/** agentgateway's `RuleSet`: with at least one allow rule, anything no rule allows is denied. */
export interface RuleSet {
  /** The rules; never empty in a generated config (an empty set allows everything). */
  rules: AllowRule[];
}

/** agentgateway's `LocalJwtConfig` (single issuer form). */
export interface JwtAuth {
  /** `strict`: a request without a valid token is rejected. */
  mode: "strict";
  /** Expected `iss` claim. */
  issuer: string;
  /** Accepted `aud` claims. */
  audiences: string[];
  /** The issuer's JWKS: `{ url }` fetched by the gateway, or the key set inline as a JSON string (`FileInlineOrRemote`). */
  jwks: JwksUrl | string;
}

/** A path rewrite that replaces the matched `pathPrefix`. */
export interface PrefixRewrite {
  /** The replacement (`/`). */
  prefix: string;
}

/** agentgateway's `UrlRewrite` with a prefix path rewrite. */
export interface UrlRewrite {
  /** The path rewrite. */
  path: PrefixRewrite;
}

/** Headers set on the request before it is forwarded. */
export interface RequestTransformation {
  /** Headers to set (replacing any copy the client sent), name to CEL expression. */
  set: Record<string, CelExpression>;
}

/** agentgateway's `LocalTransformationConfig`, request side only; header values are CEL expressions. */
export interface Transformations {
  /** Request transformation. */
  request: RequestTransformation;
}

/** Route policies of the MCP route. */
export interface McpRoutePolicies {
  /** Token authentication. */
  jwtAuth: JwtAuth;
  /** Per tool allow rules; also filters `tools/list`. */
  mcpAuthorization: RuleSet;
}

/** Route policies of an A2A route. */
export interface A2aRoutePolicies {
  /** Token authentication. */
  jwtAuth: JwtAuth;
  /** Request allow rules (callers of this callee). */
  authorization: RuleSet;
  /** A2A processing (agent card URL rewriting, A2A method in the access log). */
  a2a: Record<string, never>;
  /** Strips the route's path prefix before forwarding. */
  urlRewrite: UrlRewrite;
  /** Sets the verified caller header. */
  transformations: Transformations;
}

/** A streamable-HTTP MCP connection. */
export interface McpConnection {
  /** The server's URL (`http://` in the cluster, `https://` remote). */
  host: string;
}

/** agentgateway's `LocalMcpTarget`, streamable HTTP form (`mcp.host` is a URL). */
export interface McpTarget {
  /** Target name: the registry's server name, and the prefix of its tools' names (`<name>_<tool>`). */
  name: string;
  /** Streamable-HTTP MCP connection. */
  mcp: McpConnection;
}

/** agentgateway's `LocalMcpBackend`. */
export interface McpBackend {
  /** Registered servers, multiplexed. */
  targets: McpTarget[];
  /** `always`: tools are `<target>_<tool>` whatever the number of targets. */
  prefixMode: "always";
  /** `stateless`: no gateway session, so any replica serves any request. */
  statefulMode: "stateless";
  /**
   * `failOpen`: a server that is down is left out of `tools/list` instead of failing the whole list. Availability only:
   * authorization is applied to every tool either way.
   */
  failureMode: "failOpen";
}

/** An exact path match. */
export interface ExactPath {
  /** The path. */
  exact: string;
}

/** A path-prefix match (whole path segments). */
export interface PrefixPath {
  /** The prefix. */
  pathPrefix: string;
}

/** A path match (`PathMatch`). */
export type PathMatch = ExactPath | PrefixPath;

/** A route match on the path only. */
export interface PathRouteMatch<P extends PathMatch> {
  /** The path condition. */
  path: P;
}

/** A backend that is an MCP multiplexer. */
export interface McpBackendRef {
  /** The MCP backend. */
  mcp: McpBackend;
}

/** A backend that is a host and port. */
export interface HostBackend {
  /** `<host>:<port>`. */
  host: string;
}

/** The MCP route. */
export interface McpRoute {
  /** Route name (`mcp`). */
  name: string;
  /** Matches `exact: /mcp` only. */
  matches: [PathRouteMatch<ExactPath>];
  /** Policies. */
  policies: McpRoutePolicies;
  /** One MCP backend. */
  backends: [McpBackendRef];
}

/** An A2A route to one callee. */
export interface A2aRoute {
  /** Route name (`a2a-<namespace>-<agent>`). */
  name: string;
  /**
   * The callee's namespace: agentgateway keys routes by `<listener>/<namespace>/<name>`, and `a2a-<ns>-<agent>` alone is
   * ambiguous (`a-b`/`c` and `a`/`b-c`), so two callees' routes could replace each other.
   */
  namespace: string;
  /** Matches `pathPrefix: /a2a/<namespace>/<agent>`. */
  matches: [PathRouteMatch<PrefixPath>];
  /** Policies. */
  policies: A2aRoutePolicies;
  /** The callee's Service, `host: <agent>.<namespace>.svc.cluster.local:<port>`. */
  backends: [HostBackend];
}

/** A route of the gateway's listener. */
export type GatewayRoute = McpRoute | A2aRoute;

/** agentgateway's `LocalListener`. */
export interface Listener {
  /** Listener name (`agents`). */
  name: string;
  /** Plain HTTP on the pod network (the fabric encrypts it). */
  protocol: "HTTP";
  /** The routes; no catch-all. */
  routes: GatewayRoute[];
}

/** agentgateway's `LocalBind`. */
export interface Bind {
  /** The gateway's port. */
  port: number;
  /** One listener. */
  listeners: Listener[];
}

/** Fields added to log lines or metrics. */
export interface AddedFields {
  /** Field name to CEL expression. */
  add: Record<string, CelExpression>;
}

/** agentgateway's `RawLogging`, the fields agentcloud sets. */
export interface LoggingConfig {
  /** `json`. */
  format: "json";
  /** Fields added to every request log line. */
  fields: AddedFields;
}

/** agentgateway's `RawMetrics`, the fields agentcloud sets. */
export interface MetricsConfig {
  /** Labels added to the request metrics. */
  fields: AddedFields;
}

/** agentgateway's `RawConfig` (process settings), the fields agentcloud sets. */
export interface RuntimeConfig {
  /** Request (access) log: JSON lines on stdout, with agentcloud's added fields. */
  logging: LoggingConfig;
  /** Prometheus metrics (`:15020/metrics`). */
  metrics: MetricsConfig;
}

/** The generated agentgateway config file (ConfigMap key `agentgateway.yaml`, mounted as `config.yaml`). */
export interface GatewayConfig {
  /** Process settings. */
  config: RuntimeConfig;
  /** Ports and their listeners. */
  binds: Bind[];
}
