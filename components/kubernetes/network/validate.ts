import { checkDnsLabel } from "../../validation/names";
import { nestProblems, type ValidationProblem } from "../../validation/problems";
import { isRecord } from "../../validation/values";
import { resolveClusterDns, validateClusterDns, validateIdentityEndpoints } from "./cluster-endpoints";
import { NETWORK_FABRIC_KINDS, type NetworkFabricKind } from "./fabric";

const FABRIC_FIX = "use ciliumFabric(), existingCiliumFabric({...}) or networkPolicyOnlyFabric({...})";
const CILIUM_KINDS: readonly NetworkFabricKind[] = ["cilium", "cilium-existing"];

function checkFabric(fabric: unknown): ValidationProblem[] {
  if (
    !isRecord(fabric) ||
    !(NETWORK_FABRIC_KINDS as readonly unknown[]).includes(fabric.kind) ||
    typeof fabric.clusterObjects !== "function" ||
    typeof fabric.agentObjects !== "function" ||
    !isRecord(fabric.enforcement)
  ) {
    const shown = isRecord(fabric) ? { kind: fabric.kind } : fabric;
    return [{ argument: "fabric", value: shown, problem: "must be a network fabric", fix: FABRIC_FIX }];
  }
  return Array.isArray(fabric.problems) ? nestProblems("fabric", fabric.problems as ValidationProblem[]) : [];
}

function checkTenants(tenants: unknown): ValidationProblem[] {
  if (!Array.isArray(tenants)) {
    return [{ argument: "tenants", value: tenants, problem: "must be a list of namespace names", fix: `use e.g. ["team-a"]` }];
  }
  return tenants.flatMap((t: unknown, i) => [
    ...checkDnsLabel(`tenants[${i}]`, t),
    ...(tenants.indexOf(t) < i ? [{ argument: `tenants[${i}]`, value: t, problem: "is listed twice", fix: "list each tenant once" }] : []),
  ]);
}

function checkAgents(agents: unknown, tenants: unknown): ValidationProblem[] {
  if (!Array.isArray(agents)) {
    return [
      { argument: "agents", value: agents, problem: "must be a list of resolved agents", fix: "pass resolveAgent(...) of each agent" },
    ];
  }
  const known = Array.isArray(tenants) ? tenants : [];
  const seen = new Set<string>();
  return agents.flatMap((a: unknown, i): ValidationProblem[] => {
    if (!isRecord(a) || typeof a.name !== "string" || typeof a.namespace !== "string") {
      return [{ argument: `agents[${i}]`, value: a, problem: "must be a resolved agent", fix: "pass resolveAgent(...) of the agent" }];
    }
    const problems: ValidationProblem[] = [];
    if (!known.includes(a.namespace)) {
      problems.push({
        argument: `agents[${i}].namespace`,
        value: a.namespace,
        problem: `is not a tenant namespace (agent "${a.name}")`,
        fix: `add "${a.namespace}" to tenants, or move the agent into one of ${JSON.stringify(known)}`,
      });
    }
    const key = `${a.namespace}/${a.name}`;
    if (seen.has(key)) {
      problems.push({ argument: `agents[${i}]`, value: key, problem: "is declared twice", fix: "declare each agent once" });
    }
    seen.add(key);
    return problems;
  });
}

/** Cilium namespaced policies ignore namespace labels, so DNS pods must name their namespace. */
function checkCiliumDns(dns: unknown): ValidationProblem[] {
  if (validateClusterDns("dns", dns).length > 0) return [];
  return resolveClusterDns(dns as never).pods.flatMap((p, i) => {
    const keys = Object.keys(p.namespaceSelector);
    if (keys.length === 1 && keys[0] === "kubernetes.io/metadata.name") return [];
    return [
      {
        argument: `dns.pods[${i}].namespaceSelector`,
        value: p.namespaceSelector,
        problem: "must select the namespace by name only: Cilium ignores namespace labels in a namespaced policy",
        fix: `use {"kubernetes.io/metadata.name": "<namespace>"}`,
      },
    ];
  });
}

/**
 * Every problem with an `AgentNetwork` spec: the fabric (and its own options' problems), tenants as DNS labels, every
 * agent in a tenant namespace and declared once, the DNS allowance (by namespace name on Cilium fabrics) and identity
 * endpoints as single addresses with a port.
 */
export function validateAgentNetworkSpec(spec: unknown): ValidationProblem[] {
  if (!isRecord(spec)) {
    return [{ argument: "spec", value: spec, problem: "must be an object", fix: "pass { fabric, agents, tenants }" }];
  }
  const fabric = checkFabric(spec.fabric);
  const onCilium = isRecord(spec.fabric) && (CILIUM_KINDS as readonly unknown[]).includes(spec.fabric.kind);
  return [
    ...fabric,
    ...checkTenants(spec.tenants),
    ...checkAgents(spec.agents, spec.tenants),
    ...validateClusterDns("dns", spec.dns),
    ...(onCilium ? checkCiliumDns(spec.dns) : []),
    ...validateIdentityEndpoints("identityEndpoints", spec.identityEndpoints),
  ];
}
