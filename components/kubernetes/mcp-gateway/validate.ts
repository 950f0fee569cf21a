import { checkMonitoringEndpoint } from "../agent/validate-platform";
import { checkEgressHost } from "../../validation/hosts";
import { closestName } from "../../validation/closest";
import { checkDnsLabel, checkDnsSubdomain, checkLabelMap } from "../../validation/names";
import { nestProblems, showValue, type ValidationProblem } from "../../validation/problems";
import { checkPositiveQuantity } from "../../validation/quantities";
import { checkBoolean, checkInteger, checkNonEmptyString, checkOneOf, isRecord } from "../../validation/values";
import { checkTools } from "../agent/validate-access";
import { validateApiServerEndpoint, validateClusterDns } from "../network/cluster-endpoints";
import { NETWORK_FABRIC_KINDS } from "../network/fabric";
import type { ToolRegistry } from "./spec";
import { DEFAULT_GATEWAY_NAMESPACE } from "./endpoint";
import { RESERVED_NAMESPACES } from "../../vocabulary";

/** Keys that make a registry entry a stdio server (a command the gateway would spawn). */
export const COMMAND_KEYS = ["command", "stdio", "cmd", "args"] as const;
/** Namespaces the gateway may not run in: the reserved ones but its own default. */
export const GATEWAY_RESERVED_NAMESPACES = RESERVED_NAMESPACES.filter((n) => n !== DEFAULT_GATEWAY_NAMESPACE);
/** Ports of the gateway's pods besides its listener: admin (localhost), metrics and readiness. */
export const GATEWAY_INTERNAL_PORTS = [15000, 15020, 15021] as const;
/** Host names of the API server inside the cluster: a JWKS there is the API server's. */
export const API_SERVER_HOSTS = ["kubernetes.default.svc.cluster.local", "kubernetes.default.svc"] as const;
/** Fabrics that can allow egress to a host name (a CiliumNetworkPolicy `toFQDNs`, GKE's FQDNNetworkPolicy). */
export const FQDN_FABRIC_KINDS = ["cilium", "cilium-existing", "dataplane-v2"] as const;

const SERVER_EXAMPLE = `{ name: "github", url: "https://api.githubcopilot.com/mcp/", tools: ["search_issues"] }`;
const SERVICE_EXAMPLE = `{ name: "search", namespace: "tools", port: 8080, podSelector: { app: "search" } }`;
const TOOL_NAME = /^[A-Za-z0-9_.-]{1,128}$/;

const quoted = (names: readonly string[]) => names.map((n) => `"${n}"`).join(", ");

/** The parsed URL when `value` is an absolute URL, else undefined. */
function parseUrl(value: unknown): URL | undefined {
  if (typeof value !== "string") return undefined;
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}

/**
 * Problems with an `https://` URL of a remote host: a host name (not an IP address, a metadata endpoint or a
 * wildcard DNS service; the gateway's egress to it is an FQDN rule) and no credentials. `plain` is the fix of an
 * `http://` URL.
 */
export function checkHttpsUrl(argument: string, value: unknown, example: string, plain: string): ValidationProblem[] {
  const url = parseUrl(value);
  if (url === undefined) {
    return [{ argument, value, problem: "is not an absolute URL", fix: `use a URL like "${example}"` }];
  }
  if (url.protocol === "http:") {
    return [
      {
        argument,
        value,
        problem: "is a plain http:// URL, which would carry tokens and tool results unencrypted",
        fix: `use https://${url.host}${url.pathname}${plain}`,
      },
    ];
  }
  if (url.protocol !== "https:") {
    return [{ argument, value, problem: `must be an https:// URL (got scheme "${url.protocol}")`, fix: `use a URL like "${example}"` }];
  }
  if (url.username !== "" || url.password !== "") {
    return [
      {
        argument,
        value: `${url.protocol}//***@${url.host}${url.pathname}`,
        problem: "carries credentials, which would be written into the gateway's config",
        fix: "remove the user and password from the URL",
      },
    ];
  }
  // The URL parser lower-cases the host and turns IPv4 spellings into dotted form.
  return checkEgressHost(argument, url.hostname).map((p) => ({ ...p, value }));
}

