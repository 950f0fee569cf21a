import * as k8s from "@pulumi/kubernetes";
import {
  Agent,
  AgentNamespace,
  AgentSandboxController,
  PriorityClasses,
  SandboxRuntimes,
  validateAgentArgs,
  type AgentArgs,
} from "../components/kubernetes";
import { ArgumentError, checkDnsLabel, checkLabelValue, nestProblems, type ValidationProblem } from "../components/validation";
import { SANDBOX_RUNTIMES, type SandboxRuntime } from "../components/vocabulary";
import {
  clusterDns,
  DNS_PRESET_NAMES,
  PLATFORM_DNS,
  validateApiServerEndpoint,
  validateDnsPresets,
  type ApiServerEndpoint,
  type DnsPreset,
} from "../components/kubernetes/network";
import { checkDelegationEdges } from "../components/kubernetes/agent/validate-delegation";
import { loadStackConfig, type ConfigKey } from "./config";

/** The `local` stack's config keys (documented in Pulumi.local.yaml). */
export const LOCAL_CONFIG = {
  kubeconfigContext: {
    type: "string",
    default: "",
    description: "kubeconfig context of the target cluster; empty for the current context",
  } as ConfigKey<string>,
  namespace: {
    type: "string",
    default: "agents",
    description: "the agent tenant namespace",
    check: (v) => (checkDnsLabel("", v).length ? { problem: "must be a DNS-1123 label", fix: `use a name like "agents"` } : undefined),
  } as ConfigKey<string>,
  owner: {
    type: "string",
    default: "platform-team",
    description: "owner label of the tenant namespace",
    check: (v) =>
      checkLabelValue("", v).length ? { problem: "must be a Kubernetes label value", fix: `use a value like "platform-team"` } : undefined,
  } as ConfigKey<string>,
  costCentre: {
    type: "string",
    default: "platform",
    description: "cost-centre label of the tenant namespace",
    check: (v) =>
      checkLabelValue("", v).length ? { problem: "must be a Kubernetes label value", fix: `use a value like "cc-1234"` } : undefined,
  } as ConfigKey<string>,
  installKata: {
    type: "boolean",
    default: true,
    description: "install Kata Containers with the upstream kata-deploy chart",
  } as ConfigKey<boolean>,
  platformRuntimeClasses: {
    type: "array",
    default: [],
    description: "sandbox RuntimeClasses the cluster already provides (not rendered)",
    check: (v) =>
      v.every((r) => (SANDBOX_RUNTIMES as readonly unknown[]).includes(r))
        ? undefined
        : { problem: `must list only ${SANDBOX_RUNTIMES.join(", ")}`, fix: `e.g. ["gvisor"] on GKE Sandbox` },
  } as ConfigKey<string[]>,
  clusterDns: {
    type: "array",
    default: ["kube-dns"],
    description: `DNS set-ups of the cluster agents may resolve through (port 53 only): ${DNS_PRESET_NAMES.join(", ")}`,
    check: (v) => {
      const problems = validateDnsPresets("", v);
      return problems.length === 0
        ? undefined
        : {
            problem: problems.map((p) => `${p.argument}: ${p.problem}`.replace(/^: /, "")).join("; "),
            fix: `list names from ${DNS_PRESET_NAMES.join(", ")}; on GKE: ${JSON.stringify(PLATFORM_DNS.gke)}`,
          };
    },
  } as ConfigKey<string[]>,
  apiServer: {
    type: "object",
    default: {},
    description:
      "where the API server is, {cidrs, ports}: agents that claim sandboxes (default private ranges on 443/6443) and the sandbox controller (default any address on 443/6443) may reach it there",
    check: (v) => {
      const problems = validateApiServerEndpoint("", v);
      return problems.length === 0
        ? undefined
        : {
            problem: problems.map((p) => `${p.argument.replace(/^\./, "")}: ${p.problem}`.replace(/^: /, "")).join("; "),
            fix: problems.map((p) => p.fix).join("; "),
          };
    },
  } as ConfigKey<ApiServerEndpoint>,
  codeInterpreterWarmPool: {
    type: "integer",
    default: 2,
    description: "warm sandboxes kept ready for the code interpreter",
    check: (v) => (v >= 0 && v <= 100 ? undefined : { problem: "must be from 0 to 100", fix: "set a small whole number like 2" }),
  } as ConfigKey<number>,
};

