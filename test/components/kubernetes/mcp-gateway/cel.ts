import { celEnv, celError, isCelError, parse, plan, type CelInput, type CelResult } from "@bufbuild/cel";
import Ajv2020 from "ajv/dist/2020";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { GatewayConfig, GatewayRoute, McpRoute, RuleSet } from "../../../../components/kubernetes/mcp-gateway/config-types";
import { UPSTREAM_DIR } from "../../../helpers/schema";

// A model of the parts of agentgateway v1.4.1 the generated config relies on, evaluating its CEL with a real evaluator
// (@bufbuild/cel) over activations checked against agentgateway's CEL context schema (schema/cel.json). Each rule
// below cites the source it models (paths under crates/agentgateway/src/ at v1.4.1).

const SCHEMA_DIR = join(UPSTREAM_DIR, "agentgateway/v1.4.1/schema");
const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
const validateCelContext = ajv.compile(JSON.parse(readFileSync(join(SCHEMA_DIR, "cel.json"), "utf8")) as object);

/** The verified claims of a token (what `jwt` holds after jwtAuth). */
export interface Claims {
  sub: string;
  iss: string;
  aud: string | string[];
  [claim: string]: unknown;
}

/**
 * A request context: `jwt` only when a token was presented and accepted (absent or null otherwise: cel.json allows
 * null), `mcp.tool` on MCP tool requests.
 */
export interface CelContext {
  jwt?: Claims | null;
  mcp?: { tool?: { target: string; name: string } } | null;
  request?: { method: string; path: string; headers: Record<string, string> };
  response?: { code: number };
}

/** Throws unless `context` has the shape of agentgateway's CEL context (schema/cel.json). */
export function checkCelContext(context: CelContext): void {
  if (!validateCelContext(context)) {
    throw new Error(`CEL context does not match cel.json: ${ajv.errorsText(validateCelContext.errors)}`);
  }
}

/** JSON to CEL input: integers become CEL `int` (bigint), as agentgateway maps JSON numbers. */
function toCel(value: unknown): CelInput {
  if (typeof value === "number") return Number.isInteger(value) ? BigInt(value) : value;
  if (Array.isArray(value)) return value.map(toCel);
  if (value !== null && typeof value === "object") {
    return new Map(Object.entries(value).map(([k, v]) => [k, toCel(v)]));
  }
  return value as CelInput;
}

const env = celEnv();
const programs = new Map<string, (bindings: Record<string, CelInput>) => CelResult>();

/** Parses and plans an expression once (as @bufbuild/cel's `run` does each time), so property tests stay fast. */
function program(expression: string): (bindings: Record<string, CelInput>) => CelResult {
  let p = programs.get(expression);
  if (p === undefined) {
    try {
      p = plan(env, parse(expression));
    } catch (e) {
      const error = celError(e);
      p = () => error;
    }
    programs.set(expression, p);
  }
  return p;
}

/** The result of evaluating an expression: a value, or an evaluation error (never thrown). */
export type Evaluation = { value: unknown } | { error: string };

/**
 * Evaluates `expression` with @bufbuild/cel over `context` (checked against cel.json first). Variables absent from
 * the context are unbound, as agentgateway leaves them (cel/types.rs resolve returns None).
 */
export function evaluate(expression: string, context: CelContext): Evaluation {
  checkCelContext(context);
  const bindings: Record<string, CelInput> = {};
  for (const [name, value] of Object.entries(context)) if (value !== undefined) bindings[name] = toCel(value);
  const result = program(expression)(bindings);
  if (isCelError(result)) return { error: result.message };
  return { value: result };
}

/** agentgateway's `Executor::eval_bool`: true only for the boolean `true`; an error or a non-boolean is false. */
export function evalBool(expression: string, context: CelContext): boolean {
  const result = evaluate(expression, context);
  return "value" in result && result.value === true;
}

type AnyRule = string | { allow: string } | { deny: string } | { require: string };

/**
 * agentgateway's `RuleSets::validate` (http/authorization.rs): no rules at all allows; any deny rule that is true
 * denies; every require rule must be true; then any allow rule that is true allows; otherwise allow only when there
 * is no allow rule (denylist), deny when there is one (allowlist). A plain string is an allow rule (RuleSerde).
 */
export function ruleSetsAllow(ruleSets: readonly (RuleSet | { rules: AnyRule[] })[], context: CelContext): boolean {
  const rules = ruleSets.flatMap((rs) => rs.rules as AnyRule[]);
  const allow = rules.flatMap((r) => (typeof r === "string" ? [r] : "allow" in r ? [r.allow] : []));
  const deny = rules.flatMap((r) => (typeof r !== "string" && "deny" in r ? [r.deny] : []));
  const require = rules.flatMap((r) => (typeof r !== "string" && "require" in r ? [r.require] : []));
  if (rules.length === 0) return true;
  if (deny.some((e) => evalBool(e, context))) return false;
  if (!require.every((e) => evalBool(e, context))) return false;
  if (allow.some((e) => evalBool(e, context))) return true;
  return allow.length === 0;
}

/** The routes of the config's only listener. */
function routes(config: GatewayConfig): GatewayRoute[] {
  return config.binds.flatMap((b) => b.listeners.flatMap((l) => l.routes));
}

