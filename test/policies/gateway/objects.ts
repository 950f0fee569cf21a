/** The MCP gateway's objects as the engine hands their inputs to policies, and agents that declare tools. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import Ajv2020 from "ajv/dist/2020";
import { stringify } from "yaml";
import type { Registration } from "../../../cli/mock-runtime";
import { buildMcpGateway } from "../../../components/kubernetes/mcp-gateway/build";
import { buildGatewayConfig } from "../../../components/kubernetes/mcp-gateway/config";
import { resolveMcpGateway } from "../../../components/kubernetes/mcp-gateway/resolve";
import { IN_CLUSTER_TOKEN_ISSUER, type McpGatewayArgs } from "../../../components/kubernetes/mcp-gateway/spec";
import { UPSTREAM_DIR } from "../../helpers/schema";
import { agentTemplate, registration, workload, type PodTemplateInput } from "../helpers";

export const GATEWAY_NS = "agentcloud-gateway";
const LABELS = {
  "app.kubernetes.io/name": "mcp-gateway",
  "app.kubernetes.io/component": "mcp-gateway",
  "app.kubernetes.io/managed-by": "agentcloud",
};
const POD_LABELS = { "app.kubernetes.io/name": "mcp-gateway", "app.kubernetes.io/component": "mcp-gateway" };

/** The reference fleet's gateway: an in-cluster and a remote server, two callers, one A2A callee. */
export const GATEWAY_ARGS: McpGatewayArgs = {
  servers: [
    {
      name: "web-search",
      service: { name: "web-search", namespace: "tools", port: 8080, podSelector: { "app.kubernetes.io/name": "web-search" } },
      tools: ["search", "fetch"],
    },
    { name: "deepwiki", url: "https://mcp.deepwiki.com/mcp", tools: ["ask_question"] },
  ],
  grants: [
    { namespace: "research", serviceAccount: "research-assistant", tools: [{ server: "web-search", tools: ["search", "fetch"] }] },
    { namespace: "research", serviceAccount: "memory-keeper", tools: [{ server: "deepwiki", tools: ["ask_question"] }] },
  ],
  peers: [
    {
      namespace: "research",
      agent: "research-assistant",
      port: 8080,
      callers: [{ namespace: "research", serviceAccount: "memory-keeper" }],
    },
  ],
  authentication: { issuer: IN_CLUSTER_TOKEN_ISSUER },
  network: { kind: "cilium", fqdnEgress: true },
};

/** The config agentcloud generates for {@link GATEWAY_ARGS}, as a fresh plain object to change. */
export function fleetConfig(): Record<string, unknown> {
  return JSON.parse(JSON.stringify(buildGatewayConfig(resolveMcpGateway(GATEWAY_ARGS)))) as Record<string, unknown>;
}

/** Every object McpGateway builds for {@link GATEWAY_ARGS}, registered as the Pulumi component registers them. */
export function builtGateway(): Registration[] {
  return buildMcpGateway(resolveMcpGateway(GATEWAY_ARGS)).map(({ role, object }) => {
    const apiVersion = object.apiVersion === "v1" ? "core/v1" : object.apiVersion;
    return registration(`kubernetes:${apiVersion}:${object.kind}`, `mcp-gateway-${role}`, object as unknown as Record<string, unknown>);
  });
}

/** The policies of the config's route `index` on its only listener. */
export function routePolicies(config: Record<string, unknown>, index: number): Record<string, unknown> {
  const binds = config.binds as { listeners: { routes: { policies: Record<string, unknown> }[] }[] }[];
  return binds[0].listeners[0].routes[index].policies;
}

const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
const validateConfig = ajv.compile(
  JSON.parse(readFileSync(join(UPSTREAM_DIR, "agentgateway/v1.4.1/schema/config.json"), "utf8")) as object,
);

