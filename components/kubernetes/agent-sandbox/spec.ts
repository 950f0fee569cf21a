import type { ApiServerEndpoint, ClusterDns } from "../network/cluster-endpoints";

/** CPU and memory of the controller container. */
export interface ControllerResources {
  /** @default { cpu: "100m", memory: "128Mi" } */
  requests?: {
    /** CPU request. */
    cpu?: string;
    /** Memory request. */
    memory?: string;
  };
  /** @default { cpu: "500m", memory: "512Mi" } */
  limits?: {
    /** CPU limit. */
    cpu?: string;
    /** Memory limit. */
    memory?: string;
  };
}

/** What to install of kubernetes-sigs/agent-sandbox. */
export interface AgentSandboxControllerSpec {
  /**
   * Namespace of the controller. Created by the component with Pod Security `restricted`. The CRDs' conversion
   * webhook and the controller's `--webhook-namespace` follow it.
   * @default "agent-sandbox-system"
   */
  namespace?: string;
  /**
   * Controller image. Change it only to mirror the pinned release into your own registry.
   * @default "registry.k8s.io/agent-sandbox/agent-sandbox-controller:v0.5.6" (`UPSTREAM.agentSandbox.image`)
   */
  image?: string;
  /**
   * Controller replicas (1 to 10). Leader election keeps one active; more replicas only shorten fail-over.
   * @default 1
   */
  replicas?: number;
  /**
   * Install the four agent-sandbox CRDs (Sandbox, SandboxClaim, SandboxTemplate, SandboxWarmPool) from the pinned
   * release. Set false when the CRDs are managed elsewhere; they must still be the v0.5.6 ones, and whatever updates
   * them must restart the controller afterwards (it patches the conversion webhook's `caBundle` in only at startup).
   * @default true
   */
  installCrds?: boolean;
  /**
   * Controller container requests and limits; each key given replaces its default.
   * @default { requests: { cpu: "100m", memory: "128Mi" }, limits: { cpu: "500m", memory: "512Mi" } }
   */
  resources?: ControllerResources;
  /**
   * DNS servers the controller may reach (port 53 only); the same platform input as `AgentNamespace`'s `dns`.
   * @default - kube-dns in kube-system (`DEFAULT_CLUSTER_DNS`)
   */
  dns?: ClusterDns;
  /**
   * Where the controller reaches the API server. Unlike agents, the controller is trusted code, so when unset it may
   * reach the API server ports on any address (the control plane is not a pod); pin it when the platform knows the
   * control-plane range.
   * @default - any address on TCP 443 and 6443
   */
  apiServer?: ApiServerEndpoint;
}

/** Default namespace of the controller (upstream's). */
export const AGENT_SANDBOX_NAMESPACE = "agent-sandbox-system";
/** Default requests and limits of the controller container. */
export const DEFAULT_CONTROLLER_RESOURCES = {
  /** Requests. */
  requests: {
    /** CPU request. */
    cpu: "100m",
    /** Memory request. */
    memory: "128Mi",
  },
  /** Limits. */
  limits: {
    /** CPU limit. */
    cpu: "500m",
    /** Memory limit. */
    memory: "512Mi",
  },
} as const;
