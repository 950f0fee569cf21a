import type { ValidationProblem } from "../../validation/problems";
import type { BuiltObject } from "../objects";
import type { ResolvedAgent } from "../agent/resolve";
import type { ClusterDns } from "./cluster-endpoints";

// The contract between the fleet (AgentCloud) and whatever enforces its network on the node: Cilium installed by
// agentcloud, a Cilium the cluster already runs, GKE Dataplane V2 (the GCP layer implements that one), or any CNI
// that enforces NetworkPolicy. Pure data and pure functions, so the Pulumi components and the CDK constructs share it.

/** Names of the network fabrics agentcloud knows. */
export const NETWORK_FABRIC_KINDS = ["cilium", "cilium-existing", "dataplane-v2", "networkpolicy-only"] as const;
/** A network fabric kind: one of {@link NETWORK_FABRIC_KINDS}. */
export type NetworkFabricKind = (typeof NETWORK_FABRIC_KINDS)[number];

/** Transparent encryption between nodes that a fabric provides. */
export type TransitEncryption = "wireguard" | "ipsec" | "ztunnel" | "none";

/** What a fabric enforces, for the plan summary, the README table and the tenant namespaces' annotations. */
export interface FabricEnforcement {
  /** Ingress to agents limited to the agents that delegate to them, by identity on the node (eBPF). */
  identityIngress: boolean;
  /** Egress to external hosts limited to the declared FQDNs (`host:port`). */
  fqdnEgress: boolean;
  /** Encryption of pod traffic between nodes. */
  encryption: TransitEncryption;
  /** A fabric-level default deny for tenant namespaces, besides the namespaces' own NetworkPolicies. */
  fabricDefaultDeny: boolean;
  /**
   * The fabric admits the API server by identity (Cilium's `kube-apiserver` entity), so the agents' NetworkPolicies
   * need no CIDR rule for it (one that would also open every other host in those ranges).
   * @default false
   */
  apiServerByIdentity?: boolean;
  /** One sentence for the plan summary. */
  summary: string;
}

/** An endpoint on a link-local or node address that the platform's identity binding needs (e.g. EKS Pod Identity). */
export interface IdentityEndpoint {
  /** A single IPv4 or IPv6 address, e.g. `169.254.170.23`. */
  address: string;
  /** Its TCP port, e.g. `80`. */
  port: number;
}

/** What a fabric needs to build an agent's rules besides the agent itself. */
export interface FabricContext {
  /** DNS the agents resolve through (port 53 only). */
  dns: Required<ClusterDns>;
  /** Endpoints the identity binding needs; the only link-local or metadata addresses agents may reach. */
  identityEndpoints: readonly IdentityEndpoint[];
  /** Tenant namespaces of the fleet. */
  tenants: readonly string[];
}

/** A Helm release a fabric installs (pure data: the Pulumi component registers it, a CDK construct could too). */
export interface FabricHelmRelease {
  /** Release name. */
  name: string;
  /** Chart name or OCI reference. */
  chart: string;
  /** Chart repository URL, when `chart` is not an OCI reference. */
  repo?: string;
  /** Pinned chart version. */
  version: string;
  /** Namespace of the release. */
  namespace: string;
  /** Chart values, checked against the chart's values schema in tests. */
  values: Record<string, unknown>;
}

/**
 * A network fabric: how the fleet's network rules are enforced on the node, outside the sandbox. Implemented by
 * `ciliumFabric`, `existingCiliumFabric` and `networkPolicyOnlyFabric` here; the GCP layer implements Dataplane V2.
 */
export interface NetworkFabric {
  /** Which fabric this is. */
  readonly kind: NetworkFabricKind;
  /** What it enforces. */
  readonly enforcement: FabricEnforcement;
  /** The stated reason for running without FQDN egress or encryption, when the fabric lacks them (named opt-out). */
  readonly unsafeReason?: string;
  /** The Helm release that installs the fabric, when agentcloud installs it. */
  readonly release?: FabricHelmRelease;
  /**
   * Problems with the options the fabric was made from (its factory's validator, run first). `validateAgentNetworkSpec`
   * reports them with the fleet's other problems, before any resource is created; a fabric with problems builds nothing.
   * @default [] (valid options)
   */
  readonly problems?: readonly ValidationProblem[];
  /** Cluster-wide objects: the fabric-level default deny for the tenants, and the like. */
  clusterObjects(context: FabricContext): BuiltObject[];
  /** The fabric's rules for one agent (e.g. its CiliumNetworkPolicy), derived from its resolved declaration. */
  agentObjects(agent: ResolvedAgent, context: FabricContext): BuiltObject[];
}
