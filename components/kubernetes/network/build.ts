import type { BuiltObject } from "../objects";
import { agentIdentityObjects } from "./agent-identity";
import { resolveAgentNetwork } from "./resolve";
import type { AgentNetworkSpec } from "./spec";

/**
 * Every object of the fleet's network on its fabric: the cluster-wide objects (the fabric's, e.g. the tenants' default
 * deny, then the admission policy that ties the agent label to the agent's ServiceAccount, on every fabric), then
 * each agent's (its fabric policy). The Helm release that installs the fabric is `spec.fabric.release`, not an
 * object here. Assumes a valid spec.
 */
export function buildAgentNetwork(spec: AgentNetworkSpec): BuiltObject[] {
  const { cluster, agents } = buildAgentNetworkParts(spec);
  return [...cluster, ...agents.flatMap((a) => a.objects)];
}

/** One agent's objects in the fleet's network. */
export interface AgentNetworkObjects {
  /** The agent's namespace. */
  namespace: string;
  /** The agent's name. */
  name: string;
  /** Its fabric objects (e.g. its CiliumNetworkPolicy); none on a `networkpolicy-only` fabric. */
  objects: BuiltObject[];
}

/** The fleet's network objects, cluster-wide and per agent. */
export interface AgentNetworkParts {
  /** Cluster-wide objects (the tenants' default deny, the agent identity admission check). */
  cluster: BuiltObject[];
  /** Each agent's own objects, in the fleet's order. */
  agents: AgentNetworkObjects[];
}

/**
 * {@link buildAgentNetwork} kept apart per agent, so each agent's objects can wait for its own namespace and each
 * agent's pods for its own rules. Assumes a valid spec.
 */
export function buildAgentNetworkParts(spec: AgentNetworkSpec): AgentNetworkParts {
  const { fabric, agents, context } = resolveAgentNetwork(spec);
  return {
    cluster: [...fabric.clusterObjects(context), ...agentIdentityObjects()],
    agents: agents.map((agent) => ({ namespace: agent.namespace, name: agent.name, objects: fabric.agentObjects(agent, context) })),
  };
}

/**
 * Names of the policies in a built list: `namespace/name` for namespaced ones, `name` for cluster-wide ones; each once
 * (an admission policy and its binding share a name).
 */
export function networkPolicyNames(objects: readonly BuiltObject[]): string[] {
  return [
    ...new Set(
      objects.map(({ object: { metadata } }) =>
        metadata?.namespace ? `${metadata.namespace}/${metadata.name ?? ""}` : (metadata?.name ?? ""),
      ),
    ),
  ];
}
