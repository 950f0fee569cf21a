import { checkDnsLabel, checkImage } from "../../validation/names";
import type { ValidationProblem } from "../../validation/problems";
import { checkNotAbove, checkPositiveQuantity } from "../../validation/quantities";
import { checkBoolean, checkInteger } from "../../validation/values";
import { UPSTREAM } from "../../vocabulary";
import { createHash } from "node:crypto";
import { resolveClusterDns, validateApiServerEndpoint, validateClusterDns, type ApiServerEndpoint, type ClusterDns } from "../network";
import type { PlainObject } from "../resources";
import { buildAgentSandboxCrds } from "./crds";
import {
  buildClusterRole, buildClusterRoleBinding, buildControllerDeployment, buildControllerNamespace, buildControllerNetworkPolicies,
  buildControllerServiceAccount, buildLeaderElectionRbac, buildMetricsService, buildWebhookCertRbac, buildWebhookService,
} from "./controller";

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

/** The spec with every default applied. */
export interface ResolvedControllerSpec {
  /** Namespace of the controller. */
  namespace: string;
  /** Controller image. */
  image: string;
  /** Controller replicas (leader election picks one). */
  replicas: number;
  /** Whether the CRDs are installed with the controller. */
  installCrds: boolean;
  /** Requests and limits of the controller container. */
  resources: {
    /** Requests. */
    requests: {
      /** CPU request. */
      cpu: string;
      /** Memory request. */
      memory: string;
    };
    /** Limits. */
    limits: {
      /** CPU limit. */
      cpu: string;
      /** Memory limit. */
      memory: string;
    };
  };
  /** DNS servers the controller may reach. */
  dns: Required<ClusterDns>;
  /** Where the controller reaches the API server; unset admits the API server ports on any address. */
  apiServer?: ApiServerEndpoint;
  /** sha256 of the installed CRDs (empty when `installCrds` is false); a change rolls the controller. */
  crdHash: string;
}

/** Applies every default of {@link AgentSandboxControllerSpec} (`crdHash` is filled in by the builder). */
export function resolveControllerSpec(spec: AgentSandboxControllerSpec = {}): ResolvedControllerSpec {
  return {
    namespace: spec.namespace ?? AGENT_SANDBOX_NAMESPACE,
    image: spec.image ?? UPSTREAM.agentSandbox.image,
    replicas: spec.replicas ?? 1,
    installCrds: spec.installCrds ?? true,
    resources: {
      requests: { ...DEFAULT_CONTROLLER_RESOURCES.requests, ...spec.resources?.requests },
      limits: { ...DEFAULT_CONTROLLER_RESOURCES.limits, ...spec.resources?.limits },
    },
    dns: resolveClusterDns(spec.dns),
    apiServer: spec.apiServer,
    crdHash: "",
  };
}

/** sha256 (hex) of the CRD objects as rendered, in order. */
export function crdHash(crds: readonly object[]): string {
  return createHash("sha256").update(JSON.stringify(crds)).digest("hex");
}

/** Every problem with an AgentSandboxController spec. */
export function validateAgentSandboxControllerSpec(spec: AgentSandboxControllerSpec = {}): ValidationProblem[] {
  const r = resolveControllerSpec(spec);
  const problems = [
    ...checkDnsLabel("namespace", r.namespace),
    ...checkImage("image", r.image),
    ...checkInteger("replicas", r.replicas, 1, 10),
    ...validateClusterDns("dns", spec.dns),
    ...validateApiServerEndpoint("apiServer", spec.apiServer),
  ];
  problems.push(...checkBoolean("installCrds", r.installCrds));
  for (const resource of ["cpu", "memory"] as const) {
    const request = { argument: `resources.requests.${resource}`, value: r.resources.requests[resource] };
    const limit = { argument: `resources.limits.${resource}`, value: r.resources.limits[resource] };
    problems.push(
      ...checkPositiveQuantity(request.argument, request.value, DEFAULT_CONTROLLER_RESOURCES.requests[resource]),
      ...checkPositiveQuantity(limit.argument, limit.value, DEFAULT_CONTROLLER_RESOURCES.limits[resource]),
      ...checkNotAbove(request, limit),
    );
  }
  return problems;
}

/** One object of the controller installation and its role (the suffix of its Pulumi resource name). */
export interface ControllerObject {
  /** Suffix of the object's Pulumi resource name (e.g. `namespace`, `crd-sandboxes`). */
  role: string;
  /** The Kubernetes object. */
  object: PlainObject;
}

/**
 * Every object of the installation, CRDs first (roles `crd-<plural>`), then the namespace and the namespaced and
 * cluster-scoped pieces of the controller. Assumes a valid spec.
 */
export function buildAgentSandboxController(spec: AgentSandboxControllerSpec = {}): ControllerObject[] {
  const resolved = resolveControllerSpec(spec);
  const crdObjects = resolved.installCrds ? buildAgentSandboxCrds(resolved.namespace) : [];
  const crds = crdObjects.map((object) => ({ role: `crd-${object.spec.names.plural}`, object }));
  const r = { ...resolved, crdHash: crdObjects.length > 0 ? crdHash(crdObjects) : "" };
  const [defaultDeny, controllerPolicy] = buildControllerNetworkPolicies(r.namespace, r.dns, r.apiServer);
  const [leaderRole, leaderBinding] = buildLeaderElectionRbac(r.namespace);
  const [certRole, certBinding] = buildWebhookCertRbac(r.namespace);
  return [
    ...crds,
    { role: "namespace", object: buildControllerNamespace(r.namespace) },
    { role: "service-account", object: buildControllerServiceAccount(r.namespace) },
    { role: "cluster-role", object: buildClusterRole() },
    { role: "cluster-role-binding", object: buildClusterRoleBinding(r.namespace) },
    { role: "leader-election-role", object: leaderRole },
    { role: "leader-election-binding", object: leaderBinding },
    { role: "webhook-certs-role", object: certRole },
    { role: "webhook-certs-binding", object: certBinding },
    { role: "deployment", object: buildControllerDeployment(r) },
    { role: "metrics-service", object: buildMetricsService(r.namespace) },
    { role: "webhook-service", object: buildWebhookService(r.namespace) },
    { role: "default-deny", object: defaultDeny },
    { role: "network-policy", object: controllerPolicy },
  ];
}
