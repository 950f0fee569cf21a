import { describe, expect, it } from "vitest";
import { resolveAgent } from "../../../../components/kubernetes/agent/resolve";
import type { AgentArgs } from "../../../../components/kubernetes/agent/spec";
import {
  agentEndpoint,
  buildAgentCiliumPolicy,
  buildTenantDefaultDeny,
  ciliumAgentObjects,
  ciliumClusterObjects,
  clusterDns,
  DEFAULT_CLUSTER_DNS,
  dnsEndpoint,
  gatewayEndpoint,
  metadataDeny,
  portsExcept,
  type FabricContext,
} from "../../../../components/kubernetes/network";
import { invalidObjects } from "../../../helpers/schema";

const IMAGE = "ghcr.io/acme/agent@sha256:" + "a".repeat(64);
const CONTEXT: FabricContext = {
  dns: { ...DEFAULT_CLUSTER_DNS, pods: [...DEFAULT_CLUSTER_DNS.pods] },
  identityEndpoints: [],
  tenants: ["team-a", "team-b"],
};

function agent(name: string, args: Partial<AgentArgs> = {}) {
  return resolveAgent(name, { namespace: "team-a", image: IMAGE, ...args });
}

const DNS_RULE = {
  toEndpoints: [{ matchLabels: { "k8s:io.kubernetes.pod.namespace": "kube-system", "k8s:k8s-app": "kube-dns" } }],
  toPorts: [
    {
      ports: [
        { port: "53", protocol: "UDP" },
        { port: "53", protocol: "TCP" },
      ],
      rules: { dns: [{ matchPattern: "*" }] },
    },
  ],
};
const METADATA_DENY = [{ toCIDRSet: [{ cidr: "169.254.0.0/16" }] }, { toCIDRSet: [{ cidr: "fd00:ec2::254/128" }] }];
/** An exempted address denied on every port but `open`, any protocol. */
function denyPortsBut(cidr: string, ...ranges: [number, number][]) {
  return {
    toCIDRSet: [{ cidr }],
    toPorts: [{ ports: ranges.map(([from, to]) => ({ port: String(from), ...(to > from && { endPort: to }), protocol: "ANY" })) }],
  };
}

