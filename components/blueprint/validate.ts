import { NETWORK_FABRIC_KINDS } from "../kubernetes/network/fabric";
import { DEFAULT_MONITORING_NAMESPACE } from "../kubernetes/observability/endpoint";
import { checkObservabilityOptions } from "../kubernetes/observability/validate";
import { closestName } from "../validation/closest";
import { validateAgentNamespaceSpec } from "../kubernetes/agent-namespace/validate";
import type { AgentArgs, AgentReference } from "../kubernetes/agent/spec";
import { validateAgentArgs } from "../kubernetes/agent/validate";
import { checkDelegationEdges } from "../kubernetes/agent/validate-delegation";
import { checkPlatform, checkRenderedSizes } from "../kubernetes/agent/validate-platform";
import { validateApiServerEndpoint } from "../kubernetes/network/cluster-endpoints";
import { validateAgentNetworkSpec } from "../kubernetes/network/validate";
import { validateAuditPipelineArgs } from "../kubernetes/audit/validate";
import { DEFAULT_GATEWAY_NAMESPACE, type GatewayEndpoint } from "../kubernetes/mcp-gateway/endpoint";
import { IN_CLUSTER_TOKEN_ISSUER, type ToolRegistry } from "../kubernetes/mcp-gateway/spec";
import {
  checkTokenIssuer,
  checkToolGrants,
  checkToolRegistry,
  FQDN_FABRIC_KINDS,
  isApiServerUrl,
  validateMcpGatewayArgs,
} from "../kubernetes/mcp-gateway/validate";
import { nestProblems, showValue, type ValidationProblem } from "../validation/problems";
import { checkBoolean, checkOneOf, isRecord } from "../validation/values";
import { KATA_RUNTIMES, SANDBOX_RUNTIMES } from "../vocabulary";
import { agentId, deriveAcceptsFrom, referenceId } from "./edges";
import { fleetGatewayArgs, fleetGatewayEndpoint } from "./gateway";
import { fleetMonitoringEndpoint } from "./observability";
import { agentArgsOf, agentNameOf, fleetRuntimes } from "./resolve";
import { RESERVED_NAMESPACES, type AgentCloudPlatform, type AgentCloudSpec, type AgentDeclaration } from "./spec";

const PLATFORM_NAMES = ["local", "eks", "gke"] as const;

/** Problems with the identity binding itself: an object with a `bind` function (its endpoints: see `validatePlatform`). */
function checkIdentity(identity: unknown): ValidationProblem[] {
  if (identity === undefined || (isRecord(identity) && typeof identity.bind === "function")) return [];
  return [
    {
      argument: "platform.identity",
      value: identity,
      problem: "must be an identity binding with a bind function",
      fix: "pass { bind: (agent) => ({ serviceAccountAnnotations, podLabels }), endpoints } (the cloud layer provides one)",
    },
  ];
}

/** `AgentNetworkSpec` arguments as the platform's. */
const NETWORK_ARGUMENTS: [RegExp, string][] = [
  [/^fabric\b/, "platform.network"],
  [/^dns\b/, "platform.dns"],
  [/^identityEndpoints\b/, "platform.identity.endpoints"],
];

/**
 * The network's problems with the platform's parts, as `AgentNetwork` would find them: the fabric (and its own options'
 * problems), DNS (by namespace name on Cilium), identity endpoints. Agents and tenants are checked by the fleet.
 */
function checkNetwork(platform: Record<string, unknown>): ValidationProblem[] {
  const identity = platform.identity;
  const problems = validateAgentNetworkSpec({
    fabric: platform.network,
    tenants: [],
    agents: [],
    dns: platform.dns,
    identityEndpoints: isRecord(identity) ? identity.endpoints : undefined,
  });
  return problems.map((p) => {
    const match = NETWORK_ARGUMENTS.find(([from]) => from.test(p.argument));
    return match ? { ...p, argument: p.argument.replace(match[0], match[1]) } : { ...p, argument: `platform.${p.argument}` };
  });
}

