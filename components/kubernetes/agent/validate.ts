import { checkDnsLabel, checkDnsSubdomain, checkImage } from "../../validation/names";
import { checkMountPath } from "../../validation/paths";
import type { ValidationProblem } from "../../validation/problems";
import { checkNotAbove, checkPositiveQuantity } from "../../validation/quantities";
import { checkInteger, checkNonEmptyString, checkOneOf, checkStringList, isRecord } from "../../validation/values";
import { INTENTS, SANDBOX_RUNTIMES, WORKLOAD_KINDS, type WorkloadKind } from "../../vocabulary";
import { TOKEN_DIR } from "./pod";
import { AGENT_DEFAULTS } from "./resolve";
import type { AgentArgs } from "./spec";
import { checkCloudPermissions, checkEgress, checkReferences, checkTools, MAX_AGENT_NAME } from "./validate-access";
import { checkEnv } from "./validate-env";
import { checkPlatform, checkRenderedSizes } from "./validate-platform";
import { checkDelegation } from "./validate-delegation";

export { MAX_AGENT_NAME } from "./validate-access";
const GPU_SANDBOXES = new Set(["gvisor", "none"]);
/** Where the container's other volumes are mounted; storage must stay clear of them. */
const MOUNTED = [
  { path: "/tmp", holds: "the writable scratch volume" },
  { path: TOKEN_DIR, holds: "the agent's ServiceAccount token" },
];

/** Problems with what the container runs: names, image, command, args and port. */
function checkContainer(name: string, args: AgentArgs): ValidationProblem[] {
  return [
    ...checkDnsLabel(args.agentName === undefined ? "name" : "agentName", args.agentName ?? name, MAX_AGENT_NAME),
    ...checkDnsLabel("namespace", args.namespace),
    ...checkImage("image", args.image),
    ...(args.command === undefined ? [] : checkStringList("command", args.command, "/app/agent")),
    ...(args.args === undefined ? [] : checkStringList("args", args.args, "--serve")),
    ...checkEnv(args.env),
    ...(args.port === undefined ? [] : checkInteger("port", args.port, 1, 65535)),
  ];
}

/**
 * Problems with `metrics`: a port of its own (not the serving port, which callers reach) and an absolute path without
 * whitespace (it becomes the PodMonitor's `path`).
 */
export function checkMetrics(metrics: unknown, port: unknown): ValidationProblem[] {
  if (metrics === undefined) return [];
  if (!isRecord(metrics))
    return [{ argument: "metrics", value: metrics, problem: "must be an object", fix: `use { port: 9090, path: "/metrics" }` }];
  const problems = [
    ...Object.keys(metrics)
      .filter((key) => key !== "port" && key !== "path")
      .map((key) => ({
        argument: `metrics.${key}`,
        value: metrics[key],
        problem: "is not a field of metrics",
        fix: "use only port and path",
      })),
    ...checkInteger("metrics.port", metrics.port, 1, 65535),
  ];
  const serving = port ?? AGENT_DEFAULTS.port;
  if (metrics.port === serving) {
    problems.push({
      argument: "metrics.port",
      value: metrics.port,
      problem: `is the agent's serving port, which its callers reach; metrics need a port of their own that only the fleet's Prometheus may reach`,
      fix: `use another port, e.g. ${serving === 9090 ? 9091 : 9090}`,
    });
  }
  const { path } = metrics;
  if (path !== undefined && (typeof path !== "string" || !/^\/\S*$/.test(path))) {
    problems.push({
      argument: "metrics.path",
      value: path,
      problem: "must be an absolute URL path starting with / (no spaces)",
      fix: `use e.g. "/metrics", or leave it out for "/metrics"`,
    });
  }
  return problems;
}