describe("an agent's CiliumNetworkPolicy", () => {
  it("isolates an agent that declares nothing: default deny both ways, no ingress, DNS only, metadata denied", () => {
    const policy = buildAgentCiliumPolicy(agent("loner"), CONTEXT);
    expect(policy).toEqual({
      apiVersion: "cilium.io/v2",
      kind: "CiliumNetworkPolicy",
      metadata: {
        name: "loner",
        namespace: "team-a",
        labels: {
          "app.kubernetes.io/name": "loner",
          "app.kubernetes.io/component": "network-policy",
          "app.kubernetes.io/part-of": "agentcloud",
          "app.kubernetes.io/managed-by": "agentcloud",
          "agentcloud.dev/agent": "loner",
        },
      },
      spec: {
        description: "agentcloud agent team-a/loner: only its declared callers, delegates and egress hosts",
        endpointSelector: { matchLabels: { "k8s:agentcloud.dev/agent": "loner", "k8s:io.cilium.k8s.policy.serviceaccount": "loner" } },
        enableDefaultDeny: { ingress: true, egress: true },
        ingress: [],
        egress: [DNS_RULE],
        egressDeny: METADATA_DENY,
      },
    });
  });

  it("admits its callers by namespace, agent label and ServiceAccount, on its own port only", () => {
    const callee = agent("callee", {
      port: 9000,
      acceptsFrom: [{ agent: "caller" }, { agent: "other", namespace: "team-b" }],
    });
    expect(buildAgentCiliumPolicy(callee, CONTEXT).spec.ingress).toEqual([
      {
        fromEndpoints: [
          {
            matchLabels: {
              "k8s:io.kubernetes.pod.namespace": "team-a",
              "k8s:agentcloud.dev/agent": "caller",
              "k8s:io.cilium.k8s.policy.serviceaccount": "caller",
            },
          },
          {
            matchLabels: {
              "k8s:io.kubernetes.pod.namespace": "team-b",
              "k8s:agentcloud.dev/agent": "other",
              "k8s:io.cilium.k8s.policy.serviceaccount": "other",
            },
          },
        ],
        toPorts: [{ ports: [{ port: "9000", protocol: "TCP" }] }],
      },
    ]);
  });

  it("reaches its delegates on their ports, one rule each", () => {
    const caller = agent("caller", { delegatesTo: [{ agent: "a" }, { agent: "b", namespace: "team-b", port: 7000 }] });
    expect(buildAgentCiliumPolicy(caller, CONTEXT).spec.egress.slice(1)).toEqual([
      { toEndpoints: [agentEndpoint({ agent: "a", namespace: "team-a" })], toPorts: [{ ports: [{ port: "8080", protocol: "TCP" }] }] },
      { toEndpoints: [agentEndpoint({ agent: "b", namespace: "team-b" })], toPorts: [{ ports: [{ port: "7000", protocol: "TCP" }] }] },
    ]);
  });

  it("reaches the API server entity on the API server ports only when it claims sandboxes", () => {
    const claimer = agent("claimer", { delegatesTo: [{ agent: "pool", sandboxPool: true }] });
    const egress = buildAgentCiliumPolicy(claimer, CONTEXT).spec.egress;
    expect(egress[2]).toEqual({
      toEntities: ["kube-apiserver"],
      toPorts: [
        {
          ports: [
            { port: "443", protocol: "TCP" },
            { port: "6443", protocol: "TCP" },
          ],
        },
      ],
    });
    const plain = buildAgentCiliumPolicy(agent("plain", { delegatesTo: [{ agent: "pool" }] }), CONTEXT).spec.egress;
    expect(plain.filter((r) => r.toEntities !== undefined)).toEqual([]);
  });

  it("reaches the gateway (tools or non-pool delegates) and admits it (callers, not pools) by namespace, labels and ServiceAccount", () => {
    const gateway = { namespace: "agentcloud-gateway", name: "mcp-gateway", port: 8080, audience: "agentcloud-gateway" };
    const GATEWAY_PODS = {
      matchLabels: {
        "k8s:io.kubernetes.pod.namespace": "agentcloud-gateway",
        "k8s:app.kubernetes.io/name": "mcp-gateway",
        "k8s:app.kubernetes.io/component": "mcp-gateway",
        "k8s:io.cilium.k8s.policy.serviceaccount": "mcp-gateway",
      },
    };
    expect(gatewayEndpoint(gateway)).toEqual(GATEWAY_PODS);
    const router = agent("router", {
      port: 9000,
      tools: [{ server: "github", tools: ["search_issues"] }],
      acceptsFrom: [{ agent: "frontend" }],
      delegatesTo: [{ agent: "memory", port: 7000 }],
      platform: { gateway },
    });
    const spec = buildAgentCiliumPolicy(router, CONTEXT).spec;
    expect(spec.ingress).toEqual([
      {
        fromEndpoints: [agentEndpoint({ agent: "frontend", namespace: "team-a" })],
        toPorts: [{ ports: [{ port: "9000", protocol: "TCP" }] }],
      },
      { fromEndpoints: [GATEWAY_PODS], toPorts: [{ ports: [{ port: "9000", protocol: "TCP" }] }] },
    ]);
    expect(spec.egress).toEqual([
      DNS_RULE,
      { toEndpoints: [agentEndpoint({ agent: "memory", namespace: "team-a" })], toPorts: [{ ports: [{ port: "7000", protocol: "TCP" }] }] },
      { toEndpoints: [GATEWAY_PODS], toPorts: [{ ports: [{ port: "8080", protocol: "TCP" }] }] },
    ]);
    // Another gateway: its namespace, labels, ServiceAccount and port.
    const other = { namespace: "gw", name: "tools-gw", port: 9443, audience: "tools" };
    const toolUser = agent("tool-user", { tools: [{ server: "s", tools: ["t"] }], platform: { gateway: other } });
    expect(buildAgentCiliumPolicy(toolUser, CONTEXT).spec.egress.slice(1)).toEqual([
      {
        toEndpoints: [
          {
            matchLabels: {
              "k8s:io.kubernetes.pod.namespace": "gw",
              "k8s:app.kubernetes.io/name": "tools-gw",
              "k8s:app.kubernetes.io/component": "mcp-gateway",
              "k8s:io.cilium.k8s.policy.serviceaccount": "tools-gw",
            },
          },
        ],
        toPorts: [{ ports: [{ port: "9443", protocol: "TCP" }] }],
      },
    ]);
    // A pool's callers claim and call its sandboxes directly; an agent that only claims sandboxes does not use the gateway.
    const pool = agent("pool", { workload: "sandbox-pool", acceptsFrom: [{ agent: "router" }], platform: { gateway } });
    expect(buildAgentCiliumPolicy(pool, CONTEXT).spec.ingress).toEqual([
      {
        fromEndpoints: [agentEndpoint({ agent: "router", namespace: "team-a" })],
        toPorts: [{ ports: [{ port: "8080", protocol: "TCP" }] }],
      },
    ]);
    const claimer = agent("claimer", { delegatesTo: [{ agent: "pool", sandboxPool: true }], platform: { gateway } });
    expect(buildAgentCiliumPolicy(claimer, CONTEXT).spec.egress.flatMap((r) => r.toEndpoints ?? [])).toEqual([
      DNS_RULE.toEndpoints[0],
      agentEndpoint({ agent: "pool", namespace: "team-a" }),
    ]);
    // Without a gateway, the same declarations get no gateway rule.
    const { gateway: _, ...direct } = router;
    expect(buildAgentCiliumPolicy(direct, CONTEXT).spec.ingress).toHaveLength(1);
    expect(buildAgentCiliumPolicy(direct, CONTEXT).spec.egress).toHaveLength(2);
  });

  it("reaches its egress hosts as FQDN rules on their ports: matchName, or matchPattern for a *. wildcard, annotated", () => {
    const fetcher = agent("fetcher", {
      egress: ["api.github.com", "pypi.org:8443", "*.googleapis.com"],
      unsafeWildcardEgress: { reason: "regional endpoints" },
    });
    const policy = buildAgentCiliumPolicy(fetcher, CONTEXT);
    expect(policy.spec.egress.slice(1)).toEqual([
      { toFQDNs: [{ matchName: "api.github.com" }], toPorts: [{ ports: [{ port: "443", protocol: "TCP" }] }] },
      { toFQDNs: [{ matchName: "pypi.org" }], toPorts: [{ ports: [{ port: "8443", protocol: "TCP" }] }] },
      { toFQDNs: [{ matchPattern: "*.googleapis.com" }], toPorts: [{ ports: [{ port: "443", protocol: "TCP" }] }] },
    ]);
    expect(policy.metadata.annotations).toEqual({ "agentcloud.dev/unsafe-wildcard-egress": "regional endpoints" });
    expect(buildAgentCiliumPolicy(agent("plain", { egress: ["api.github.com"] }), CONTEXT).metadata.annotations).toBeUndefined();
  });

  it("reaches its own identity endpoints on their port only, not the fleet's, and denies the rest of the metadata range whatever else allows it", () => {
    const context: FabricContext = {
      ...CONTEXT,
      identityEndpoints: [
        { address: "169.254.170.23", port: 80 },
        { address: "fd00:ec2::23", port: 80 },
      ],
    };
    // Each agent reaches the endpoints of its own binding (platform.identityEndpoints); the fleet's list in the
    // context only leaves them out of the metadata denial.
    const own = agent("a", { platform: { identityEndpoints: context.identityEndpoints.map((e) => ({ ...e })) } });
    const policy = buildAgentCiliumPolicy(own, context);
    expect(policy.spec.egress.slice(1)).toEqual([
      { toCIDRSet: [{ cidr: "169.254.170.23/32" }], toPorts: [{ ports: [{ port: "80", protocol: "TCP" }] }] },
      { toCIDRSet: [{ cidr: "fd00:ec2::23/128" }], toPorts: [{ ports: [{ port: "80", protocol: "TCP" }] }] },
    ]);
    const other = buildAgentCiliumPolicy(agent("b"), context);
    expect(other.spec.egress.slice(1)).toEqual([]);
    expect(other.spec.egressDeny).toEqual(policy.spec.egressDeny);
    // fd00:ec2::23 is outside the denied ranges (fd00:ec2::254/128 only), so it needs no port rule.
    expect(policy.spec.egressDeny).toEqual([
      { toCIDRSet: [{ cidr: "169.254.0.0/16", except: ["169.254.170.23/32"] }] },
      { toCIDRSet: [{ cidr: "fd00:ec2::254/128" }] },
      denyPortsBut("169.254.170.23/32", [1, 79], [81, 65535]),
    ]);
  });

  it("resolves through DNS pods by namespace name and DNS addresses, denying link-local DNS addresses on every port but 53", () => {
    const gke: FabricContext = { ...CONTEXT, dns: clusterDns(["kube-dns", "gke-node-local-dns-cache", "gke-cloud-dns"]) };
    const policy = buildAgentCiliumPolicy(agent("a"), gke);
    expect(policy.spec.egress).toEqual([
      DNS_RULE,
      {
        toCIDRSet: [{ cidr: "169.254.20.10/32" }, { cidr: "169.254.169.254/32" }],
        toPorts: DNS_RULE.toPorts,
      },
    ]);
    expect(policy.spec.egressDeny).toEqual([
      { toCIDRSet: [{ cidr: "169.254.0.0/16", except: ["169.254.20.10/32", "169.254.169.254/32"] }] },
      { toCIDRSet: [{ cidr: "fd00:ec2::254/128" }] },
      denyPortsBut("169.254.20.10/32", [1, 52], [54, 65535]),
      denyPortsBut("169.254.169.254/32", [1, 52], [54, 65535]),
    ]);
  });

  it("drops a deny range that is wholly an exception, lists each exception once, and denies it on every port but all of its own", () => {
    const context: FabricContext = {
      ...CONTEXT,
      dns: { pods: CONTEXT.dns.pods, addresses: ["169.254.20.10"] },
      identityEndpoints: [
        { address: "fd00:ec2::254", port: 80 },
        { address: "169.254.20.10", port: 8080 },
        { address: "10.0.0.5", port: 80 },
      ],
    };
    // 169.254.20.10 is both a DNS address (53) and an identity endpoint (8080); 10.0.0.5 is outside every range.
    expect(metadataDeny(context)).toEqual([
      { toCIDRSet: [{ cidr: "169.254.0.0/16", except: ["169.254.20.10/32"] }] },
      denyPortsBut("169.254.20.10/32", [1, 52], [54, 8079], [8081, 65535]),
      denyPortsBut("fd00:ec2::254/128", [1, 79], [81, 65535]),
    ]);
  });

  it("leaves out exactly the open ports, single ports without endPort, never port 0", () => {
    const ports = (open: number[]) => portsExcept(open).map((p) => (p.endPort === undefined ? p.port : `${p.port}-${p.endPort}`));
    expect(ports([53])).toEqual(["1-52", "54-65535"]);
    expect(ports([80, 53, 53])).toEqual(["1-52", "54-79", "81-65535"]);
    expect(ports([1, 65535])).toEqual(["2-65534"]);
    expect(ports([53, 55])).toEqual(["1-52", "54", "56-65535"]);
    expect(ports([2, 3])).toEqual(["1", "4-65535"]);
    expect(ports([65534])).toEqual(["1-65533", "65535"]);
    expect(ports([])).toEqual(["1-65535"]);
    expect(portsExcept([53]).every((p) => p.protocol === "ANY")).toBe(true);
  });

  it("maps DNS pods' labels to Cilium identity labels", () => {
    expect(dnsEndpoint({ namespaceSelector: { "kubernetes.io/metadata.name": "dns" }, podSelector: { app: "coredns" } })).toEqual({
      matchLabels: { "k8s:io.kubernetes.pod.namespace": "dns", "k8s:app": "coredns" },
    });
  });

  it("validates against the pinned CiliumNetworkPolicy CRD, in every shape", async () => {
    const context: FabricContext = {
      ...CONTEXT,
      dns: clusterDns(["kube-dns", "gke-node-local-dns-cache", "gke-cloud-dns"]),
      identityEndpoints: [{ address: "169.254.170.23", port: 80 }],
    };
    const agents = [
      agent("loner"),
      agent("full", {
        acceptsFrom: [{ agent: "x" }],
        delegatesTo: [
          { agent: "pool", sandboxPool: true },
          { agent: "y", namespace: "team-b", port: 9090 },
        ],
        egress: ["api.github.com", "*.example.com:8443"],
        unsafeWildcardEgress: { reason: "test" },
      }),
      agent("gatewayed", {
        acceptsFrom: [{ agent: "x" }],
        delegatesTo: [{ agent: "y" }],
        tools: [{ server: "github", tools: ["search_issues"] }],
        platform: { gateway: { namespace: "agentcloud-gateway", name: "mcp-gateway", port: 8080, audience: "agentcloud-gateway" } },
      }),
    ];
    const objects = agents.flatMap((a) => ciliumAgentObjects(a, context)).map((o) => o.object);
    expect(objects.map((o) => o.kind)).toEqual(["CiliumNetworkPolicy", "CiliumNetworkPolicy", "CiliumNetworkPolicy"]);
    expect(await invalidObjects(objects)).toEqual([]);
  });

  it("the CRD check can fail: a port number instead of a string, and a bad FQDN, are rejected", async () => {
    const policy = buildAgentCiliumPolicy(agent("a", { egress: ["api.github.com"] }), CONTEXT);
    const bad = JSON.parse(JSON.stringify(policy)) as {
      spec: { egress: { toPorts?: { ports: { port: unknown }[] }[]; toFQDNs?: { matchName: string }[] }[] };
    };
    bad.spec.egress[1].toPorts![0].ports[0].port = 443;
    bad.spec.egress[1].toFQDNs![0].matchName = "https://api.github.com/";
    expect(await invalidObjects([bad as never])).toEqual([
      'CiliumNetworkPolicy/a: /spec/egress/1/toFQDNs/0/matchName must match pattern "^([-a-zA-Z0-9_]+[.]?)+$"',
      "CiliumNetworkPolicy/a: /spec/egress/1/toPorts/0/ports/0/port must be string",
    ]);
  });

  it("gives every egress rule exactly one kind of peer, and DNS rules port 53 only (what Cilium's rule sanitizer accepts)", () => {
    const full = agent("full", {
      delegatesTo: [{ agent: "pool", sandboxPool: true }, { agent: "y" }],
      egress: ["api.github.com", "*.example.com"],
      unsafeWildcardEgress: { reason: "test" },
      platform: { identityEndpoints: [{ address: "169.254.170.23", port: 80 }] },
    });
    const context: FabricContext = {
      ...CONTEXT,
      dns: clusterDns(["kube-dns", "gke-cloud-dns"]),
      identityEndpoints: [{ address: "169.254.170.23", port: 80 }],
    };
    const egress = buildAgentCiliumPolicy(full, context).spec.egress;
    const peers = egress.map((rule) => Object.keys(rule).filter((k) => k.startsWith("to") && k !== "toPorts"));
    expect(peers).toEqual([
      ["toEndpoints"],
      ["toCIDRSet"],
      ["toEndpoints"],
      ["toEndpoints"],
      ["toEntities"],
      ["toFQDNs"],
      ["toFQDNs"],
      ["toCIDRSet"],
    ]);
    const dnsPorts = egress
      .filter((r) => r.toPorts?.some((p) => p.rules))
      .flatMap((r) => r.toPorts!.flatMap((p) => p.ports.map((q) => q.port)));
    expect(dnsPorts).toEqual(["53", "53", "53", "53"]);
  });

  it("is one object per agent, with a role unique across namespaces", () => {
    expect(ciliumAgentObjects(agent("a"), CONTEXT).map((o) => o.role)).toEqual(["cilium-policy-team-a.a"]);
    expect(ciliumAgentObjects(agent("a", { namespace: "team-b" }), CONTEXT).map((o) => o.role)).toEqual(["cilium-policy-team-b.a"]);
  });
});

