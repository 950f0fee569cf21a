import type { Affinity, PodSecurityContext, ResourceRequirements, SecurityContext, Toleration } from "kubernetes-types/core/v1";
import { stringify } from "yaml";
import { DEFAULT_GPU_RESOURCE, GPU_NODE_LABEL, GPU_POOL_LABEL } from "../../vocabulary";
import type { ResolvedGpuPool, ResolvedGpuSharing } from "./resolve";
import { DCGM_POD_LABELS, DEFAULT_DEVICE_PLUGIN_CONFIG, GPU_TOLERATION } from "./spec";

/** The device plugin's config file (k8s-device-plugin `api/config/v1`), as `GpuSharing` writes one per pool. */
export interface DevicePluginConfig {
  /** Config API version. */
  version: "v1";
  /** Plugin flags. */
  flags: {
    /** No MIG partitioning (time-slicing shares whole GPUs). */
    migStrategy: "none";
  };
  /** Sharing of the GPUs, absent for whole GPUs. */
  sharing?: {
    /** Time-slicing. */
    timeSlicing: {
      /** Advertise shared GPUs as `<resource>.shared`. */
      renameByDefault: boolean;
      /** Refuse a request for more than one share: two shares of one GPU give no more GPU than one. */
      failRequestsGreaterThanOne: true;
      /** The resources to share and how many shares each GPU becomes. */
      resources: {
        /** The resource (`nvidia.com/gpu`). */
        name: string;
        /** Shares per GPU. */
        replicas: number;
      }[];
    };
  };
}

/** Values of the nvidia-device-plugin chart (0.20.0 keys) as {@link devicePluginValues} sets them. */
export interface DevicePluginValues {
  /** Named configs built into the chart's ConfigMap, and the one for nodes without a config label. */
  config: {
    /** Config name to YAML text: `default` plus one per pool. */
    map: Record<string, string>;
    /** The config of nodes without the label. */
    default: string;
  };
  /** Only GPU nodes of agentcloud's pools, and not pools whose platform runs its own plugin. */
  affinity: Affinity;
  /** Tolerates the GPU taint only (not the chart's default `CriticalAddonsOnly`). */
  tolerations: Toleration[];
  /** Pod security context. */
  podSecurityContext: PodSecurityContext;
  /** Container security context (the plugin and its config-manager sidecar). */
  securityContext: SecurityContext;
  /** The plugin container's resources. */
  resources: ResourceRequirements;
  /** GPU feature discovery stays off (the chart's default; it runs privileged). */
  gfd: {
    /** Run GFD. */
    enabled: false;
  };
}

/** Values of the dcgm-exporter chart (4.8.2 keys) as {@link dcgmExporterValues} sets them. */
export interface DcgmExporterValues {
  /** Pod labels `Observability`'s PodMonitor selects. */
  podLabels: Record<string, string>;
  /** The chart's ServiceMonitor is off: `Observability` scrapes the pods with its own PodMonitor. */
  serviceMonitor: {
    /** Render the ServiceMonitor. */
    enabled: false;
  };
  /** GPU nodes only. */
  nodeSelector: Record<string, string>;
  /** Tolerates the GPU taint. */
  tolerations: Toleration[];
  /** Pod security context. */
  podSecurityContext: PodSecurityContext;
  /** The exporter's resources. */
  resources: ResourceRequirements;
}

/** The config of one pool: whole GPUs with `replicas` 1, else time-slicing of `nvidia.com/gpu` into `replicas` shares. */
export function devicePluginConfig(pool?: ResolvedGpuPool): DevicePluginConfig {
  const config: DevicePluginConfig = { version: "v1", flags: { migStrategy: "none" } };
  if (pool && pool.replicas > 1) {
    config.sharing = {
      timeSlicing: {
        renameByDefault: pool.renameByDefault,
        failRequestsGreaterThanOne: true,
        resources: [{ name: DEFAULT_GPU_RESOURCE, replicas: pool.replicas }],
      },
    };
  }
  return config;
}

const SECCOMP_RUNTIME_DEFAULT: PodSecurityContext = { seccompProfile: { type: "RuntimeDefault" } };

/**
 * nvidia-device-plugin values: one named config per pool, picked on each node by its `nvidia.com/device-plugin.config`
 * label (the chart's config-manager, `config.map`/`config.default`), `default` (whole GPUs) elsewhere; the DaemonSet
 * on agentcloud's GPU nodes only, off `platform` pools, tolerating the GPU taint; no privilege escalation, no
 * capabilities (the chart's own default without MIG, made explicit), RuntimeDefault seccomp, bounded memory.
 */
export function devicePluginValues(r: ResolvedGpuSharing): DevicePluginValues {
  const platformPools = r.pools.filter((p) => p.devicePlugin === "platform").map((p) => p.pool);
  return {
    config: {
      map: {
        [DEFAULT_DEVICE_PLUGIN_CONFIG]: stringify(devicePluginConfig()),
        ...Object.fromEntries(r.pools.filter((p) => p.devicePlugin === "chart").map((p) => [p.pool, stringify(devicePluginConfig(p))])),
      },
      default: DEFAULT_DEVICE_PLUGIN_CONFIG,
    },
    affinity: {
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: [
            {
              matchExpressions: [
                { key: GPU_NODE_LABEL, operator: "In", values: ["true"] },
                ...(platformPools.length > 0 ? [{ key: GPU_POOL_LABEL, operator: "NotIn", values: platformPools }] : []),
              ],
            },
          ],
        },
      },
    },
    tolerations: [{ ...GPU_TOLERATION }],
    podSecurityContext: { ...SECCOMP_RUNTIME_DEFAULT },
    securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } },
    resources: { requests: { cpu: "50m", memory: "64Mi" }, limits: { memory: "256Mi" } },
    gfd: { enabled: false },
  };
}

/**
 * dcgm-exporter values: on every agentcloud GPU node (whoever runs its device plugin), tolerating the GPU taint,
 * labelled as `Observability`'s PodMonitor selects, without the chart's ServiceMonitor, RuntimeDefault seccomp, and
 * the chart's resources. The container keeps the chart's securityContext (root, every capability dropped but
 * `SYS_ADMIN`, which the default counters' `DCGM_FI_PROF_*` profiling metrics need, no privilege escalation).
 */
export function dcgmExporterValues(): DcgmExporterValues {
  return {
    podLabels: { ...DCGM_POD_LABELS },
    serviceMonitor: { enabled: false },
    nodeSelector: { [GPU_NODE_LABEL]: "true" },
    tolerations: [{ ...GPU_TOLERATION }],
    podSecurityContext: { ...SECCOMP_RUNTIME_DEFAULT },
    resources: { requests: { cpu: "100m", memory: "128Mi" }, limits: { cpu: "200m", memory: "512Mi" } },
  };
}
