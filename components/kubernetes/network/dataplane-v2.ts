import type { ObjectMeta } from "kubernetes-types/meta/v1";
import { ANNOTATIONS, LABELS } from "../../vocabulary";
import type { ValidationProblem } from "../../validation/problems";
import { checkBoolean, checkNonEmptyString, isRecord } from "../../validation/values";
import type { ResolvedAgent } from "../agent/resolve";
import { standardLabels } from "../labels";
import type { BuiltObject, KubernetesObject } from "../objects";
import type { NetworkFabric, TransitEncryption } from "./fabric";
import type { UnsafeReason } from "./spec";

// GKE Dataplane V2 (GKE's Cilium-based eBPF datapath, `datapathProvider: ADVANCED_DATAPATH`) as agentcloud's fabric.
// GKE runs and configures it; agentcloud adds no Cilium policies (GKE does not expose Cilium's own CRDs for that) and
// states the fleet's rules in what GKE supports: the agents' and namespaces' Kubernetes NetworkPolicies (built with
// the agents, enforced on the node by Dataplane V2) and, for declared egress hosts, GKE's FQDN network policies
// (`FQDNNetworkPolicy`, networking.gke.io/v1alpha1; cloud.google.com/kubernetes-engine/docs/how-to/fqdn-network-policies:
// Dataplane V2 only, GKE 1.26.4-gke.500+/1.27.1-gke.400+, kube-dns or Cloud DNS, cluster flag enableFqdnNetworkPolicy).
// Encryption is GKE's inter-node transparent encryption (WireGuard in Dataplane V2; cluster field
// inTransitEncryptionConfig IN_TRANSIT_ENCRYPTION_INTER_NODE_TRANSPARENT;
// cloud.google.com/kubernetes-engine/docs/how-to/enable-inter-node-transparent-encryption).

/** API version of GKE's FQDN network policies. */
export const FQDN_NETWORK_POLICY_API_VERSION = "networking.gke.io/v1alpha1";

/** Options of {@link dataplaneV2Fabric}: what the GKE cluster turns on (`GkeAgentCluster` passes its own settings). */
export interface DataplaneV2Options {
  /**
   * The cluster has FQDN network policy on (`enableFqdnNetworkPolicy`): agents reach their declared egress hosts by
   * name. Off needs `unsafeNoFqdnEgress`.
   * @default true
   */
  fqdnNetworkPolicy?: boolean;
  /**
   * The cluster has inter-node transparent encryption on (`inTransitEncryptionConfig:
   * IN_TRANSIT_ENCRYPTION_INTER_NODE_TRANSPARENT`, WireGuard). Off needs `unsafeNoEncryption`.
   * @default true
   */
  interNodeEncryption?: boolean;
  /**
   * Acknowledges that pod traffic between nodes is encrypted only by Google's default VM-to-VM encryption, not by keys
   * of the cluster (`interNodeEncryption: false`).
   * @default - not acknowledged: `interNodeEncryption: false` is rejected
   */
  unsafeNoEncryption?: UnsafeReason;
  /**
   * Acknowledges that declared egress hosts are not reachable (`fqdnNetworkPolicy: false`; agents fail closed).
   * @default - not acknowledged: `fqdnNetworkPolicy: false` is rejected
   */
  unsafeNoFqdnEgress?: UnsafeReason;
}

/** One FQDN match: an exact name, or a pattern whose `*` covers one label (`*.example.com`, not `example.com`). */
export type FqdnMatch =
  | {
      /** An exact name. */
      name: string;
    }
  | {
      /** A wildcard pattern. */
      pattern: string;
    };

/** A port of an FQDN egress rule. */
export interface FqdnPort {
  /** `TCP`. */
  protocol: "TCP";
  /** The port number. */
  port: number;
}

/** One egress rule: the names, on the ports. */
export interface FqdnEgressRule {
  /** Names the pods may reach. */
  matches: FqdnMatch[];
  /** Ports on those names. */
  ports: FqdnPort[];
}

/** The pods a policy applies to. */
export interface FqdnPodSelector {
  /** Labels every selected pod has. */
  matchLabels: Record<string, string>;
}

/** The spec of an FQDNNetworkPolicy. */
export interface FqdnNetworkPolicySpec {
  /** The pods, by labels. */
  podSelector: FqdnPodSelector;
  /** Egress allowed by name. */
  egress: FqdnEgressRule[];
}

