import {
  checkDnsLabel, checkHostname, checkImage, checkInteger, checkLabelKey, checkLabelMap, checkOneOf, checkPositiveQuantity,
  checkTolerations,
  type ValidationProblem,
} from "../../validation";
import { INTENTS, SANDBOX_RUNTIMES, WORKLOAD_KINDS } from "../../vocabulary";
import { checkDelegation } from "./delegation";
import type { AgentArgs, AgentReference } from "./spec";

/** Longest agent name: leaves room for suffixes Kubernetes adds (StatefulSet pods, controller revisions). */
export const MAX_AGENT_NAME = 45;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const GPU_SANDBOXES = new Set(["gvisor", "none"]);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function checkStringList(argument: string, value: unknown, example: string): ValidationProblem[] {
  if (!Array.isArray(value) || value.some((v) => typeof v !== "string" || v.length === 0)) {
    return [{ argument, value, problem: "must be a list of non-empty strings", fix: `use a list like ["${example}"]` }];
  }
  return [];
}

function checkReferences(argument: string, refs: unknown, self: { name: string; namespace: string }): ValidationProblem[] {
  if (refs === undefined) return [];
  if (!Array.isArray(refs)) return [{ argument, value: refs, problem: "must be a list", fix: `use [{ agent: "other-agent" }]` }];
  return refs.flatMap((ref: AgentReference, i) => {
    const at = `${argument}[${i}]`;
    if (!isRecord(ref)) return [{ argument: at, value: ref, problem: "must be an object", fix: `use { agent: "other-agent" }` }];
    const problems = checkDnsLabel(`${at}.agent`, ref.agent, MAX_AGENT_NAME);
    if (ref.namespace !== undefined) problems.push(...checkDnsLabel(`${at}.namespace`, ref.namespace));
    if (ref.port !== undefined) problems.push(...checkInteger(`${at}.port`, ref.port, 1, 65535));
    if (ref.agent === self.name && (ref.namespace ?? self.namespace) === self.namespace) {
      problems.push({ argument: `${at}.agent`, value: ref.agent, problem: "refers to the agent itself", fix: "remove it; an agent needs no rule to reach itself" });
    }
    return problems;
  });
}

/**
 * Every problem with an Agent declaration, each naming the argument, the value and the fix. Pure: the
 * component calls it before registering anything, and stacks can call it to check all agents up front.
 */
