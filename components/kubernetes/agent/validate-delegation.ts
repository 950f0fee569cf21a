import type { ValidationProblem } from "../../validation/problems";
import { validateApiServerEndpoint } from "../network/cluster-endpoints";
import { KUBE_API_ACCESS_DIR } from "./delegation";
import type { AgentArgs } from "./spec";

/** Problems with the delegation arguments: `sandboxPool` flags and `platform.apiServer`. */
export function checkDelegation(args: AgentArgs): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  for (const argument of ["acceptsFrom", "delegatesTo"] as const) {
    const refs: unknown = args[argument];
    if (!Array.isArray(refs)) continue;
    refs.forEach((ref: unknown, i) => {
      const flag = typeof ref === "object" && ref !== null ? (ref as { sandboxPool?: unknown }).sandboxPool : undefined;
      if (flag !== undefined && typeof flag !== "boolean") {
        problems.push({
          argument: `${argument}[${i}].sandboxPool`,
          value: flag,
          problem: "must be true or false",
          fix: "set sandboxPool: true when the agent is a sandbox-pool, or leave it out",
        });
      } else if (argument === "acceptsFrom" && flag !== undefined) {
        problems.push({
          argument: `${argument}[${i}].sandboxPool`,
          value: flag,
          problem: "applies only to delegatesTo (the agent being called)",
          fix: "remove it here; set it on the caller's delegatesTo entry",
        });
      }
    });
  }
  const claims =
    Array.isArray(args.delegatesTo) && args.delegatesTo.some((r: unknown) => (r as { sandboxPool?: unknown } | null)?.sandboxPool === true);
  const mountPath: unknown = (args.storage as { mountPath?: unknown } | undefined)?.mountPath;
  if (claims && typeof mountPath === "string") {
    const path = mountPath.replace(/\/+$/, "");
    if (path === KUBE_API_ACCESS_DIR || KUBE_API_ACCESS_DIR.startsWith(`${path}/`) || path.startsWith(`${KUBE_API_ACCESS_DIR}/`)) {
      problems.push({
        argument: "storage.mountPath",
        value: mountPath,
        problem: `overlaps ${KUBE_API_ACCESS_DIR}, where the API token of an agent that claims sandboxes is mounted`,
        fix: `mount storage elsewhere, e.g. "/data"`,
      });
    }
  }
  const platform: unknown = args.platform;
  if (typeof platform === "object" && platform !== null) {
    problems.push(...validateApiServerEndpoint("platform.apiServer", (platform as { apiServer?: unknown }).apiServer));
  }
  return problems;
}

/**
 * Cross-agent check of delegation edges, for a fleet declared in one place: a caller marks a `sandbox-pool` target
 * `sandboxPool: true` (and only such a target), and the pool accepts the caller. Agents are keyed by component name;
 * references to agents outside `agents` are not checked.
 */
export function checkDelegationEdges(agents: Readonly<Record<string, AgentArgs>>): ValidationProblem[] {
  const byRef = new Map(Object.entries(agents).map(([name, a]) => [`${a.namespace}/${a.agentName ?? name}`, a]));
  return Object.entries(agents).flatMap(([name, caller]) =>
    (caller.delegatesTo ?? []).flatMap((ref, i) => {
      const self = caller.agentName ?? name;
      const target = byRef.get(`${ref.namespace ?? caller.namespace}/${ref.agent}`);
      if (!target) return [];
      const argument = `agents.${name}.delegatesTo[${i}]`;
      const isPool = target.workload === "sandbox-pool";
      if (isPool && ref.sandboxPool !== true) {
        return [
          {
            argument,
            value: ref,
            problem: `names "${ref.agent}", a sandbox-pool, without sandboxPool: true, so the caller could never claim a sandbox`,
            fix: `use { agent: "${ref.agent}", sandboxPool: true }`,
          },
        ];
      }
      if (!isPool && ref.sandboxPool === true) {
        return [
          {
            argument,
            value: ref,
            problem: `sets sandboxPool: true but "${ref.agent}" is a ${target.workload ?? "deployment"}`,
            fix: "remove sandboxPool",
          },
        ];
      }
      const accepted = (target.acceptsFrom ?? []).some((a) => a.agent === self && (a.namespace ?? target.namespace) === caller.namespace);
      if (isPool && !accepted) {
        return [
          {
            argument,
            value: ref,
            problem: `claims from "${ref.agent}", which does not accept "${self}"`,
            fix: `add { agent: "${self}"${caller.namespace === target.namespace ? "" : `, namespace: "${caller.namespace}"`} } to ${ref.agent}'s acceptsFrom`,
          },
        ];
      }
      return [];
    }),
  );
}