/** The reference agents: stateless under gVisor, stateful under Kata, an ephemeral code interpreter pool. */
export function localAgents(namespace: string, warmPool: number, apiServer?: ApiServerEndpoint): Record<string, AgentArgs> {
  return {
    "research-assistant": {
      namespace,
      image: "ghcr.io/agentcloud/examples/research-assistant:0.1.0",
      workload: "deployment",
      replicas: 2,
      sandbox: "gvisor",
      intent: "standard",
      resources: { cpu: "500m", memory: "1Gi" },
      // The code interpreter is a sandbox pool: research-assistant claims a sandbox, then calls it.
      delegatesTo: [{ agent: "memory-keeper" }, { agent: "code-interpreter", sandboxPool: true }],
      tools: [{ server: "web-search", tools: ["search", "fetch_page"] }],
      egress: ["api.github.com"],
      ...(apiServer && { platform: { apiServer } }),
    },
    "memory-keeper": {
      namespace,
      image: "ghcr.io/agentcloud/examples/memory-keeper:0.1.0",
      workload: "statefulset",
      replicas: 1,
      sandbox: "kata-qemu",
      intent: "critical",
      resources: { cpu: "250m", memory: "512Mi" },
      storage: { size: "10Gi" },
      acceptsFrom: [{ agent: "research-assistant" }],
    },
    "code-interpreter": {
      namespace,
      image: "ghcr.io/agentcloud/examples/code-interpreter:0.1.0",
      workload: "sandbox-pool",
      warmPool,
      sandbox: "gvisor",
      intent: "batch",
      resources: { cpu: "1", memory: "1Gi", ephemeralStorage: "2Gi" },
      acceptsFrom: [{ agent: "research-assistant" }],
    },
  };
}

/** Checks every agent before anything is created, so one bad declaration stops the whole plan cleanly. */
function validateAgents(agents: Record<string, AgentArgs>): void {
  const problems: ValidationProblem[] = Object.entries(agents).flatMap(([name, args]) =>
    nestProblems(`agents.${name}`, validateAgentArgs(name, args)),
  );
  problems.push(...checkDelegationEdges(agents));
  if (problems.length > 0) throw new ArgumentError("local stack agents", problems);
}

/** The `local` reference stack: agentcloud on a bring-your-own cluster from the current kubeconfig. */
export function localStack() {
  const config = loadStackConfig("agentcloud", LOCAL_CONFIG);
  const apiServer = Object.keys(config.apiServer).length > 0 ? config.apiServer : undefined;
  const dns = clusterDns(config.clusterDns as DnsPreset[]);
  const agents = localAgents(config.namespace, config.codeInterpreterWarmPool, apiServer);
  validateAgents(agents);

  const provider = new k8s.Provider("local", {
    ...(config.kubeconfigContext && { context: config.kubeconfigContext }),
    enableServerSideApply: true,
  });
  const runtimes = new SandboxRuntimes(
    "sandbox-runtimes",
    {
      installKata: config.installKata,
      platformProvided: config.platformRuntimeClasses as SandboxRuntime[],
    },
    { provider },
  );
  const priorities = new PriorityClasses("priorities", {}, { provider });
  const controller = new AgentSandboxController("agent-sandbox", { dns, ...(apiServer && { apiServer }) }, { provider });
  const tenant = new AgentNamespace(
    "tenant",
    {
      namespace: config.namespace,
      owner: config.owner,
      costCentre: config.costCentre,
      dns,
    },
    { provider },
  );

  // The namespace from the tenant, so each agent's objects wait for it and its default deny; the declarations above
  // were validated with the same name from config.
  const deployed = Object.entries(agents).map(
    ([name, args]) =>
      new Agent(name, { ...args, namespace: tenant.namespaceName }, { provider, dependsOn: [runtimes, priorities, controller] }),
  );
  return {
    namespace: tenant.namespaceName,
    runtimeClasses: runtimes.runtimeClassNames,
    agents: Object.fromEntries(
      deployed.map((a, i) => [Object.keys(agents)[i], { serviceAccount: a.serviceAccountName, workload: a.workload }]),
    ),
  };
}
