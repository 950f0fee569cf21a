import type { ResolvedAgent } from "../agent/resolve";
import { resolveClusterDns } from "./cluster-endpoints";
import type { FabricContext, NetworkFabric } from "./fabric";
import type { AgentNetworkSpec } from "./spec";

/** An {@link AgentNetworkSpec} with every default applied. */
export interface ResolvedAgentNetwork {
  /** The fabric that enforces the rules. */
  fabric: NetworkFabric;
  /** Every agent of the fleet. */
  agents: readonly ResolvedAgent[];
  /** What the fabric needs besides each agent: DNS, identity endpoints, tenants. */
  context: FabricContext;
}

/** Applies the defaults of {@link AgentNetworkSpec}. Call only on a spec that passed validation. */
export function resolveAgentNetwork(spec: AgentNetworkSpec): ResolvedAgentNetwork {
  return {
    fabric: spec.fabric,
    agents: spec.agents,
    context: {
      dns: resolveClusterDns(spec.dns),
      identityEndpoints: (spec.identityEndpoints ?? []).map((e) => ({ address: e.address, port: e.port })),
      tenants: [...spec.tenants],
    },
  };
}
