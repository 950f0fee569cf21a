import type { Container, EnvVar, PodSpec, PodTemplateSpec } from "kubernetes-types/core/v1";
import { ANNOTATIONS, LABELS, priorityClassName } from "../../vocabulary";
import { standardLabels } from "../labels";
import { gatewayA2aUrl, gatewayMcpUrl } from "../mcp-gateway/endpoint";
import { callsAgents, callsTools, type ResolvedAgent } from "./resolve";

/** Where the projected ServiceAccount token is mounted. */
export const TOKEN_DIR = "/var/run/secrets/agentcloud";
const TOKEN_EXPIRY_SECONDS = 3600;

/** Environment variables agentcloud sets in the agent container (declared `env` names never start with `AGENTCLOUD_`). */
export const AGENT_ENV = {
  /** The agent's name. */
  agentName: "AGENTCLOUD_AGENT_NAME",
  /** Path of the projected ServiceAccount token (audience: the gateway's when there is one). */
  tokenFile: "AGENTCLOUD_TOKEN_FILE",
  /** The gateway's MCP URL; set for agents with tool grants when the platform has a gateway. */
  mcpUrl: "AGENTCLOUD_MCP_URL",
  /** The gateway's A2A base URL (append `/<namespace>/<agent>`); set for agents with non-pool delegates when the platform has a gateway. */
  a2aUrl: "AGENTCLOUD_A2A_URL",
} as const;

/**
 * agentcloud's own variables, in this order: `AGENTCLOUD_AGENT_NAME`, `AGENTCLOUD_TOKEN_FILE`, then with a gateway
 * `AGENTCLOUD_MCP_URL` (tool grants) and `AGENTCLOUD_A2A_URL` (non-pool delegates). The declared variables follow,
 * sorted by name, and `AGENTCLOUD_SANDBOX_POOLS` last for agents that claim sandboxes.
 */
export function agentcloudEnv(agent: ResolvedAgent): EnvVar[] {
  const env: EnvVar[] = [
    { name: AGENT_ENV.agentName, value: agent.name },
    { name: AGENT_ENV.tokenFile, value: `${TOKEN_DIR}/token` },
  ];
  if (agent.gateway && callsTools(agent)) env.push({ name: AGENT_ENV.mcpUrl, value: gatewayMcpUrl(agent.gateway) });
  if (agent.gateway && callsAgents(agent)) env.push({ name: AGENT_ENV.a2aUrl, value: gatewayA2aUrl(agent.gateway) });
  return env;
}

/** Labels that select an agent's pods (stable: they appear in selectors, which are immutable). */
export function agentSelector(agent: { name: string }): Record<string, string> {
  return { [LABELS.agent]: agent.name };
}

/** Labels on every object of an agent. */
export function agentLabels(agent: ResolvedAgent): Record<string, string> {
  return {
    ...standardLabels(agent.name, "agent"),
    ...agentSelector(agent),
    [LABELS.intent]: agent.intent,
    [LABELS.sandbox]: agent.sandbox,
  };
}

/** Annotations on an agent's workload and pods: the opt-outs and acknowledgements (if any) and the declaration later layers consume. */
export function agentAnnotations(agent: ResolvedAgent): Record<string, string> {
  const declaration = {
    tools: agent.tools,
    delegatesTo: agent.delegatesTo,
    egress: agent.egress,
    cloudPermissions: agent.cloudPermissions,
  };
  const annotations: Record<string, string> = { [ANNOTATIONS.declaration]: JSON.stringify(declaration) };
  if (agent.unsafeNoSandboxReason !== undefined) annotations[ANNOTATIONS.unsafeNoSandbox] = agent.unsafeNoSandboxReason;
  if (agent.unsafeBroadCloudPermissionsReason !== undefined) {
    annotations[ANNOTATIONS.unsafeBroadCloudPermissions] = agent.unsafeBroadCloudPermissionsReason;
  }
  if (agent.unsafeWildcardEgressReason !== undefined) annotations[ANNOTATIONS.unsafeWildcardEgress] = agent.unsafeWildcardEgressReason;
  return annotations;
}