/** Schema errors of a config against agentgateway v1.4.1's config.json (draft 2020-12). */
export function configSchemaErrors(config: unknown): string[] {
  return validateConfig(config) ? [] : (validateConfig.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ""}`);
}

/** The gateway's config ConfigMap holding `config` (an object is written as YAML, as agentcloud does; a string as is). */
export function configMap(config: Record<string, unknown> | string, name = "mcp-gateway", labels: Record<string, string> = LABELS) {
  const data = { "agentgateway.yaml": typeof config === "string" ? config : stringify(config, { lineWidth: 0 }) };
  return registration("kubernetes:core/v1:ConfigMap", `res-${name}`, {
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: { name, namespace: GATEWAY_NS, labels },
    data,
  });
}

/** The gateway's pod template, hardened as McpGateway renders it. */
export function gatewayTemplate(): PodTemplateInput {
  return {
    metadata: { labels: { ...POD_LABELS } },
    spec: {
      serviceAccountName: "mcp-gateway",
      automountServiceAccountToken: false,
      securityContext: { runAsNonRoot: true, runAsUser: 65532, seccompProfile: { type: "RuntimeDefault" } },
      containers: [
        {
          name: "agentgateway",
          image: "cr.agentgateway.dev/agentgateway:v1.4.1",
          args: ["-f", "/config/config.yaml"],
          ports: [{ name: "http", containerPort: 8080 }],
          resources: { requests: { cpu: "500m", memory: "256Mi" }, limits: { cpu: "500m", memory: "256Mi" } },
          securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] } },
        },
      ],
    },
  };
}

/** The gateway's Deployment (2 replicas), its template changed by `mutate`. */
export function gatewayDeployment(mutate?: (template: PodTemplateInput, spec: Record<string, unknown>) => void): Registration {
  const template = gatewayTemplate();
  const spec: Record<string, unknown> = { replicas: 2, selector: { matchLabels: { ...POD_LABELS } }, template };
  mutate?.(template, spec);
  return registration("kubernetes:apps/v1:Deployment", "res-mcp-gateway", {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "mcp-gateway", namespace: GATEWAY_NS, labels: LABELS },
    spec,
  });
}

/** The gateway's ClusterIP Service, its spec changed by `mutate`. */
export function gatewayService(mutate?: (spec: Record<string, unknown>) => void, name = "mcp-gateway"): Registration {
  const spec: Record<string, unknown> = {
    type: "ClusterIP",
    selector: { ...POD_LABELS },
    ports: [{ name: "http", port: 8080, targetPort: 8080, protocol: "TCP" }],
  };
  mutate?.(spec);
  return registration("kubernetes:core/v1:Service", `res-${name}`, {
    apiVersion: "v1",
    kind: "Service",
    metadata: { name, namespace: GATEWAY_NS, labels: LABELS },
    spec,
  });
}

/** A PodDisruptionBudget in the gateway's namespace (default: minAvailable 1 over the gateway's pods). */
export function gatewayPdb(
  spec: Record<string, unknown> = { minAvailable: 1, selector: { matchLabels: { ...POD_LABELS } } },
  namespace = GATEWAY_NS,
) {
  return registration("kubernetes:policy/v1:PodDisruptionBudget", "res-mcp-gateway-pdb", {
    apiVersion: "policy/v1",
    kind: "PodDisruptionBudget",
    metadata: { name: "mcp-gateway", namespace, labels: LABELS },
    spec,
  });
}

/** The gateway's ServiceAccount, without token automount unless told. */
export function gatewayServiceAccount(automount = false): Registration {
  return registration("kubernetes:core/v1:ServiceAccount", "res-mcp-gateway-sa", {
    apiVersion: "v1",
    kind: "ServiceAccount",
    metadata: { name: "mcp-gateway", namespace: GATEWAY_NS, labels: LABELS },
    automountServiceAccountToken: automount,
  });
}

/** Every object of a compliant gateway. */
export function gateway(): Registration[] {
  return [gatewayServiceAccount(), configMap(fleetConfig()), gatewayDeployment(), gatewayService(), gatewayPdb()];
}

const MCP_URL = "http://mcp-gateway.agentcloud-gateway.svc.cluster.local:8080/mcp";

/** An agent Deployment declaring `tools` (as agentcloud's declaration annotation), with AGENTCLOUD_MCP_URL unless told. */
export function toolAgent(
  name: string,
  tools: { server: string; tools: string[] }[] = [{ server: "web-search", tools: ["search"] }],
  mcpUrl = true,
): Registration {
  const template = agentTemplate((t) => {
    t.metadata.annotations = { "agentcloud.dev/declaration": JSON.stringify({ tools, delegatesTo: [], egress: [], cloudPermissions: [] }) };
    t.spec.containers[0].env = [
      { name: "AGENTCLOUD_AGENT_NAME", value: name },
      { name: "AGENTCLOUD_TOKEN_FILE", value: "/var/run/secrets/agentcloud/token" },
      ...(mcpUrl ? [{ name: "AGENTCLOUD_MCP_URL", value: MCP_URL }] : []),
    ];
  }, name);
  return workload("Deployment", name, template, "apps/v1", "research");
}
