import type { Toleration } from "kubernetes-types/core/v1";
import { DEFAULT_GPU_RESOURCE, type Intent, type SandboxRuntime, type WorkloadKind } from "../../vocabulary";
import { resolveApiServer, type ApiServerEndpoint } from "../network";
import type { AgentArgs, AgentReference, CloudPermission, ToolGrant } from "./spec";

/** An Agent declaration with every default applied. Built only from args that passed validation. */
export interface ResolvedAgent {
  name: string;
  namespace: string;
  image: string;
  command?: string[];
  args?: string[];
  env: Record<string, string>;
  port: number;
  workload: WorkloadKind;
  replicas: number;
  warmPool: number;
  sandbox: SandboxRuntime | "none";
  unsafeNoSandboxReason?: string;
  intent: Intent;
  requests: { cpu: string; memory: string; ephemeralStorage: string; gpu: number };
  limits: { cpu: string; memory: string };
  storage?: { size: string; storageClassName?: string; mountPath: string };
  runAsUser: number;
  tokenAudience: string;
  acceptsFrom: Required<AgentReference>[];
  delegatesTo: Required<AgentReference>[];
  tools: ToolGrant[];
  egress: string[];
  cloudPermissions: CloudPermission[];
  gpu?: { resourceName: string; nodeSelector: Record<string, string>; tolerations: Toleration[] };
  serviceAccountAnnotations: Record<string, string>;
  podLabels: Record<string, string>;
  apiServer: Required<ApiServerEndpoint>;
}

export const AGENT_DEFAULTS = {
  port: 8080,
  cpu: "500m",
  memory: "512Mi",
  ephemeralStorage: "1Gi",
  runAsUser: 65532,
  tokenAudience: "agentcloud",
  mountPath: "/data",
} as const;

const DEFAULT_GPU_TOLERATIONS: Toleration[] = [{ key: "nvidia.com/gpu", operator: "Exists", effect: "NoSchedule" }];

function resolveRefs(refs: AgentReference[] | undefined, namespace: string): Required<AgentReference>[] {
  return (refs ?? []).map((r) => ({ agent: r.agent, namespace: r.namespace ?? namespace, port: r.port ?? AGENT_DEFAULTS.port, sandboxPool: r.sandboxPool ?? false }));
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
    tokenAudience: args.tokenAudience ?? AGENT_DEFAULTS.tokenAudience,
    acceptsFrom: resolveRefs(args.acceptsFrom, args.namespace),
    delegatesTo: resolveRefs(args.delegatesTo, args.namespace),
    tools: args.tools ?? [],
    egress: args.egress ?? [],
    cloudPermissions: args.cloudPermissions ?? [],
    gpu: gpu && {
      resourceName: gpu.resourceName ?? DEFAULT_GPU_RESOURCE,
      nodeSelector: gpu.nodeSelector ?? {},
      tolerations: gpu.tolerations ?? DEFAULT_GPU_TOLERATIONS,
    },
    serviceAccountAnnotations: args.platform?.serviceAccountAnnotations ?? {},
    podLabels: args.platform?.podLabels ?? {},
    apiServer: resolveApiServer(args.platform?.apiServer),
  };
}
