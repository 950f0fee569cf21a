import type { Toleration } from "kubernetes-types/core/v1";
import type { Intent, SandboxRuntime, WorkloadKind } from "../../vocabulary";
import type { ApiServerEndpoint } from "../network/cluster-endpoints";
import type { GatewayEndpoint } from "../mcp-gateway/endpoint";
import type { AgentMetrics, MonitoringEndpoint } from "../observability/endpoint";
import type { IdentityEndpoint } from "../network/fabric";

/** Another agent, by name, that this agent may call or be called by. */
export interface AgentReference {
  /** The other agent's name. */
  agent: string;
  /**
   * Its namespace.
   * @default - the declaring agent's namespace
   */
  namespace?: string;
  /**
   * The port it serves on.
   * @default 8080
   */
  port?: number;
  /**
   * The other agent is a `sandbox-pool`: delegating to it means claiming one of its sandboxes (a SandboxClaim on its
   * warm pool), then calling that sandbox. In `delegatesTo` this gives the agent a token the API server accepts and
   * egress to the API server (`platform.apiServer`); the pool grants the claim itself, to the agents in its
   * `acceptsFrom`.
   * @default false
   */
  sandboxPool?: boolean;
}

/**
 * An environment variable read from a key of a Kubernetes Secret in the agent's namespace, so the value never
 * appears in the workload, the plan or the declaration. Create the Secret yourself (for a `pulumi.secret` value:
 * `new k8s.core.v1.Secret(name, { metadata: { name, namespace }, stringData: { KEY: value } })`).
 */
export interface SecretEnvVar {
  /** The Secret and the key in it. */
  secretKeyRef: {
    /** Name of the Secret (a DNS subdomain), in the agent's namespace. */
    name: string;
    /** Key in the Secret's data. */
    key: string;
    /**
     * Start the agent even when the Secret or key is missing (the variable is then unset).
     * @default false
     */
    optional?: boolean;
  };
}

/** MCP tools an agent may call on one MCP server (consumed by the MCP gateway layer). */
export interface ToolGrant {
  /** MCP server name (a DNS label, as registered with the gateway). */
  server: string;
  /** Tool names on that server. Listing none is an error: grants are explicit (default deny). */
  tools: string[];
}

/** A least-privilege cloud permission, bound to the agent's workload identity by the cloud layer. */
export interface CloudPermission {
  /** Which cloud the permission is for; other clouds ignore it. */
  cloud: "aws" | "gcp";
  /**
   * IAM actions (AWS, e.g. `s3:GetObject`) or roles (GCP, e.g. `roles/storage.objectViewer`). Wildcards (`s3:Get*`)
   * and GCP basic roles (`roles/owner`, `roles/editor`, `roles/viewer`) need `unsafeBroadCloudPermissions`.
   */
  actions: string[];
  /**
   * Resource ARNs (AWS) or full resource names (GCP) the actions apply to. Wildcards (`arn:aws:s3:::bucket/*`) need
   * `unsafeBroadCloudPermissions`.
   */
  resources: string[];
}

/** Resource requests of the agent's container. */
export interface AgentResources {
  /**
   * CPU request.
   * @default "500m"
   */
  cpu?: string;
  /**
   * Memory request.
   * @default "512Mi"
   */
  memory?: string;
  /**
   * GPU shares (whole units of the platform's GPU resource; with time-slicing each unit is a share of a GPU).
   * Requires `platform.gpu`.
   * @default 0
   */
  gpu?: number;
  /**
   * Ephemeral storage request (also the size limit of the writable `/tmp`).
   * @default "1Gi"
   */
  ephemeralStorage?: string;
}

/** Limits of the agent's container. Unset limits equal the requests (Guaranteed QoS). */
export interface AgentLimits {
  /**
   * CPU limit.
   * @default - the CPU request
   */
  cpu?: string;
  /**
   * Memory limit.
   * @default - the memory request
   */
  memory?: string;
}

/** Persistent storage of a `statefulset` agent: one PersistentVolumeClaim per replica. */
export interface AgentStorage {
  /** Size of each volume, e.g. `10Gi`. */
  size: string;
  /**
   * StorageClass of the volumes (a DNS subdomain, such as `ebs.csi.gp3`).
   * @default - the cluster's default StorageClass
   */
  storageClassName?: string;
  /**
   * Where the volume is mounted in the agent container: an absolute, normalised path that is not at, above or below
   * `/tmp` or the token folder `/var/run/secrets/agentcloud`.
   * @default "/data"
   */
  mountPath?: string;
}

/** GPU nodes the platform offers. */
export interface GpuPlatform {
  /**
   * Extended resource name GPU shares are requested as.
   * @default "nvidia.com/gpu"
   */
  resourceName?: string;
  /**
   * Node selector of the GPU nodes.
   * @default {}
   */
  nodeSelector?: Record<string, string>;
  /**
   * Tolerations for the GPU nodes' taints.
   * @default [{ key: "nvidia.com/gpu", operator: "Exists", effect: "NoSchedule" }]
   */
  tolerations?: Toleration[];
}

