/**
 * The shared vocabulary of agentcloud: label and annotation keys, well-known names and enums.
 * Builders, components and policies all speak it; it imports nothing.
 */

/** Label keys agentcloud puts on the objects it renders. Policies select on these. */
export const LABELS = {
  /** The agent a workload, ServiceAccount or policy belongs to. */
  agent: "agentcloud.dev/agent",
  /** Marks a namespace as an agent tenant namespace (value: tenant name). */
  tenant: "agentcloud.dev/tenant",
  /** Owner of a tenant namespace (a team or person, as a label value). */
  owner: "agentcloud.dev/owner",
  /** Cost centre charged for a tenant namespace. */
  costCentre: "agentcloud.dev/cost-centre",
  /** Scheduling intent of an agent: critical, standard or batch. */
  intent: "agentcloud.dev/intent",
  /** Sandbox runtime an agent runs under (`none` when opted out). */
  sandbox: "agentcloud.dev/sandbox",
  /** Standard Kubernetes recommended labels. */
  name: "app.kubernetes.io/name",
  /** Standard label: the object's role within the application (e.g. `controller`, `crd`). */
  component: "app.kubernetes.io/component",
  /** Standard label: the higher-level application the object is part of (`agentcloud`). */
  partOf: "app.kubernetes.io/part-of",
  /** Standard label: the tool managing the object (`agentcloud`). */
  managedBy: "app.kubernetes.io/managed-by",
} as const;

/** Annotation keys agentcloud puts on the objects it renders. */
export const ANNOTATIONS = {
  /** Present on an agent that explicitly opted out of sandboxing; the value is the stated reason. */
  unsafeNoSandbox: "agentcloud.dev/unsafe-no-sandbox",
  /** Present on an agent whose cloud permissions use wildcards or GCP basic roles; the value is the stated reason. */
  unsafeBroadCloudPermissions: "agentcloud.dev/unsafe-broad-cloud-permissions",
  /** The tool grants, delegation targets and egress hosts an agent declared (JSON), for reviewers and later layers. */
  declaration: "agentcloud.dev/declaration",
  /** Present on an agent (workload and fabric policy) whose egress hosts include a `*.` wildcard; the value is the stated reason. */
  unsafeWildcardEgress: "agentcloud.dev/unsafe-wildcard-egress",
  /** On a tenant namespace: the network fabric that enforces its agents' rules (`cilium`, `cilium-existing`, `dataplane-v2`, `networkpolicy-only`). */
  networkFabric: "agentcloud.dev/network-fabric",
  /** On a tenant namespace: the fabric's encryption in transit between nodes (`wireguard`, `ipsec`, `ztunnel`, `none`). */
  networkEncryption: "agentcloud.dev/network-encryption",
  /** On a tenant namespace whose fabric enforces no FQDN egress or no encryption: the stated reason (named opt-out). */
  unsafeNetworkFabric: "agentcloud.dev/unsafe-network-fabric",
  /** On a ConfigMap: the plan writes its data key of this name to `out/<stack>/<name>` (e.g. `agent-graph.mmd`). */
  planFile: "agentcloud.dev/plan-file",
  /** On any resource: a line the offline plan prints in its summary (e.g. which enforcement the platform gives). */
  planNote: "agentcloud.dev/plan-note",
} as const;

/** Value of `app.kubernetes.io/managed-by` and `app.kubernetes.io/part-of`. */
export const MANAGED_BY = "agentcloud";

/**
 * Namespaces no tenant may take, and no gateway either (except its own): agentcloud's (fleet objects, the gateway),
 * the sandbox controller's default, and Kubernetes' own.
 */
export const RESERVED_NAMESPACES = [
  "agentcloud-system",
  "agentcloud-gateway",
  "agentcloud-monitoring",
  "agentcloud-audit",
  "agentcloud-gpu",
  "agent-sandbox-system",
  "kube-system",
  "kube-public",
  "kube-node-lease",
  "default",
] as const;

/** Sandbox RuntimeClass names agentcloud knows. gVisor uses handler `runsc`; Kata classes use handler = name. */
export const SANDBOX_RUNTIMES = ["gvisor", "kata-qemu", "kata-clh", "kata-fc"] as const;
/** A sandbox RuntimeClass name agentcloud knows: one of {@link SANDBOX_RUNTIMES}. */
export type SandboxRuntime = (typeof SANDBOX_RUNTIMES)[number];

/** Kata Containers shims agentcloud renders RuntimeClasses for. */
export const KATA_RUNTIMES = ["kata-qemu", "kata-clh", "kata-fc"] as const;
/** A Kata Containers RuntimeClass name: one of {@link KATA_RUNTIMES}. */
export type KataRuntime = (typeof KATA_RUNTIMES)[number];

/** Taint key (and label key) that reserves nodes for sandboxed agents; value is `gvisor` or `kata`. */
export const SANDBOX_NODE_KEY = "agentcloud.dev/sandbox";
/**
 * The key that marks a receipt or checkpoint on an agent's stdout for the audit pipeline: one JSON object per line
 * whose only key is this, its value the stored line (a receipt's canonical JSON, byte for byte).
 */
export const RECEIPT_LINE_KEY = "agentcloud.receipt";
/** Label of every GPU node of agentcloud's GPU pools (`"true"`): agents with GPU shares select it. */
export const GPU_NODE_LABEL = "agentcloud.dev/gpu";
/** Label of a GPU node naming its pool: `GpuSharing` picks each pool's time-slicing config by it. */
export const GPU_POOL_LABEL = "agentcloud.dev/gpu-pool";
/** Taint key of GPU nodes (NVIDIA's convention, `NoSchedule`; GKE taints GPU pools with it itself). */
export const GPU_TAINT_KEY = "nvidia.com/gpu";

