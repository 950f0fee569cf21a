// The subset of agentgateway v1.4.1's standalone config file (`LocalConfig`, JSON Schema in
// ../shared/upstream/agentgateway/v1.4.1/schema/config.json) that agentcloud emits. Field names are upstream's.

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
  jwks: { url: string } | string;
}

/** agentgateway's `UrlRewrite` with a prefix path rewrite (replaces the matched `pathPrefix`). */
export interface UrlRewrite {
  /** The path rewrite. */
  path: { prefix: string };
}

/** agentgateway's `LocalTransformationConfig`, request side only; header values are CEL expressions. */
export interface Transformations {
  /** Request transformation. */
  request: {
    /** Headers to set (replacing any copy the client sent), name to CEL expression. */
    set: Record<string, CelExpression>;
  };
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

/** agentgateway's `LocalMcpTarget`, streamable HTTP form (`mcp.host` is a URL). */
export interface McpTarget {
  /** Target name: the registry's server name, and the prefix of its tools' names (`<name>_<tool>`). */
  name: string;
  /** Streamable-HTTP MCP connection. */
  mcp: { host: string };
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

/** A path match (`PathMatch`). */
export type PathMatch = { exact: string } | { pathPrefix: string };

/** The MCP route. */
export interface McpRoute {
  /** Route name (`mcp`). */
  name: string;
  /** Matches `exact: /mcp` only. */
  matches: [{ path: { exact: string } }];
  /** Policies. */
  policies: McpRoutePolicies;
  /** One MCP backend. */
  backends: [{ mcp: McpBackend }];
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
  matches: [{ path: { pathPrefix: string } }];
  /** Policies. */
  policies: A2aRoutePolicies;
  /** The callee's Service, `host: <agent>.<namespace>.svc.cluster.local:<port>`. */
  backends: [{ host: string }];
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

/** agentgateway's `RawConfig` (process settings), the fields agentcloud sets. */
export interface RuntimeConfig {
  /** Request (access) log: JSON lines on stdout, with agentcloud's added fields. */
  logging: {
    /** `json`. */
    format: "json";
    /** Fields added to every request log line, name to CEL expression. */
    fields: { add: Record<string, CelExpression> };
  };
  /** Prometheus metrics (`:15020/metrics`): labels added to the request metrics, name to CEL expression. */
  metrics: { fields: { add: Record<string, CelExpression> } };
}

/** The generated agentgateway config file (ConfigMap key `agentgateway.yaml`, mounted as `config.yaml`). */
export interface GatewayConfig {
  /** Process settings. */
  config: RuntimeConfig;
  /** Ports and their listeners. */
  binds: Bind[];
}