/** Problems with an in-cluster `service` of a registry server. */
function checkServiceServer(at: string, svc: unknown): ValidationProblem[] {
  if (!isRecord(svc)) return [{ argument: at, value: svc, problem: "must be an object", fix: `use ${SERVICE_EXAMPLE}` }];
  const problems = [...checkDnsLabel(`${at}.name`, svc.name), ...checkDnsLabel(`${at}.namespace`, svc.namespace)];
  problems.push(...checkInteger(`${at}.port`, svc.port, 1, 65535));
  if (svc.targetPort !== undefined) problems.push(...checkInteger(`${at}.targetPort`, svc.targetPort, 1, 65535));
  const selector = checkLabelMap(`${at}.podSelector`, svc.podSelector);
  if (selector.length === 0 && Object.keys(svc.podSelector as object).length === 0) {
    selector.push({
      argument: `${at}.podSelector`,
      value: svc.podSelector,
      problem: "must not be empty (an empty selector would open the gateway's egress to every pod of the namespace)",
      fix: `use the labels of the server's pods (its Service's selector), like { app: "search" }`,
    });
  }
  problems.push(...selector);
  if (svc.path !== undefined && (typeof svc.path !== "string" || !svc.path.startsWith("/") || /\s/.test(svc.path))) {
    problems.push({ argument: `${at}.path`, value: svc.path, problem: "must be a path starting with '/'", fix: `use a path like "/mcp"` });
  }
  return problems;
}

/** Problems with a server's `tools`: a non-empty list of unique MCP tool names. */
function checkServerTools(at: string, tools: unknown): ValidationProblem[] {
  if (!Array.isArray(tools) || tools.length === 0) {
    return [
      {
        argument: at,
        value: tools,
        problem: "must list at least one tool (grants name these)",
        fix: `list the server's tools, like ["search_issues"]`,
      },
    ];
  }
  const problems: ValidationProblem[] = [];
  tools.forEach((tool: unknown, i) => {
    if (typeof tool !== "string" || !TOOL_NAME.test(tool)) {
      problems.push({
        argument: `${at}[${i}]`,
        value: tool,
        problem: "is not an MCP tool name (1 to 128 letters, digits, '_', '-' or '.')",
        fix: `use the name the server lists, like "search_issues"`,
      });
    } else if (tools.indexOf(tool) < i) {
      problems.push({
        argument: `${at}[${i}]`,
        value: tool,
        problem: `repeats ${at}[${tools.indexOf(tool)}]`,
        fix: "list each tool once",
      });
    }
  });
  return problems;
}

/** Problems with one registry server (its name's uniqueness is checked over the registry). */
function checkServer(at: string, server: unknown): ValidationProblem[] {
  if (!isRecord(server)) return [{ argument: at, value: server, problem: "must be an object", fix: `use ${SERVER_EXAMPLE}` }];
  const problems = checkDnsLabel(`${at}.name`, server.name);
  const command = COMMAND_KEYS.find((key) => server[key] !== undefined);
  if (command !== undefined) {
    problems.push({
      argument: `${at}.${command}`,
      value: server[command],
      problem: "declares a stdio command; stdio servers would run inside the gateway's pod, outside any sandbox",
      fix: "run the server as a Service and register service: { name, namespace, port, podSelector }",
    });
  }
  const { service, url } = server;
  if (service !== undefined && url !== undefined) {
    problems.push({
      argument: at,
      value: { service, url },
      problem: "sets both service and url",
      fix: "keep one: service for a server in the cluster, url for a remote one",
    });
  } else if (service === undefined && url === undefined && command === undefined) {
    problems.push({
      argument: at,
      value: server,
      problem: "sets neither service nor url",
      fix: `register an in-cluster service: ${SERVICE_EXAMPLE}, or a remote url: "https://mcp.example.com/mcp"`,
    });
  }
  if (service !== undefined) problems.push(...checkServiceServer(`${at}.service`, service));
  if (url !== undefined) {
    problems.push(
      ...checkHttpsUrl(`${at}.url`, url, "https://mcp.example.com/mcp", ", or run the server in the cluster and register service"),
    );
  }
  problems.push(...checkServerTools(`${at}.tools`, server.tools));
  return problems;
}

/**
 * Problems with the tool registry: a list of servers, each named by a unique DNS label, each an in-cluster `service`
 * or a remote `https://` `url` (never a stdio command), each listing its tools.
 */
