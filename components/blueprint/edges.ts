import type { AgentArgs, AgentReference } from "../kubernetes/agent/spec";

/** `namespace/name` of a fleet agent declared under `key`. */
export function agentId(key: string, agent: Pick<AgentArgs, "namespace" | "agentName">): string {
  return `${agent.namespace}/${agent.agentName ?? key}`;
}

/** `namespace/name` of the agent a reference from `from` names. */
export function referenceId(ref: AgentReference, from: Pick<AgentArgs, "namespace">): string {
  return `${ref.namespace ?? from.namespace}/${ref.agent}`;
}

/**
 * The fleet with every agent's `acceptsFrom` derived from its callers' `delegatesTo` (one source of truth per edge),
 * followed by the declared callers from outside the fleet. Declared entries that name a fleet agent are dropped:
 * the validation has already checked that they agree with the caller's side. Pure; keys and order are kept.
 */
export function deriveAcceptsFrom(agents: Readonly<Record<string, AgentArgs>>): Record<string, AgentArgs> {
  const ids = new Map(Object.entries(agents).map(([key, a]) => [agentId(key, a), key]));
  const callers = new Map<string, AgentReference[]>();
  for (const [key, caller] of Object.entries(agents)) {
    for (const ref of caller.delegatesTo ?? []) {
      const target = ids.get(referenceId(ref, caller));
      if (target === undefined) continue;
      const list = callers.get(target) ?? [];
      const self = { agent: caller.agentName ?? key, namespace: caller.namespace };
      if (!list.some((r) => r.agent === self.agent && r.namespace === self.namespace)) list.push(self);
      callers.set(target, list);
    }
  }
  return Object.fromEntries(
    Object.entries(agents).map(([key, agent]) => {
      const outside = (agent.acceptsFrom ?? []).filter((ref) => !ids.has(referenceId(ref, agent)));
      const acceptsFrom = [...(callers.get(key) ?? []), ...outside];
      return [key, { ...agent, acceptsFrom }];
    }),
  );
}