/**
 * The keys agentgateway stores the routes under, `<listener>/<namespace>/<name>` with namespace `default` when unset
 * (types/local.rs): a repeated key would replace a route.
 */
export function routeKeys(config: GatewayConfig): string[] {
  return config.binds.flatMap((b) =>
    b.listeners.flatMap((l) => l.routes.map((r) => `${l.name}/${"namespace" in r ? r.namespace : "default"}/${r.name}`)),
  );
}

/**
 * The route a path selects (http/route.rs matches_request): exact paths compare equal, prefixes match whole segments;
 * the longest match wins (get_path_length). `undefined`: no route (agentgateway answers 404).
 */
export function selectRoute(config: GatewayConfig, path: string): GatewayRoute | undefined {
  let best: { route: GatewayRoute; length: number } | undefined;
  for (const route of routes(config)) {
    for (const match of route.matches) {
      const p = match.path;
      let ok: boolean;
      let length: number;
      if ("exact" in p) {
        ok = path === p.exact;
        length = p.exact.length;
      } else {
        const prefix = p.pathPrefix.replace(/\/+$/, "");
        const trimmed = path.replace(/\/+$/, "");
        ok = trimmed.startsWith(prefix) && (trimmed.length === prefix.length || trimmed[prefix.length] === "/");
        length = p.pathPrefix.length;
      }
      if (ok && (best === undefined || length > best.length)) best = { route, length };
    }
  }
  return best?.route;
}

/**
 * agentgateway's jwtAuth in `strict` mode (http/jwt.rs): a request without a token, or whose token has another
 * issuer or none of the audiences, is rejected (401); otherwise its claims become `jwt`. Signatures are out of scope.
 */
export function authenticate(route: GatewayRoute, token: Claims | undefined): Claims | "rejected" {
  const jwt = route.policies.jwtAuth;
  if (jwt.mode !== "strict") throw new Error(`unexpected jwtAuth mode ${String(jwt.mode)}`);
  if (token === undefined || token.iss !== jwt.issuer) return "rejected";
  const aud = Array.isArray(token.aud) ? token.aud : [token.aud];
  return aud.some((a) => jwt.audiences.includes(a)) ? token : "rejected";
}

function mcpRouteOf(config: GatewayConfig, path: string): McpRoute | undefined {
  const route = selectRoute(config, path);
  return route !== undefined && "mcpAuthorization" in route.policies ? (route as McpRoute) : undefined;
}

/** The tools each target offers upstream (what its tools/list returns), by target name. */
export type UpstreamTools = Record<string, readonly string[]>;

/**
 * What `tools/list` on `path` returns to a client presenting `token` (mcp/handler.rs merge_tools): every upstream tool
 * the mcpAuthorization rules allow with `mcp.tool = {target, name}`, named `<target>_<name>` (prefixMode always).
 * `rejected`: no MCP route, or the token is not accepted.
 */
export function listTools(config: GatewayConfig, upstream: UpstreamTools, token: Claims | undefined, path = "/mcp"): string[] | "rejected" {
  const route = mcpRouteOf(config, path);
  if (route === undefined) return "rejected";
  const jwt = authenticate(route, token);
  if (jwt === "rejected") return "rejected";
  const backend = route.backends[0].mcp;
  if (backend.prefixMode !== "always") throw new Error("the model covers prefixMode always only");
  return backend.targets.flatMap((target) =>
    (upstream[target.name] ?? [])
      .filter((name) => ruleSetsAllow([route.policies.mcpAuthorization], { jwt, mcp: { tool: { target: target.name, name } } }))
      .map((name) => `${target.name}_${name}`),
  );
}

/**
 * Whether a `tools/call` of the client-visible `name` on `path` with `token` reaches the upstream (mcp/session.rs):
 * the name is split at the first `_` into target and tool (handler.rs parse_resource_name), the target must exist,
 * and the rules must allow `mcp.tool = {target, name}`. Whether the upstream serves the tool is its own business.
 */
export function callTool(config: GatewayConfig, token: Claims | undefined, name: string, path = "/mcp"): boolean {
  const route = mcpRouteOf(config, path);
  if (route === undefined) return false;
  const jwt = authenticate(route, token);
  if (jwt === "rejected") return false;
  const split = name.indexOf("_");
  if (split < 0) return false;
  const target = name.slice(0, split);
  const tool = name.slice(split + 1);
  if (!route.backends[0].mcp.targets.some((t) => t.name === target)) return false;
  return ruleSetsAllow([route.policies.mcpAuthorization], { jwt, mcp: { tool: { target, name: tool } } });
}

/** Whether an A2A request to `path` with `token` is forwarded (jwtAuth, then the route's `authorization` rules). */
export function a2aAllowed(config: GatewayConfig, token: Claims | undefined, path: string): boolean {
  const route = selectRoute(config, path);
  if (route === undefined || !("authorization" in route.policies)) return false;
  const jwt = authenticate(route, token);
  if (jwt === "rejected") return false;
  return ruleSetsAllow([route.policies.authorization], {
    jwt,
    request: { method: "POST", path, headers: {} },
  });
}