describe("the tenants' default deny", () => {
  it("selects every pod of a namespace labelled agentcloud.dev/tenant, denies by default both ways and allows nothing", () => {
    expect(buildTenantDefaultDeny(CONTEXT)).toEqual({
      apiVersion: "cilium.io/v2",
      kind: "CiliumClusterwideNetworkPolicy",
      metadata: {
        name: "agentcloud-tenant-default-deny",
        labels: {
          "app.kubernetes.io/name": "agentcloud-tenant-default-deny",
          "app.kubernetes.io/component": "network-policy",
          "app.kubernetes.io/part-of": "agentcloud",
          "app.kubernetes.io/managed-by": "agentcloud",
        },
      },
      spec: {
        description: "agentcloud: default deny, both ways, for every pod in a tenant namespace; allows nothing, denies instance metadata",
        endpointSelector: {
          matchExpressions: [{ key: "k8s:io.cilium.k8s.namespace.labels.agentcloud.dev/tenant", operator: "Exists" }],
        },
        enableDefaultDeny: { ingress: true, egress: true },
        ingress: [],
        egress: [],
        egressDeny: METADATA_DENY,
      },
    });
  });

  it("denies only what the agents' own policies deny, with the same exceptions, so it takes nothing away from them", () => {
    const context: FabricContext = {
      ...CONTEXT,
      dns: clusterDns(["kube-dns", "gke-node-local-dns-cache"]),
      identityEndpoints: [{ address: "169.254.170.23", port: 80 }],
    };
    const deny = buildTenantDefaultDeny(context).spec;
    expect(deny.egressDeny).toEqual([
      { toCIDRSet: [{ cidr: "169.254.0.0/16", except: ["169.254.170.23/32", "169.254.20.10/32"] }] },
      { toCIDRSet: [{ cidr: "fd00:ec2::254/128" }] },
      denyPortsBut("169.254.170.23/32", [1, 79], [81, 65535]),
      denyPortsBut("169.254.20.10/32", [1, 52], [54, 65535]),
    ]);
    expect(deny.egressDeny).toEqual(buildAgentCiliumPolicy(agent("a"), context).spec.egressDeny);
    expect(Object.keys(deny)).not.toContain("ingressDeny");
  });

  it("validates against the pinned CiliumClusterwideNetworkPolicy CRD, port deny rules included", async () => {
    const objects = ciliumClusterObjects(CONTEXT);
    expect(objects.map((o) => o.role)).toEqual(["tenant-default-deny"]);
    expect(await invalidObjects(objects.map((o) => o.object))).toEqual([]);
    const exempting: FabricContext = {
      ...CONTEXT,
      dns: clusterDns(["kube-dns", "gke-cloud-dns"]),
      identityEndpoints: [{ address: "169.254.170.23", port: 80 }],
    };
    expect(await invalidObjects(ciliumClusterObjects(exempting).map((o) => o.object))).toEqual([]);
  });
});
