/**
 * Finds the MCP gateway's objects (labelled `app.kubernetes.io/component: mcp-gateway`) and reads its agentgateway
 * standalone config (ConfigMap key `agentgateway.yaml`; schema in agentgateway v1.4.1 `schema/config.json`): where the
 * HTTP routes are, which authenticators and authorization rule sets it holds, and what a CEL rule keys on.
 */
import type { PolicyResource } from "@pulumi/policy";
import { parse } from "yaml";
import { parseType } from "./kinds";
import { OBJECT_NAME, shown, shownIfKnown } from "./messages";
import { isRecord, record, text } from "./pod-templates";
import { GATEWAY, LABELS } from "./vocabulary";

/** One Kubernetes object inside a resource (the resource itself, or an item of a `...List`). */
export interface KubeObject {
  /** Kind as messages name it (`ConfigMap`, `ServicePatch`, or the item kind of a list). */
  kind: string;
  /** `metadata.name`, else the resource's Pulumi name (`<name>[<i>]` for a list item). */
  name: string;
  /** `metadata.namespace`, when set. */
  namespace?: string;
  labels: Record<string, unknown>;
  object: Record<string, unknown>;
  /** Path of the object in the resource's inputs (`""`, or `items[<i>].`), for messages. */
  prefix: string;
}

/** The objects of a resource whose type is one of `table`'s kinds (patches and list items too), else `[]`. */
export function objectsOf(
  resource: { type: string; name: string; props: unknown },
  table: Readonly<Record<string, Readonly<Record<string, unknown>>>>,
): KubeObject[] {
  const parsed = parseType(resource.type, table);
  if (parsed === undefined) return [];
  const props = record(resource.props);
  const list = parsed.variant === "list";
  const items = list ? (Array.isArray(props.items) ? (props.items as unknown[]) : []) : [props];
  return items.map((item, i) => {
    const object = record(item);
    const metadata = record(object.metadata);
    return {
      kind: list ? parsed.kind : parsed.tokenKind,
      name: text(metadata.name) ?? (list ? `${resource.name}[${i}]` : resource.name),
      namespace: text(metadata.namespace),
      labels: record(metadata.labels),
      object,
      prefix: list ? `items[${i}].` : "",
    };
  });
}

/** True when labels mark an object as the gateway's. */
export function isGatewayLabelled(labels: Record<string, unknown>): boolean {
  return labels[LABELS.component] === GATEWAY.component;
}

/** `ConfigMap "mcp-gateway" in namespace "agentcloud-gateway"`: how messages name an object. */
export function describeObject(object: Pick<KubeObject, "kind" | "name" | "namespace">): string {
  const name = shown(object.name, OBJECT_NAME, "(unnamed)");
  const where = object.namespace === undefined ? "" : ` in namespace ${shown(object.namespace, OBJECT_NAME, "(unnamed)")}`;
  return `${object.kind} ${name}${where}`;
}

const CONFIG_MAP = { core: { ConfigMap: true } } as const;

/** The gateway's config ConfigMaps in a resource: labelled as the gateway's and holding the config key. */
export function gatewayConfigMaps(resource: { type: string; name: string; props: unknown }): KubeObject[] {
  return objectsOf(resource, CONFIG_MAP).filter((o) => isGatewayLabelled(o.labels) && GATEWAY.configKey in record(o.object.data));
}

/** True when the stack holds the gateway's config ConfigMap. */
export function hasGatewayConfig(resources: readonly PolicyResource[]): boolean {
  return resources.some((r) => gatewayConfigMaps(r).length > 0);
}

/** A parsed config file, or why it could not be read (never its content: it may hold an inline JWKS). */
export type ParsedConfig = { ok: true; config: Record<string, unknown> } | { ok: false; problem: string };

/** Parses the config file text as agentgateway does (YAML, of which JSON is a subset). */
export function parseGatewayConfig(source: unknown): ParsedConfig {
  if (typeof source !== "string") return { ok: false, problem: "is not a string" };
  let value: unknown;
  try {
    value = parse(source);
  } catch (e) {
    const line = (e as { linePos?: { line: number }[] }).linePos?.[0]?.line;
    return { ok: false, problem: `is not valid YAML${line === undefined ? "" : ` (line ${line})`}` };
  }
  return isRecord(value) ? { ok: true, config: value } : { ok: false, problem: "is not a YAML mapping" };
}