/** Every problem with the platform. */
export function validatePlatform(platform: unknown): ValidationProblem[] {
  if (!isRecord(platform)) {
    return [{ argument: "platform", value: platform, problem: "must be an object", fix: "pass { provider, network, ... }" }];
  }
  const problems: ValidationProblem[] = [];
  if (platform.provider === undefined || platform.provider === null) {
    problems.push({
      argument: "platform.provider",
      value: platform.provider,
      problem: "is required",
      fix: "pass the cluster's Kubernetes provider, e.g. new k8s.Provider(...)",
    });
  }
  if (platform.name !== undefined) problems.push(...checkOneOf("platform.name", platform.name, PLATFORM_NAMES));
  const { runtimeClasses } = platform;
  if (runtimeClasses !== undefined) {
    if (!Array.isArray(runtimeClasses))
      problems.push({ argument: "platform.runtimeClasses", value: runtimeClasses, problem: "must be a list", fix: `use e.g. ["gvisor"]` });
    else runtimeClasses.forEach((r: unknown, i) => problems.push(...checkOneOf(`platform.runtimeClasses[${i}]`, r, SANDBOX_RUNTIMES)));
  }
  if (platform.installKata !== undefined) problems.push(...checkBoolean("platform.installKata", platform.installKata));
  // GPU nodes are checked once here; agents get the same value injected.
  problems.push(...(platform.gpu === undefined ? [] : checkPlatform({ gpu: platform.gpu })));
  problems.push(
    ...checkIdentity(platform.identity),
    ...checkNetwork(platform),
    ...validateApiServerEndpoint("platform.apiServer", platform.apiServer),
    ...(platform.tokenIssuer === undefined ? [] : checkTokenIssuer("platform.tokenIssuer", platform.tokenIssuer)),
    ...checkUnavailableRuntimes(platform.unavailableRuntimes),
  );
  return problems;
}

/** `McpGatewayArgs` arguments that are fleet options, as the fleet's; the gateway's other arguments are checked as the fleet's own. */
const GATEWAY_OPTIONS: [RegExp, string][] = [
  [/^(replicas|port|resources|namespace)\b/, "gateway.$1"],
  [/^authentication\.audience$/, "gateway.audience"],
];

/**
 * Problems with `gateway`: its options, checked as `McpGateway` checks them (replicas, port, resources, namespace,
 * audience), and a namespace of its own, never a tenant's.
 */
export function validateGatewayOptions(gateway: unknown, platform: unknown, tenants: readonly string[]): ValidationProblem[] {
  if (gateway === undefined) return [];
  if (!isRecord(gateway)) {
    return [
      { argument: "gateway", value: gateway, problem: "must be an object", fix: "pass { replicas, port, resources, namespace, audience }" },
    ];
  }
  const given = isRecord(platform) && isRecord(platform.tokenIssuer) ? platform.tokenIssuer : IN_CLUSTER_TOKEN_ISSUER;
  const { audience, ...options } = gateway;
  // Only the options: the registry, grants, issuer and fabric are checked as the fleet's own arguments.
  const problems = validateMcpGatewayArgs({
    ...options,
    servers: [],
    grants: [],
    authentication: { issuer: given, ...(audience !== undefined && { audience }) },
    network: { kind: "cilium", fqdnEgress: true },
  }).flatMap((p) => {
    const match = GATEWAY_OPTIONS.find(([from]) => from.test(p.argument));
    return match ? [{ ...p, argument: p.argument.replace(match[0], match[1]) }] : [];
  });
  if (typeof gateway.namespace === "string" && tenants.includes(gateway.namespace)) {
    problems.push({
      argument: "gateway.namespace",
      value: gateway.namespace,
      problem: `is the tenant tenants.${gateway.namespace}; the gateway runs in a namespace of its own (no tenant's quota or policies)`,
      fix: `leave it out for "agentcloud-gateway", or name a namespace that is no tenant`,
    });
  }
  return problems;
}

/**
 * The gateway reaches remote servers and a JWKS outside the cluster by host name: that needs a fabric with FQDN
 * egress (Cilium). Checked when the fleet has a gateway; a registry nobody uses opens nothing.
 */
