import { BlockList, isIPv6 } from "node:net";
import type { ObjectMeta } from "kubernetes-types/meta/v1";
import { ANNOTATIONS, LABELS } from "../../vocabulary";
import { claimsSandboxes } from "../agent/delegation";
import { gatewayPodSelector, type GatewayEndpoint } from "../mcp-gateway/endpoint";
import { calledThroughGateway, reachesGateway, scrapedByMonitoring, type ResolvedAgent } from "../agent/resolve";
import type { MonitoringEndpoint } from "../observability/endpoint";
import { standardLabels } from "../labels";
import type { BuiltObject, KubernetesObject } from "../objects";
import type { DnsPods } from "./cluster-endpoints";
import type { FabricContext } from "./fabric";

// Cilium policies (cilium.io/v2) derived from the agents' declarations, shared by `ciliumFabric` and
// `existingCiliumFabric`. Standard Cilium shapes only, so a small evaluator can read them: selectors are matchLabels
// with `k8s:`-sourced keys, ports are strings with a protocol, every rule allows one kind of peer (Cilium rejects a
// rule that combines two, e.g. toFQDNs with toEndpoints: pkg/policy/api/rule_validation.go, EgressRule.sanitize).
// Default deny is always stated (`enableDefaultDeny`): Cilium infers it only from a non-empty rule list
// (Rule.Sanitize), so an empty `ingress: []` alone would leave ingress open.

/** Identity label of a pod's namespace (Cilium sets it on every pod). */
export const CILIUM_NAMESPACE_LABEL = "k8s:io.kubernetes.pod.namespace";
/** Identity label of a pod's ServiceAccount. */
export const CILIUM_SERVICE_ACCOUNT_LABEL = "k8s:io.cilium.k8s.policy.serviceaccount";
/** Identity label of a namespace label; honoured only in clusterwide policies (Cilium: "Using Kubernetes Constructs in Policy"). */
export function ciliumNamespaceLabel(key: string): string {
  return `k8s:io.cilium.k8s.namespace.labels.${key}`;
}
/** A pod label as a Cilium identity label. */
export function ciliumPodLabel(key: string): string {
  return `k8s:${key}`;
}

/** Link-local and metadata ranges no agent may reach, except the platform's identity endpoints and DNS addresses. */
export const METADATA_DENY_CIDRS = ["169.254.0.0/16", "fd00:ec2::254/128"] as const;

/** Name of the fabric-level default deny for tenant namespaces. */
export const TENANT_DEFAULT_DENY_NAME = "agentcloud-tenant-default-deny";

/** A Cilium endpoint selector: a Kubernetes label selector over identity labels. */
export interface CiliumSelector {
  /** Labels every selected endpoint has. */
  matchLabels?: Record<string, string>;
  /** Further requirements, ANDed. */
  matchExpressions?: {
    /** Identity label key. */
    key: string;
    /** `In`, `NotIn`, `Exists` or `DoesNotExist`. */
    operator: "In" | "NotIn" | "Exists" | "DoesNotExist";
    /** Values for `In` and `NotIn`. */
    values?: string[];
  }[];
}

/** Ports of a rule, with an optional DNS (L7) rule that sends the traffic through Cilium's DNS proxy. */
export interface CiliumPortRule {
  /** Ports, as strings, with their protocol. */
  ports: {
    /** Port number as a string. */
    port: string;
    /** `TCP` or `UDP`. */
    protocol: "TCP" | "UDP";
  }[];
  /** L7 rules. */
  rules?: {
    /** DNS names queries may ask for. */
    dns: {
      /** A pattern (`*` for every name). */
      matchPattern: string;
    }[];
  };
}

/** A CIDR peer. */
export interface CiliumCidrRule {
  /** The range. */
  cidr: string;
  /** Sub-ranges left out. */
  except?: string[];
}

/** An FQDN peer: an exact name or a pattern (`*.example.com`: one label under the domain, not the domain itself). */
export type CiliumFqdnSelector =
  | {
      /** An exact name. */
      matchName: string;
    }
  | {
      /** A wildcard pattern. */
      matchPattern: string;
    };

