import { describe, expect, it } from "vitest";
import {
  apiServerEgressRule,
  clusterDns,
  DEFAULT_CLUSTER_DNS,
  DNS_PRESET_NAMES,
  dnsEgressRule,
  PLATFORM_DNS,
  validateApiServerEndpoint,
  validateClusterDns,
  validateDnsPresets,
} from "../../../../components/kubernetes/network";

const KUBE_SYSTEM = { matchLabels: { "kubernetes.io/metadata.name": "kube-system" } };
const PORT_53 = [
  { protocol: "UDP", port: 53 },
  { protocol: "TCP", port: 53 },
];

describe("DNS allowance", () => {
  it("defaults to kube-dns pods in kube-system on port 53", () => {
    expect(DEFAULT_CLUSTER_DNS).toEqual({
      pods: [{ namespaceSelector: { "kubernetes.io/metadata.name": "kube-system" }, podSelector: { "k8s-app": "kube-dns" } }],
      addresses: [],
    });
    expect(dnsEgressRule(undefined)).toEqual({
      to: [{ namespaceSelector: KUBE_SYSTEM, podSelector: { matchLabels: { "k8s-app": "kube-dns" } } }],
      ports: PORT_53,
    });
  });

  it("knows each platform's DNS: kube-dns on local and EKS; kube-dns, NodeLocal DNSCache and Cloud DNS on GKE", () => {
    expect(PLATFORM_DNS).toEqual({
      local: ["kube-dns"],
      eks: ["kube-dns"],
      gke: ["kube-dns", "gke-node-local-dns-cache", "gke-cloud-dns"],
    });
    expect(dnsEgressRule(clusterDns(PLATFORM_DNS.gke))).toEqual({
      to: [
        { namespaceSelector: KUBE_SYSTEM, podSelector: { matchLabels: { "k8s-app": "kube-dns" } } },
        { ipBlock: { cidr: "169.254.20.10/32" } },
        { ipBlock: { cidr: "169.254.169.254/32" } },
      ],
      ports: PORT_53,
    });
  });

  it("names the CoreDNS and node-local-dns pod labels", () => {
    expect(dnsEgressRule(clusterDns(["coredns", "node-local-dns"])).to).toEqual([
      { namespaceSelector: KUBE_SYSTEM, podSelector: { matchLabels: { "k8s-app": "coredns" } } },
      { namespaceSelector: KUBE_SYSTEM, podSelector: { matchLabels: { "k8s-app": "node-local-dns" } } },
    ]);
  });

  it("allows the metadata address for Cloud DNS on port 53 only, never its HTTP port", () => {
    const rule = dnsEgressRule(clusterDns(["gke-cloud-dns"]));
    expect(rule).toEqual({ to: [{ ipBlock: { cidr: "169.254.169.254/32" } }], ports: PORT_53 });
    expect(rule.ports?.map((p) => p.port)).not.toContain(80);
  });

  it("merges presets without duplicates and writes IPv6 addresses as /128", () => {
    expect(clusterDns(["kube-dns", "gke-cloud-dns", "kube-dns", "gke-cloud-dns"])).toEqual({
      pods: [{ namespaceSelector: { "kubernetes.io/metadata.name": "kube-system" }, podSelector: { "k8s-app": "kube-dns" } }],
      addresses: ["169.254.169.254"],
    });
    expect(dnsEgressRule({ pods: [], addresses: ["fd00::a"] }).to).toEqual([{ ipBlock: { cidr: "fd00::a/128" } }]);
  });

  it("reports every problem with a DNS allowance: empty selectors, ranges, unknown fields, nothing allowed", () => {
    expect(
      validateClusterDns("dns", {
        pods: [{ namespaceSelector: {}, podSelector: { "k8s-app": "kube-dns" } }, "kube-dns"],
        addresses: ["10.0.0.0/8", "169.254.20.10"],
        namespaceSelector: { a: "b" },
      }),
    ).toEqual([
      {
        argument: "dns.namespaceSelector",
        value: { a: "b" },
        problem: "is not a field of the DNS allowance",
        fix: `use pods: [{namespaceSelector, podSelector}] and/or addresses: ["169.254.20.10"]`,
      },
      {
        argument: "dns.pods[0].namespaceSelector",
        value: {},
        problem: "must not be empty (an empty selector opens port 53 to every pod)",
        fix: `select the DNS pods, e.g. {"kubernetes.io/metadata.name": "kube-system"}`,
      },
      {
        argument: "dns.pods[1]",
        value: "kube-dns",
        problem: "must be an object with namespaceSelector and podSelector",
        fix: `use { namespaceSelector: {"kubernetes.io/metadata.name": "kube-system"}, podSelector: {"k8s-app": "kube-dns"} }`,
      },
      {
        argument: "dns.addresses[0]",
        value: "10.0.0.0/8",
        problem: "is not a single IPv4 or IPv6 address (ranges are not allowed for DNS)",
        fix: `use one address like "169.254.20.10"`,
      },
    ]);
    expect(validateClusterDns("dns", { pods: [], addresses: [] }).map((p) => `${p.argument}: ${p.problem}`)).toEqual([
      "dns: allows no DNS server, so agents cannot resolve names",
    ]);
    expect(validateClusterDns("dns", clusterDns(PLATFORM_DNS.gke))).toEqual([]);
    expect(validateClusterDns("dns", undefined)).toEqual([]);
  });

  it("checks preset names", () => {
    expect(validateDnsPresets("agentcloud:clusterDns", ["kube-dns", "nodelocal"]).map((p) => `${p.argument}: ${p.problem}`)).toEqual([
      `agentcloud:clusterDns[1]: must be one of ${DNS_PRESET_NAMES.map((n) => `"${n}"`).join(", ")}`,
    ]);
    expect(validateDnsPresets("x", [])[0].problem).toBe("must list at least one DNS preset");
    expect(validateDnsPresets("x", ["gke-cloud-dns"])).toEqual([]);
  });
});