/** A host an FQDN policy allows, with its port. */
export interface FqdnHost {
  /** Host name or `*.domain`. */
  host: string;
  /** TCP port. */
  port: number;
  /** Whether `host` is a `*.` wildcard. */
  wildcard: boolean;
}

/** A GKE FQDNNetworkPolicy (networking.gke.io/v1alpha1). */
export interface FqdnNetworkPolicy extends KubernetesObject {
  /** `networking.gke.io/v1alpha1`. */
  apiVersion: typeof FQDN_NETWORK_POLICY_API_VERSION;
  /** `FQDNNetworkPolicy`. */
  kind: "FQDNNetworkPolicy";
  /** Name and namespace. */
  metadata: ObjectMeta & {
    /** Name. */
    name: string;
    /** Namespace. */
    namespace: string;
  };
  /** Which pods, and where they may go. */
  spec: FqdnNetworkPolicySpec;
}

/** Arguments of {@link buildFqdnNetworkPolicy}. */
export interface FqdnNetworkPolicyArgs {
  /** Name of the policy. */
  name: string;
  /** Namespace of the pods. */
  namespace: string;
  /** Labels of the pods. */
  podSelector: Record<string, string>;
  /** Labels of the policy. */
  labels: Record<string, string>;
  /**
   * Annotations of the policy.
   * @default {}
   */
  annotations?: Record<string, string>;
  /** Hosts with their TCP ports; `wildcard` hosts are `*.domain`. */
  hosts: readonly FqdnHost[];
}

/**
 * An FQDNNetworkPolicy letting the selected pods reach each host on its port only (one rule per host and port, as
 * the agents' Cilium policies do). Reusable by anything with remote hosts (the gateway).
 */
export function buildFqdnNetworkPolicy(args: FqdnNetworkPolicyArgs): FqdnNetworkPolicy {
  return {
    apiVersion: FQDN_NETWORK_POLICY_API_VERSION,
    kind: "FQDNNetworkPolicy",
    metadata: {
      name: args.name,
      namespace: args.namespace,
      labels: { ...args.labels },
      ...(args.annotations && Object.keys(args.annotations).length > 0 && { annotations: { ...args.annotations } }),
    },
    spec: {
      podSelector: { matchLabels: { ...args.podSelector } },
      egress: args.hosts.map((h) => ({
        matches: [h.wildcard ? { pattern: h.host } : { name: h.host }],
        ports: [{ protocol: "TCP", port: h.port }],
      })),
    },
  };
}

/** Role of an agent's FQDN policy in a builder list. */
export function fqdnPolicyRole(agent: { name: string; namespace: string }): string {
  return `fqdn-policy-${agent.namespace}.${agent.name}`;
}

/** The FQDNNetworkPolicy of an agent with declared egress hosts, in its namespace, named after it. */
export function buildAgentFqdnPolicy(agent: ResolvedAgent): FqdnNetworkPolicy {
  const wildcard = agent.unsafeWildcardEgressReason !== undefined && agent.egressHosts.some((h) => h.wildcard);
  return buildFqdnNetworkPolicy({
    name: agent.name,
    namespace: agent.namespace,
    podSelector: { [LABELS.agent]: agent.name },
    labels: { ...standardLabels(agent.name, "network-policy"), [LABELS.agent]: agent.name },
    ...(wildcard && { annotations: { [ANNOTATIONS.unsafeWildcardEgress]: agent.unsafeWildcardEgressReason! } }),
    hosts: agent.egressHosts,
  });
}

const KEYS = ["fqdnNetworkPolicy", "interNodeEncryption", "unsafeNoEncryption", "unsafeNoFqdnEgress"];

function checkAcknowledgement(
  argument: "unsafeNoEncryption" | "unsafeNoFqdnEgress",
  value: unknown,
  needed: boolean,
  what: string,
  fix: string,
): ValidationProblem[] {
  if (value === undefined) {
    return needed
      ? [{ argument: argument === "unsafeNoEncryption" ? "interNodeEncryption" : "fqdnNetworkPolicy", value: false, problem: what, fix }]
      : [];
  }
  if (!needed) {
    return [{ argument, value, problem: "acknowledges a setting that is on", fix: `remove ${argument}` }];
  }
  return isRecord(value)
    ? checkNonEmptyString(`${argument}.reason`, value.reason, "short-lived test cluster")
    : [{ argument, value, problem: "must be an object with a reason", fix: `use { reason: "short-lived test cluster" }` }];
}

