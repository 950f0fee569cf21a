import { checkDnsLabel, checkImage } from "../../validation/names";
import type { ValidationProblem } from "../../validation/problems";
import { checkNotAbove, checkPositiveQuantity } from "../../validation/quantities";
import { checkBoolean, checkInteger } from "../../validation/values";
import { validateApiServerEndpoint, validateClusterDns } from "../network/cluster-endpoints";
import { resolveControllerSpec } from "./resolve";
import { DEFAULT_CONTROLLER_RESOURCES, type AgentSandboxControllerSpec } from "./spec";

/** Every problem with an AgentSandboxController spec. */
export function validateAgentSandboxControllerSpec(spec: AgentSandboxControllerSpec = {}): ValidationProblem[] {
  const r = resolveControllerSpec(spec);
  const problems = [
    ...checkDnsLabel("namespace", r.namespace),
    ...checkImage("image", r.image),
    ...checkInteger("replicas", r.replicas, 1, 10),
    ...validateClusterDns("dns", spec.dns),
    ...validateApiServerEndpoint("apiServer", spec.apiServer),
  ];
  problems.push(...checkBoolean("installCrds", r.installCrds));
  for (const resource of ["cpu", "memory"] as const) {
    const request = { argument: `resources.requests.${resource}`, value: r.resources.requests[resource] };
    const limit = { argument: `resources.limits.${resource}`, value: r.resources.limits[resource] };
    problems.push(
      ...checkPositiveQuantity(request.argument, request.value, DEFAULT_CONTROLLER_RESOURCES.requests[resource]),
      ...checkPositiveQuantity(limit.argument, limit.value, DEFAULT_CONTROLLER_RESOURCES.limits[resource]),
      ...checkNotAbove(request, limit),
    );
  }
  return problems;
}