/** One egress allow rule: one kind of peer, on its ports. */
export interface CiliumEgressRule {
  /** Pods, by identity labels. */
  toEndpoints?: CiliumSelector[];
  /** Reserved entities (`kube-apiserver`). */
  toEntities?: string[];
  /** Names learnt through the DNS proxy. */
  toFQDNs?: CiliumFqdnSelector[];
  /** Address ranges. */
  toCIDRSet?: CiliumCidrRule[];
  /** Ports (and L7 rules). */
  toPorts?: CiliumPortRule[];
}

/** One ingress allow rule. */
export interface CiliumIngressRule {
  /** Pods, by identity labels. */
  fromEndpoints?: CiliumSelector[];
  /** Ports. */
  toPorts?: CiliumPortRule[];
}

/** A port or port range of a deny rule (`PortDenyRule` in the CRD: no L7 rules). */
export interface CiliumDenyPort {
  /** First port, as a string. */
  port: string;
  /**
   * Last port of the range (inclusive).
   * @default - the one port `port`
   */
  endPort?: number;
  /** `ANY`: TCP, UDP and SCTP alike. */
  protocol: "ANY";
}

/** One egress deny rule; deny rules win over every allow rule of every policy. */
export interface CiliumEgressDenyRule {
  /** Address ranges denied. */
  toCIDRSet: CiliumCidrRule[];
  /**
   * Ports denied to those ranges.
   * @default - every port
   */
  toPorts?: {
    /** Ports and ranges. */
    ports: CiliumDenyPort[];
  }[];
}

/** The spec shared by CiliumNetworkPolicy and CiliumClusterwideNetworkPolicy, as agentcloud writes it. */
export interface CiliumPolicySpec {
  /** What the policy is for. */
  description: string;
  /** The endpoints the policy applies to. */
  endpointSelector: CiliumSelector;
  /** Default deny in both directions for the selected endpoints, stated rather than inferred from the rules. */
  enableDefaultDeny: {
    /** Ingress default deny. */
    ingress: true;
    /** Egress default deny. */
    egress: true;
  };
  /** Ingress allowed; an empty list allows none. */
  ingress: CiliumIngressRule[];
  /** Egress allowed; an empty list allows none. */
  egress: CiliumEgressRule[];
  /**
   * Egress denied whatever else allows it.
   * @default - none
   */
  egressDeny?: CiliumEgressDenyRule[];
}

/** A CiliumNetworkPolicy (cilium.io/v2). */
export interface CiliumNetworkPolicy extends KubernetesObject {
  /** `cilium.io/v2`. */
  apiVersion: "cilium.io/v2";
  /** `CiliumNetworkPolicy`. */
  kind: "CiliumNetworkPolicy";
  /** Name, namespace, labels and annotations. */
  metadata: ObjectMeta & {
    /** Named after the agent. */
    name: string;
    /** The agent's namespace. */
    namespace: string;
  };
  /** The rules. */
  spec: CiliumPolicySpec;
}

/** A CiliumClusterwideNetworkPolicy (cilium.io/v2). */
export interface CiliumClusterwideNetworkPolicy extends KubernetesObject {
  /** `cilium.io/v2`. */
  apiVersion: "cilium.io/v2";
  /** `CiliumClusterwideNetworkPolicy`. */
  kind: "CiliumClusterwideNetworkPolicy";
  /** Name and labels. */
  metadata: ObjectMeta & {
    /** Name. */
    name: string;
  };
  /** The rules. */
  spec: CiliumPolicySpec;
}

/**
 * The identity of an agent's pods: its namespace, its agent label and its ServiceAccount (agentcloud names it after
 * the agent). The ServiceAccount here alone does not stop a pod that copies the label: the agents' NetworkPolicies
 * admit peers by label and Cilium unions them with these rules. What does is admission: in tenant namespaces a pod
 * with the agent label must run as the ServiceAccount of that name (`buildAgentIdentityPolicy`).
 */
export function agentEndpoint(ref: { agent: string; namespace: string }): CiliumSelector {
  return {
    matchLabels: {
      [CILIUM_NAMESPACE_LABEL]: ref.namespace,
      [ciliumPodLabel(LABELS.agent)]: ref.agent,
      [CILIUM_SERVICE_ACCOUNT_LABEL]: ref.agent,
    },
  };
}

