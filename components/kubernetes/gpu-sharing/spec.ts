import type { Toleration } from "kubernetes-types/core/v1";
import { GPU_TAINT_KEY } from "../../vocabulary";

/** Who runs the NVIDIA device plugin on a pool's nodes. */
export const GPU_DEVICE_PLUGIN_SOURCES = ["chart", "platform"] as const;
/** `chart`: `GpuSharing`'s nvidia-device-plugin release; `platform`: the node image's own (Bottlerocket, GKE). */
export type GpuDevicePluginSource = (typeof GPU_DEVICE_PLUGIN_SOURCES)[number];

/** How one GPU node pool shares its GPUs: NVIDIA time-slicing, configured per pool. */
export interface GpuPoolSharing {
  /**
   * The pool: the value of its nodes' `agentcloud.dev/gpu-pool` label, and the name of its device-plugin config (its
   * nodes carry `nvidia.com/device-plugin.config: <pool>`, the label the chart's config-manager reads). A DNS label,
   * not `default`.
   */
  pool: string;
  /**
   * Time-sliced shares per physical GPU (each advertised as one unit of the GPU resource); `1` shares nothing.
   * @default 4
   */
  replicas?: number;
  /**
   * Advertise shared GPUs as `nvidia.com/gpu.shared` instead of `nvidia.com/gpu`, so a pod asks for a share knowingly.
   * Every pool must agree (agents request one resource name). Needs `replicas` above 1.
   * @default false
   */
  renameByDefault?: boolean;
  /**
   * Who runs the device plugin on this pool's nodes: `chart` (this component's release) or `platform` (the node image
   * runs its own, configured with the same sharing: Bottlerocket's `settings.kubelet-device-plugins.nvidia`, GKE's
   * GPU sharing). The release's DaemonSet stays off `platform` pools.
   * @default "chart"
   */
  devicePlugin?: GpuDevicePluginSource;
}

/** Arguments of `GpuSharing`. */
export interface GpuSharingArgs {
  /** The GPU node pools and how each shares its GPUs. At least one. */
  pools: GpuPoolSharing[];
  /**
   * Namespace of the device plugin and the DCGM exporter (created; Pod Security `privileged` enforced, because the
   * device plugin mounts the kubelet's device-plugin directory from the host; `restricted` audited and warned).
   * @default "agentcloud-gpu"
   */
  namespace?: string;
  /**
   * Install the DCGM exporter on the GPU nodes (GPU metrics; `Observability` scrapes it through the `dcgm` output).
   * @default true
   */
  dcgmExporter?: boolean;
}

/** Namespace of the GPU components unless `namespace` says otherwise. */
export const DEFAULT_GPU_NAMESPACE = "agentcloud-gpu";
/** Time-sliced shares per GPU unless a pool says otherwise. */
export const DEFAULT_GPU_REPLICAS = 4;
/** Most shares per GPU a pool may ask for (a sanity bound: each share gets 1/replicas of the GPU's time). */
export const MAX_GPU_REPLICAS = 64;
/** The node label the device plugin's config-manager reads to pick a node's config (chart 0.20.0 `NODE_LABEL`). */
export const DEVICE_PLUGIN_CONFIG_LABEL = "nvidia.com/device-plugin.config";
/** The config a node without that label gets: whole GPUs, no sharing. Not a pool name. */
export const DEFAULT_DEVICE_PLUGIN_CONFIG = "default";
/** The resource a time-sliced GPU is advertised as with `renameByDefault` (NVIDIA: `<resource>.shared`). */
export const SHARED_GPU_RESOURCE = "nvidia.com/gpu.shared";
/** Helm release names. */
export const DEVICE_PLUGIN_RELEASE = "nvidia-device-plugin";
/** Helm release name of the DCGM exporter. */
export const DCGM_EXPORTER_RELEASE = "dcgm-exporter";
/** Pod labels of the DCGM exporter: those `Observability`'s PodMonitor selects (`DCGM_POD_SELECTOR`). */
export const DCGM_POD_LABELS: Readonly<Record<string, string>> = { app: "nvidia-dcgm-exporter" };

/** Toleration of the GPU nodes' taint (any value, `NoSchedule`): device plugin, DCGM exporter and GPU agents. */
export const GPU_TOLERATION: Readonly<Toleration> = { key: GPU_TAINT_KEY, operator: "Exists", effect: "NoSchedule" };