/** Problems with the workload kind and the arguments that apply only to some kinds. */
function checkWorkload(args: AgentArgs, workload: WorkloadKind): ValidationProblem[] {
  const problems = checkOneOf("workload", workload, WORKLOAD_KINDS);
  if (args.replicas !== undefined && workload === "sandbox-pool") {
    problems.push({
      argument: "replicas",
      value: args.replicas,
      problem: "does not apply to a sandbox-pool (sandboxes are created per session)",
      fix: "remove replicas and set warmPool to the number of ready sandboxes",
    });
  } else if (args.replicas !== undefined) problems.push(...checkInteger("replicas", args.replicas, 1, 1000));
  if (args.warmPool !== undefined && workload !== "sandbox-pool") {
    problems.push({
      argument: "warmPool",
      value: args.warmPool,
      problem: `applies only to workload "sandbox-pool"`,
      fix: `remove warmPool or set workload to "sandbox-pool"`,
    });
  } else if (args.warmPool !== undefined) problems.push(...checkInteger("warmPool", args.warmPool, 0, 1000));
  return [...problems, ...checkStorage(args.storage, workload)];
}

/** Problems with `storage`: required for, and only for, a statefulset; clear of the container's other mounts. */
function checkStorage(storage: unknown, workload: WorkloadKind): ValidationProblem[] {
  if (storage === undefined && workload === "statefulset") {
    return [
      {
        argument: "storage",
        value: undefined,
        problem: "is required for a statefulset agent",
        fix: `add storage: { size: "10Gi" }, or use workload "deployment"`,
      },
    ];
  }
  if (storage === undefined) return [];
  if (workload !== "statefulset") {
    return [
      {
        argument: "storage",
        value: storage,
        problem: `applies only to workload "statefulset"`,
        fix: `remove storage or set workload to "statefulset"`,
      },
    ];
  }
  if (!isRecord(storage)) return [{ argument: "storage", value: storage, problem: "must be an object", fix: `use { size: "10Gi" }` }];
  return [
    ...checkPositiveQuantity("storage.size", storage.size, "10Gi"),
    ...(storage.storageClassName === undefined ? [] : checkDnsSubdomain("storage.storageClassName", storage.storageClassName)),
    ...(storage.mountPath === undefined ? [] : checkMountPath("storage.mountPath", storage.mountPath, MOUNTED, "/data")),
  ];
}

/** Problems with the sandbox, its named opt-out, and the intent. */
function checkSandbox(args: AgentArgs, sandbox: string): ValidationProblem[] {
  const problems = checkOneOf("sandbox", sandbox, [...SANDBOX_RUNTIMES, "none"] as const);
  const optOut = args.unsafeNoSandbox;
  if (sandbox === "none" && (!isRecord(optOut) || checkNonEmptyString("", optOut.reason, "").length > 0)) {
    problems.push({
      argument: "sandbox",
      value: sandbox,
      problem: "runs agent code without a sandbox, which needs an explicit opt-out",
      fix: `pick a sandbox ("gvisor", "kata-qemu", ...) or set unsafeNoSandbox: { reason: "why" }`,
    });
  }
  if (sandbox !== "none" && optOut !== undefined) {
    problems.push({
      argument: "unsafeNoSandbox",
      value: optOut,
      problem: `contradicts sandbox "${sandbox}"`,
      fix: `remove unsafeNoSandbox, or set sandbox: "none"`,
    });
  }
  if (args.intent !== undefined) problems.push(...checkOneOf("intent", args.intent, INTENTS));
  return problems;
}

/** Problems with GPU shares: whole units, GPU nodes to run on, and a sandbox that passes GPUs through. */
function checkGpu(gpu: unknown, args: AgentArgs, sandbox: string): ValidationProblem[] {
  if (gpu === undefined) return [];
  const problems = checkInteger("resources.gpu", gpu, 0, 64);
  if (problems.length > 0 || gpu === 0) return problems;
  if (!args.platform?.gpu) {
    problems.push({
      argument: "resources.gpu",
      value: gpu,
      problem: "asks for GPU shares but the platform has no GPU nodes",
      fix: "add GPU nodes (platform.gpu, set by the cloud layer's GPU node pool) or remove resources.gpu",
    });
  }
  if (!GPU_SANDBOXES.has(sandbox)) {
    problems.push({
      argument: "resources.gpu",
      value: gpu,
      problem: `GPU shares are not supported under sandbox "${sandbox}" (the Kata shims agentcloud renders have no GPU passthrough)`,
      fix: `use sandbox "gvisor" (nvproxy) for GPU agents`,
    });
  }
  return problems;
}