export function checkToolRegistry(argument: string, servers: unknown): ValidationProblem[] {
  if (!Array.isArray(servers)) {
    return [{ argument, value: servers, problem: "must be a list of MCP servers", fix: `use [${SERVER_EXAMPLE}]` }];
  }
  const problems: ValidationProblem[] = [];
  const first = new Map<string, number>();
  servers.forEach((server: unknown, i) => {
    const at = `${argument}[${i}]`;
    problems.push(...checkServer(at, server));
    const name = isRecord(server) ? server.name : undefined;
    if (typeof name !== "string") return;
    const earlier = first.get(name);
    if (earlier === undefined) first.set(name, i);
    else {
      problems.push({
        argument: `${at}.name`,
        value: name,
        problem: `is also the name of ${argument}[${earlier}]; grants name servers, so names must be unique`,
        fix: `rename one of ${argument}[${earlier}] and ${at}, or merge their tools into one server`,
      });
    }
  });
  return problems;
}

/** The well-formed servers of a registry (records with a string name), first of each name. */
function registered(registry: unknown): Map<string, string[]> {
  const servers = new Map<string, string[]>();
  if (!Array.isArray(registry)) return servers;
  for (const s of registry as unknown[]) {
    if (!isRecord(s) || typeof s.name !== "string" || servers.has(s.name)) continue;
    servers.set(s.name, Array.isArray(s.tools) ? s.tools.filter((t): t is string => typeof t === "string") : []);
  }
  return servers;
}

/**
 * Problems with one caller's `tools` grants against the registry: each grant names a registered server (once per
 * list) and only tools that server lists. Malformed grants are left to `checkTools`, which reports their shape.
 */
export function checkToolGrants(argument: string, grants: unknown, registry: ToolRegistry): ValidationProblem[] {
  if (!Array.isArray(grants)) return [];
  const servers = registered(registry);
  const names = [...servers.keys()];
  const problems: ValidationProblem[] = [];
  const first = new Map<string, number>();
  grants.forEach((grant: unknown, i) => {
    if (!isRecord(grant) || typeof grant.server !== "string") return;
    const at = `${argument}[${i}]`;
    const server = grant.server;
    const earlier = first.get(server);
    if (earlier !== undefined) {
      problems.push({
        argument: `${at}.server`,
        value: server,
        problem: `grants server "${server}" again (${argument}[${earlier}] grants it too)`,
        fix: `merge the tools into ${argument}[${earlier}]`,
      });
      return;
    }
    first.set(server, i);
    const tools = servers.get(server);
    if (tools === undefined) {
      const close = closestName(server, names);
      problems.push({
        argument: `${at}.server`,
        value: server,
        problem: "is not a server of the tool registry",
        fix:
          close !== undefined
            ? `name "${close}" (the closest registered server), or register "${server}"`
            : names.length === 0
              ? `register "${server}" in the tool registry`
              : `name one of ${quoted(names)}, or register "${server}"`,
      });
      return;
    }
    if (!Array.isArray(grant.tools)) return;
    grant.tools.forEach((tool: unknown, j) => {
      if (typeof tool !== "string" || tool.length === 0 || tool.includes("*") || tools.includes(tool)) return;
      const close = closestName(tool, tools);
      problems.push({
        argument: `${at}.tools[${j}]`,
        value: tool,
        problem: `is not a tool of server "${server}"`,
        fix:
          close !== undefined
            ? `name "${close}" (the closest tool of "${server}"), or add "${tool}" to its tools in the registry`
            : tools.length === 0
              ? `add "${tool}" to the server's tools in the registry`
              : `name one of ${quoted(tools)}, or add "${tool}" to the server's tools in the registry`,
      });
    });
  });
  return problems;
}

/** Problems with a JWKS source: `{ url }` (`https://`) or `{ inline }` (a JSON key set with keys). */
function checkJwks(at: string, jwks: unknown): ValidationProblem[] {
  const shape = `use { url: "https://oidc.example.com/keys" } or { inline: '{"keys": [...]}' }`;
  if (!isRecord(jwks)) return [{ argument: at, value: jwks, problem: "must be an object with url or inline", fix: shape }];
  const { url, inline } = jwks;
  if ((url === undefined) === (inline === undefined)) {
    return [{ argument: at, value: jwks, problem: "must set exactly one of url and inline", fix: shape }];
  }
  if (url !== undefined) return checkHttpsUrl(`${at}.url`, url, "https://oidc.example.com/keys", "");
  let parsed: unknown;
  try {
    parsed = typeof inline === "string" ? JSON.parse(inline) : undefined;
  } catch {
    parsed = undefined;
  }
  if (!isRecord(parsed) || !Array.isArray(parsed.keys) || parsed.keys.length === 0) {
    return [
      {
        argument: `${at}.inline`,
        value: inline,
        problem: "must be a JSON Web Key Set with a non-empty keys array",
        fix: `pass the issuer's key set as JSON, like '{"keys": [{"kty": "RSA", ...}]}'`,
      },
    ];
  }
  return [];
}

