import type { LimitRange, Namespace, ResourceQuota } from "kubernetes-types/core/v1";
import type { NetworkPolicy } from "kubernetes-types/networking/v1";
import { checkDnsLabel, checkExtendedResourceName, checkLabelValue } from "../../validation/names";
import type { ValidationProblem } from "../../validation/problems";
import { checkNotAbove, checkPositiveQuantity } from "../../validation/quantities";
import { checkInteger } from "../../validation/values";
import { DEFAULT_GPU_RESOURCE, LABELS } from "../../vocabulary";
import { POD_SECURITY_LABELS, standardLabels } from "../labels";
import { dnsEgressRule, validateClusterDns, type ClusterDns } from "../network";

/** CPU and memory of one container. */
export interface ContainerResources {
  /** CPU quantity, e.g. `"500m"`. @default - per field of {@link ContainerLimits} */
  cpu?: string;
  /** Memory quantity, e.g. `"1Gi"`. @default - per field of {@link ContainerLimits} */
  memory?: string;
}

/** Container defaults and ceiling of the namespace's LimitRange; each field given replaces that default. */
export interface ContainerLimits {
  /** Limits given to containers that set none. @default { cpu: "1", memory: "2Gi" } */
  default?: ContainerResources;
  /** Requests given to containers that set none. @default { cpu: "250m", memory: "512Mi" } */
  defaultRequest?: ContainerResources;
  /** Largest limits any one container may set. @default { cpu: "8", memory: "32Gi" } */
  max?: ContainerResources;
}

/** The namespace's ResourceQuota. */
export interface NamespaceQuota {
  /** Cap on the sum of CPU requests, and of CPU limits, of all pods. @default "16" */
  cpu?: string;
  /** Cap on the sum of memory requests, and of memory limits, of all pods. @default "64Gi" */
  memory?: string;
  /** Most pods at once. @default 50 */
  pods?: number;
  /** Most GPUs requested at once (whole GPUs or time-sliced shares); 0 keeps the tenant off GPUs. @default 0 */
  gpu?: number;
  /** Extended resource name of a GPU. @default "nvidia.com/gpu" (`DEFAULT_GPU_RESOURCE`) */
  gpuResource?: string;
}

/** A tenant namespace for agents. */
export interface AgentNamespaceSpec {
  /** Namespace name (DNS label); also the tenant name. */
  namespace: string;
  /** Team or person owning the tenant (label value). */
  owner: string;
  /** Cost centre charged for the tenant (label value). */
  costCentre: string;
  /** ResourceQuota of the namespace. @default { cpu: "16", memory: "64Gi", pods: 50, gpu: 0, gpuResource: "nvidia.com/gpu" } */
  quota?: NamespaceQuota;
  /** LimitRange of the namespace's containers. @default - see {@link ContainerLimits} */
  limits?: ContainerLimits;
  /**
   * DNS servers agents may reach (port 53 only): a platform input, see `DNS_PRESETS` and `PLATFORM_DNS`.
   * @default - kube-dns in kube-system (`DEFAULT_CLUSTER_DNS`)
   */
  dns?: ClusterDns;
}

/** The tenant quota when `quota` leaves a field out. */
export const DEFAULT_TENANT_QUOTA: Readonly<Required<NamespaceQuota>> = { cpu: "16", memory: "64Gi", pods: 50, gpu: 0, gpuResource: DEFAULT_GPU_RESOURCE };
/** The LimitRange's per-container defaults and maximum when `containerLimits` leaves a field out. */
export const DEFAULT_CONTAINER_LIMITS: Readonly<Record<keyof ContainerLimits, Required<ContainerResources>>> = {
  default: { cpu: "1", memory: "2Gi" },
  defaultRequest: { cpu: "250m", memory: "512Mi" },
  max: { cpu: "8", memory: "32Gi" },
};
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

const KINDS = ["default", "defaultRequest", "max"] as const;
const RESOURCES = ["cpu", "memory"] as const;

