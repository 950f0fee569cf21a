import type { LimitRange, Namespace, ResourceQuota } from "kubernetes-types/core/v1";
import type { NetworkPolicy } from "kubernetes-types/networking/v1";
import { ANNOTATIONS, LABELS } from "../../vocabulary";
import { POD_SECURITY_LABELS, standardLabels } from "../labels";
import { dnsEgressRule } from "../network/cluster-endpoints";
import type { BuiltObject } from "../objects";
import { resolveAgentNamespace } from "./resolve";
import type { AgentNamespaceSpec, ContainerResources, NamespaceNetworkFabric } from "./spec";

export { POD_SECURITY_LABELS } from "../labels";

/** Names of the objects inside the namespace. */
export const AGENT_NAMESPACE_OBJECTS = {
  /** The default-deny NetworkPolicy. */
  networkPolicy: "default-deny",
  /** The ResourceQuota. */
  quota: "agent-quota",
  /** The LimitRange. */
  limits: "agent-limits",
} as const;

// Config may hand quantities as numbers, which the checks accept; the API wants strings.
function quantities(r: Required<ContainerResources>): Record<string, string> {
  return { cpu: String(r.cpu), memory: String(r.memory) };
}

/** The namespace's annotations naming its network fabric, its encryption and, when set, the fabric's opt-out reason. */
export function networkFabricAnnotations(fabric: NamespaceNetworkFabric): Record<string, string> {
  return {
    [ANNOTATIONS.networkFabric]: fabric.kind,
    [ANNOTATIONS.networkEncryption]: fabric.enforcement.encryption,
    ...(fabric.unsafeReason !== undefined && { [ANNOTATIONS.unsafeNetworkFabric]: fabric.unsafeReason }),
  };
}

/**
 * The tenant: a Namespace enforcing the `restricted` Pod Security Standard, a default-deny NetworkPolicy that lets
 * pods reach only DNS, a ResourceQuota (CPU, memory, pods, GPUs) and a LimitRange giving containers defaults so pods
 * without resources still pass the quota. The objects inside the namespace wait for it.
 */
export function buildAgentNamespace(
  spec: AgentNamespaceSpec,
): [BuiltObject<Namespace>, BuiltObject<NetworkPolicy>, BuiltObject<ResourceQuota>, BuiltObject<LimitRange>] {
  const { quota, limits } = resolveAgentNamespace(spec);
  const namespace = spec.namespace;
  const meta = (name: string, component: string) => ({ name, namespace, labels: standardLabels(name, component) });
  return [
    {
      role: "namespace",
      object: {
        apiVersion: "v1",
        kind: "Namespace",
        metadata: {
          name: namespace,
          labels: {
            ...standardLabels(namespace, "agent-namespace"),
            ...POD_SECURITY_LABELS,
            [LABELS.tenant]: namespace,
            [LABELS.owner]: spec.owner,
            [LABELS.costCentre]: spec.costCentre,
          },
          ...(spec.networkFabric && { annotations: networkFabricAnnotations(spec.networkFabric) }),
        },
      },
    },
    {
      role: "default-deny",
      dependsOn: ["namespace"],
      object: {
        apiVersion: "networking.k8s.io/v1",
        kind: "NetworkPolicy",
        metadata: meta(AGENT_NAMESPACE_OBJECTS.networkPolicy, "network-policy"),
        spec: {
          podSelector: {},
          policyTypes: ["Ingress", "Egress"],
          egress: [dnsEgressRule(spec.dns)],
        },
      },
    },
    {
      role: "quota",
      dependsOn: ["namespace"],
      object: {
        apiVersion: "v1",
        kind: "ResourceQuota",
        metadata: meta(AGENT_NAMESPACE_OBJECTS.quota, "resource-quota"),
        spec: {
          hard: {
            "requests.cpu": String(quota.cpu),
            "limits.cpu": String(quota.cpu),
            "requests.memory": String(quota.memory),
            "limits.memory": String(quota.memory),
            pods: String(quota.pods),
            // Extended resources are quota'd on requests only (requests equal limits for them).
            [`requests.${quota.gpuResource}`]: String(quota.gpu),
          },
        },
      },
    },
    {
      role: "limits",
      dependsOn: ["namespace"],
      object: {
        apiVersion: "v1",
        kind: "LimitRange",
        metadata: meta(AGENT_NAMESPACE_OBJECTS.limits, "limit-range"),
        spec: {
          limits: [
            {
              type: "Container",
              default: quantities(limits.default),
              defaultRequest: quantities(limits.defaultRequest),
              max: quantities(limits.max),
            },
          ],
        },
      },
    },
  ];
}
