import { isIPv4, isIPv6 } from "node:net";
import type { NetworkPolicyEgressRule, NetworkPolicyPeer } from "kubernetes-types/networking/v1";
import { checkLabelMap } from "../../validation/names";
import type { ValidationProblem } from "../../validation/problems";
import { checkInteger, checkOneOf, isRecord } from "../../validation/values";
import type { IdentityEndpoint } from "./fabric";

/** DNS server pods, by the labels of their namespace and of the pods. */
export interface DnsPods {
  /** Labels of the DNS pods' namespace; must not be empty. */
  namespaceSelector: Record<string, string>;
  /** Labels of the DNS pods; must not be empty (an empty selector would open port 53 to every pod). */
  podSelector: Record<string, string>;
}

/**
 * Where pods resolve names: the only destinations DNS egress is allowed to, always on port 53 (UDP and TCP) only.
 * A platform input: the cloud layer (or the stack) states what its cluster runs; see {@link DNS_PRESETS}.
 */
export interface ClusterDns {
  /**
   * DNS server pods (CoreDNS, kube-dns, a node-local cache that runs as pods).
   * @default [{ namespaceSelector: {"kubernetes.io/metadata.name": "kube-system"}, podSelector: {"k8s-app": "kube-dns"} }]
   */
  pods?: DnsPods[];
  /**
   * Single IP addresses of resolvers that are not pods (a node-local cache on a link-local address, the GKE metadata
   * server for Cloud DNS). Each becomes a /32 (or /128) peer on port 53 only, so e.g. allowing 169.254.169.254 for
   * Cloud DNS does not open the metadata server's HTTP port.
   * @default []
   */
  addresses?: string[];
}

const KUBE_SYSTEM = { "kubernetes.io/metadata.name": "kube-system" };
const KUBE_DNS_EXAMPLE = `{ namespaceSelector: {"kubernetes.io/metadata.name": "kube-system"}, podSelector: {"k8s-app": "kube-dns"} }`;
const inKubeSystem = (podSelector: Record<string, string>): DnsPods => ({ namespaceSelector: { ...KUBE_SYSTEM }, podSelector });

/**
 * Known DNS set-ups, combinable: a cluster that runs several (kube-dns plus a node-local cache) lists each.
 * - `kube-dns`: CoreDNS or kube-dns pods labelled `k8s-app: kube-dns` (kubeadm, kind, EKS, AKS, GKE kube-dns, k3s);
 * - `coredns`: distributions that label the CoreDNS pods `k8s-app: coredns`;
 * - `node-local-dns`: NodeLocal DNSCache as pods labelled `k8s-app: node-local-dns` (e.g. Cilium's local redirect
 *   policy sends DNS to them);
 * - `gke-node-local-dns-cache`: GKE NodeLocal DNSCache, listening on 169.254.20.10 on every node;
 * - `gke-cloud-dns`: GKE Cloud DNS, answered by the node's metadata server at 169.254.169.254 (port 53 only).
 */
export const DNS_PRESETS = {
  /** kube-dns pods in kube-system (label `k8s-app=kube-dns`). */
  "kube-dns": {
    /** The DNS server pods. */
    pods: [inKubeSystem({ "k8s-app": "kube-dns" })],
  },
  /** CoreDNS pods in kube-system labelled `k8s-app=coredns`. */
  coredns: {
    /** The DNS server pods. */
    pods: [inKubeSystem({ "k8s-app": "coredns" })],
  },
  /** The NodeLocal DNSCache DaemonSet's pods in kube-system. */
  "node-local-dns": {
    /** The DNS cache pods. */
    pods: [inKubeSystem({ "k8s-app": "node-local-dns" })],
  },
  /** GKE NodeLocal DNSCache on every node's link-local address. */
  "gke-node-local-dns-cache": {
    /** The cache's address. */
    addresses: ["169.254.20.10"],
  },
  /** GKE Cloud DNS, answered by the node's metadata server (port 53 only). */
  "gke-cloud-dns": {
    /** The metadata server's address. */
    addresses: ["169.254.169.254"],
  },
} as const satisfies Record<string, ClusterDns>;
/** A name of {@link DNS_PRESETS}. */
export type DnsPreset = keyof typeof DNS_PRESETS;
/** Every {@link DnsPreset}, in declaration order. */
export const DNS_PRESET_NAMES = Object.keys(DNS_PRESETS) as DnsPreset[];

/** Platforms agentcloud ships defaults for. */
export type PlatformName = "local" | "eks" | "gke";

