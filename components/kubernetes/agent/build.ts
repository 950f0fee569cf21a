import type { Deployment, StatefulSet } from "kubernetes-types/apps/v1";
import type { Service, ServiceAccount } from "kubernetes-types/core/v1";
import type { NetworkPolicy, NetworkPolicyEgressRule, NetworkPolicyIngressRule, NetworkPolicyPeer } from "kubernetes-types/networking/v1";
import type { PodDisruptionBudget } from "kubernetes-types/policy/v1";
import { buildSandboxTemplate, buildSandboxWarmPool } from "../agent-sandbox/templates";
import { identityEndpointEgressRules } from "../network/cluster-endpoints";
import { gatewayPodSelector, type GatewayEndpoint } from "../mcp-gateway/endpoint";
import type { BuiltObject } from "../objects";
import { apiServerEgress, buildClaimPolicy, buildClaimRbac, claimsSandboxes, withSandboxClaimAccess } from "./delegation";
import { agentAnnotations, agentLabels, agentSelector, buildAgentPodTemplate } from "./pod";
import type { MonitoringEndpoint } from "../observability/endpoint";
import { calledThroughGateway, reachesGateway, scrapedByMonitoring, type ResolvedAgent } from "./resolve";

function meta(agent: ResolvedAgent, name = agent.name) {
  return { name, namespace: agent.namespace, labels: agentLabels(agent) };
}

function serviceAccount(agent: ResolvedAgent): ServiceAccount {
  const metadata = meta(agent);
  return {
    apiVersion: "v1",
    kind: "ServiceAccount",
    metadata:
      Object.keys(agent.serviceAccountAnnotations).length > 0
        ? { ...metadata, annotations: { ...agent.serviceAccountAnnotations } }
        : metadata,
    automountServiceAccountToken: false,
  };
}

function service(agent: ResolvedAgent, headless: boolean): Service {
  return {
    apiVersion: "v1",
    kind: "Service",
    metadata: meta(agent),
    spec: {
      ...(headless && { clusterIP: "None" }),
      selector: agentSelector(agent),
      ports: [{ name: "http", port: agent.port, targetPort: "http", protocol: "TCP" }],
    },
  };
}

function deployment(agent: ResolvedAgent): Deployment {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { ...meta(agent), annotations: agentAnnotations(agent) },
    spec: {
      replicas: agent.replicas,
      selector: { matchLabels: agentSelector(agent) },
      strategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } },
      template: podTemplate(agent),
    },
  };
}

function statefulSet(agent: ResolvedAgent): StatefulSet {
  const storage = agent.storage!;
  return {
    apiVersion: "apps/v1",
    kind: "StatefulSet",
    metadata: { ...meta(agent), annotations: agentAnnotations(agent) },
    spec: {
      replicas: agent.replicas,
      serviceName: agent.name,
      selector: { matchLabels: agentSelector(agent) },
      podManagementPolicy: "OrderedReady",
      updateStrategy: { type: "RollingUpdate" },
      persistentVolumeClaimRetentionPolicy: { whenDeleted: "Retain", whenScaled: "Retain" },
      template: podTemplate(agent),
      volumeClaimTemplates: [
        {
          metadata: { name: "data", labels: agentSelector(agent) },
          spec: {
            accessModes: ["ReadWriteOnce"],
            ...(storage.storageClassName && { storageClassName: storage.storageClassName }),
            resources: { requests: { storage: storage.size } },
          },
        },
      ],
    },
  };
}

function disruptionBudget(agent: ResolvedAgent): PodDisruptionBudget {
  return {
    apiVersion: "policy/v1",
    kind: "PodDisruptionBudget",
    metadata: meta(agent),
    spec: { maxUnavailable: 1, selector: { matchLabels: agentSelector(agent) } },
  };
}

function peer(ref: { agent: string; namespace: string }): NetworkPolicyPeer {
  return {
    namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": ref.namespace } },
    podSelector: { matchLabels: agentSelector({ name: ref.agent }) },
  };
}

/** The gateway's pods: its namespace by name, its pod labels. */
function gatewayPeer(gateway: GatewayEndpoint): NetworkPolicyPeer {
  return {
    namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": gateway.namespace } },
    podSelector: { matchLabels: gatewayPodSelector(gateway) },
  };
}

/** Egress to the gateway's pods on its port, for an agent with tool grants or non-pool delegates. */
function gatewayEgress(agent: ResolvedAgent): NetworkPolicyEgressRule[] {
  return reachesGateway(agent) ? [{ to: [gatewayPeer(agent.gateway!)], ports: [{ protocol: "TCP", port: agent.gateway!.port }] }] : [];
}