/** Problems with a token issuer: an `https://` issuer URL and its JWKS. */
export function checkTokenIssuer(argument: string, issuer: unknown): ValidationProblem[] {
  if (!isRecord(issuer)) {
    return [
      {
        argument,
        value: issuer,
        problem: "must be an object with issuer and jwks",
        fix: `use { issuer: "https://oidc.example.com", jwks: { url: "https://oidc.example.com/keys" } }`,
      },
    ];
  }
  const problems: ValidationProblem[] = [];
  const url = parseUrl(issuer.issuer);
  if (url === undefined || url.protocol !== "https:" || url.hostname === "") {
    problems.push({
      argument: `${argument}.issuer`,
      value: issuer.issuer,
      problem: "must be an https:// URL (the tokens' iss claim)",
      fix: `use the cluster's issuer, like "https://kubernetes.default.svc.cluster.local"`,
    });
  }
  problems.push(...checkJwks(`${argument}.jwks`, issuer.jwks));
  return problems;
}

/** Problems with `authentication`: required, an issuer, and an audience that no API server token carries. */
function checkAuthentication(authentication: unknown): ValidationProblem[] {
  if (!isRecord(authentication)) {
    return [
      {
        argument: "authentication",
        value: authentication,
        problem: "is missing: every request must carry a token, and there is no unauthenticated gateway",
        fix: "set authentication.issuer to the cluster's token issuer (IN_CLUSTER_TOKEN_ISSUER, or the cloud's OIDC issuer)",
      },
    ];
  }
  const problems = checkTokenIssuer("authentication.issuer", authentication.issuer);
  const { audience } = authentication;
  if (audience === undefined) return problems;
  problems.push(...checkNonEmptyString("authentication.audience", audience, "agentcloud-gateway"));
  const issuerUrl = isRecord(authentication.issuer) ? authentication.issuer.issuer : undefined;
  const apiAudiences: unknown[] = [issuerUrl, ...API_SERVER_HOSTS.map((h) => `https://${h}`)];
  if (typeof audience === "string" && apiAudiences.includes(audience)) {
    problems.push({
      argument: "authentication.audience",
      value: audience,
      problem: "is an audience of the API server's own tokens, so a token for the API server would be accepted",
      fix: `use an audience of the gateway only, like "agentcloud-gateway"`,
    });
  }
  return problems;
}

/** Problems with a caller: a namespace and a ServiceAccount name. */
function checkCaller(at: string, caller: unknown): ValidationProblem[] {
  if (!isRecord(caller)) {
    return [
      { argument: at, value: caller, problem: "must be an object", fix: `use { namespace: "agents", serviceAccount: "researcher" }` },
    ];
  }
  return [...checkDnsLabel(`${at}.namespace`, caller.namespace), ...checkDnsSubdomain(`${at}.serviceAccount`, caller.serviceAccount)];
}

/** `namespace/name` of a record, for duplicate checks; undefined when either is not a string. */
function keyOf(value: unknown, name: string): string | undefined {
  const id = isRecord(value) ? value[name] : undefined;
  if (!isRecord(value) || typeof value.namespace !== "string" || typeof id !== "string") return undefined;
  return `${value.namespace}/${id}`;
}

/**
 * The problem of the `i`-th entry of `list` when an earlier entry has the same `namespace/<name>` (remembered in
 * `first`): `what` names the repeated thing, `merge` what to merge into the earlier entry.
 */
function repeatOf(
  first: Map<string, number>,
  entry: unknown,
  name: string,
  [list, i]: [string, number],
  what: string,
  merge: string,
): ValidationProblem[] {
  const key = keyOf(entry, name);
  if (key === undefined) return [];
  const earlier = first.get(key);
  if (earlier === undefined) {
    first.set(key, i);
    return [];
  }
  return [
    {
      argument: `${list}[${i}]`,
      value: key,
      problem: `is the same ${what} as ${list}[${earlier}]`,
      fix: `merge its ${merge} into ${list}[${earlier}]`,
    },
  ];
}