/**
 * DNS set-ups each platform may use, in {@link DNS_PRESETS} names. GKE lists all three of its modes (kube-dns,
 * NodeLocal DNSCache, on by default on newer versions and always on Autopilot, and Cloud DNS), so agents resolve
 * whichever the cluster uses; every one of them is port 53 only.
 */
export const PLATFORM_DNS: Readonly<Record<PlatformName, readonly DnsPreset[]>> = {
  local: ["kube-dns"],
  eks: ["kube-dns"],
  gke: ["kube-dns", "gke-node-local-dns-cache", "gke-cloud-dns"],
};

/** The DNS allowance of named presets, merged (pods and addresses in order, duplicates dropped). */
export function clusterDns(presets: readonly DnsPreset[]): Required<ClusterDns> {
  const pods: DnsPods[] = [];
  const addresses: string[] = [];
  for (const name of presets) {
    const preset: ClusterDns = DNS_PRESETS[name];
    for (const p of preset.pods ?? []) {
      if (!pods.some((q) => JSON.stringify(q) === JSON.stringify(p)))
        pods.push({ namespaceSelector: { ...p.namespaceSelector }, podSelector: { ...p.podSelector } });
    }
    for (const a of preset.addresses ?? []) if (!addresses.includes(a)) addresses.push(a);
  }
  return { pods, addresses };
}

/** The default DNS allowance: kube-dns in kube-system. */
export const DEFAULT_CLUSTER_DNS: Readonly<Required<ClusterDns>> = clusterDns(PLATFORM_DNS.local);

/** Applies the defaults of {@link ClusterDns}: a field left out takes its default. */
export function resolveClusterDns(dns: ClusterDns | undefined): Required<ClusterDns> {
  return {
    pods: (dns?.pods ?? DEFAULT_CLUSTER_DNS.pods).map((p) => ({
      namespaceSelector: { ...p.namespaceSelector },
      podSelector: { ...p.podSelector },
    })),
    addresses: [...(dns?.addresses ?? DEFAULT_CLUSTER_DNS.addresses)],
  };
}

/** `a.b.c.d/32` or `x::y/128` for a single address. */
function hostCidr(address: string): string {
  return `${address}/${isIPv6(address) ? 128 : 32}`;
}

const DNS_PORTS = [
  { protocol: "UDP", port: 53 },
  { protocol: "TCP", port: 53 },
];

/** Egress to the cluster DNS (every pod set and address given) on port 53, UDP and TCP, and nothing else. */
export function dnsEgressRule(dns: ClusterDns | undefined): NetworkPolicyEgressRule {
  const { pods, addresses } = resolveClusterDns(dns);
  const to: NetworkPolicyPeer[] = [
    ...pods.map((p) => ({
      namespaceSelector: { matchLabels: { ...p.namespaceSelector } },
      podSelector: { matchLabels: { ...p.podSelector } },
    })),
    ...addresses.map((a) => ({ ipBlock: { cidr: hostCidr(a) } })),
  ];
  return { to, ports: DNS_PORTS.map((p) => ({ ...p })) };
}

function checkNonEmptyLabelMap(argument: string, value: unknown, example: string): ValidationProblem[] {
  const problems = checkLabelMap(argument, value);
  if (problems.length === 0 && Object.keys(value as object).length === 0) {
    return [
      {
        argument,
        value,
        problem: "must not be empty (an empty selector opens port 53 to every pod)",
        fix: `select the DNS pods, e.g. ${example}`,
      },
    ];
  }
  return problems;
}