function checkGatewayRemoteHosts(spec: AgentCloudSpec): ValidationProblem[] {
  const network: unknown = isRecord(spec.platform) ? spec.platform.network : undefined;
  if (!isRecord(network) || !(NETWORK_FABRIC_KINDS as readonly unknown[]).includes(network.kind)) return [];
  const fqdn = isRecord(network.enforcement) && network.enforcement.fqdnEgress === true;
  if (fqdn && (FQDN_FABRIC_KINDS as readonly unknown[]).includes(network.kind)) return [];
  const fabric = `the ${String(network.kind)} fabric has no FQDN egress`;
  const problems: ValidationProblem[] = [];
  (Array.isArray(spec.tools) ? (spec.tools as unknown[]) : []).forEach((server, i) => {
    if (isRecord(server) && urlOf(server.url)?.protocol === "https:") {
      problems.push({
        argument: `tools[${i}].url`,
        value: server.url,
        problem: `is a remote server, which the gateway reaches by host name, but ${fabric}`,
        fix: "use a Cilium fabric (ciliumFabric() or existingCiliumFabric(...)), or run the server in the cluster and register its service",
      });
    }
  });
  const issuer: unknown = isRecord(spec.platform) ? spec.platform.tokenIssuer : undefined;
  const jwks = isRecord(issuer) && isRecord(issuer.jwks) ? issuer.jwks : undefined;
  const jwksUrl = urlOf(jwks?.url);
  if (jwksUrl?.protocol === "https:" && !isApiServerUrl(jwksUrl)) {
    problems.push({
      argument: "platform.tokenIssuer.jwks.url",
      value: jwks?.url,
      problem: `is outside the cluster, which the gateway reaches by host name, but ${fabric}`,
      fix: `use a Cilium fabric (ciliumFabric() or existingCiliumFabric(...)), or give the key set inline: jwks: { inline: '{"keys": [...]}' }`,
    });
  }
  return problems;
}

/** A URL, when `value` is one. */
function urlOf(value: unknown): URL | undefined {
  if (typeof value !== "string") return undefined;
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}

/** Problems with an agent's grants against the registry, except on arguments its own checks already report. */
function checkAgentGrants(
  key: string,
  declaration: AgentDeclaration,
  registry: ToolRegistry,
  own: ValidationProblem[],
): ValidationProblem[] {
  const reported = new Set(own.map((p) => p.argument));
  return checkToolGrants(`agents.${key}.tools`, declaration.tools, registry).filter((p) => !reported.has(p.argument));
}

/** An agent's `tokenAudience`, which the fleet sets when it has a gateway. */
function checkTokenAudience(key: string, declaration: AgentDeclaration, gateway: GatewayEndpoint | undefined): ValidationProblem[] {
  if (gateway === undefined || declaration.tokenAudience === undefined) return [];
  return [
    {
      argument: `agents.${key}.tokenAudience`,
      value: declaration.tokenAudience,
      problem: `is set by the fleet: every agent's token carries the gateway's audience ("${gateway.audience}")`,
      fix: "remove tokenAudience; set gateway.audience for the whole fleet",
    },
  ];
}

/**
 * Agents that claim sandboxes reach the API server. A fabric that cannot admit it by identity leaves it to the
 * agents' NetworkPolicies, by address: without `platform.apiServer` those would open the default private ranges
 * (every host in 10/8, 172.16/12 and 192.168/16 on 443 and 6443), so the platform must state where it is.
 */
function checkApiServerStated(platform: AgentCloudPlatform, agents: Record<string, AgentDeclaration>): ValidationProblem[] {
  if (platform.apiServer !== undefined || !isRecord(platform.network)) return [];
  // An unknown fabric is reported as such.
  if (!(NETWORK_FABRIC_KINDS as readonly unknown[]).includes(platform.network.kind)) return [];
  if ((platform.network.enforcement as { apiServerByIdentity?: unknown } | undefined)?.apiServerByIdentity === true) return [];
  const claimers = Object.entries(agents)
    .filter(
      ([, a]) => isRecord(a) && Array.isArray(a.delegatesTo) && a.delegatesTo.some((r: unknown) => isRecord(r) && r.sandboxPool === true),
    )
    .map(([key]) => key);
  if (claimers.length === 0) return [];
  return [
    {
      argument: "platform.apiServer",
      value: undefined,
      problem:
        `is needed: ${claimers.join(", ")} claim${claimers.length === 1 ? "s" : ""} sandboxes, and the ${String(platform.network.kind)} ` +
        "fabric cannot admit the API server by identity, so the default private ranges would open every host in them on 443 and 6443",
      fix: `state the control-plane endpoints (kubectl get endpointslices -n default -l kubernetes.io/service-name=kubernetes), e.g. { cidrs: ["172.18.0.2/32"], ports: [6443] }`,
    },
  ];
}