/** Ingress from the gateway's pods on the agent's port, for an agent (not a pool) the gateway forwards callers to. */
function gatewayIngress(agent: ResolvedAgent): NetworkPolicyIngressRule[] {
  return calledThroughGateway(agent) ? [{ from: [gatewayPeer(agent.gateway!)], ports: [{ protocol: "TCP", port: agent.port }] }] : [];
}

/** The Prometheus pods: the monitoring namespace by name, their pod labels. */
export function monitoringPeer(monitoring: MonitoringEndpoint): NetworkPolicyPeer {
  return {
    namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": monitoring.namespace } },
    podSelector: { matchLabels: { ...monitoring.podSelector } },
  };
}

/** Ingress from the Prometheus pods on the metrics port only, for an agent that declares `metrics`. */
function monitoringIngress(agent: ResolvedAgent): NetworkPolicyIngressRule[] {
  return scrapedByMonitoring(agent)
    ? [{ from: [monitoringPeer(agent.monitoring!)], ports: [{ protocol: "TCP", port: agent.metrics!.port }] }]
    : [];
}

/**
 * The agent's own NetworkPolicy: ingress only from `acceptsFrom` (and from the gateway, which forwards their A2A
 * calls; and from the fleet's Prometheus on the metrics port when the agent declares `metrics`), egress only to `delegatesTo`, to the gateway when it has tool grants or non-pool delegates, to the API
 * server when it claims sandboxes from a pool (unless the fabric admits it by identity), and to the identity endpoints
 * the platform needs. It adds to the namespace's default deny (which already allows DNS); with nothing declared the
 * agent is fully isolated. External hosts (`egress`) are the fabric's: a NetworkPolicy cannot name them.
 */
function networkPolicy(agent: ResolvedAgent): NetworkPolicy {
  return {
    apiVersion: "networking.k8s.io/v1",
    kind: "NetworkPolicy",
    metadata: meta(agent),
    spec: {
      podSelector: { matchLabels: agentSelector(agent) },
      policyTypes: ["Ingress", "Egress"],
      ingress: [
        ...(agent.acceptsFrom.length === 0 ? [] : [{ from: agent.acceptsFrom.map(peer), ports: [{ protocol: "TCP", port: agent.port }] }]),
        ...gatewayIngress(agent),
        ...monitoringIngress(agent),
      ],
      egress: [
        ...agent.delegatesTo.map((ref) => ({ to: [peer(ref)], ports: [{ protocol: "TCP", port: ref.port }] })),
        ...gatewayEgress(agent),
        ...(claimsSandboxes(agent) && !agent.apiServerByFabric ? [apiServerEgress(agent)] : []),
        ...identityEndpointEgressRules(agent.identityEndpoints),
      ],
    },
  };
}

/** The pod template of a workload: with an API token and its pools when the agent claims sandboxes. */
function podTemplate(agent: ResolvedAgent) {
  const template = buildAgentPodTemplate(agent);
  return claimsSandboxes(agent) ? withSandboxClaimAccess(template, agent) : template;
}

/** Every Kubernetes object of one agent, in apply order. Pure. */
export function buildAgent(agent: ResolvedAgent): BuiltObject[] {
  const objects: BuiltObject[] = [{ role: "service-account", object: serviceAccount(agent) }];
  switch (agent.workload) {
    case "deployment":
      objects.push({ role: "deployment", object: deployment(agent) }, { role: "service", object: service(agent, false) });
      break;
    case "statefulset":
      objects.push({ role: "service", object: service(agent, true) }, { role: "statefulset", object: statefulSet(agent) });
      break;
    case "sandbox-pool": {
      const template = podTemplate(agent);
      objects.push(
        {
          role: "sandbox-template",
          object: buildSandboxTemplate({
            name: agent.name,
            namespace: agent.namespace,
            labels: agentLabels(agent),
            annotations: agentAnnotations(agent),
            podTemplate: { metadata: template.metadata, spec: template.spec! },
          }),
        },
        {
          role: "warm-pool",
          object: buildSandboxWarmPool({
            name: agent.name,
            namespace: agent.namespace,
            labels: agentLabels(agent),
            templateName: agent.name,
            replicas: agent.warmPool,
          }),
        },
      );
      // Claims on the pool: RBAC for the agents it accepts, and an admission check that keeps every other
      // ServiceAccount (with claim rights on another pool in the namespace) off this one.
      if (agent.acceptsFrom.length > 0) {
        const [role, binding] = buildClaimRbac(agent);
        objects.push({ role: "claims-role", object: role }, { role: "claims-binding", object: binding });
      }
      const [policy, policyBinding] = buildClaimPolicy(agent);
      objects.push({ role: "claims-policy", object: policy }, { role: "claims-policy-binding", object: policyBinding });
      break;
    }
  }
  if (agent.workload !== "sandbox-pool" && agent.replicas > 1) objects.push({ role: "pdb", object: disruptionBudget(agent) });
  objects.push({ role: "network-policy", object: networkPolicy(agent) });
  return objects;
}
