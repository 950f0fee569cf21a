import type { ResolvedAgent } from "../agent/resolve";
import type { ClusterDns } from "./cluster-endpoints";
import type { IdentityEndpoint, NetworkFabric, TransitEncryption } from "./fabric";

/** Arguments of `AgentNetwork`: the fleet's network, enforced by a fabric on the node. */
export interface AgentNetworkSpec {
  /** The fabric that enforces the rules (`ciliumFabric()`, `existingCiliumFabric(...)`, `networkPolicyOnlyFabric(...)`). */
  fabric: NetworkFabric;
  /** Every agent of the fleet, resolved, with `acceptsFrom` derived from the callers' `delegatesTo`. */
  agents: readonly ResolvedAgent[];
  /** Tenant namespaces of the fleet. */
  tenants: readonly string[];
  /**
   * DNS the agents resolve through (port 53 only).
   * @default - kube-dns in kube-system (`DEFAULT_CLUSTER_DNS`)
   */
  dns?: ClusterDns;
  /**
   * Link-local or node endpoints the platform's identity binding needs; the only such addresses agents may reach.
   * @default [] (no metadata or node endpoint is reachable)
   */
  identityEndpoints?: IdentityEndpoint[];
}

/** A named opt-out: the reason is recorded where policies and reviewers see it. */
export interface UnsafeReason {
  /** Why the cluster runs without the protection; must not be blank. */
  reason: string;
}

/**
 * The settings of a Cilium the cluster already runs, as the user read them from `cilium-config`
 * (`kubectl -n kube-system get cm cilium-config -o yaml`). agentcloud installs nothing on such a cluster and relies on
 * these; validation rejects settings that break enforcement for gVisor and Kata pods.
 */
export interface ExistingCiliumSettings {
  /**
   * Encryption between nodes: `wireguard` when `enable-wireguard: "true"`, `ipsec` when `enable-ipsec: "true"`,
   * `ztunnel` when `enable-ztunnel: "true"`, otherwise `none`. `ztunnel` is rejected (it redirects pods with iptables
   * rules inside their network namespace, which gVisor and Kata bypass); `none` needs `unsafeNoEncryption`.
   */
  encryption: TransitEncryption;
  /**
   * Acknowledges that pod traffic between nodes is not encrypted (`encryption: "none"`); the reason becomes the
   * fabric's `unsafeReason`.
   * @default - not acknowledged: `encryption: "none"` is rejected
   */
  unsafeNoEncryption?: UnsafeReason;
  /** Kube-proxy replacement on: `kube-proxy-replacement: "true"`. */
  kubeProxyReplacement: boolean;
  /**
   * Socket load balancing kept out of pod namespaces: `bpf-lb-sock-hostns-only: "true"` (Helm
   * `socketLB.hostNamespaceOnly`). Required with kube-proxy replacement: the socket load balancer does not see
   * connections made inside gVisor or Kata pods.
   * @default false
   */
  socketLBHostNamespaceOnly?: boolean;
  /** The L7 proxy, which holds the DNS proxy FQDN rules need: `enable-l7-proxy: "true"`. Must be true. */
  l7Proxy: boolean;
  /**
   * Policy enforcement mode: `enable-policy` (`default`, `always` or `never`); `never` is rejected.
   * @default "default"
   */
  policyEnforcementMode?: "default" | "always" | "never";
}

/** Options of `networkPolicyOnlyFabric`: any CNI that enforces Kubernetes NetworkPolicy. */
export interface NetworkPolicyOnlyOptions {
  /**
   * The required acknowledgement: without Cilium there is no FQDN egress (declared egress hosts are then not reachable),
   * no encryption between nodes and no fabric-level default deny. The reason becomes the fabric's `unsafeReason`.
   */
  unsafeNetworkPolicyOnly: UnsafeReason;
}