/** `installKata` needs a Kata RuntimeClass the fleet renders: an agent under Kata that the platform does not provide. */
function checkKataInstall(platform: AgentCloudPlatform, agents: Record<string, AgentDeclaration>): ValidationProblem[] {
  if (platform.installKata !== true) return [];
  const provided: unknown[] = Array.isArray(platform.runtimeClasses) ? platform.runtimeClasses : [];
  const rendered = fleetRuntimes({ platform, agents }).filter((r) => !provided.includes(r));
  if (rendered.some((r) => (KATA_RUNTIMES as readonly string[]).includes(r))) return [];
  return [
    {
      argument: "platform.installKata",
      value: true,
      problem: "installs Kata, but no agent runs under a Kata runtime the platform does not already provide",
      fix: `set installKata to false, or run an agent under ${KATA_RUNTIMES.map((r) => `"${r}"`).join(", ")}`,
    },
  ];
}

/** Problems with `unavailableRuntimes`: known runtimes only, each with a reason. */
function checkUnavailableRuntimes(value: unknown): ValidationProblem[] {
  if (value === undefined) return [];
  if (!isRecord(value)) {
    return [
      {
        argument: "platform.unavailableRuntimes",
        value,
        problem: "must be an object of runtime names and reasons",
        fix: `use e.g. { "kata-qemu": "GKE Sandbox offers gVisor only" }`,
      },
    ];
  }
  return Object.entries(value).flatMap(([runtime, reason]) => [
    ...checkOneOf(`platform.unavailableRuntimes.${runtime}`, runtime, SANDBOX_RUNTIMES).map((p) => ({ ...p, value: runtime })),
    ...(typeof reason === "string" && reason.trim() !== ""
      ? []
      : [
          {
            argument: `platform.unavailableRuntimes.${runtime}`,
            value: reason,
            problem: "must be a non-empty reason",
            fix: "say why the platform cannot offer the runtime",
          },
        ]),
  ]);
}

/** Agents asking for a runtime the platform cannot offer, each named with the platform's reason. */
function checkRuntimesOffered(platform: AgentCloudPlatform, agents: Record<string, AgentDeclaration>): ValidationProblem[] {
  const unavailable = isRecord(platform.unavailableRuntimes) ? (platform.unavailableRuntimes as Record<string, unknown>) : {};
  const offered = SANDBOX_RUNTIMES.filter((r) => !(r in unavailable));
  return Object.entries(agents).flatMap(([key, agent]) => {
    const runtime = isRecord(agent) ? (agent.sandbox ?? "gvisor") : undefined;
    const reason = typeof runtime === "string" ? unavailable[runtime] : undefined;
    if (typeof reason !== "string") return [];
    return [
      {
        argument: `agents.${key}.sandbox`,
        value: runtime,
        problem: `is not offered on platform ${platform.name ?? "local"}: ${reason}`,
        fix: `use one of ${offered.map((r) => `"${r}"`).join(", ")}`,
      },
    ];
  });
}

/** Every problem with the tenants: namespace names, labels, quotas, none of them a system namespace. */
export function validateTenants(tenants: unknown): ValidationProblem[] {
  if (!isRecord(tenants)) {
    return [
      {
        argument: "tenants",
        value: tenants,
        problem: "must be an object keyed by namespace",
        fix: `use { agents: { owner, costCentre } }`,
      },
    ];
  }
  return Object.entries(tenants).flatMap(([namespace, tenant]) => {
    const at = `tenants.${namespace}`;
    if (!isRecord(tenant))
      return [{ argument: at, value: tenant, problem: "must be an object", fix: `use { owner: "platform-team", costCentre: "cc-1234" }` }];
    if ((RESERVED_NAMESPACES as readonly string[]).includes(namespace)) {
      return [
        {
          argument: at,
          value: namespace,
          problem: "is a system namespace, not a tenant",
          fix: `name the tenant after its team, e.g. "agents" (not ${RESERVED_NAMESPACES.map((n) => `"${n}"`).join(", ")})`,
        },
      ];
    }
    const problems = validateAgentNamespaceSpec({ ...(tenant as object), namespace } as never);
    // The key is the namespace name: report it as the tenant itself.
    return problems.map((p) => (p.argument === "namespace" ? { ...p, argument: at } : { ...p, argument: `${at}.${p.argument}` }));
  });
}