/** Why a gateway config policy does not apply to a resource. */
export const NOT_GATEWAY_CONFIG =
  `Policy only applies to the MCP gateway's config: a ConfigMap labelled ${LABELS.component}: ${GATEWAY.component} ` +
  `with data key ${GATEWAY.configKey}`;

/** The data of the config key, parsed. */
export function configOf(configMap: KubeObject): ParsedConfig {
  return parseGatewayConfig(record(configMap.object.data)[GATEWAY.configKey]);
}

/** An HTTP entry point of the config: a route, or the `mcp`, `llm` or `ui` shorthand section. */
export interface ConfigRoute {
  /** Where it is in the config, e.g. `binds[0].listeners[0].routes[1]`. */
  path: string;
  /** Its inline policies (`policies`), `{}` when it has none. */
  policies: Record<string, unknown>;
  /** The gateway-level policies of the bind listener it is attached to, when it is one. */
  listenerPolicies?: Record<string, unknown>;
  /** It proxies MCP (an `mcp` backend, or the `mcp` section). */
  mcp: boolean;
  /** It forwards requests anywhere (has backends, or is a shorthand section); a route that only answers or redirects does not. */
  forwards: boolean;
}

function routeAt(path: string, value: unknown, listenerPolicies?: Record<string, unknown>): ConfigRoute {
  const route = record(value);
  const backends = Array.isArray(route.backends) ? (route.backends as unknown[]) : [];
  return {
    path,
    policies: record(route.policies),
    ...(listenerPolicies !== undefined && { listenerPolicies }),
    mcp: backends.some((b) => isRecord(b) && b.mcp !== undefined && b.mcp !== null),
    forwards: backends.length > 0,
  };
}

function array(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/**
 * Every HTTP entry point of the config: routes of bind listeners (`binds[].listeners[].routes[]`), top-level
 * `routes[]`, `routeGroups[].routes[]`, and the `mcp`, `llm` and `ui` sections (each serves on a port of its own).
 */
export function configRoutes(config: Record<string, unknown>): ConfigRoute[] {
  const routes: ConfigRoute[] = [];
  array(config.binds).forEach((bind, b) =>
    array(record(bind).listeners).forEach((listener, l) => {
      const listenerPolicies = record(record(listener).policies);
      array(record(listener).routes).forEach((route, r) =>
        routes.push(routeAt(`binds[${b}].listeners[${l}].routes[${r}]`, route, listenerPolicies)),
      );
    }),
  );
  array(config.routes).forEach((route, r) => routes.push(routeAt(`routes[${r}]`, route)));
  array(config.routeGroups).forEach((group, g) =>
    array(record(group).routes).forEach((route, r) => routes.push(routeAt(`routeGroups[${g}].routes[${r}]`, route))),
  );
  for (const section of ["mcp", "llm", "ui"] as const) {
    if (!isRecord(config[section])) continue;
    routes.push({ path: section, policies: record(record(config[section]).policies), mcp: section === "mcp", forwards: true });
  }
  return routes;
}

/** Paths of the TCP routes of the config (`binds[].listeners[].tcpRoutes[]`, `tcpRoutes[]`): they carry no HTTP authentication. */
export function tcpRoutePaths(config: Record<string, unknown>): string[] {
  const paths: string[] = [];
  array(config.binds).forEach((bind, b) =>
    array(record(bind).listeners).forEach((listener, l) =>
      array(record(listener).tcpRoutes).forEach((_, r) => paths.push(`binds[${b}].listeners[${l}].tcpRoutes[${r}]`)),
    ),
  );
  array(config.tcpRoutes).forEach((_, r) => paths.push(`tcpRoutes[${r}]`));
  return paths;
}

/** A value found under one of the searched keys, with its path. */
export interface Found {
  path: string;
  key: string;
  value: unknown;
}

/** Every non-null value anywhere in the config held under one of `keys` (route, listener, gateway, attached policies...). */
export function findKeys(value: unknown, keys: readonly string[], path = ""): Found[] {
  const found: Found[] = [];
  if (Array.isArray(value)) {
    value.forEach((item, i) => found.push(...findKeys(item, keys, `${path}[${i}]`)));
  } else if (isRecord(value)) {
    for (const [key, item] of Object.entries(value)) {
      const at = path === "" ? key : `${path}.${key}`;
      if (keys.includes(key) && item !== null && item !== undefined) found.push({ path: at, key, value: item });
      found.push(...findKeys(item, keys, at));
    }
  }
  return found;
}

const JWT_MODES = ["strict", "optional", "permissive"];

function nonEmptyStrings(value: unknown): boolean {
  return Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === "string" && v !== "");
}

