/**
 * The pack's own copy of the agentcloud vocabulary it judges by (label and annotation keys, sandbox runtime names).
 * The pack is published alone, so it cannot import `components/vocabulary.ts`; test/policies/vocabulary.test.ts
 * checks that every constant here equals the one there.
 */

/** Label keys agentcloud puts on the objects it renders. */
export const LABELS = {
  /** The agent a workload, ServiceAccount or policy belongs to. */
  agent: "agentcloud.dev/agent",
  /** Marks a namespace as an agent tenant namespace (value: tenant name). */
  tenant: "agentcloud.dev/tenant",
  /** Standard label: the object's role within the application; the MCP gateway's objects carry `mcp-gateway`. */
  component: "app.kubernetes.io/component",
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
} as const;

/** Sandbox RuntimeClass names agentcloud knows. gVisor uses handler `runsc`; Kata classes use handler = name. */
export const SANDBOX_RUNTIMES = ["gvisor", "kata-qemu", "kata-clh", "kata-fc"] as const;

/**
 * How the MCP gateway appears in a stack (copies of components/kubernetes/mcp-gateway/endpoint.ts and the agent's
 * environment in components/kubernetes/agent/pod.ts).
 */
export const GATEWAY = {
  /** The `app.kubernetes.io/component` label value of the gateway's objects. */
  component: "mcp-gateway",
  /** The ConfigMap data key holding agentgateway's standalone config file. */
  configKey: "agentgateway.yaml",
  /** The environment variable that tells an agent with tool grants the gateway's MCP URL. */
  mcpUrlEnv: "AGENTCLOUD_MCP_URL",
} as const;

/**
 * How monitoring appears in a stack (copies of components/kubernetes/observability/endpoint.ts and
 * `UPSTREAM.kubePrometheusStack` in components/vocabulary.ts).
 */
export const MONITORING = {
  /** The label on the ServiceMonitors and PodMonitors agentcloud renders; its Prometheus selects them by it. */
  selectorLabel: "agentcloud.dev/monitoring",
  /** The Helm chart of the monitoring stack. */
  chart: "kube-prometheus-stack",
  /** The name of an agent container's metrics port (the port an agent's `metrics` declaration opens). */
  metricsPort: "metrics",
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

/**
 * How the audit pipeline appears in a stack (copies of components/kubernetes/audit/endpoint.ts and values.ts, and the
 * `UPSTREAM.fluentBit` chart).
 */
export const AUDIT = {
  /** The Helm chart of the audit shipper. */
  chart: "fluent-bit",
  /** The Cloud Logging log the shipper writes (GCP), which the log sink routes into the locked bucket. */
  logName: "agentcloud-audit",
  /** The shipper's namespace. */
  namespace: "agentcloud-audit",
  /** The shipper's ServiceAccount. */
  serviceAccount: "agentcloud-audit-shipper",
} as const;