/** Every problem with the options of {@link dataplaneV2Fabric}: turning a protection off needs its acknowledgement. */
export function validateDataplaneV2Options(options: unknown): ValidationProblem[] {
  if (options === undefined) return [];
  if (!isRecord(options)) {
    return [{ argument: "options", value: options, problem: "must be an object", fix: "use e.g. { interNodeEncryption: true }" }];
  }
  const problems: ValidationProblem[] = Object.keys(options)
    .filter((k) => !KEYS.includes(k))
    .map((k) => ({
      argument: k,
      value: options[k],
      problem: "is not a field of dataplaneV2Fabric's options",
      fix: `use only ${KEYS.join(", ")}`,
    }));
  const { fqdnNetworkPolicy, interNodeEncryption } = options;
  if (fqdnNetworkPolicy !== undefined) problems.push(...checkBoolean("fqdnNetworkPolicy", fqdnNetworkPolicy));
  if (interNodeEncryption !== undefined) problems.push(...checkBoolean("interNodeEncryption", interNodeEncryption));
  problems.push(
    ...checkAcknowledgement(
      "unsafeNoEncryption",
      options.unsafeNoEncryption,
      interNodeEncryption === false,
      "leaves pod traffic between nodes without the cluster's own encryption (Google's default VM-to-VM encryption only)",
      `turn inter-node transparent encryption on, or acknowledge with unsafeNoEncryption: { reason: "..." }`,
    ),
    ...checkAcknowledgement(
      "unsafeNoFqdnEgress",
      options.unsafeNoFqdnEgress,
      fqdnNetworkPolicy === false,
      "leaves declared egress hosts unreachable (NetworkPolicies cannot name hosts; agents fail closed)",
      `turn FQDN network policy on (enableFqdnNetworkPolicy), or acknowledge with unsafeNoFqdnEgress: { reason: "..." }`,
    ),
  );
  return problems;
}

/**
 * GKE Dataplane V2 as the fleet's network fabric. Agent-to-agent ingress and egress, the gateway, the API server and
 * the identity endpoints are the agents' own NetworkPolicies (enforced by Dataplane V2's eBPF on the node, outside
 * gVisor, by pod labels, which admission keeps on the agent's ServiceAccount); declared egress hosts are one
 * FQDNNetworkPolicy per agent; the tenants' default deny is their namespaces' own NetworkPolicy (GKE offers no
 * agentcloud-managed cluster-wide deny here, so `fabricDefaultDeny` is false); the API server is reached by address
 * (`platform.apiServer`: the control plane's private range).
 */
export function dataplaneV2Fabric(options: DataplaneV2Options = {}): NetworkFabric {
  const problems = validateDataplaneV2Options(options);
  const valid = problems.length === 0;
  const fqdn = !valid || options.fqdnNetworkPolicy !== false;
  const encryption: TransitEncryption = !valid || options.interNodeEncryption !== false ? "wireguard" : "none";
  const reasons = valid ? [options.unsafeNoEncryption?.reason, options.unsafeNoFqdnEgress?.reason].filter((r): r is string => !!r) : [];
  const unsafeReason = reasons.length > 0 ? reasons.join("; ") : undefined;
  const encrypted =
    encryption === "wireguard"
      ? "WireGuard between nodes (GKE inter-node transparent encryption)"
      : `no encryption between nodes of the cluster's own, Google's VM-to-VM encryption only (acknowledged: ${options.unsafeNoEncryption?.reason ?? ""})`;
  const egress = fqdn
    ? "declared egress hosts by GKE FQDN network policy"
    : `declared egress hosts NOT reachable, no FQDN network policy (acknowledged: ${options.unsafeNoFqdnEgress?.reason ?? ""})`;
  return {
    kind: "dataplane-v2",
    enforcement: {
      identityIngress: true,
      fqdnEgress: fqdn,
      encryption,
      fabricDefaultDeny: false,
      apiServerByIdentity: false,
      summary:
        "GKE Dataplane V2 (eBPF on the node, outside gVisor): agent-to-agent ingress and egress by Kubernetes NetworkPolicy " +
        `on pod labels; ${egress}; ${encrypted}; default deny by each tenant namespace's NetworkPolicy only (no fabric-level deny); ` +
        "the API server by address",
    },
    ...(unsafeReason !== undefined && { unsafeReason }),
    problems,
    clusterObjects: () => [],
    agentObjects: (agent): BuiltObject[] =>
      fqdn && valid && agent.egressHosts.length > 0 ? [{ role: fqdnPolicyRole(agent), object: buildAgentFqdnPolicy(agent) }] : [],
  };
}
