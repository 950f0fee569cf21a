import type { ValidationProblem } from "../../validation/problems";
import { checkBoolean, checkInteger, checkNonEmptyString, checkOneOf, checkStringList, isRecord } from "../../validation/values";
import {
  GKE_MAX_POOL_NODES,
  GKE_NODE_IMAGE,
  GKE_TIME_SHARING_CLIENTS,
  type GkeGpuNodePoolArgs,
  type GkeNodePoolBaseArgs,
  type GkeSandboxNodePoolArgs,
} from "./spec";
import { resolveGkeGpuNodePool, resolveGkeSandboxNodePool, type ResolvedGkeNodePool } from "./resolve";

/** Problems with a GKE node pool name: GKE's rule, at most 40 characters. */
export function checkGkeNodePoolName(argument: string, value: unknown): ValidationProblem[] {
  if (typeof value !== "string" || value.length > 40 || !/^[a-z]([-a-z0-9]*[a-z0-9])?$/.test(value)) {
    return [
      {
        argument,
        value,
        problem:
          "must be a GKE node pool name: a lower-case letter first, then lower-case letters, digits or '-', ending with a letter or digit, at most 40 characters",
        fix: `use a name like "gpu-l4"`,
      },
    ];
  }
  return [];
}

/** Problems with a plain node service account: the Compute Engine default account is refused (CIS GKE 5.2.1). */
function checkServiceAccount(value: unknown): ValidationProblem[] {
  if (typeof value !== "string") return []; // an Output (G1's service account): known only at deployment
  if (value === "" || value === "default" || value.endsWith("-compute@developer.gserviceaccount.com")) {
    return [
      {
        argument: "serviceAccount",
        value,
        problem: "must be a dedicated least-privilege service account, not the Compute Engine default service account",
        fix: "pass the cluster's node service account e-mail (GkeAgentCluster's node service account)",
      },
    ];
  }
  return [];
}

function checkBounds(resolved: ResolvedGkeNodePool, autoscaling: unknown): ValidationProblem[] {
  if (autoscaling !== undefined && !isRecord(autoscaling)) {
    return [
      {
        argument: "autoscaling",
        value: autoscaling,
        problem: "must be an object with minNodes and maxNodes",
        fix: "use e.g. { minNodes: 0, maxNodes: 2 }",
      },
    ];
  }
  const problems = [
    ...checkInteger("autoscaling.minNodes", resolved.minNodes, 0, GKE_MAX_POOL_NODES),
    ...checkInteger("autoscaling.maxNodes", resolved.maxNodes, 1, GKE_MAX_POOL_NODES),
  ];
  if (problems.length === 0 && resolved.minNodes > resolved.maxNodes) {
    problems.push({
      argument: "autoscaling",
      value: { minNodes: resolved.minNodes, maxNodes: resolved.maxNodes },
      problem: "has minNodes above maxNodes",
      fix: "set minNodes at or below maxNodes",
    });
  }
  return problems;
}

function validateBase(args: GkeNodePoolBaseArgs, resolved: ResolvedGkeNodePool): ValidationProblem[] {
  return [
    ...(typeof args.cluster === "string" ? checkNonEmptyString("cluster", args.cluster, "agentcloud") : []),
    ...(typeof args.location === "string" ? checkNonEmptyString("location", args.location, "europe-west4") : []),
    ...(args.serviceAccount === undefined
      ? [{ argument: "serviceAccount", value: undefined, problem: "is required", fix: "pass the cluster's node service account e-mail" }]
      : checkServiceAccount(args.serviceAccount)),
    ...checkGkeNodePoolName("pool", resolved.pool),
    ...checkNonEmptyString("machineType", resolved.machineType, "e2-standard-4"),
    ...checkBounds(resolved, args.autoscaling),
    ...(args.nodeLocations === undefined ? [] : checkStringList("nodeLocations", args.nodeLocations, "europe-west4-a")),
    ...checkInteger("diskSizeGb", resolved.diskSizeGb, 10, 65536),
    ...checkBoolean("spot", resolved.spot),
  ];
}

/** Every problem with a GKE GPU node pool's arguments. */
export function validateGkeGpuNodePoolArgs(name: string, args: GkeGpuNodePoolArgs): ValidationProblem[] {
  if (!isRecord(args)) return [{ argument: "args", value: args, problem: "must be an object", fix: "pass the pool's arguments" }];
  const resolved = resolveGkeGpuNodePool(name, args);
  const { min, max } = GKE_TIME_SHARING_CLIENTS;
  const sharing = resolved.maxSharedClientsPerGpu;
  return [
    ...validateBase(args, resolved),
    ...checkNonEmptyString("accelerator.type", resolved.acceleratorType, "nvidia-l4"),
    ...checkInteger("accelerator.count", resolved.acceleratorCount, 1, 16),
    ...(typeof sharing === "number" && Number.isInteger(sharing) && sharing >= min && sharing <= max
      ? []
      : [
          {
            argument: "maxSharedClientsPerGpu",
            value: sharing,
            problem: `must be a whole number from ${min} to ${max}: GKE time-sharing shares one GPU between ${min} and ${max} containers`,
            fix: `set maxSharedClientsPerGpu between ${min} and ${max}`,
          },
        ]),
    ...checkOneOf("driverVersion", resolved.driverVersion, ["DEFAULT", "LATEST"]),
    ...checkBoolean("sandbox", resolved.sandbox),
  ];
}

/** Every problem with a GKE Sandbox node pool's arguments. */
export function validateGkeSandboxNodePoolArgs(name: string, args: GkeSandboxNodePoolArgs): ValidationProblem[] {
  if (!isRecord(args)) return [{ argument: "args", value: args, problem: "must be an object", fix: "pass the pool's arguments" }];
  const problems = validateBase(args, resolveGkeSandboxNodePool(name, args));
  if (args.imageType !== undefined && args.imageType !== GKE_NODE_IMAGE) {
    problems.push({
      argument: "imageType",
      value: args.imageType,
      problem: `must be "${GKE_NODE_IMAGE}": GKE Sandbox runs gVisor only on Container-Optimized OS with containerd`,
      fix: `leave imageType unset or set it to "${GKE_NODE_IMAGE}"`,
    });
  }
  return problems;
}

/**
 * Agents asking for more than one GPU share on GKE time-shared nodes: GKE admits at most one `nvidia.com/gpu` per
 * container there (a time slice of one GPU), so such a pod would be rejected by the kubelet at admission. Run it with
 * the fleet's other checks, before creating anything.
 */
export function checkGkeTimeSharedGpuRequests(agents: Record<string, { resources?: { gpu?: number } }>): ValidationProblem[] {
  return Object.entries(agents).flatMap(([key, agent]) => {
    const gpu = isRecord(agent) && isRecord(agent.resources) ? agent.resources.gpu : undefined;
    if (typeof gpu !== "number" || gpu <= 1) return [];
    return [
      {
        argument: `agents.${key}.resources.gpu`,
        value: gpu,
        problem: "asks for more than one GPU share, but GKE time-shared GPU nodes admit at most one nvidia.com/gpu per container",
        fix: "request 1 (a time slice of one GPU), or give the agent its own GPU pool without time-sharing",
      },
    ];
  });
}