/**
 * What the platform (the cloud layer) injects into agents: node placement and identity binding.
 * An agent that plans on `local` plans unchanged elsewhere; only this changes.
 */
export interface AgentPlatform {
  /**
   * GPU nodes, when the platform has them.
   * @default - no GPU nodes: agents asking for GPU shares are rejected
   */
  gpu?: GpuPlatform;
  /**
   * Annotations for the agent's ServiceAccount (e.g. IRSA role ARN, GKE Workload Identity GSA). Keys under
   * `agentcloud.dev/` are agentcloud's own.
   * @default {}
   */
  serviceAccountAnnotations?: Record<string, string>;
  /**
   * Extra pod labels (e.g. identity webhooks that key on labels). Keys under `agentcloud.dev/` are agentcloud's own.
   * @default {}
   */
  podLabels?: Record<string, string>;
  /**
   * Where the API server is, for agents that claim sandboxes (`delegatesTo` with `sandboxPool: true`).
   * @default - private ranges on 443 and 6443 (`DEFAULT_API_SERVER`); state the control-plane CIDR where known
   */
  apiServer?: ApiServerEndpoint;
  /**
   * The network fabric admits the API server by identity (Cilium's `kube-apiserver` entity), so the agent's
   * NetworkPolicy adds no CIDR rule for it: a CIDR rule would open every host in `apiServer.cidrs` on its ports.
   * `AgentCloud` sets it on Cilium fabrics.
   * @default false
   */
  apiServerByFabric?: boolean;
  /**
   * Link-local or node endpoints the identity binding needs (e.g. the EKS Pod Identity agent, `169.254.170.23:80`):
   * the agent's NetworkPolicy allows each, as a single address on its TCP port. No other metadata or node address is
   * reachable.
   * @default []
   */
  identityEndpoints?: IdentityEndpoint[];
  /**
   * The fleet's MCP and A2A gateway. The agent's projected token carries the gateway's audience (`tokenAudience` is
   * ignored); an agent with `tools` gets `AGENTCLOUD_MCP_URL` and egress to the gateway; one with non-pool
   * `delegatesTo` gets `AGENTCLOUD_A2A_URL` and egress to the gateway; one with callers accepts the gateway's ingress
   * on its port (the gateway forwards its callers' A2A requests).
   * @default - no gateway: no gateway variables, no gateway rules
   */
  gateway?: GatewayEndpoint;
  /**
   * The Prometheus that scrapes the fleet: an agent that declares `metrics` admits these pods on its metrics port.
   * @default - no monitoring: no scraper admitted
   */
  monitoring?: MonitoringEndpoint;
}

/**
 * Arguments of {@link Agent}: the central declaration of one agent. The validators and builders take a plain
 * namespace (`AgentArgs`); `Agent` takes `AgentArgs<pulumi.Input<string>>`, so another resource's output (an
 * `AgentNamespace`'s `namespaceName`) can be passed and the agent's objects wait for it.
 */