/** Every problem with a {@link ClusterDns}, arguments prefixed with `argument`. */
export function validateClusterDns(argument: string, dns: unknown): ValidationProblem[] {
  if (dns === undefined) return [];
  if (!isRecord(dns)) {
    return [
      { argument, value: dns, problem: "must be an object with pods and/or addresses", fix: `use e.g. { pods: [${KUBE_DNS_EXAMPLE}] }` },
    ];
  }
  const problems: ValidationProblem[] = [];
  for (const key of Object.keys(dns)) {
    if (key !== "pods" && key !== "addresses") {
      problems.push({
        argument: `${argument}.${key}`,
        value: dns[key],
        problem: "is not a field of the DNS allowance",
        fix: `use pods: [{namespaceSelector, podSelector}] and/or addresses: ["169.254.20.10"]`,
      });
    }
  }
  const { pods, addresses } = dns;
  if (pods !== undefined) {
    if (!Array.isArray(pods))
      problems.push({ argument: `${argument}.pods`, value: pods, problem: "must be a list", fix: `use [${KUBE_DNS_EXAMPLE}]` });
    else
      pods.forEach((p: unknown, i) => {
        const at = `${argument}.pods[${i}]`;
        if (!isRecord(p)) {
          problems.push({
            argument: at,
            value: p,
            problem: "must be an object with namespaceSelector and podSelector",
            fix: `use ${KUBE_DNS_EXAMPLE}`,
          });
          return;
        }
        problems.push(
          ...checkNonEmptyLabelMap(`${at}.namespaceSelector`, p.namespaceSelector, `{"kubernetes.io/metadata.name": "kube-system"}`),
          ...checkNonEmptyLabelMap(`${at}.podSelector`, p.podSelector, `{"k8s-app": "kube-dns"}`),
        );
      });
  }
  if (addresses !== undefined) {
    if (!Array.isArray(addresses))
      problems.push({
        argument: `${argument}.addresses`,
        value: addresses,
        problem: "must be a list of IP addresses",
        fix: `use e.g. ["169.254.20.10"]`,
      });
    else
      addresses.forEach((a: unknown, i) => {
        if (typeof a !== "string" || !(isIPv4(a) || isIPv6(a))) {
          problems.push({
            argument: `${argument}.addresses[${i}]`,
            value: a,
            problem: "is not a single IPv4 or IPv6 address (ranges are not allowed for DNS)",
            fix: `use one address like "169.254.20.10"`,
          });
        }
      });
  }
  if (Array.isArray(pods) && Array.isArray(addresses) && pods.length === 0 && addresses.length === 0) {
    problems.push({
      argument,
      value: dns,
      problem: "allows no DNS server, so agents cannot resolve names",
      fix: `add pods or addresses, e.g. pods: [${KUBE_DNS_EXAMPLE}]`,
    });
  }
  return problems;
}

/** Every problem with a list of DNS preset names. */
export function validateDnsPresets(argument: string, value: unknown): ValidationProblem[] {
  if (!Array.isArray(value) || value.length === 0) {
    return [
      {
        argument,
        value,
        problem: "must list at least one DNS preset",
        fix: `list names from ${DNS_PRESET_NAMES.map((n) => `"${n}"`).join(", ")}`,
      },
    ];
  }
  return value.flatMap((v: unknown, i) => checkOneOf(`${argument}[${i}]`, v, DNS_PRESET_NAMES));
}

/**
 * How pods reach the Kubernetes API server: the control plane is not a pod, so NetworkPolicies can name it only by
 * address. Use the addresses the `kubernetes` Service's endpoints point at (`kubectl get endpointslices -n default
 * -l kubernetes.io/service-name=kubernetes`) and their port: most CNIs (Calico, Cilium) evaluate policy after the
 * Service address is translated. A platform input: the cloud layer knows its control-plane range.
 */
export interface ApiServerEndpoint {
  /**
   * CIDRs of the API server endpoints. `0.0.0.0/0`, `::/0` and ranges holding the metadata address 169.254.169.254
   * are rejected.
   * @default ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"] (private ranges, where a self-managed control plane lives)
   */
  cidrs?: string[];
  /**
   * TCP ports of the API server endpoints.
   * @default [443, 6443]
   */
  ports?: number[];
}

/** The default {@link ApiServerEndpoint}: the private ranges on 443 and 6443. */
export const DEFAULT_API_SERVER: Readonly<Required<ApiServerEndpoint>> = {
  cidrs: ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"],
  ports: [443, 6443],
};

/** Applies the defaults of {@link ApiServerEndpoint}. */
export function resolveApiServer(endpoint: ApiServerEndpoint | undefined): Required<ApiServerEndpoint> {
  return { cidrs: [...(endpoint?.cidrs ?? DEFAULT_API_SERVER.cidrs)], ports: [...(endpoint?.ports ?? DEFAULT_API_SERVER.ports)] };
}

/** Egress to the API server endpoints on their ports, and nothing else. */
export function apiServerEgressRule(endpoint: ApiServerEndpoint | undefined): NetworkPolicyEgressRule {
  const { cidrs, ports } = resolveApiServer(endpoint);
  return { to: cidrs.map((cidr) => ({ ipBlock: { cidr } })), ports: ports.map((port) => ({ protocol: "TCP", port })) };
}

function parseIPv4(address: string): number {
  return address.split(".").reduce((n, octet) => n * 256 + Number(octet), 0);
}

/** Whether an IPv4 CIDR holds the cloud metadata address 169.254.169.254. */
function holdsMetadataAddress(address: string, prefix: number): boolean {
  if (!isIPv4(address)) return false;
  const size = 2 ** (32 - prefix);
  const start = Math.floor(parseIPv4(address) / size) * size;
  const metadata = parseIPv4("169.254.169.254");
  return metadata >= start && metadata < start + size;
}