export function validateAgentArgs(name: string, args: AgentArgs): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  if (!isRecord(args)) return [{ argument: "args", value: args, problem: "must be an object", fix: "pass { namespace, image, ... }" }];
  const agentName = args.agentName ?? name;
  problems.push(...checkDnsLabel(args.agentName === undefined ? "name" : "agentName", agentName, MAX_AGENT_NAME));
  problems.push(...checkDnsLabel("namespace", args.namespace));
  problems.push(...checkImage("image", args.image));
  if (args.command !== undefined) problems.push(...checkStringList("command", args.command, "/app/agent"));
  if (args.args !== undefined) problems.push(...checkStringList("args", args.args, "--serve"));
  if (args.env !== undefined) {
    if (!isRecord(args.env)) problems.push({ argument: "env", value: args.env, problem: "must be a map of name to string", fix: `use { LOG_LEVEL: "info" }` });
    else for (const [key, value] of Object.entries(args.env)) {
      if (!ENV_NAME.test(key) || key.startsWith("AGENTCLOUD_")) {
        problems.push({ argument: `env.${key}`, value: key, problem: "is not an allowed variable name (letters, digits, '_'; not starting with a digit or AGENTCLOUD_)", fix: "rename the variable" });
      }
      if (typeof value !== "string") problems.push({ argument: `env.${key}`, value, problem: "must be a string", fix: "quote the value" });
    }
  }
  if (args.port !== undefined) problems.push(...checkInteger("port", args.port, 1, 65535));

  const workload = args.workload ?? "deployment";
  problems.push(...checkOneOf("workload", workload, WORKLOAD_KINDS));
  if (args.replicas !== undefined) {
    if (workload === "sandbox-pool") {
      problems.push({ argument: "replicas", value: args.replicas, problem: "does not apply to a sandbox-pool (sandboxes are created per session)", fix: "remove replicas and set warmPool to the number of ready sandboxes" });
    } else problems.push(...checkInteger("replicas", args.replicas, 1, 1000));
  }
  if (args.warmPool !== undefined) {
    if (workload !== "sandbox-pool") {
      problems.push({ argument: "warmPool", value: args.warmPool, problem: `applies only to workload "sandbox-pool"`, fix: `remove warmPool or set workload to "sandbox-pool"` });
    } else problems.push(...checkInteger("warmPool", args.warmPool, 0, 1000));
  }
  if (workload === "statefulset" && args.storage === undefined) {
    problems.push({ argument: "storage", value: undefined, problem: "is required for a statefulset agent", fix: `add storage: { size: "10Gi" }, or use workload "deployment"` });
  }
  if (args.storage !== undefined) {
    if (workload !== "statefulset") {
      problems.push({ argument: "storage", value: args.storage, problem: `applies only to workload "statefulset"`, fix: `remove storage or set workload to "statefulset"` });
    } else if (!isRecord(args.storage)) {
      problems.push({ argument: "storage", value: args.storage, problem: "must be an object", fix: `use { size: "10Gi" }` });
    } else {
      problems.push(...checkPositiveQuantity("storage.size", args.storage.size, "10Gi"));
      if (args.storage.storageClassName !== undefined) problems.push(...checkDnsLabel("storage.storageClassName", args.storage.storageClassName, 253));
      if (args.storage.mountPath !== undefined && (typeof args.storage.mountPath !== "string" || !args.storage.mountPath.startsWith("/"))) {
        problems.push({ argument: "storage.mountPath", value: args.storage.mountPath, problem: "must be an absolute path", fix: `use a path like "/data"` });
      }
    }
  }

  const sandbox = args.sandbox ?? "gvisor";
  problems.push(...checkOneOf("sandbox", sandbox, [...SANDBOX_RUNTIMES, "none"] as const));
  if (sandbox === "none" && (!isRecord(args.unsafeNoSandbox) || typeof args.unsafeNoSandbox.reason !== "string" || args.unsafeNoSandbox.reason.trim() === "")) {
    problems.push({ argument: "sandbox", value: sandbox, problem: "runs agent code without a sandbox, which needs an explicit opt-out", fix: `pick a sandbox ("gvisor", "kata-qemu", ...) or set unsafeNoSandbox: { reason: "why" }` });
  }
  if (sandbox !== "none" && args.unsafeNoSandbox !== undefined) {
    problems.push({ argument: "unsafeNoSandbox", value: args.unsafeNoSandbox, problem: `contradicts sandbox "${sandbox}"`, fix: `remove unsafeNoSandbox, or set sandbox: "none"` });
  }
  if (args.intent !== undefined) problems.push(...checkOneOf("intent", args.intent, INTENTS));

  const resources = args.resources ?? {};
  if (!isRecord(resources)) problems.push({ argument: "resources", value: resources, problem: "must be an object", fix: `use { cpu: "500m", memory: "512Mi" }` });
  else {
    if (resources.cpu !== undefined) problems.push(...checkPositiveQuantity("resources.cpu", resources.cpu, "500m"));
    if (resources.memory !== undefined) problems.push(...checkPositiveQuantity("resources.memory", resources.memory, "512Mi"));
    if (resources.ephemeralStorage !== undefined) problems.push(...checkPositiveQuantity("resources.ephemeralStorage", resources.ephemeralStorage, "1Gi"));
    if (resources.gpu !== undefined) {
      const gpuProblems = checkInteger("resources.gpu", resources.gpu, 0, 64);
      problems.push(...gpuProblems);
      if (gpuProblems.length === 0 && (resources.gpu as number) > 0) {
        if (!args.platform?.gpu) {
          problems.push({ argument: "resources.gpu", value: resources.gpu, problem: "asks for GPU shares but the platform has no GPU nodes", fix: "add GPU nodes (platform.gpu, set by the cloud layer's GPU node pool) or remove resources.gpu" });
        }
        if (!GPU_SANDBOXES.has(sandbox)) {
          problems.push({ argument: "resources.gpu", value: resources.gpu, problem: `GPU shares are not supported under sandbox "${sandbox}" (the Kata shims agentcloud renders have no GPU passthrough)`, fix: `use sandbox "gvisor" (nvproxy) for GPU agents` });
        }
      }
    }
  }
  if (args.limits !== undefined) {
    if (!isRecord(args.limits)) problems.push({ argument: "limits", value: args.limits, problem: "must be an object", fix: `use { cpu: "1", memory: "1Gi" }` });
    else {
      if (args.limits.cpu !== undefined) problems.push(...checkPositiveQuantity("limits.cpu", args.limits.cpu, "1"));
      if (args.limits.memory !== undefined) problems.push(...checkPositiveQuantity("limits.memory", args.limits.memory, "1Gi"));
    }
  }
  if (args.runAsUser !== undefined) problems.push(...checkInteger("runAsUser", args.runAsUser, 1, 2147483647));
  if (args.tokenAudience !== undefined && (typeof args.tokenAudience !== "string" || args.tokenAudience.length === 0)) {
    problems.push({ argument: "tokenAudience", value: args.tokenAudience, problem: "must be a non-empty string", fix: `use an audience like "agentcloud"` });
  }

  const self = { name: agentName, namespace: args.namespace };
  problems.push(...checkReferences("acceptsFrom", args.acceptsFrom, self));
  problems.push(...checkReferences("delegatesTo", args.delegatesTo, self));
  if (args.tools !== undefined) {
    if (!Array.isArray(args.tools)) problems.push({ argument: "tools", value: args.tools, problem: "must be a list", fix: `use [{ server: "github", tools: ["search_issues"] }]` });
    else args.tools.forEach((grant, i) => {
      problems.push(...checkDnsLabel(`tools[${i}].server`, grant?.server));
      if (!Array.isArray(grant?.tools) || grant.tools.length === 0) {
        problems.push({ argument: `tools[${i}].tools`, value: grant?.tools, problem: "must list at least one tool (grants are explicit)", fix: `use tools: ["search_issues"]` });
      } else problems.push(...checkStringList(`tools[${i}].tools`, grant.tools, "search_issues"));
    });
  }
  if (args.egress !== undefined) {
    if (!Array.isArray(args.egress)) problems.push({ argument: "egress", value: args.egress, problem: "must be a list of host names", fix: `use ["api.github.com"]` });
    else args.egress.forEach((host, i) => problems.push(...checkHostname(`egress[${i}]`, host)));
  }
  if (args.cloudPermissions !== undefined) {
    if (!Array.isArray(args.cloudPermissions)) problems.push({ argument: "cloudPermissions", value: args.cloudPermissions, problem: "must be a list", fix: `use [{ cloud: "aws", actions: ["s3:GetObject"], resources: ["arn:aws:s3:::bucket/*"] }]` });
    else args.cloudPermissions.forEach((perm, i) => {
      const at = `cloudPermissions[${i}]`;
      problems.push(...checkOneOf(`${at}.cloud`, perm?.cloud, ["aws", "gcp"] as const));
      problems.push(...checkStringList(`${at}.actions`, perm?.actions, "s3:GetObject"));
      problems.push(...checkStringList(`${at}.resources`, perm?.resources, "arn:aws:s3:::bucket/*"));
      if (Array.isArray(perm?.actions) && perm.actions.some((a) => a === "*" || (typeof a === "string" && a.endsWith(":*")))) {
        problems.push({ argument: `${at}.actions`, value: perm.actions, problem: "contains a wildcard action, which is not least privilege", fix: "list the specific actions the agent needs" });
      }
      if (Array.isArray(perm?.resources) && perm.resources.includes("*")) {
        problems.push({ argument: `${at}.resources`, value: perm.resources, problem: "contains the bare wildcard resource", fix: "name the specific resources (ARNs or resource names)" });
      }
    });
  }
  const gpu = args.platform?.gpu;
  if (gpu?.nodeSelector !== undefined) problems.push(...checkLabelMap("platform.gpu.nodeSelector", gpu.nodeSelector));
  if (gpu?.tolerations !== undefined) problems.push(...checkTolerations("platform.gpu.tolerations", gpu.tolerations));
  if (gpu?.resourceName !== undefined && (typeof gpu.resourceName !== "string" || checkLabelKey("", gpu.resourceName).length > 0 || !gpu.resourceName.includes("/"))) {
    problems.push({ argument: "platform.gpu.resourceName", value: gpu.resourceName, problem: "is not an extended resource name (domain/name)", fix: `use a name like "nvidia.com/gpu"` });
  }
  if (args.platform?.podLabels !== undefined) problems.push(...checkLabelMap("platform.podLabels", args.platform.podLabels));
  problems.push(...checkDelegation(args));
  return problems;
}