export interface AgentArgs<Namespace = string> {
  /**
   * Namespace the agent runs in; normally an {@link AgentNamespace}'s `namespaceName`. An output is validated
   * when it resolves.
   */
  namespace: Namespace;
  /**
   * The agent's name, used for its objects and as the value of the `agentcloud.dev/agent` label.
   * @default - the component name
   */
  agentName?: string;
  /** Container image, ideally pinned by digest. */
  image: string;
  /**
   * Entrypoint override.
   * @default - the image's entrypoint
   */
  command?: string[];
  /**
   * Arguments.
   * @default - the image's arguments
   */
  args?: string[];
  /**
   * Environment variables (names must not start with `AGENTCLOUD_`, which agentcloud sets). Plain values that look
   * like credentials are rejected, and so are `pulumi.secret` values: put secrets in a Kubernetes Secret and reference
   * them with `{ secretKeyRef: { name, key } }`. The container's variables are, in order: `AGENTCLOUD_AGENT_NAME`,
   * `AGENTCLOUD_TOKEN_FILE`, with a gateway `AGENTCLOUD_MCP_URL` (tool grants) and `AGENTCLOUD_A2A_URL` (non-pool
   * delegates), then these, sorted by name, then `AGENTCLOUD_SANDBOX_POOLS` for agents that claim sandboxes.
   * @default {}
   */
  env?: Record<string, string | SecretEnvVar>;
  /**
   * Port the agent serves on.
   * @default 8080
   */
  port?: number;
  /**
   * Workload kind: `deployment` (stateless), `statefulset` (stateful, needs `storage`) or `sandbox-pool`
   * (per-session sandboxes from an agent-sandbox SandboxTemplate with a SandboxWarmPool).
   * @default "deployment"
   */
  workload?: WorkloadKind;
  /**
   * Replicas of a `deployment` or `statefulset`. A PodDisruptionBudget is added when above 1.
   * @default 1
   */
  replicas?: number;
  /**
   * Warm sandboxes kept ready for a `sandbox-pool`.
   * @default 1
   */
  warmPool?: number;
  /**
   * Sandbox RuntimeClass the agent runs under. `"none"` requires `unsafeNoSandbox`.
   * @default "gvisor"
   */
  sandbox?: SandboxRuntime | "none";
  /**
   * Explicit opt-out of sandboxing, with the reason recorded on the workload for policies and reviewers.
   * @default - not opted out
   */
  unsafeNoSandbox?: {
    /** Why this agent cannot run sandboxed; recorded as the `agentcloud.dev/unsafe-no-sandbox` annotation. */
    reason: string;
  };
  /**
   * Scheduling intent; selects the PriorityClass (`batch` never preempts).
   * @default "standard"
   */
  intent?: Intent;
  /**
   * Resource requests.
   * @default { cpu: "500m", memory: "512Mi", gpu: 0, ephemeralStorage: "1Gi" }
   */
  resources?: AgentResources;
  /**
   * Resource limits.
   * @default - equal to the requests
   */
  limits?: AgentLimits;
  /**
   * Persistent storage; required for `statefulset`, refused for the other kinds.
   * @default - none
   */
  storage?: AgentStorage;
  /**
   * UID the agent runs as (non-root is enforced).
   * @default 65532
   */
  runAsUser?: number;
  /**
   * Audience of the projected ServiceAccount token mounted at `/var/run/secrets/agentcloud/token`. Ignored when the
   * platform has a gateway (`platform.gateway`): the token then carries the gateway's audience.
   * @default "agentcloud"
   */
  tokenAudience?: string;
  /**
   * Agents allowed to call this one (network ingress on `port`). Nobody else may. In an `AgentCloud` fleet the
   * callers inside the fleet are derived from their `delegatesTo`: list here only callers outside the fleet (an entry
   * naming a fleet agent must agree with that agent's `delegatesTo`). A standalone `Agent` lists every caller here.
   * @default [] (no ingress; in a fleet, only the fleet agents that delegate to this one)
   */
  acceptsFrom?: AgentReference[];
  /**
   * Agents this one may delegate to (network egress to them on their port). In an `AgentCloud` fleet every target
   * must be an agent of the fleet; the target's ingress is derived from this list. Later layers derive mesh
   * authorisation from it.
   * @default []
   */
  delegatesTo?: AgentReference[];
  /**
   * An opt-in Prometheus metrics endpoint on its own port (not `port`): scraped by the fleet's monitoring, which alone
   * may reach it.
   * @default - no metrics endpoint
   */
  metrics?: AgentMetrics;
  /**
   * MCP tools the agent may call, through the fleet's gateway (`AGENTCLOUD_MCP_URL`): each grant names a server of
   * the fleet's `tools` registry and some of its tools; every other tool is denied and hidden from `tools/list`.
   * @default []
   */
  tools?: ToolGrant[];
  /**
   * External hosts the agent may reach, each `host` or `host:port` (port 443 when left out), such as
   * `"api.github.com"` or `"api.github.com:8443"`: lower-case names, no scheme, path, IP address or range. The network
   * fabric enforces them on the node as FQDN rules (Cilium `toFQDNs`, or GKE Dataplane V2's FQDN network policies), on
   * exactly that port. A wildcard is only one leading `*.` over a domain of two labels or more (`"*.example.com"`,
   * which matches names one label under `example.com`, as Cilium's `matchPattern` does) and needs
   * `unsafeWildcardEgress`. No internet egress unless declared here; with a `networkpolicy-only` fabric declared hosts
   * are unreachable too (NetworkPolicy has no FQDN rules).
   * @default [] (no external host)
   */
  egress?: string[];
  /**
   * Explicit acknowledgement that `egress` has `*.` wildcards, with the reason recorded on the workload as the
   * `agentcloud.dev/unsafe-wildcard-egress` annotation for policies and reviewers. Refused when no entry is a wildcard.
   * @default - not acknowledged: wildcard egress hosts are rejected
   */
  unsafeWildcardEgress?: {
    /** Why the agent needs every host under the wildcard's domain; recorded as the annotation. */
    reason: string;
  };
  /**
   * Cloud permissions for the agent's workload identity, bound by the cloud layer (ignored on `local`).
   * @default []
   */
  cloudPermissions?: CloudPermission[];
  /**
   * Explicit acknowledgement that `cloudPermissions` use wildcards or GCP basic roles, with the reason recorded on the
   * workload as the `agentcloud.dev/unsafe-broad-cloud-permissions` annotation for policies and reviewers.
   * @default - not acknowledged: wildcards and basic roles are rejected
   */
  unsafeBroadCloudPermissions?: {
    /** Why the broad permissions are needed; recorded as the annotation. */
    reason: string;
  };
  /**
   * What the platform injects: GPU nodes, identity binding.
   * @default {}
   */
  platform?: AgentPlatform;
}