/**
 * DNS server pods as a Cilium selector. A namespaced policy ignores namespace labels, so the namespace is named
 * (`kubernetes.io/metadata.name`, which `validateAgentNetworkSpec` requires for Cilium fabrics).
 */
export function dnsEndpoint(pods: DnsPods): CiliumSelector {
  const matchLabels: Record<string, string> = {};
  for (const [key, value] of Object.entries(pods.namespaceSelector)) {
    matchLabels[key === "kubernetes.io/metadata.name" ? CILIUM_NAMESPACE_LABEL : ciliumNamespaceLabel(key)] = value;
  }
  for (const [key, value] of Object.entries(pods.podSelector)) matchLabels[ciliumPodLabel(key)] = value;
  return { matchLabels };
}

function hostCidr(address: string): string {
  return `${address}/${isIPv6(address) ? 128 : 32}`;
}

/** The gateway's pods as a Cilium selector: its namespace, its labels and its ServiceAccount (named after it). */
export function gatewayEndpoint(gateway: Pick<GatewayEndpoint, "name" | "namespace">): CiliumSelector {
  const matchLabels: Record<string, string> = { [CILIUM_NAMESPACE_LABEL]: gateway.namespace };
  for (const [key, value] of Object.entries(gatewayPodSelector(gateway))) matchLabels[ciliumPodLabel(key)] = value;
  matchLabels[CILIUM_SERVICE_ACCOUNT_LABEL] = gateway.name;
  return { matchLabels };
}

/** The Prometheus pods that scrape the fleet as a Cilium selector: the monitoring namespace and their pod labels. */
export function prometheusEndpoint(monitoring: MonitoringEndpoint): CiliumSelector {
  const matchLabels: Record<string, string> = { [CILIUM_NAMESPACE_LABEL]: monitoring.namespace };
  for (const [key, value] of Object.entries(monitoring.podSelector)) matchLabels[ciliumPodLabel(key)] = value;
  return { matchLabels };
}

/** A TCP port rule for Cilium. */
export const tcp = (port: number): CiliumPortRule => ({ ports: [{ port: String(port), protocol: "TCP" }] });

// `*` rather than a name allowlist: the namespaces' own NetworkPolicies allow port 53 to the same DNS peers without
// an L7 rule, and when a port is allowed at L4 only, L7 rules on it "have no effect" (docs.cilium.io, Layer 7
// Policies; Cilium keeps the proxy redirect and adds an allow-all L7 rule). A name list would look stricter than it is.
// The DNS proxy still sees every answer, which is all FQDN rules need; what an agent reaches stays limited by the FQDN
// rules (by address), not by what it may resolve.
const DNS_PORTS: CiliumPortRule = {
  ports: [
    { port: "53", protocol: "UDP" },
    { port: "53", protocol: "TCP" },
  ],
  rules: { dns: [{ matchPattern: "*" }] },
};

/** DNS through Cilium's DNS proxy to the cluster DNS pods and addresses (port 53 only). */
export function dnsEgress(context: FabricContext): CiliumEgressRule[] {
  const rules: CiliumEgressRule[] = [];
  if (context.dns.pods.length > 0) rules.push({ toEndpoints: context.dns.pods.map(dnsEndpoint), toPorts: [DNS_PORTS] });
  if (context.dns.addresses.length > 0)
    rules.push({ toCIDRSet: context.dns.addresses.map((a) => ({ cidr: hostCidr(a) })), toPorts: [DNS_PORTS] });
  return rules;
}

/** `matchName` for a host, `matchPattern` for a `*.` wildcard (Cilium: one label under the domain, not the domain). */
export function fqdnSelector(host: { host: string; wildcard: boolean }): CiliumFqdnSelector {
  return host.wildcard ? { matchPattern: host.host } : { matchName: host.host };
}

/**
 * Every port but `allowed`, as deny ranges on any protocol, e.g. `1-52` and `54-65535` around 53. Port 0 is left
 * out: the CRD's `port` 0 means every port, and no transport connects to port 0.
 */