function issuerProblems(provider: Record<string, unknown>, prefix: string, jwksRequired: boolean): string[] {
  const problems: string[] = [];
  if (text(provider.issuer) === undefined) problems.push(`${prefix}issuer is missing`);
  if (!nonEmptyStrings(provider.audiences)) problems.push(`${prefix}audiences is empty (tokens for any audience would pass)`);
  if (jwksRequired && (provider.jwks === undefined || provider.jwks === null || provider.jwks === "")) {
    problems.push(`${prefix}jwks is missing`);
  }
  // Keys fetched over plain HTTP can be swapped on the way, and then any token verifies.
  const url = record(provider.jwks).url;
  if (url !== undefined && !(typeof url === "string" && url.startsWith("https://"))) problems.push(`${prefix}jwks.url is not https`);
  return problems;
}

/**
 * What keeps an authenticator (`jwtAuth` or `mcpAuthentication`) from rejecting every request without a valid token
 * of the fleet's issuer and audience. Schema defaults (config.json): jwtAuth `mode` defaults to `optional` (requests
 * without a JWT pass), mcpAuthentication `mode` to `strict`; mcpAuthentication derives its JWKS from `provider` when
 * `jwks` is left out.
 */
export function authenticatorProblems(key: string, value: Record<string, unknown>): string[] {
  const problems: string[] = [];
  const mode = value.mode;
  if (key === "jwtAuth" && (mode === undefined || mode === null)) {
    problems.push("mode is unset (agentgateway's default is optional, which lets requests without a token through)");
  } else if (mode !== undefined && mode !== null && mode !== "strict") {
    problems.push(`mode is ${shownIfKnown(mode, JWT_MODES, "not strict")}`);
  }
  if (key === "jwtAuth" && value.providers !== undefined && value.providers !== null) {
    const providers = array(value.providers);
    if (providers.length === 0) problems.push("providers is empty");
    providers.forEach((p, i) => problems.push(...issuerProblems(record(p), `providers[${i}].`, true)));
  } else {
    const jwksRequired = key === "jwtAuth" || value.provider === undefined || value.provider === null;
    problems.push(...issuerProblems(value, "", jwksRequired));
  }
  return problems;
}

/** The keys under which the config authenticates callers with tokens. */
export const AUTHENTICATORS = ["jwtAuth", "mcpAuthentication"] as const;

/** True when the route (or its bind listener) has an authenticator; whether it is sound is judged where it is. */
export function routeAuthenticates(route: ConfigRoute): boolean {
  const has = (policies: Record<string, unknown> | undefined, keys: readonly string[]) =>
    policies !== undefined && keys.some((k) => policies[k] !== undefined && policies[k] !== null);
  return has(route.policies, AUTHENTICATORS) || has(route.listenerPolicies, ["jwtAuth"]);
}

/** One rule of an authorization rule set (a plain string is an allow rule, as agentgateway reads it). */
export interface Rule {
  /** Index in `rules`. */
  index: number;
  kind: "allow" | "deny" | "require" | "invalid";
  expression: string;
}

/** The rules of a rule set (`{rules: [...]}`), or undefined when it has no `rules` list. */
export function rulesOf(set: unknown): Rule[] | undefined {
  const rules = record(set).rules;
  if (!Array.isArray(rules)) return undefined;
  return rules.map((rule: unknown, index) => {
    if (typeof rule === "string") return { index, kind: "allow", expression: rule };
    const entry = record(rule);
    const keys = Object.keys(entry);
    const kind = keys.length === 1 ? keys[0] : undefined;
    if ((kind === "allow" || kind === "deny" || kind === "require") && typeof entry[kind] === "string") {
      return { index, kind, expression: entry[kind] };
    }
    return { index, kind: "invalid", expression: "" };
  });
}

/** The keys under which the config holds HTTP and MCP authorization rule sets. */
export const RULE_SETS = ["authorization", "mcpAuthorization"] as const;

// A small CEL tokenizer: enough to split an expression at its top-level `||` and `&&` and to compare terms. It
// judges spelling, not meaning: see alwaysTrue and pinsCaller for what it can and cannot tell.