/** Problems with the grants: each caller once, its grants well formed and naming registered servers and tools. */
function checkGrants(grants: unknown, servers: unknown): ValidationProblem[] {
  if (!Array.isArray(grants)) {
    return [
      {
        argument: "grants",
        value: grants,
        problem: "must be a list",
        fix: `use [{ namespace: "agents", serviceAccount: "researcher", tools: [{ server: "github", tools: ["search_issues"] }] }]`,
      },
    ];
  }
  const problems: ValidationProblem[] = [];
  const first = new Map<string, number>();
  grants.forEach((grant: unknown, i) => {
    const at = `grants[${i}]`;
    problems.push(...checkCaller(at, grant));
    if (!isRecord(grant)) return;
    const tools = grant.tools ?? [];
    problems.push(...nestProblems(at, checkTools(tools)));
    if (Array.isArray(tools) && tools.length === 0) {
      problems.push({
        argument: `${at}.tools`,
        value: tools,
        problem: "grants nothing",
        fix: "grant at least one tool, or drop the grant",
      });
    }
    problems.push(...checkToolGrants(`${at}.tools`, tools, Array.isArray(servers) ? (servers as ToolRegistry) : []));
    problems.push(...repeatOf(first, grant, "serviceAccount", ["grants", i], "caller", "tools"));
  });
  return problems;
}

/** Problems with the A2A peers: each callee once, with its port and at least one caller. */
function checkPeers(peers: unknown): ValidationProblem[] {
  if (peers === undefined) return [];
  const example = `[{ namespace: "agents", agent: "writer", port: 8080, callers: [{ namespace: "agents", serviceAccount: "planner" }] }]`;
  if (!Array.isArray(peers)) return [{ argument: "peers", value: peers, problem: "must be a list", fix: `use ${example}` }];
  const problems: ValidationProblem[] = [];
  const first = new Map<string, number>();
  peers.forEach((peer: unknown, i) => {
    const at = `peers[${i}]`;
    if (!isRecord(peer)) {
      problems.push({ argument: at, value: peer, problem: "must be an object", fix: `use ${example.slice(1, -1)}` });
      return;
    }
    problems.push(...checkDnsLabel(`${at}.namespace`, peer.namespace), ...checkDnsLabel(`${at}.agent`, peer.agent));
    problems.push(...checkInteger(`${at}.port`, peer.port, 1, 65535));
    if (!Array.isArray(peer.callers) || peer.callers.length === 0) {
      problems.push({
        argument: `${at}.callers`,
        value: peer.callers,
        problem: "must list at least one caller (a route nobody may call is not needed)",
        fix: `list the callers, like [{ namespace: "agents", serviceAccount: "planner" }], or drop the peer`,
      });
    } else peer.callers.forEach((c: unknown, j) => problems.push(...checkCaller(`${at}.callers[${j}]`, c)));
    problems.push(...repeatOf(first, peer, "agent", ["peers", i], "callee", "callers"));
  });
  return problems;
}

/** Problems with `network`: a known fabric kind and what it enforces. */
function checkNetwork(network: unknown): ValidationProblem[] {
  if (!isRecord(network)) {
    return [
      {
        argument: "network",
        value: network,
        problem: "must be an object with kind and fqdnEgress",
        fix: `use the fabric's, like { kind: "cilium", fqdnEgress: true, apiServerByIdentity: true }`,
      },
    ];
  }
  const problems = [
    ...checkOneOf("network.kind", network.kind, NETWORK_FABRIC_KINDS),
    ...checkBoolean("network.fqdnEgress", network.fqdnEgress),
  ];
  if (network.apiServerByIdentity !== undefined) problems.push(...checkBoolean("network.apiServerByIdentity", network.apiServerByIdentity));
  return problems;
}

/** Whether a network can allow the gateway's egress to a host name. */
function allowsFqdnEgress(network: unknown): boolean {
  return isRecord(network) && network.fqdnEgress === true && (FQDN_FABRIC_KINDS as readonly string[]).includes(network.kind as string);
}

/** Whether a JWKS URL is the in-cluster API server's. */
export function isApiServerUrl(url: URL): boolean {
  return (API_SERVER_HOSTS as readonly string[]).includes(url.hostname);
}