export function portsExcept(allowed: readonly number[]): CiliumDenyPort[] {
  const open = [...new Set(allowed)].sort((a, b) => a - b);
  const ranges: CiliumDenyPort[] = [];
  let start = 1;
  for (const port of [...open, 65536]) {
    if (port > start) ranges.push({ port: String(start), ...(port - 1 > start && { endPort: port - 1 }), protocol: "ANY" });
    start = Math.max(start, port + 1);
  }
  return ranges;
}

/**
 * Denials of the metadata and link-local ranges. The platform's identity endpoints and DNS addresses in them are left
 * out of the range denial, each denied instead on every port but its own (53 for DNS, the endpoint's port, both when
 * an address is both), so a declared name that resolves to such an address (GKE's metadata server resolves at
 * 169.254.169.254:53) reaches it on no other port. A range whose whole extent is such an address is denied only by
 * its port rule. Deny rules carry L4 ports with `endPort` ranges (CRD `egressDeny[].toPorts[].ports[].endPort`;
 * docs.cilium.io Layer 4 Policies, port ranges; Deny Policies: deny wins over every allow).
 */
export function metadataDeny(context: FabricContext): CiliumEgressDenyRule[] {
  const openPorts = new Map<string, number[]>();
  const open = (address: string, port: number) => openPorts.set(address, [...(openPorts.get(address) ?? []), port]);
  for (const e of context.identityEndpoints) open(e.address, e.port);
  for (const a of context.dns.addresses) open(a, 53);
  const rules: CiliumEgressDenyRule[] = [];
  const exempted: string[] = [];
  for (const cidr of METADATA_DENY_CIDRS) {
    const [address, prefix] = cidr.split("/");
    const family = isIPv6(address) ? "ipv6" : "ipv4";
    const range = new BlockList();
    range.addSubnet(address, Number(prefix), family);
    const inside = [...openPorts.keys()].filter((a) => (isIPv6(a) ? "ipv6" : "ipv4") === family && range.check(a, family));
    exempted.push(...inside);
    const whole = Number(prefix) === (family === "ipv6" ? 128 : 32) && inside.length > 0;
    if (whole) continue;
    rules.push({ toCIDRSet: [{ cidr, ...(inside.length > 0 && { except: inside.map(hostCidr) }) }] });
  }
  for (const address of exempted) {
    rules.push({ toCIDRSet: [{ cidr: hostCidr(address) }], toPorts: [{ ports: portsExcept(openPorts.get(address)!) }] });
  }
  return rules;
}

/** Name of an agent's CiliumNetworkPolicy: the agent's. */
export function agentPolicyName(agent: { name: string }): string {
  return agent.name;
}

/**
 * An agent's CiliumNetworkPolicy, in its namespace: ingress only from its `acceptsFrom` agents on its port, and from
 * the gateway on that port when the agent has callers and is not a pool (the gateway forwards their A2A calls), and
 * from the fleet's Prometheus on the metrics port when the agent declares `metrics`; egress only to DNS (through the DNS proxy), its `delegatesTo` agents on their ports, the gateway on its port when
 * the agent has tool grants or non-pool delegates, the API server when it claims sandboxes, its egress hosts as FQDN
 * rules on their ports, and the identity endpoints its own binding uses; the metadata and link-local ranges denied whatever
 * else allows them.
 */
