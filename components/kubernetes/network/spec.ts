import type { ResolvedAgent } from "../agent/resolve";
import type { ClusterDns } from "./cluster-endpoints";
import type { IdentityEndpoint, NetworkFabric } from "./fabric";

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