/** Every problem with an {@link ApiServerEndpoint}, arguments prefixed with `argument`. */
export function validateApiServerEndpoint(argument: string, endpoint: unknown): ValidationProblem[] {
  if (endpoint === undefined) return [];
  if (!isRecord(endpoint)) {
    return [
      {
        argument,
        value: endpoint,
        problem: "must be an object with cidrs and/or ports",
        fix: `use e.g. { cidrs: ["172.16.0.2/32"], ports: [443] }`,
      },
    ];
  }
  const problems: ValidationProblem[] = [];
  const { cidrs, ports } = endpoint;
  if (cidrs !== undefined) {
    if (!Array.isArray(cidrs) || cidrs.length === 0) {
      problems.push({
        argument: `${argument}.cidrs`,
        value: cidrs,
        problem: "must list at least one CIDR",
        fix: `use the control-plane addresses, e.g. ["172.16.0.2/32"]`,
      });
    } else
      cidrs.forEach((c: unknown, i) => {
        const at = `${argument}.cidrs[${i}]`;
        const [address, prefixText, ...rest] = typeof c === "string" ? c.split("/") : [];
        const prefix = Number(prefixText);
        const max = address !== undefined && isIPv6(address) ? 128 : 32;
        if (
          rest.length > 0 ||
          address === undefined ||
          !(isIPv4(address) || isIPv6(address)) ||
          !/^\d{1,3}$/.test(prefixText ?? "") ||
          prefix > max
        ) {
          problems.push({ argument: at, value: c, problem: "is not a CIDR", fix: `use an address range like "172.16.0.0/28"` });
        } else if (prefix === 0) {
          problems.push({
            argument: at,
            value: c,
            problem: "opens the API server ports to every address, the internet included",
            fix: "state the control-plane CIDR (the addresses of the kubernetes Service's endpoints)",
          });
        } else if (holdsMetadataAddress(address, prefix)) {
          problems.push({
            argument: at,
            value: c,
            problem: "holds the cloud metadata address 169.254.169.254",
            fix: "state the control-plane CIDR only",
          });
        }
      });
  }
  if (ports !== undefined) {
    if (!Array.isArray(ports) || ports.length === 0) {
      problems.push({ argument: `${argument}.ports`, value: ports, problem: "must list at least one port", fix: "use e.g. [443]" });
    } else
      ports.forEach((p: unknown, i) => {
        if (typeof p !== "number" || !Number.isInteger(p) || p < 1 || p > 65535) {
          problems.push({ argument: `${argument}.ports[${i}]`, value: p, problem: "is not a TCP port (1 to 65535)", fix: "use e.g. 443" });
        }
      });
  }
  return problems;
}

/** Egress to each endpoint the identity binding needs, as a single address on its TCP port, and nothing else. */
export function identityEndpointEgressRules(endpoints: readonly IdentityEndpoint[]): NetworkPolicyEgressRule[] {
  return endpoints.map((e) => ({ to: [{ ipBlock: { cidr: hostCidr(e.address) } }], ports: [{ protocol: "TCP", port: e.port }] }));
}

/** Every problem with a list of {@link IdentityEndpoint}s, arguments prefixed with `argument`. */
export function validateIdentityEndpoints(argument: string, endpoints: unknown): ValidationProblem[] {
  if (endpoints === undefined) return [];
  if (!Array.isArray(endpoints)) {
    return [
      {
        argument,
        value: endpoints,
        problem: "must be a list of { address, port }",
        fix: `use e.g. [{ address: "169.254.170.23", port: 80 }]`,
      },
    ];
  }
  return endpoints.flatMap((e: unknown, i): ValidationProblem[] => {
    const at = `${argument}[${i}]`;
    if (!isRecord(e)) {
      return [
        { argument: at, value: e, problem: "must be an object with address and port", fix: `use { address: "169.254.170.23", port: 80 }` },
      ];
    }
    const { address, port } = e;
    const single = typeof address === "string" && (isIPv4(address) || isIPv6(address)) && address !== "0.0.0.0" && address !== "::";
    return [
      ...(single
        ? []
        : [
            {
              argument: `${at}.address`,
              value: address,
              problem: "is not a single IPv4 or IPv6 address (ranges and names are not allowed)",
              fix: `use one address like "169.254.170.23"`,
            },
          ]),
      ...checkInteger(`${at}.port`, port, 1, 65535),
    ];
  });
}
