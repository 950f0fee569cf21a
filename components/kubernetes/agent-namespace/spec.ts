import { DEFAULT_GPU_RESOURCE } from "../../vocabulary";
import type { ClusterDns } from "../network/cluster-endpoints";
import type { NetworkFabric } from "../network/fabric";

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
  /**
   * The network fabric enforcing the tenant's agents' rules, recorded on the namespace as annotations
   * (`agentcloud.dev/network-fabric`, `agentcloud.dev/network-encryption`, and `agentcloud.dev/unsafe-network-fabric`
   * with the fabric's stated reason when it lacks FQDN egress or encryption), for policies and reviewers. Pass the
   * fabric itself; `AgentCloud` does.
   * @default - no annotations: the namespace states no fabric
   */
  networkFabric?: NamespaceNetworkFabric;
}

/** What a tenant namespace records of its network fabric: a `NetworkFabric` fits. */
export type NamespaceNetworkFabric = Pick<NetworkFabric, "kind" | "unsafeReason"> & {
  /** What the fabric enforces; only `encryption` is recorded. */
  readonly enforcement: Pick<NetworkFabric["enforcement"], "encryption">;
};

/** The tenant quota when `quota` leaves a field out. */
export const DEFAULT_TENANT_QUOTA: Readonly<Required<NamespaceQuota>> = {
  cpu: "16",
  memory: "64Gi",
  pods: 50,
  gpu: 0,
  gpuResource: DEFAULT_GPU_RESOURCE,
};
/** The LimitRange's per-container defaults and maximum when `containerLimits` leaves a field out. */
export const DEFAULT_CONTAINER_LIMITS: Readonly<Record<keyof ContainerLimits, Required<ContainerResources>>> = {
  default: { cpu: "1", memory: "2Gi" },
  defaultRequest: { cpu: "250m", memory: "512Mi" },
  max: { cpu: "8", memory: "32Gi" },
};