/** Problems with remote hosts (servers, a remote JWKS) on a fabric that cannot allow a host name. */
function checkRemoteHosts(args: Record<string, unknown>): ValidationProblem[] {
  const { network } = args;
  if (!isRecord(network) || allowsFqdnEgress(network)) return [];
  const hosts: { argument: string; value: unknown }[] = [];
  if (Array.isArray(args.servers)) {
    args.servers.forEach((s: unknown, i) => {
      if (isRecord(s) && parseUrl(s.url)?.protocol === "https:") hosts.push({ argument: `servers[${i}].url`, value: s.url });
    });
  }
  const auth = args.authentication;
  const jwks = isRecord(auth) && isRecord(auth.issuer) && isRecord(auth.issuer.jwks) ? auth.issuer.jwks : undefined;
  const jwksUrl = parseUrl(jwks?.url);
  if (jwksUrl?.protocol === "https:" && !isApiServerUrl(jwksUrl)) {
    hosts.push({ argument: "authentication.issuer.jwks.url", value: jwks?.url });
  }
  const fabric = `network is ${showValue(network.kind)}${network.fqdnEgress === true ? "" : " without FQDN egress"}`;
  return hosts.map(({ argument, value }) => ({
    argument,
    value,
    problem: `is a remote host, but the gateway's fabric cannot allow egress to a host name (${fabric})`,
    fix: `use a Cilium fabric ("cilium" or "cilium-existing"), or serve it from the cluster (a server's service, an inline JWKS)`,
  }));
}

/** Problems with the gateway's namespace: a DNS label, not a system namespace, not a caller's or callee's tenant. */
function checkNamespace(args: Record<string, unknown>): ValidationProblem[] {
  const { namespace } = args;
  if (namespace === undefined) return [];
  const problems = checkDnsLabel("namespace", namespace);
  if (problems.length > 0) return problems;
  if ((GATEWAY_RESERVED_NAMESPACES as readonly string[]).includes(namespace as string)) {
    return [
      {
        argument: "namespace",
        value: namespace,
        problem: "is a system namespace",
        fix: `leave it out for "agentcloud-gateway", or name a namespace of the gateway's own`,
      },
    ];
  }
  const list = (value: unknown): unknown[] => (Array.isArray(value) ? (value as unknown[]) : []);
  const tenants = [...list(args.grants), ...list(args.peers)].map((c) => (isRecord(c) ? c.namespace : undefined));
  if (tenants.includes(namespace)) {
    return [
      {
        argument: "namespace",
        value: namespace,
        problem: "is a namespace of agents; the gateway runs in a namespace of its own (Pod Security restricted, no tenant policies)",
        fix: `leave it out for "agentcloud-gateway"`,
      },
    ];
  }
  return [];
}

/** Problems with the deployment options: replicas, port, resources. */
function checkDeployment(args: Record<string, unknown>): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  const { replicas, port, resources } = args;
  if (replicas !== undefined && (typeof replicas !== "number" || !Number.isInteger(replicas) || replicas < 2 || replicas > 1000)) {
    problems.push({
      argument: "replicas",
      value: replicas,
      problem: "must be a whole number from 2 to 1000: two or more replicas keep tool calls up during node drains",
      fix: "set replicas to 2 or more, or leave it out for 2",
    });
  }
  if (port !== undefined) {
    const portProblems = checkInteger("port", port, 1, 65535);
    if (portProblems.length === 0 && (GATEWAY_INTERNAL_PORTS as readonly number[]).includes(port as number)) {
      portProblems.push({
        argument: "port",
        value: port,
        problem: "is a port of the gateway itself (admin 15000, metrics 15020, readiness 15021)",
        fix: "use another port, like 8080",
      });
    }
    problems.push(...portProblems);
  }
  if (resources !== undefined) {
    if (!isRecord(resources)) {
      problems.push({ argument: "resources", value: resources, problem: "must be an object", fix: `use { cpu: "500m", memory: "256Mi" }` });
    } else {
      if (resources.cpu !== undefined) problems.push(...checkPositiveQuantity("resources.cpu", resources.cpu, "500m"));
      if (resources.memory !== undefined) problems.push(...checkPositiveQuantity("resources.memory", resources.memory, "256Mi"));
    }
  }
  return problems;
}

/** Every problem with `McpGatewayArgs`, at once. */
export function validateMcpGatewayArgs(args: unknown): ValidationProblem[] {
  if (!isRecord(args)) {
    return [{ argument: "args", value: args, problem: "must be an object", fix: "pass { servers, grants, authentication, network }" }];
  }
  return [
    ...checkToolRegistry("servers", args.servers),
    ...checkGrants(args.grants, args.servers),
    ...checkPeers(args.peers),
    ...checkAuthentication(args.authentication),
    ...checkNetwork(args.network),
    ...checkRemoteHosts(args),
    ...checkNamespace(args),
    ...checkDeployment(args),
    ...validateClusterDns("dns", args.dns),
    ...validateApiServerEndpoint("apiServer", args.apiServer),
    ...checkMonitoringEndpoint("monitoring", args.monitoring),
  ];
}
