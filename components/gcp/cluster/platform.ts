import type * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import type { AgentCloudPlatform, IdentityBinding } from "../../blueprint/spec";
import type { GpuPlatform } from "../../kubernetes/agent/spec";
import { FQDN_FABRIC_KINDS } from "../../kubernetes/mcp-gateway/validate";
import type { TokenIssuer } from "../../kubernetes/mcp-gateway/spec";
import { clusterDns, PLATFORM_DNS, type ApiServerEndpoint } from "../../kubernetes/network/cluster-endpoints";
import type { NetworkFabric } from "../../kubernetes/network/fabric";
import type { SandboxRuntime } from "../../vocabulary";
import { gkeIssuer, gkeJwksUrl, type GkeClusterRef } from "./kubeconfig";

/** Why GKE offers no Kata runtime: what an agent asking for one is told. */
export const GKE_NO_KATA_REASON =
  "GKE's sandbox is GKE Sandbox (gVisor); agentcloud does not install Kata Containers on GKE's managed nodes (kata-deploy " +
  "rewrites the node's containerd configuration, which GKE owns, and Kata needs nested virtualisation)";

/** Runtimes GKE cannot offer, each with the reason: every Kata flavour. */
export const GKE_UNAVAILABLE_RUNTIMES: Readonly<Partial<Record<SandboxRuntime, string>>> = {
  "kata-qemu": GKE_NO_KATA_REASON,
  "kata-clh": GKE_NO_KATA_REASON,
  "kata-fc": GKE_NO_KATA_REASON,
};

/** RuntimeClasses GKE provides itself: GKE Sandbox creates `gvisor` once a pool has `sandboxConfig` gVisor. */
export const GKE_RUNTIME_CLASSES: readonly SandboxRuntime[] = ["gvisor"];

/** The API server's JWKS inside the cluster (as in `IN_CLUSTER_TOKEN_ISSUER`). */
export const IN_CLUSTER_JWKS_URL = "https://kubernetes.default.svc.cluster.local/openid/v1/jwks";

/** Whether the gateway can reach hosts by name on this fabric (then it reads the issuer's keys from Google). */
export function gatewayReachesHosts(fabric: Pick<NetworkFabric, "kind" | "enforcement">): boolean {
  return fabric.enforcement.fqdnEgress && (FQDN_FABRIC_KINDS as readonly string[]).includes(fabric.kind);
}

/**
 * The cluster's token issuer. Its keys are GKE's JWKS (`<issuer>/jwks`) when the gateway can reach hosts by name on
 * the fabric; otherwise the API server's copy of the same keys (`/openid/v1/jwks`, Kubernetes service account issuer
 * discovery), which the gateway reaches by address inside the cluster.
 */
export function gkeTokenIssuer(ref: GkeClusterRef, fabric: Pick<NetworkFabric, "kind" | "enforcement">): TokenIssuer {
  return {
    issuer: gkeIssuer(ref),
    jwks: { url: gatewayReachesHosts(fabric) ? gkeJwksUrl(ref) : IN_CLUSTER_JWKS_URL },
  };
}

/** What the GKE platform is made of: the cluster's parts and the other GCP components' outputs. */
export interface GkePlatformArgs {
  /** The cluster's Kubernetes provider (`GkeAgentCluster.provider`). */
  provider: k8s.Provider;
  /** The cluster (project, location, name), for the token issuer. */
  cluster: GkeClusterRef;
  /** The Dataplane V2 fabric (`GkeAgentCluster.fabric`). */
  fabric: NetworkFabric;
  /** The control plane's private endpoint range and port (`{ cidrs: [masterIpv4CidrBlock], ports: [443] }`). */
  apiServer: ApiServerEndpoint;
  /**
   * Workload Identity binding of agents with GCP permissions.
   * @default - none: no agent gets GCP credentials
   */
  identity?: IdentityBinding;
  /**
   * The GPU node pool.
   * @default - no GPU nodes
   */
  gpu?: GpuPlatform;
}

/**
 * The `AgentCloud` platform of a GKE cluster: GKE Sandbox's `gvisor` RuntimeClass (not rendered again), no Kata (with
 * the reason), the Dataplane V2 fabric, GKE's DNS set-ups, the control plane by address, and the cluster's own token
 * issuer.
 */
export function gkePlatform(args: GkePlatformArgs): AgentCloudPlatform<k8s.Provider, pulumi.Input<string>> {
  return {
    provider: args.provider,
    name: "gke",
    runtimeClasses: [...GKE_RUNTIME_CLASSES],
    unavailableRuntimes: { ...GKE_UNAVAILABLE_RUNTIMES },
    network: args.fabric,
    dns: clusterDns(PLATFORM_DNS.gke),
    apiServer: args.apiServer,
    tokenIssuer: gkeTokenIssuer(args.cluster, args.fabric),
    ...(args.identity && { identity: args.identity }),
    ...(args.gpu && { gpu: args.gpu }),
  };
}
