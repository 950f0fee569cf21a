import type { BuiltObject } from "../objects";
import { resolveAgentNetwork } from "./resolve";
import type { AgentNetworkSpec } from "./spec";

/**
 * Every object of the fleet's network on its fabric: the fabric's cluster-wide objects (the tenants' default deny),
 * then each agent's (its fabric policy). The Helm release that installs the fabric is `spec.fabric.release`, not an
 * object here. Assumes a valid spec.
 */
export function buildAgentNetwork(spec: AgentNetworkSpec): BuiltObject[] {
  const { fabric, agents, context } = resolveAgentNetwork(spec);
  return [...fabric.clusterObjects(context), ...agents.flatMap((agent) => fabric.agentObjects(agent, context))];
}

/** Names of the policies in a built list: `namespace/name` for namespaced ones, `name` for cluster-wide ones. */
export function networkPolicyNames(objects: readonly BuiltObject[]): string[] {
  return objects.map(({ object: { metadata } }) =>
    metadata?.namespace ? `${metadata.namespace}/${metadata.name ?? ""}` : (metadata?.name ?? ""),
  );
}
