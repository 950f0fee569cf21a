import type { Toleration } from "kubernetes-types/core/v1";
import { DEFAULT_GPU_RESOURCE, type Intent, type SandboxRuntime, type WorkloadKind } from "../../vocabulary";
import { resolveApiServer, type ApiServerEndpoint } from "../network/cluster-endpoints";
import type { GatewayEndpoint } from "../mcp-gateway/endpoint";
import type { AgentMetrics, MonitoringEndpoint } from "../observability/endpoint";
import { parseEgressHost, type EgressHost } from "../network/egress";
import type { IdentityEndpoint } from "../network/fabric";
import type { AgentArgs, AgentReference, CloudPermission, SecretEnvVar, ToolGrant } from "./spec";

/** An Agent declaration with every default applied. Built only from args that passed validation. */
export interface ResolvedAgent {
  /** Kubernetes name of the agent's objects: `agentName`, else the Pulumi resource name. */
  name: string;
  /** Namespace the agent runs in. */
  namespace: string;
  /** Container image. */
  image: string;
  /** Container entrypoint override; unset keeps the image's. */
  command?: string[];
  /** Container arguments; unset keeps the image's. */
  args?: string[];
  /** Declared environment variables: literal values or Secret references. */
  env: Record<string, string | SecretEnvVar>;
  /** Port the agent serves on. */
  port: number;
  /** Workload kind. */
  workload: WorkloadKind;
  /** Replicas of a `deployment` or `statefulset`. */
  replicas: number;
  /** Warm sandboxes of a `sandbox-pool`. */
  warmPool: number;
  /** Sandbox RuntimeClass, or `"none"` when explicitly opted out. */
  sandbox: SandboxRuntime | "none";
  /** The stated reason for running without a sandbox; set only with `sandbox: "none"`. */
  unsafeNoSandboxReason?: string;
  /** Scheduling intent (selects the PriorityClass). */
  intent: Intent;
  /** Container resource requests. */
  requests: {
    /** CPU request. */
    cpu: string;
    /** Memory request. */
    memory: string;
    /** Ephemeral storage request (also the size limit of `/tmp`). */
    ephemeralStorage: string;
    /** GPU shares; 0 for none. */
    gpu: number;
  };
  /** Container resource limits. */
  limits: {
    /** CPU limit. */
    cpu: string;
    /** Memory limit. */
    memory: string;
  };
  /** Persistent volume of a `statefulset`; unset for none. */
  storage?: {
    /** Volume size. */
    size: string;
    /** StorageClass; unset uses the cluster default. */
    storageClassName?: string;
    /** Where the volume is mounted in the container. */
    mountPath: string;
  };
  /** Non-root UID the container runs as. */
  runAsUser: number;
  /** Audience of the projected ServiceAccount token: the gateway's when there is one, else `tokenAudience`. */
  tokenAudience: string;
  /** Agents admitted to call this one, with namespace and port filled in. */
  acceptsFrom: Required<AgentReference>[];
  /** Agents this one may call, with namespace and port filled in. */
  delegatesTo: Required<AgentReference>[];
  /** MCP tool grants. */
  tools: ToolGrant[];
  /** External hosts the agent may reach, as declared (`host` or `host:port`). */
  egress: string[];
  /** The same hosts parsed, with the port filled in: what the fabric turns into FQDN rules. */
  egressHosts: EgressHost[];
  /** The stated reason for `*.` wildcard egress hosts, when acknowledged. */
  unsafeWildcardEgressReason?: string;
  /** Cloud permissions for the cloud layer to bind to the agent's identity. */
  cloudPermissions: CloudPermission[];
  /** The stated reason for wildcard or basic-role cloud permissions, when acknowledged. */
  unsafeBroadCloudPermissionsReason?: string;
  /** GPU placement injected by the platform; set only when the platform offers GPUs. */
  gpu?: {
    /** Extended resource name of a GPU share. */
    resourceName: string;
    /** Node labels that select GPU nodes. */
    nodeSelector: Record<string, string>;
    /** Tolerations for the GPU nodes' taints. */
    tolerations: Toleration[];
  };
  /** Annotations the platform puts on the ServiceAccount (identity binding). */
  serviceAccountAnnotations: Record<string, string>;
  /** Labels the platform adds to the agent's pods. */
  podLabels: Record<string, string>;
  /** API server endpoints the NetworkPolicy admits, for agents that claim sandboxes. */
  apiServer: Required<ApiServerEndpoint>;
  /** Whether the fabric admits the API server by identity, so the NetworkPolicy needs no CIDR rule for it. */
  apiServerByFabric: boolean;
  /** Endpoints the identity binding needs, each allowed as a single address on its port. */
  identityEndpoints: IdentityEndpoint[];
  /** The fleet's MCP and A2A gateway; unset when the platform has none. */
  gateway?: GatewayEndpoint;
  /** The agent's metrics endpoint (container port `metrics`); unset when it declares none. */
  metrics?: Required<AgentMetrics>;
  /** The Prometheus that scrapes the fleet; unset when the platform has no monitoring. */
  monitoring?: MonitoringEndpoint;
}

/** Defaults the resolution applies to unset {@link AgentArgs} fields. */
export const AGENT_DEFAULTS = {
  /** `port`. */
  port: 8080,
  /** `resources.cpu`. */
  cpu: "500m",
  /** `resources.memory`. */
  memory: "512Mi",
  /** `resources.ephemeralStorage`. */
  ephemeralStorage: "1Gi",
  /** `runAsUser` (the distroless `nonroot` user). */
  runAsUser: 65532,
  /** `tokenAudience`. */
  tokenAudience: "agentcloud",
  /** `storage.mountPath`. */
  mountPath: "/data",
  /** `metrics.path`. */
  metricsPath: "/metrics",
} as const;