/** The fix for a reference to `id`, which is no fleet agent: the closest agent's id when one is close, else the list. */
function closestFix(id: string, ids: readonly string[]): string {
  const best = closestName(id, ids);
  if (best !== undefined) return `name "${best}" (the closest agent of the fleet), or declare "${id}" in agents`;
  return ids.length === 0
    ? "declare the agent in agents"
    : `name one of ${ids.map((i) => `"${i}"`).join(", ")}, or declare the agent in agents`;
}

/** Well-formed references of a list (records with a string `agent`), with their index; malformed ones are reported per agent. */
function references(value: unknown): { i: number; agent: string; namespace?: unknown }[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((ref: unknown, i) =>
    isRecord(ref) && typeof ref.agent === "string" ? [{ i, agent: ref.agent, namespace: ref.namespace }] : [],
  );
}

/** A declaration's references as `referenceId` takes them. */
function refId(ref: { agent: string; namespace?: unknown }, from: AgentDeclaration): string {
  return referenceId({ agent: ref.agent, namespace: typeof ref.namespace === "string" ? ref.namespace : undefined }, from);
}

/** The declarations with malformed reference lists emptied, so the cross-agent checks can run beside the per-agent ones. */
function wellFormed(agents: Record<string, AgentDeclaration>): Record<string, AgentArgs> {
  const clean = (value: unknown): AgentReference[] =>
    Array.isArray(value) && references(value).length === value.length ? (value as AgentReference[]) : [];
  return Object.fromEntries(
    Object.entries(agents).map(([key, a]) => [key, { ...a, delegatesTo: clean(a.delegatesTo), acceptsFrom: clean(a.acceptsFrom) }]),
  );
}

/** Cross-agent problems: unique identities, tenants, delegation targets, both sides of each edge, sandbox-pool edges. */
export function validateFleetEdges(
  agents: Record<string, AgentDeclaration>,
  tenants: readonly string[],
  offered: readonly string[] = tenants,
): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  const entries = Object.entries(agents).filter(([, a]) => isRecord(a) && typeof a.namespace === "string");
  const owner = new Map<string, string>();
  for (const [key, a] of entries) {
    const id = agentId(key, a);
    const first = owner.get(id);
    if (first === undefined) owner.set(id, key);
    else
      problems.push({
        argument: a.agentName === undefined ? `agents.${key}` : `agents.${key}.agentName`,
        value: agentNameOf(key, a),
        problem: `gives agent "${id}", the same as agents.${first}`,
        fix: "give each agent a distinct name (agentName) within its namespace",
      });
    if (!tenants.includes(a.namespace) && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(a.namespace)) {
      problems.push({
        argument: `agents.${key}.namespace`,
        value: a.namespace,
        problem: "is not a declared tenant",
        fix:
          offered.length === 0
            ? `declare it in tenants: { "${a.namespace}": { owner, costCentre } }`
            : `use one of ${offered.map((t) => `"${t}"`).join(", ")}, or declare it in tenants`,
      });
    }
  }
  const ids = [...owner.keys()].sort();
  const byId = new Map(entries.map(([key, a]) => [agentId(key, a), { key, a }]));
  for (const [key, a] of entries) {
    for (const ref of references(a.delegatesTo)) {
      const id = refId(ref, a);
      if (!byId.has(id)) {
        problems.push({
          argument: `agents.${key}.delegatesTo[${ref.i}].agent`,
          value: ref.agent,
          problem: `names "${id}", which is not an agent of the fleet`,
          fix: closestFix(id, ids),
        });
      }
    }
    const self = agentId(key, a);
    for (const ref of references(a.acceptsFrom)) {
      const caller = byId.get(refId(ref, a));
      if (!caller) continue;
      const agrees = references(caller.a.delegatesTo).some((r) => refId(r, caller.a) === self);
      if (!agrees) {
        const name = agentNameOf(key, a);
        const target = caller.a.namespace === a.namespace ? `{ agent: "${name}" }` : `{ agent: "${name}", namespace: "${a.namespace}" }`;
        problems.push({
          argument: `agents.${key}.acceptsFrom[${ref.i}]`,
          value: agents[key].acceptsFrom?.[ref.i],
          problem: `names "${refId(ref, a)}", a fleet agent that does not delegate to "${self}": the two sides disagree`,
          fix: `add ${target} to agents.${caller.key}.delegatesTo, or remove this entry (callers in the fleet are derived from their delegatesTo)`,
        });
      }
    }
  }
  problems.push(...checkDelegationEdges(deriveAcceptsFrom(wellFormed(Object.fromEntries(entries)))));
  return problems;
}