/** The declared variables, sorted by name; Secret references become `valueFrom.secretKeyRef`. */
function declaredEnv(env: ResolvedAgent["env"]): EnvVar[] {
  return Object.keys(env)
    .sort()
    .map((name) => {
      const value = env[name];
      if (typeof value === "string") return { name, value };
      const { name: secret, key, optional } = value.secretKeyRef;
      return { name, valueFrom: { secretKeyRef: { name: secret, key, ...(optional !== undefined && { optional }) } } };
    });
}

function container(agent: ResolvedAgent): Container {
  const requests: Record<string, string> = {
    cpu: agent.requests.cpu,
    memory: agent.requests.memory,
    "ephemeral-storage": agent.requests.ephemeralStorage,
  };
  const limits: Record<string, string> = {
    cpu: agent.limits.cpu,
    memory: agent.limits.memory,
    "ephemeral-storage": agent.requests.ephemeralStorage,
  };
  if (agent.requests.gpu > 0 && agent.gpu) {
    // Extended resources must have requests equal to limits.
    requests[agent.gpu.resourceName] = String(agent.requests.gpu);
    limits[agent.gpu.resourceName] = String(agent.requests.gpu);
  }
  const env = [...agentcloudEnv(agent), ...declaredEnv(agent.env)];
  const volumeMounts = [
    { name: "tmp", mountPath: "/tmp" },
    { name: "agentcloud-token", mountPath: TOKEN_DIR, readOnly: true },
  ];
  if (agent.storage) volumeMounts.push({ name: "data", mountPath: agent.storage.mountPath });
  return {
    name: "agent",
    image: agent.image,
    ...(agent.command && { command: agent.command }),
    ...(agent.args && { args: agent.args }),
    env,
    ports: [
      { name: "http", containerPort: agent.port, protocol: "TCP" },
      ...(agent.metrics ? [{ name: "metrics", containerPort: agent.metrics.port, protocol: "TCP" }] : []),
    ],
    resources: { requests, limits },
    securityContext: {
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      runAsNonRoot: true,
      capabilities: { drop: ["ALL"] },
      seccompProfile: { type: "RuntimeDefault" },
    },
    volumeMounts,
  };
}

/** The pod spec of an agent: Pod Security `restricted`, sandboxed, no automounted token, its intent's priority. */
export function buildAgentPodSpec(agent: ResolvedAgent): PodSpec {
  const spec: PodSpec = {
    serviceAccountName: agent.name,
    automountServiceAccountToken: false,
    enableServiceLinks: false,
    priorityClassName: priorityClassName(agent.intent),
    securityContext: {
      runAsNonRoot: true,
      runAsUser: agent.runAsUser,
      runAsGroup: agent.runAsUser,
      fsGroup: agent.runAsUser,
      seccompProfile: { type: "RuntimeDefault" },
    },
    containers: [container(agent)],
    volumes: [
      { name: "tmp", emptyDir: { sizeLimit: agent.requests.ephemeralStorage } },
      {
        name: "agentcloud-token",
        projected: {
          sources: [{ serviceAccountToken: { audience: agent.tokenAudience, expirationSeconds: TOKEN_EXPIRY_SECONDS, path: "token" } }],
        },
      },
    ],
  };
  if (agent.sandbox !== "none") spec.runtimeClassName = agent.sandbox;
  if (agent.requests.gpu > 0 && agent.gpu) {
    // Sandbox node placement comes from the RuntimeClass's scheduling; GPU placement is added here.
    if (Object.keys(agent.gpu.nodeSelector).length > 0) spec.nodeSelector = { ...agent.gpu.nodeSelector };
    spec.tolerations = agent.gpu.tolerations;
  }
  return spec;
}

/** The pod template (labels, annotations, spec) shared by every workload kind. */
export function buildAgentPodTemplate(agent: ResolvedAgent): PodTemplateSpec & {
  /** Pod metadata, with labels always set. */
  metadata: {
    /** The agent's labels and the platform's pod labels (NetworkPolicies select on them). */
    labels: Record<string, string>;
  };
} {
  return {
    metadata: { labels: { ...agent.podLabels, ...agentLabels(agent) }, annotations: agentAnnotations(agent) },
    spec: buildAgentPodSpec(agent),
  };
}