interface Token {
  kind: "string" | "number" | "ident" | "op";
  text: string;
}

const OPERATORS = [
  "==",
  "!=",
  "<=",
  ">=",
  "&&",
  "||",
  "!",
  "<",
  ">",
  "+",
  "-",
  "*",
  "/",
  "%",
  "?",
  ":",
  ".",
  ",",
  "(",
  ")",
  "[",
  "]",
  "{",
  "}",
];

/** The tokens of a CEL expression, or undefined when it is not lexically CEL (agentgateway would reject it at load). */
export function tokenize(source: string): Token[] | undefined {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const rest = source.slice(i);
    const space = /^(\s+|\/\/[^\n]*)/.exec(rest);
    if (space !== null) {
      i += space[0].length;
      continue;
    }
    const prefix = /^([rRbB]{0,2})(["']{3}|["'])/.exec(rest);
    if (prefix !== null && /^(|[rR]|[bB]|[rR][bB]|[bB][rR])$/.test(prefix[1])) {
      const raw = /[rR]/.test(prefix[1]);
      const quote = prefix[2];
      let j = prefix[0].length;
      let closed = false;
      while (j < rest.length) {
        if (!raw && rest[j] === "\\") {
          j += 2;
          continue;
        }
        if (rest.startsWith(quote, j)) {
          j += quote.length;
          closed = true;
          break;
        }
        if (quote.length === 1 && rest[j] === "\n") break;
        j++;
      }
      if (!closed) return undefined;
      tokens.push({ kind: "string", text: rest.slice(0, j) });
      i += j;
      continue;
    }
    const number = /^(0[xX][0-9a-fA-F]+[uU]?|\d+(\.\d+)?([eE][+-]?\d+)?[uU]?|\.\d+([eE][+-]?\d+)?)/.exec(rest);
    if (number !== null) {
      tokens.push({ kind: "number", text: number[0] });
      i += number[0].length;
      continue;
    }
    const ident = /^[A-Za-z_][A-Za-z0-9_]*/.exec(rest);
    if (ident !== null) {
      tokens.push({ kind: "ident", text: ident[0] });
      i += ident[0].length;
      continue;
    }
    const op = OPERATORS.find((o) => rest.startsWith(o));
    if (op === undefined) return undefined;
    tokens.push({ kind: "op", text: op });
    i += op.length;
  }
  return tokens;
}

const OPEN: Record<string, string> = { "(": ")", "[": "]", "{": "}" };

/** Splits tokens at every top-level (outside brackets) occurrence of `op`. */
function splitTop(tokens: Token[], op: string): Token[][] {
  const parts: Token[][] = [[]];
  let depth = 0;
  for (const token of tokens) {
    if (token.kind === "op" && token.text in OPEN) depth++;
    if (token.kind === "op" && Object.values(OPEN).includes(token.text)) depth--;
    if (depth === 0 && token.kind === "op" && token.text === op) parts.push([]);
    else parts[parts.length - 1].push(token);
  }
  return parts;
}

/** Tokens without parentheses that enclose the whole expression. */
function unwrap(tokens: Token[]): Token[] {
  let current = tokens;
  while (current.length >= 2 && current[0].text === "(" && current[current.length - 1].text === ")") {
    let depth = 0;
    let enclosing = true;
    for (let i = 0; i < current.length - 1; i++) {
      if (current[i].kind === "op" && current[i].text in OPEN) depth++;
      if (current[i].kind === "op" && Object.values(OPEN).includes(current[i].text)) depth--;
      if (depth === 0) {
        enclosing = false;
        break;
      }
    }
    if (!enclosing) break;
    current = current.slice(1, -1);
  }
  return current;
}

const same = (a: Token[], b: Token[]) => a.length === b.length && a.every((t, i) => t.kind === b[i].kind && t.text === b[i].text);

function isLiteral(tokens: Token[]): boolean {
  return (
    tokens.length === 1 &&
    (tokens[0].kind === "string" || tokens[0].kind === "number" || ["true", "false", "null"].includes(tokens[0].text))
  );
}

/** `true` / `false` when the comparison of two literals or of a term with itself has a fixed value, else undefined. */
function comparison(tokens: Token[]): boolean | undefined {
  for (const op of ["==", "!="]) {
    const sides = splitTop(tokens, op);
    if (sides.length !== 2 || sides[0].length === 0 || sides[1].length === 0) continue;
    const [left, right] = sides.map(unwrap);
    const equal = same(left, right)
      ? true
      : isLiteral(left) && isLiteral(right) && left[0].kind === right[0].kind
        ? left[0].kind === "number"
          ? Number(left[0].text) === Number(right[0].text)
          : false
        : undefined;
    if (equal === undefined) return undefined;
    return op === "==" ? equal : !equal;
  }
  return undefined;
}

function fixedValue(tokens: Token[]): boolean | undefined {
  const t = unwrap(tokens);
  if (t.length === 0 || splitTop(t, "?").length > 1) return undefined;
  const any = splitTop(t, "||");
  if (any.length > 1) {
    const values = any.map(fixedValue);
    if (values.includes(true)) return true;
    return values.every((v) => v === false) ? false : undefined;
  }
  const all = splitTop(t, "&&");
  if (all.length > 1) {
    const values = all.map(fixedValue);
    if (values.includes(false)) return false;
    return values.every((v) => v === true) ? true : undefined;
  }
  if (t.length === 1 && t[0].kind === "ident" && (t[0].text === "true" || t[0].text === "false")) return t[0].text === "true";
  if (t[0].kind === "op" && t[0].text === "!") {
    const inner = fixedValue(t.slice(1));
    return inner === undefined ? undefined : !inner;
  }
  return comparison(t);
}

/**
 * True when the expression is spelled to be always true: `true`, `!false`, a comparison of two literals that holds
 * (`1 == 1`, `"a" != "b"`) or of a term with itself (`jwt.sub == jwt.sub`), and `||`/`&&` of such terms, in any
 * parentheses and whitespace. A syntactic check: it does not evaluate functions or macros (`size([]) == 0`,
 * `[1].all(x, true)` pass it); pinsCaller catches those, as they do not pin the caller either.
 */
export function alwaysTrue(expression: string): boolean {
  const tokens = tokenize(expression);
  return tokens !== undefined && fixedValue(tokens) === true;
}

function nonEmptyString(token: Token | undefined): boolean {
  if (token?.kind !== "string") return false;
  const body = token.text.replace(/^[rRbB]*/, "");
  const quote = body.startsWith('"""') || body.startsWith("'''") ? 3 : 1;
  return body.length > 2 * quote;
}

const isSub = (t: Token[], at: number) =>
  t[at]?.text === "jwt" && t[at + 1]?.text === "." && t[at + 2]?.text === "sub" && t[at].kind === "ident";

/** True for `jwt.sub == "<s>"`, `"<s>" == jwt.sub` or `jwt.sub in ["<s>", ...]` with non-empty string literals. */
function pinsSubject(term: Token[]): boolean {
  const t = unwrap(term);
  if (t.length === 5 && isSub(t, 0) && t[3].text === "==") return nonEmptyString(t[4]);
  if (t.length === 5 && isSub(t, 2) && t[1].text === "==") return nonEmptyString(t[0]);
  if (t.length >= 7 && isSub(t, 0) && t[3].text === "in" && t[4].text === "[" && t[t.length - 1].text === "]") {
    const items = splitTop(t.slice(5, -1), ",").filter((item, i, all) => !(i === all.length - 1 && item.length === 0));
    return items.length > 0 && items.every((item) => item.length === 1 && nonEmptyString(item[0]));
  }
  return false;
}

/**
 * True when the expression can only be true for callers it names: every alternative (top-level `||` operand) has an
 * `&&` term `jwt.sub == "<subject>"` or `jwt.sub in ["<subject>", ...]`. A conditional (`?:`) at the top level is
 * not judged (false). Syntactic: it trusts the literal subjects, and reads `jwt.sub` only in that spelling.
 */
export function pinsCaller(expression: string): boolean {
  const tokens = tokenize(expression);
  return tokens !== undefined && pins(tokens);
}

function pins(tokens: Token[]): boolean {
  const t = unwrap(tokens);
  if (t.length === 0 || splitTop(t, "?").length > 1) return false;
  return splitTop(t, "||").every((alternative) => {
    const inner = unwrap(alternative);
    if (inner.length === 0 || splitTop(inner, "?").length > 1) return false;
    const terms = splitTop(inner, "&&");
    // A parenthesised term pins when it does on its own: `(jwt.sub == "a" || jwt.sub == "b") && ...`.
    return terms.some((term) => pinsSubject(term) || (terms.length > 1 && unwrap(term).length < term.length && pins(term)));
  });
}