/**
 * Problems with `observability`: `false`, or its options checked as `Observability` checks them (everything but
 * `scrape`, which the fleet derives); its namespace may not be a tenant's.
 */
export function validateObservabilityOptions(observability: unknown, tenants: readonly string[]): ValidationProblem[] {
  if (observability === false || observability === undefined) return [];
  const problems = checkObservabilityOptions("observability", observability);
  if (isRecord(observability) && typeof observability.namespace === "string" && tenants.includes(observability.namespace)) {
    problems.push({
      argument: "observability.namespace",
      value: observability.namespace,
      problem: `is the tenant tenants.${observability.namespace}; the monitoring stack runs in a namespace of its own (node-exporter needs host access no tenant may have)`,
      fix: `leave it out for "${DEFAULT_MONITORING_NAMESPACE}", or name a namespace that is no tenant`,
    });
  }
  return problems;
}

/**
 * Problems with the fleet's `audit` options, checked as `AuditPipeline` will check them with the tenants and the
 * gateway's namespace derived, so it cannot throw after the fleet's other objects are registered.
 */
export function validateAuditOptions(audit: unknown, tenants: readonly string[], gatewayNamespace: string): ValidationProblem[] {
  if (audit === undefined) return [];
  if (!isRecord(audit))
    return [{ argument: "audit", value: audit, problem: "must be an object", fix: `pass { sink: { kind: "s3", bucket, region } }` }];
  return nestProblems("audit", validateAuditPipelineArgs({ ...audit, tenants: [...tenants], gatewayNamespace }));
}

/**
 * Every problem with an `AgentCloud` declaration, each naming the argument, the value and the fix: the platform, the
 * tenants, each agent (its `AgentArgs` checks, prefixed `agents.<name>.`, with the platform injected), the fleet's
 * edges, the gateway's options and the monitoring's (`observability`). Pure; `AgentCloud` calls it before registering
 * anything.
 */