export function buildAgentCiliumPolicy(agent: ResolvedAgent, context: FabricContext): CiliumNetworkPolicy {
  const ingress: CiliumIngressRule[] = [
    ...(agent.acceptsFrom.length === 0 ? [] : [{ fromEndpoints: agent.acceptsFrom.map(agentEndpoint), toPorts: [tcp(agent.port)] }]),
    ...(calledThroughGateway(agent) ? [{ fromEndpoints: [gatewayEndpoint(agent.gateway!)], toPorts: [tcp(agent.port)] }] : []),
    ...(scrapedByMonitoring(agent)
      ? [{ fromEndpoints: [prometheusEndpoint(agent.monitoring!)], toPorts: [tcp(agent.metrics!.port)] }]
      : []),
  ];
  const egress: CiliumEgressRule[] = [
    ...dnsEgress(context),
    ...agent.delegatesTo.map((ref) => ({ toEndpoints: [agentEndpoint(ref)], toPorts: [tcp(ref.port)] })),
    ...(reachesGateway(agent) ? [{ toEndpoints: [gatewayEndpoint(agent.gateway!)], toPorts: [tcp(agent.gateway!.port)] }] : []),
    ...(claimsSandboxes(agent)
      ? [
          {
            toEntities: ["kube-apiserver"],
            toPorts: [{ ports: agent.apiServer.ports.map((p) => ({ port: String(p), protocol: "TCP" as const })) }],
          },
        ]
      : []),
    ...agent.egressHosts.map((h) => ({ toFQDNs: [fqdnSelector(h)], toPorts: [tcp(h.port)] })),
    ...agent.identityEndpoints.map((e) => ({ toCIDRSet: [{ cidr: hostCidr(e.address) }], toPorts: [tcp(e.port)] })),
  ];
  const name = agentPolicyName(agent);
  const metadata: CiliumNetworkPolicy["metadata"] = {
    name,
    namespace: agent.namespace,
    labels: { ...standardLabels(name, "network-policy"), [LABELS.agent]: agent.name },
  };
  if (agent.unsafeWildcardEgressReason !== undefined && agent.egressHosts.some((h) => h.wildcard)) {
    metadata.annotations = { [ANNOTATIONS.unsafeWildcardEgress]: agent.unsafeWildcardEgressReason };
  }
  return {
    apiVersion: "cilium.io/v2",
    kind: "CiliumNetworkPolicy",
    metadata,
    spec: {
      description: `agentcloud agent ${agent.namespace}/${agent.name}: only its declared callers, delegates and egress hosts`,
      // The ServiceAccount too, as in agentEndpoint: admission keeps agent-labelled pods on the agent's ServiceAccount.
      endpointSelector: { matchLabels: { [ciliumPodLabel(LABELS.agent)]: agent.name, [CILIUM_SERVICE_ACCOUNT_LABEL]: agent.name } },
      enableDefaultDeny: { ingress: true, egress: true },
      ingress,
      egress,
      egressDeny: metadataDeny(context),
    },
  };
}

/**
 * The fabric-level default deny: every pod in a namespace labelled `agentcloud.dev/tenant` is in default deny both
 * ways, and this policy allows nothing. Its only deny rules are the agents' own metadata denials, with the same
 * exceptions, so it takes nothing away from what the agents' policies allow (Cilium unions allow rules; deny rules
 * win) and still keeps a pod no agent policy selects away from instance metadata.
 */
export function buildTenantDefaultDeny(context: FabricContext): CiliumClusterwideNetworkPolicy {
  return {
    apiVersion: "cilium.io/v2",
    kind: "CiliumClusterwideNetworkPolicy",
    metadata: { name: TENANT_DEFAULT_DENY_NAME, labels: standardLabels(TENANT_DEFAULT_DENY_NAME, "network-policy") },
    spec: {
      description: "agentcloud: default deny, both ways, for every pod in a tenant namespace; allows nothing, denies instance metadata",
      endpointSelector: { matchExpressions: [{ key: ciliumNamespaceLabel(LABELS.tenant), operator: "Exists" }] },
      enableDefaultDeny: { ingress: true, egress: true },
      ingress: [],
      egress: [],
      egressDeny: metadataDeny(context),
    },
  };
}

/** Role of an agent's policy in a builder list; namespaces and agent names hold no dots, so it is unique. */
export function agentPolicyRole(agent: { name: string; namespace: string }): string {
  return `cilium-policy-${agent.namespace}.${agent.name}`;
}

/** The cluster-wide objects of a Cilium fabric: the tenants' default deny. */
export function ciliumClusterObjects(context: FabricContext): BuiltObject[] {
  return [{ role: "tenant-default-deny", object: buildTenantDefaultDeny(context) }];
}

/** The objects of one agent on a Cilium fabric: its CiliumNetworkPolicy. */
export function ciliumAgentObjects(agent: ResolvedAgent, context: FabricContext): BuiltObject[] {
  return [{ role: agentPolicyRole(agent), object: buildAgentCiliumPolicy(agent, context) }];
}