/** Agent scheduling intents; each maps to a PriorityClass. */
export const INTENTS = ["critical", "standard", "batch"] as const;
/** An agent scheduling intent: one of {@link INTENTS}. */
export type Intent = (typeof INTENTS)[number];

/** The PriorityClass name for an intent. */
export function priorityClassName(intent: Intent): string {
  return `agentcloud-${intent}`;
}

/** Agent workload kinds. */
export const WORKLOAD_KINDS = ["deployment", "statefulset", "sandbox-pool"] as const;
/** An agent workload kind: one of {@link WORKLOAD_KINDS}. */
export type WorkloadKind = (typeof WORKLOAD_KINDS)[number];

/** The default GPU extended resource (NVIDIA device plugin; time-sliced shares use the same name). */
export const DEFAULT_GPU_RESOURCE = "nvidia.com/gpu";

/** Pinned upstream releases agentcloud installs. Tests check these against ../shared/upstream/MANIFEST.md. */
export const UPSTREAM = {
  /** kubernetes-sigs/agent-sandbox: the controller and its CRDs. */
  agentSandbox: {
    /** Release tag the vendored CRDs come from. */
    version: "v0.5.6",
    /** Controller image of that release. */
    image: "registry.k8s.io/agent-sandbox/agent-sandbox-controller:v0.5.6",
  },
  /** The Cilium Helm chart: the network fabric agentcloud installs (eBPF enforcement on the node, WireGuard, Hubble). */
  cilium: {
    /** Chart name in `repo`. */
    chart: "cilium",
    /** Chart repository. */
    repo: "https://helm.cilium.io/",
    /** Chart version (cilium/charts `cilium-1.20.0.tgz`). */
    version: "1.20.0",
  },
  /**
   * agentgateway, the MCP and A2A gateway: the standalone proxy image with a generated config file (the
   * `agentgateway-standalone` chart's shape, rendered as typed objects so policies see the pods).
   */
  agentgateway: {
    /** Release tag the vendored config schema comes from (`../shared/upstream/agentgateway/v1.4.1`). */
    version: "v1.4.1",
    /** Proxy image of that release (the standalone chart's `image.registry/repository:v<appVersion>`). */
    image: "cr.agentgateway.dev/agentgateway:v1.4.1",
  },
  /** kube-prometheus-stack: Prometheus (operator), Alertmanager, Grafana, kube-state-metrics, node-exporter. */
  kubePrometheusStack: {
    /** Chart name in `repo`. */
    chart: "kube-prometheus-stack",
    /** Chart repository. */
    repo: "https://prometheus-community.github.io/helm-charts",
    /** Chart version (`../shared/upstream/kube-prometheus-stack/88.5.3`). */
    version: "88.5.3",
  },
  /** The NVIDIA device plugin chart: GPUs as `nvidia.com/gpu`, with time-slicing (`GpuSharing`). */
  nvidiaDevicePlugin: {
    /** Chart name in `repo`. */
    chart: "nvidia-device-plugin",
    /** Chart repository. */
    repo: "https://nvidia.github.io/k8s-device-plugin",
    /** Chart version (`../shared/upstream/nvidia-device-plugin/v0.20.0`). */
    version: "0.20.0",
  },
  /** The DCGM exporter chart: GPU metrics for Prometheus (`GpuSharing`). */
  dcgmExporter: {
    /** Chart name in `repo`. */
    chart: "dcgm-exporter",
    /** Chart repository. */
    repo: "https://nvidia.github.io/dcgm-exporter/helm-charts",
    /** Chart version (`../shared/upstream/dcgm-exporter/4.5.3-4.8.2`). */
    version: "4.8.2",
  },
  /** The Fluent Bit chart the audit pipeline ships receipts and the gateway's access log with. */
  fluentBit: {
    /** OCI reference of the chart (the chart README's recommended source). */
    chart: "oci://ghcr.io/fluent/helm-charts/fluent-bit",
    /** Chart version (`../shared/upstream/fluent-bit/0.58.1`; Fluent Bit 5.1.1). */
    version: "0.58.1",
  },
  /** The kata-deploy Helm chart that installs Kata Containers on sandbox nodes. */
  kataDeploy: {
    /** OCI reference of the chart. */
    chart: "oci://ghcr.io/kata-containers/kata-deploy-charts/kata-deploy",
    /** Chart version. */
    version: "3.32.0",
  },
} as const;

/** AWS tags agentcloud puts on cloud resources, for policies, reviewers and cost reports. */
export const AWS_TAGS = {
  /** On an agent's IAM role: the agent, `namespace/name`. */
  agent: "agentcloud.dev/agent",
  /** `"true"` on an audit bucket (and its key): policies hold it to Object Lock COMPLIANCE and the rest. */
  audit: "agentcloud.dev/audit",
  /** On an agent's IAM role whose permissions use wildcards: the stated reason (named opt-out). */
  unsafeBroadCloudPermissions: "agentcloud.dev/unsafe-broad-cloud-permissions",
} as const;

/** GCP labels agentcloud puts on cloud resources (keys and values: lowercase letters, digits, `_` and `-` only). */
export const GCP_LABELS = {
  /** On an agent's Google service account or other labelled resource: the agent's name. */
  agent: "agentcloud-agent",
  /** With `agent`: the agent's namespace. */
  tenant: "agentcloud-tenant",
  /** `"true"` on an audit bucket (and its key). */
  audit: "agentcloud-audit",
} as const;