function resolved(spec: AgentNamespaceSpec) {
  const limits = Object.fromEntries(KINDS.map((k) => [k, { ...DEFAULT_CONTAINER_LIMITS[k], ...spec.limits?.[k] }])) as Record<keyof ContainerLimits, Required<ContainerResources>>;
  return {
    quota: { ...DEFAULT_TENANT_QUOTA, ...spec.quota },
    limits,
  };
}

// Config may hand quantities as numbers, which the checks accept; the API wants strings.
function quantities(r: Required<ContainerResources>): Record<string, string> {
  return { cpu: String(r.cpu), memory: String(r.memory) };
}

/** Every problem with an AgentNamespace spec. */
export function validateAgentNamespaceSpec(spec: AgentNamespaceSpec): ValidationProblem[] {
  const { quota, limits } = resolved(spec);
  const problems: ValidationProblem[] = [
    ...checkDnsLabel("namespace", spec.namespace),
  ];
  for (const [argument, value] of [["owner", spec.owner], ["costCentre", spec.costCentre]] as const) {
    if (value === undefined || value === "") {
      problems.push({ argument, value, problem: "is required", fix: `set ${argument} to a label value like "platform-team"` });
    } else problems.push(...checkLabelValue(argument, value));
  }
  problems.push(
    ...checkPositiveQuantity("quota.cpu", quota.cpu, "16"),
    ...checkPositiveQuantity("quota.memory", quota.memory, "64Gi"),
    ...checkInteger("quota.pods", quota.pods, 1),
    ...checkInteger("quota.gpu", quota.gpu, 0),
  );
  problems.push(...checkExtendedResourceName("quota.gpuResource", quota.gpuResource));
  for (const kind of KINDS) {
    problems.push(
      ...checkPositiveQuantity(`limits.${kind}.cpu`, limits[kind].cpu, DEFAULT_CONTAINER_LIMITS[kind].cpu),
      ...checkPositiveQuantity(`limits.${kind}.memory`, limits[kind].memory, DEFAULT_CONTAINER_LIMITS[kind].memory),
    );
  }
  // Ordering, so that a container without resources is admitted by the LimitRange and fits the quota.
  for (const r of RESOURCES) {
    const [request, limit, max] = (["defaultRequest", "default", "max"] as const).map((k) => ({ argument: `limits.${k}.${r}`, value: limits[k][r] }));
    problems.push(
      ...checkNotAbove(request, limit),
      ...checkNotAbove(limit, max),
      ...checkNotAbove(limit, { argument: `quota.${r}`, value: quota[r] }, "or a container without resources never fits the quota"),
    );
  }
  problems.push(...validateClusterDns("dns", spec.dns));
  return problems;
}

/**
 * The tenant: a Namespace enforcing the `restricted` Pod Security Standard, a default-deny NetworkPolicy that lets
 * pods reach only DNS, a ResourceQuota (CPU, memory, pods, GPUs) and a LimitRange giving containers defaults so pods
 * without resources still pass the quota.
 */
export function buildAgentNamespace(spec: AgentNamespaceSpec): [Namespace, NetworkPolicy, ResourceQuota, LimitRange] {
  const { quota, limits } = resolved(spec);
  const namespace = spec.namespace;
  const meta = (name: string, component: string) => ({ name, namespace, labels: standardLabels(name, component) });
  return [
    {
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
      },
    },
    {
      apiVersion: "networking.k8s.io/v1",
      kind: "NetworkPolicy",
      metadata: meta(AGENT_NAMESPACE_OBJECTS.networkPolicy, "network-policy"),
      spec: {
        podSelector: {},
        policyTypes: ["Ingress", "Egress"],
        egress: [dnsEgressRule(spec.dns)],
      },
    },
    {
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
    {
      apiVersion: "v1",
      kind: "LimitRange",
      metadata: meta(AGENT_NAMESPACE_OBJECTS.limits, "limit-range"),
      spec: {
        limits: [{
          type: "Container",
          default: quantities(limits.default),
          defaultRequest: quantities(limits.defaultRequest),
          max: quantities(limits.max),
        }],
      },
    },
  ];
}