/** Problems with requests and limits: positive finite quantities, and no request above its limit. */
function checkResources(args: AgentArgs, sandbox: string): ValidationProblem[] {
  const resources: unknown = args.resources ?? {};
  const limits: unknown = args.limits ?? {};
  const problems: ValidationProblem[] = [];
  if (!isRecord(resources))
    problems.push({ argument: "resources", value: resources, problem: "must be an object", fix: `use { cpu: "500m", memory: "512Mi" }` });
  else {
    if (resources.cpu !== undefined) problems.push(...checkPositiveQuantity("resources.cpu", resources.cpu, "500m"));
    if (resources.memory !== undefined) problems.push(...checkPositiveQuantity("resources.memory", resources.memory, "512Mi"));
    if (resources.ephemeralStorage !== undefined)
      problems.push(...checkPositiveQuantity("resources.ephemeralStorage", resources.ephemeralStorage, "1Gi"));
    problems.push(...checkGpu(resources.gpu, args, sandbox));
  }
  if (!isRecord(limits))
    return [...problems, { argument: "limits", value: limits, problem: "must be an object", fix: `use { cpu: "1", memory: "1Gi" }` }];
  if (limits.cpu !== undefined) problems.push(...checkPositiveQuantity("limits.cpu", limits.cpu, "1"));
  if (limits.memory !== undefined) problems.push(...checkPositiveQuantity("limits.memory", limits.memory, "1Gi"));
  if (!isRecord(resources)) return problems;
  for (const r of ["cpu", "memory"] as const) {
    // An unset limit defaults to the request; an unset request to its default, which a given limit must not undercut.
    const request = { argument: `resources.${r}`, value: resources[r] ?? AGENT_DEFAULTS[r] };
    if (limits[r] !== undefined) problems.push(...checkNotAbove(request, { argument: `limits.${r}`, value: limits[r] }));
  }
  return problems;
}

/** Problems with the identity the agent runs as: its UID and its token's audience. */
function checkRunAs(args: AgentArgs): ValidationProblem[] {
  return [
    ...(args.runAsUser === undefined ? [] : checkInteger("runAsUser", args.runAsUser, 1, 2147483647)),
    ...(args.tokenAudience === undefined ? [] : checkNonEmptyString("tokenAudience", args.tokenAudience, "agentcloud")),
  ];
}

/**
 * Every problem with an Agent declaration, each naming the argument, the value and the fix. Pure: the
 * component calls it before registering anything, and stacks can call it to check all agents up front.
 * What the API server would reject only on apply (annotation and object sizes) is checked last, on otherwise
 * valid declarations.
 */
export function validateAgentArgs(name: string, args: AgentArgs): ValidationProblem[] {
  if (!isRecord(args)) return [{ argument: "args", value: args, problem: "must be an object", fix: "pass { namespace, image, ... }" }];
  const workload = args.workload ?? "deployment";
  const sandbox = args.sandbox ?? "gvisor";
  const self = { name: args.agentName ?? name, namespace: args.namespace };
  const problems = [
    ...checkContainer(name, args),
    ...checkWorkload(args, workload),
    ...checkSandbox(args, sandbox),
    ...checkResources(args, sandbox),
    ...checkRunAs(args),
    ...checkMetrics(args.metrics, args.port),
    ...checkReferences("acceptsFrom", args.acceptsFrom, self),
    ...checkReferences("delegatesTo", args.delegatesTo, self),
    ...checkTools(args.tools),
    ...checkEgress(args),
    ...checkCloudPermissions(args),
    ...checkPlatform(args.platform),
    ...checkDelegation(args),
  ];
  return problems.length > 0 ? problems : checkRenderedSizes(name, args);
}
