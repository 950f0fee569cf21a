import { createHash } from "node:crypto";
import { UPSTREAM } from "../../vocabulary";
import { resolveClusterDns, type ApiServerEndpoint, type ClusterDns } from "../network/cluster-endpoints";
import { AGENT_SANDBOX_NAMESPACE, DEFAULT_CONTROLLER_RESOURCES, type AgentSandboxControllerSpec } from "./spec";

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