const DEFAULT_GPU_TOLERATIONS: Toleration[] = [{ key: "nvidia.com/gpu", operator: "Exists", effect: "NoSchedule" }];

function resolveRefs(refs: AgentReference[] | undefined, namespace: string): Required<AgentReference>[] {
  return (refs ?? []).map((r) => ({
    agent: r.agent,
    namespace: r.namespace ?? namespace,
    port: r.port ?? AGENT_DEFAULTS.port,
    sandboxPool: r.sandboxPool ?? false,
  }));
}

/** Applies every default. Call only after {@link validateAgentArgs} found no problems. */
export function resolveAgent(name: string, args: AgentArgs): ResolvedAgent {
  const requests = {
    cpu: args.resources?.cpu ?? AGENT_DEFAULTS.cpu,
    memory: args.resources?.memory ?? AGENT_DEFAULTS.memory,
    ephemeralStorage: args.resources?.ephemeralStorage ?? AGENT_DEFAULTS.ephemeralStorage,
    gpu: args.resources?.gpu ?? 0,
  };
  const gpu = args.platform?.gpu;
  const gateway = args.platform?.gateway;
  const monitoring = args.platform?.monitoring;
  return {
    name: args.agentName ?? name,
    namespace: args.namespace,
    image: args.image,
    command: args.command,
    args: args.args,
    env: { ...args.env },
    port: args.port ?? AGENT_DEFAULTS.port,
    workload: args.workload ?? "deployment",
    replicas: args.replicas ?? 1,
    warmPool: args.warmPool ?? 1,
    sandbox: args.sandbox ?? "gvisor",
    unsafeNoSandboxReason: args.unsafeNoSandbox?.reason,
    intent: args.intent ?? "standard",
    requests,
    limits: { cpu: args.limits?.cpu ?? requests.cpu, memory: args.limits?.memory ?? requests.memory },
    storage: args.storage && { ...args.storage, mountPath: args.storage.mountPath ?? AGENT_DEFAULTS.mountPath },
    runAsUser: args.runAsUser ?? AGENT_DEFAULTS.runAsUser,
    // The gateway accepts only its own audience; the fleet rejects a tokenAudience that says otherwise.
    tokenAudience: gateway?.audience ?? args.tokenAudience ?? AGENT_DEFAULTS.tokenAudience,
    acceptsFrom: resolveRefs(args.acceptsFrom, args.namespace),
    delegatesTo: resolveRefs(args.delegatesTo, args.namespace),
    tools: args.tools ?? [],
    egress: args.egress ?? [],
    egressHosts: (args.egress ?? []).map(parseEgressHost),
    unsafeWildcardEgressReason: args.unsafeWildcardEgress?.reason,
    cloudPermissions: args.cloudPermissions ?? [],
    unsafeBroadCloudPermissionsReason: args.unsafeBroadCloudPermissions?.reason,
    gpu: gpu && {
      resourceName: gpu.resourceName ?? DEFAULT_GPU_RESOURCE,
      nodeSelector: gpu.nodeSelector ?? {},
      tolerations: gpu.tolerations ?? DEFAULT_GPU_TOLERATIONS,
    },
    serviceAccountAnnotations: args.platform?.serviceAccountAnnotations ?? {},
    podLabels: args.platform?.podLabels ?? {},
    apiServer: resolveApiServer(args.platform?.apiServer),
    apiServerByFabric: args.platform?.apiServerByFabric ?? false,
    identityEndpoints: (args.platform?.identityEndpoints ?? []).map((e) => ({ address: e.address, port: e.port })),
    ...(gateway && { gateway: { namespace: gateway.namespace, name: gateway.name, port: gateway.port, audience: gateway.audience } }),
    ...(args.metrics && { metrics: { port: args.metrics.port, path: args.metrics.path ?? AGENT_DEFAULTS.metricsPath } }),
    ...(monitoring && { monitoring: { namespace: monitoring.namespace, podSelector: { ...monitoring.podSelector } } }),
  };
}

/** Whether the fleet's Prometheus scrapes the agent: it declares `metrics` and the platform has monitoring. */
export function scrapedByMonitoring(agent: Pick<ResolvedAgent, "metrics" | "monitoring">): boolean {
  return agent.metrics !== undefined && agent.monitoring !== undefined;
}

/** Whether the agent calls tools through the gateway: it has tool grants. */
export function callsTools(agent: Pick<ResolvedAgent, "tools">): boolean {
  return agent.tools.length > 0;
}

/** Whether the agent calls agents through the gateway: it delegates to an agent that is not a `sandbox-pool`. */
export function callsAgents(agent: Pick<ResolvedAgent, "delegatesTo">): boolean {
  return agent.delegatesTo.some((ref) => !ref.sandboxPool);
}

/** Whether the agent reaches the gateway: there is one, and the agent has tool grants or non-pool delegates. */
export function reachesGateway(agent: Pick<ResolvedAgent, "gateway" | "tools" | "delegatesTo">): boolean {
  return agent.gateway !== undefined && (callsTools(agent) || callsAgents(agent));
}

/**
 * Whether the gateway forwards A2A calls to the agent: there is one, the agent has callers, and it is not a
 * `sandbox-pool` (a pool's sandboxes are claimed, then called directly).
 */
export function calledThroughGateway(agent: Pick<ResolvedAgent, "gateway" | "acceptsFrom" | "workload">): boolean {
  return agent.gateway !== undefined && agent.acceptsFrom.length > 0 && agent.workload !== "sandbox-pool";
}