export function validateAgentCloudArgs(spec: AgentCloudSpec): ValidationProblem[] {
  if (!isRecord(spec)) return [{ argument: "args", value: spec, problem: "must be an object", fix: "pass { platform, tenants, agents }" }];
  const platformProblems = validatePlatform(spec.platform);
  const problems = [...platformProblems, ...validateTenants(spec.tenants)];
  const { agents } = spec;
  if (!isRecord(agents)) {
    return [
      ...problems,
      {
        argument: "agents",
        value: agents,
        problem: "must be an object keyed by agent name",
        fix: `use { "my-agent": { namespace, image } }`,
      },
    ];
  }
  const given = (isRecord(spec.platform) ? spec.platform : {}) as AgentCloudPlatform;
  // A binding without bind is reported above; the agents are checked without it.
  const platform = typeof given.identity?.bind === "function" ? given : { ...given, identity: undefined };
  // Platform parts reported once above, not again per agent; the gateway's options as the fleet's.
  const platformLevel = /^platform\.(gpu|apiServer|identityEndpoints|gateway|monitoring)\b/;
  const injected: Record<string, AgentArgs> = {};
  const registry = Array.isArray(spec.tools) ? spec.tools : [];
  if (spec.tools !== undefined) problems.push(...checkToolRegistry("tools", spec.tools));
  const gateway = gatewayOf(spec, agents);
  const monitoring = fleetMonitoringEndpoint(spec);
  for (const [key, declaration] of Object.entries(agents)) {
    if (!isRecord(declaration)) {
      problems.push({ argument: `agents.${key}`, value: declaration, problem: "must be an object", fix: "pass { namespace, image, ... }" });
      continue;
    }
    if ((declaration as { platform?: unknown }).platform !== undefined) {
      problems.push({
        argument: `agents.${key}.platform`,
        value: (declaration as { platform?: unknown }).platform,
        problem: "is injected from the fleet's platform",
        fix: "remove it; set GPU nodes, identity and the API server on platform",
      });
    }
    let args: AgentArgs;
    try {
      args = agentArgsOf(platform, key, declaration, gateway, monitoring);
    } catch (e) {
      problems.push({
        argument: "platform.identity.bind",
        value: key,
        problem: `failed to bind agent "${key}": ${e instanceof Error ? e.message : showValue(e)}`,
        fix: "fix the identity binding's bind function",
      });
      args = { ...declaration, agentName: agentNameOf(key, declaration) };
    }
    injected[key] = args;
    // agentName is made explicit for the component; report the name as declared.
    const own = declaration.agentName === undefined ? { ...args, agentName: undefined } : args;
    const agentProblems = nestProblems(
      `agents.${key}`,
      validateAgentArgs(key, own).filter((p) => !platformLevel.test(p.argument)),
    );
    problems.push(
      ...agentProblems,
      ...checkAgentGrants(key, declaration, registry, agentProblems),
      ...checkTokenAudience(key, declaration, gateway),
    );
  }
  problems.push(...checkKataInstall(given, agents), ...checkApiServerStated(given, agents), ...checkRuntimesOffered(given, agents));
  const tenants = isRecord(spec.tenants) ? Object.keys(spec.tenants) : [];
  // Offered in fixes only when they are tenants that can be.
  const usable = tenants.filter((t) => validateTenants({ [t]: (spec.tenants as Record<string, unknown>)[t] }).length === 0);
  problems.push(...validateFleetEdges(agents, tenants, usable));
  problems.push(...validateGatewayOptions(spec.gateway, spec.platform, tenants));
  if (gateway !== undefined) problems.push(...checkGatewayRemoteHosts(spec));
  problems.push(...validateObservabilityOptions(spec.observability, tenants));
  problems.push(...validateAuditOptions(spec.audit, tenants, gateway?.namespace ?? DEFAULT_GATEWAY_NAMESPACE));
  return problems.length > 0 ? problems : [...checkDerivedSizes(injected, agents), ...checkDerivedGateway(spec)];
}

/**
 * The gateway's arguments as derived, checked as `McpGateway` will check them, so it cannot throw after the fleet's
 * other objects are registered. Every part comes from arguments checked above; a problem here is reported on `gateway`.
 */
function checkDerivedGateway(spec: AgentCloudSpec): ValidationProblem[] {
  const args = fleetGatewayArgs(spec);
  if (args === undefined) return [];
  return validateMcpGatewayArgs(args).map((p) => ({
    argument: "gateway",
    value: p.value,
    problem: `derives McpGateway arguments that are invalid: ${p.argument} ${p.problem}`,
    fix: p.fix,
  }));
}

/** The fleet's gateway endpoint, derived from the well-formed agents (malformed ones are reported per agent). */
function gatewayOf(spec: AgentCloudSpec, agents: Record<string, unknown>): GatewayEndpoint | undefined {
  const records = Object.fromEntries(Object.entries(agents).filter(([, a]) => isRecord(a))) as Record<string, AgentDeclaration>;
  const gateway = isRecord(spec.gateway) ? spec.gateway : undefined;
  return fleetGatewayEndpoint({ ...spec, gateway, agents: wellFormed(records) });
}

/**
 * Derived callers make a callee's objects bigger (its NetworkPolicy, a pool's claim RBAC and admission policy): the
 * API server limits are checked again on what will be built, for each agent that has callers in the fleet.
 */
function checkDerivedSizes(injected: Record<string, AgentArgs>, declared: Record<string, AgentDeclaration>): ValidationProblem[] {
  return Object.entries(deriveAcceptsFrom(injected)).flatMap(([key, args]) => {
    const callers = (args.acceptsFrom ?? []).length;
    if (callers === (declared[key].acceptsFrom ?? []).length) return [];
    // Reported on the agent: the size comes from its callers' delegatesTo, not from an argument of its own.
    return checkRenderedSizes(key, args).map((p) => ({
      argument: `agents.${key}`,
      value: `${callers} callers`,
      problem: `has ${callers} callers (derived from their delegatesTo), which ${p.problem.replace(/^makes/, "make")}`,
      fix: "split the work over several agents, so fewer agents delegate to each",
    }));
  });
}