describe("API server endpoint", () => {
  it("defaults to the private ranges on 443 and 6443", () => {
    expect(apiServerEgressRule(undefined)).toEqual({
      to: [{ ipBlock: { cidr: "10.0.0.0/8" } }, { ipBlock: { cidr: "172.16.0.0/12" } }, { ipBlock: { cidr: "192.168.0.0/16" } }],
      ports: [
        { protocol: "TCP", port: 443 },
        { protocol: "TCP", port: 6443 },
      ],
    });
    expect(apiServerEgressRule({ cidrs: ["172.16.0.2/32"], ports: [443] })).toEqual({
      to: [{ ipBlock: { cidr: "172.16.0.2/32" } }],
      ports: [{ protocol: "TCP", port: 443 }],
    });
  });

  it("rejects the whole internet, the metadata address, non-CIDRs and bad ports", () => {
    expect(
      validateApiServerEndpoint("apiServer", {
        cidrs: ["0.0.0.0/0", "169.254.0.0/16", "10.0.0.1", "10.0.0.0/33", "::/0"],
        ports: [0, 443],
      }).map((p) => `${p.argument}: ${p.problem}`),
    ).toEqual([
      "apiServer.cidrs[0]: opens the API server ports to every address, the internet included",
      "apiServer.cidrs[1]: holds the cloud metadata address 169.254.169.254",
      "apiServer.cidrs[2]: is not a CIDR",
      "apiServer.cidrs[3]: is not a CIDR",
      "apiServer.cidrs[4]: opens the API server ports to every address, the internet included",
      "apiServer.ports[0]: is not a TCP port (1 to 65535)",
    ]);
    expect(validateApiServerEndpoint("apiServer", { cidrs: ["172.16.0.0/28", "fd00::/64"], ports: [443] })).toEqual([]);
    expect(validateApiServerEndpoint("apiServer", { cidrs: [] })[0]).toEqual({
      argument: "apiServer.cidrs",
      value: [],
      problem: "must list at least one CIDR",
      fix: `use the control-plane addresses, e.g. ["172.16.0.2/32"]`,
    });
  });
});
