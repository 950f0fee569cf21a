import type { NetworkPolicy } from "kubernetes-types/networking/v1";
import { describe, expect, it } from "vitest";
import { buildMcpGateway } from "../../../../components/kubernetes/mcp-gateway/build";
import { buildGatewayNetwork, gatewayCallers, gatewayRemoteHosts } from "../../../../components/kubernetes/mcp-gateway/network";
import { resolveMcpGateway } from "../../../../components/kubernetes/mcp-gateway/resolve";
import type { McpGatewayArgs } from "../../../../components/kubernetes/mcp-gateway/spec";
import { validateMcpGatewayArgs } from "../../../../components/kubernetes/mcp-gateway/validate";
import { objectOf } from "../../../../components/kubernetes/objects";
import { invalidObjects } from "../../../helpers/schema";
import { allowed, gatewayPod, model, type Destination, type Pod, type View } from "../network/evaluator";
import { EKS_ISSUER, gatewayArgs, remoteIssuerArgs } from "./gateway-fixtures";

const LABELS = {
  "app.kubernetes.io/name": "mcp-gateway",
  "app.kubernetes.io/component": "mcp-gateway",
  "app.kubernetes.io/part-of": "agentcloud",
  "app.kubernetes.io/managed-by": "agentcloud",
};
const SELECTOR = { "app.kubernetes.io/name": "mcp-gateway", "app.kubernetes.io/component": "mcp-gateway" };
const GATEWAY_PEER = {
  namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "agentcloud-gateway" } },
  podSelector: { matchLabels: SELECTOR },
};
const agentPeer = (agent: string) => ({
  namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "agents" } },
  podSelector: { matchLabels: { "agentcloud.dev/agent": agent } },
});
const DNS_RULE = {
  to: [
    {
      namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "kube-system" } },
      podSelector: { matchLabels: { "k8s-app": "kube-dns" } },
    },
  ],
  ports: [
    { protocol: "UDP", port: 53 },
    { protocol: "TCP", port: 53 },
  ],
};
const SERVER_RULE = {
  to: [
    { namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "tools" } }, podSelector: { matchLabels: { app: "web-search" } } },
  ],
  ports: [{ protocol: "TCP", port: 8000 }],
};
const CALLEE_RULE = { to: [agentPeer("researcher")], ports: [{ protocol: "TCP", port: 8080 }] };
const API_SERVER_RULE = {
  to: [{ ipBlock: { cidr: "10.0.0.0/8" } }, { ipBlock: { cidr: "172.16.0.0/12" } }, { ipBlock: { cidr: "192.168.0.0/16" } }],
  ports: [
    { protocol: "TCP", port: 443 },
    { protocol: "TCP", port: 6443 },
  ],
};
const ciliumAgent = (agent: string) => ({
  matchLabels: {
    "k8s:io.kubernetes.pod.namespace": "agents",
    "k8s:agentcloud.dev/agent": agent,
    "k8s:io.cilium.k8s.policy.serviceaccount": agent,
  },
});

const network = (args: McpGatewayArgs) => buildGatewayNetwork(resolveMcpGateway(args));

describe("buildGatewayNetwork", () => {
  it("lets only the callers in, on the gateway's port, and the gateway out to DNS, its servers and callees", () => {
    const objects = network(gatewayArgs());
    expect(objects.map((o) => [o.role, o.object.kind, o.dependsOn ?? []])).toEqual([
      ["network-policy", "NetworkPolicy", ["namespace"]],
      ["server-network-policy-web-search", "NetworkPolicy", []],
      ["cilium-policy", "CiliumNetworkPolicy", ["namespace"]],
    ]);
    expect(objectOf(objects, "network-policy")).toEqual({
      apiVersion: "networking.k8s.io/v1",
      kind: "NetworkPolicy",
      metadata: { name: "mcp-gateway", namespace: "agentcloud-gateway", labels: LABELS },
      spec: {
        podSelector: { matchLabels: SELECTOR },
        policyTypes: ["Ingress", "Egress"],
        // memory holds grants and calls researcher through the gateway: listed once.
        ingress: [{ from: [agentPeer("researcher"), agentPeer("memory")], ports: [{ protocol: "TCP", port: 8080 }] }],
        // The API server is admitted by identity on this fabric (the Cilium policy), not by address.
        egress: [DNS_RULE, SERVER_RULE, CALLEE_RULE],
      },
    });
    expect(objectOf(objects, "server-network-policy-web-search")).toEqual({
      apiVersion: "networking.k8s.io/v1",
      kind: "NetworkPolicy",
      metadata: { name: "mcp-gateway-web-search", namespace: "tools", labels: LABELS },
      spec: {
        podSelector: { matchLabels: { app: "web-search" } },
        policyTypes: ["Ingress"],
        ingress: [{ from: [GATEWAY_PEER], ports: [{ protocol: "TCP", port: 8000 }] }],
      },
    });
  });

  it("on Cilium adds the remote hosts by name, the API server by identity and the metadata denial", () => {
    expect(objectOf(network(gatewayArgs()), "cilium-policy")).toEqual({
      apiVersion: "cilium.io/v2",
      kind: "CiliumNetworkPolicy",
      metadata: { name: "mcp-gateway", namespace: "agentcloud-gateway", labels: LABELS },
      spec: {
        description:
          "agentcloud MCP and A2A gateway agentcloud-gateway/mcp-gateway: only its callers in, only its servers, callees and JWKS out",
        endpointSelector: {
          matchLabels: {
            "k8s:io.kubernetes.pod.namespace": "agentcloud-gateway",
            "k8s:app.kubernetes.io/name": "mcp-gateway",
            "k8s:app.kubernetes.io/component": "mcp-gateway",
            "k8s:io.cilium.k8s.policy.serviceaccount": "mcp-gateway",
          },
        },
        enableDefaultDeny: { ingress: true, egress: true },
        ingress: [
          { fromEndpoints: [ciliumAgent("researcher"), ciliumAgent("memory")], toPorts: [{ ports: [{ port: "8080", protocol: "TCP" }] }] },
        ],
        egress: [
          {
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
          },
          {
            toEndpoints: [{ matchLabels: { "k8s:io.kubernetes.pod.namespace": "tools", "k8s:app": "web-search" } }],
            toPorts: [{ ports: [{ port: "8000", protocol: "TCP" }] }],
          },
          { toEndpoints: [ciliumAgent("researcher")], toPorts: [{ ports: [{ port: "8080", protocol: "TCP" }] }] },
          {
            toEntities: ["kube-apiserver"],
            toPorts: [
              {
                ports: [
                  { port: "443", protocol: "TCP" },
                  { port: "6443", protocol: "TCP" },
                ],
              },
            ],
          },
          { toFQDNs: [{ matchName: "mcp.deepwiki.com" }], toPorts: [{ ports: [{ port: "443", protocol: "TCP" }] }] },
        ],
        egressDeny: [{ toCIDRSet: [{ cidr: "169.254.0.0/16" }] }, { toCIDRSet: [{ cidr: "fd00:ec2::254/128" }] }],
      },
    });
  });

  it("allows the API server by address when the fabric does not admit it by identity, and only with its JWKS", () => {
    const egressOf = (args: McpGatewayArgs) => objectOf<NetworkPolicy>(network(args), "network-policy").spec!.egress;
    expect(egressOf(gatewayArgs({ network: { kind: "cilium", fqdnEgress: true } }))).toEqual([
      DNS_RULE,
      SERVER_RULE,
      CALLEE_RULE,
      API_SERVER_RULE,
    ]);
    const cnp = objectOf(network(gatewayArgs({ network: { kind: "cilium-existing", fqdnEgress: true } })), "cilium-policy");
    expect(JSON.stringify(cnp)).not.toContain("kube-apiserver");
    // A NetworkPolicy-only fabric: no Cilium policy at all.
    const plain = network(
      gatewayArgs({ servers: [gatewayArgs().servers[0]], grants: [], network: { kind: "networkpolicy-only", fqdnEgress: false } }),
    );
    expect(plain.map((o) => o.role)).toEqual(["network-policy", "server-network-policy-web-search"]);
    expect(objectOf<NetworkPolicy>(plain, "network-policy").spec!.egress).toEqual([DNS_RULE, SERVER_RULE, CALLEE_RULE, API_SERVER_RULE]);
    // A remote JWKS: no API server rule, its host by name.
    expect(egressOf(remoteIssuerArgs({ network: { kind: "cilium", fqdnEgress: true } }))).toEqual([DNS_RULE, SERVER_RULE, CALLEE_RULE]);
  });

  it("lists each remote host and port once, the JWKS host last", () => {
    const gw = resolveMcpGateway(
      remoteIssuerArgs({
        servers: [
          { name: "a", url: "https://mcp.example.com/a", tools: ["x"] },
          { name: "b", url: "https://mcp.example.com/b", tools: ["x"] },
          { name: "c", url: "https://mcp.example.com:8443/c", tools: ["x"] },
        ],
        grants: [],
        peers: [],
      }),
    );
    expect(gatewayRemoteHosts(gw)).toEqual([
      { host: "mcp.example.com", port: 443 },
      { host: "mcp.example.com", port: 8443 },
      { host: "oidc.eks.eu-west-1.amazonaws.com", port: 443 },
    ]);
    const cnp = objectOf(buildGatewayNetwork(gw), "cilium-policy") as { spec: { ingress: unknown[]; egress: { toFQDNs?: unknown }[] } };
    expect(cnp.spec.ingress).toEqual([]);
    expect(cnp.spec.egress.filter((r) => r.toFQDNs)).toEqual([
      { toFQDNs: [{ matchName: "mcp.example.com" }], toPorts: [{ ports: [{ port: "443", protocol: "TCP" }] }] },
      { toFQDNs: [{ matchName: "mcp.example.com" }], toPorts: [{ ports: [{ port: "8443", protocol: "TCP" }] }] },
      { toFQDNs: [{ matchName: "oidc.eks.eu-west-1.amazonaws.com" }], toPorts: [{ ports: [{ port: "443", protocol: "TCP" }] }] },
    ]);
    expect(objectOf<NetworkPolicy>(buildGatewayNetwork(gw), "network-policy").spec!.ingress).toEqual([]);
  });

  it("on Dataplane V2 adds the remote hosts by GKE's FQDNNetworkPolicy, and no Cilium policy", () => {
    const objects = network(remoteIssuerArgs({ network: { kind: "dataplane-v2", fqdnEgress: true } }));
    expect(objects.map((o) => o.role)).toEqual(["network-policy", "server-network-policy-web-search", "fqdn-policy"]);
    expect(objects[2]).toEqual({
      role: "fqdn-policy",
      dependsOn: ["namespace"],
      object: {
        apiVersion: "networking.gke.io/v1alpha1",
        kind: "FQDNNetworkPolicy",
        metadata: { name: "mcp-gateway", namespace: "agentcloud-gateway", labels: LABELS },
        spec: {
          podSelector: { matchLabels: SELECTOR },
          egress: [
            { matches: [{ name: "mcp.deepwiki.com" }], ports: [{ protocol: "TCP", port: 443 }] },
            { matches: [{ name: "oidc.eks.eu-west-1.amazonaws.com" }], ports: [{ protocol: "TCP", port: 443 }] },
          ],
        },
      },
    });
    // The API server by address, as on any fabric that does not admit it by identity.
    const inCluster = network(gatewayArgs({ network: { kind: "dataplane-v2", fqdnEgress: true } }));
    expect(objectOf<NetworkPolicy>(inCluster, "network-policy").spec!.egress).toEqual([
      DNS_RULE,
      SERVER_RULE,
      CALLEE_RULE,
      API_SERVER_RULE,
    ]);
  });

  it("names every caller once: grants first, then A2A callers", () => {
    expect(gatewayCallers(resolveMcpGateway(gatewayArgs()))).toEqual([
      { namespace: "agents", serviceAccount: "researcher" },
      { namespace: "agents", serviceAccount: "memory" },
    ]);
    expect(
      gatewayCallers(
        resolveMcpGateway(
          gatewayArgs({
            grants: [],
            peers: [
              { namespace: "b", agent: "x", port: 80, callers: [{ namespace: "a", serviceAccount: "p" }] },
              {
                namespace: "b",
                agent: "y",
                port: 80,
                callers: [
                  { namespace: "a", serviceAccount: "p" },
                  { namespace: "c", serviceAccount: "q" },
                ],
              },
            ],
          }),
        ),
      ),
    ).toEqual([
      { namespace: "a", serviceAccount: "p" },
      { namespace: "c", serviceAccount: "q" },
    ]);
  });

  it("admits the fleet's Prometheus on the metrics port (15020) only, never the serving port, in both policies", async () => {
    const PROMETHEUS = { "app.kubernetes.io/name": "prometheus", prometheus: "agentcloud-monitoring-prometheus" };
    const objects = network(gatewayArgs({ monitoring: { namespace: "agentcloud-monitoring", podSelector: PROMETHEUS } }));
    const policy = objectOf<NetworkPolicy>(objects, "network-policy");
    expect(policy.spec!.ingress).toEqual([
      { from: [agentPeer("researcher"), agentPeer("memory")], ports: [{ protocol: "TCP", port: 8080 }] },
      {
        from: [
          {
            namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "agentcloud-monitoring" } },
            podSelector: { matchLabels: PROMETHEUS },
          },
        ],
        ports: [{ protocol: "TCP", port: 15020 }],
      },
    ]);
    const cilium = objectOf(objects, "cilium-policy") as { spec: { ingress: unknown[] } };
    expect(cilium.spec.ingress[1]).toEqual({
      fromEndpoints: [
        {
          matchLabels: {
            "k8s:io.kubernetes.pod.namespace": "agentcloud-monitoring",
            "k8s:app.kubernetes.io/name": "prometheus",
            "k8s:prometheus": "agentcloud-monitoring-prometheus",
          },
        },
      ],
      toPorts: [{ ports: [{ port: "15020", protocol: "TCP" }] }],
    });
    expect(cilium.spec.ingress).toHaveLength(2);
    expect(await invalidObjects(objects.map((o) => o.object))).toEqual([]);
  });

  it("admits no scraper without monitoring", () => {
    const policy = objectOf<NetworkPolicy>(network(gatewayArgs()), "network-policy");
    expect(policy.spec!.ingress!.flatMap((r) => r.ports!.map((p) => p.port))).toEqual([8080]);
  });

  it("rejects a malformed monitoring endpoint before building anything", () => {
    expect(validateMcpGatewayArgs(gatewayArgs({ monitoring: { namespace: "agentcloud-monitoring", podSelector: {} } }))).toEqual([
      {
        argument: "monitoring.podSelector",
        value: {},
        problem: "must be a non-empty map of the Prometheus pods' labels (an empty one admits every pod of the namespace)",
        fix: `pass e.g. { "app.kubernetes.io/name": "prometheus" }`,
      },
    ]);
  });

  it("renders policies that validate against their schemas (the Cilium policy against Cilium's CRD)", async () => {
    for (const args of [
      gatewayArgs(),
      remoteIssuerArgs(),
      gatewayArgs({ network: { kind: "networkpolicy-only", fqdnEgress: false }, servers: [gatewayArgs().servers[0]], grants: [] }),
    ]) {
      expect(await invalidObjects(network(args).map((o) => o.object))).toEqual([]);
    }
  });
});

describe("the gateway's network, evaluated", () => {
  const pod = (namespace: string, labels: Record<string, string>, serviceAccount = "default"): Pod => ({
    namespace,
    labels,
    serviceAccount,
  });
  const agent = (name: string) => pod("agents", { "agentcloud.dev/agent": name }, name);
  const namespaces = ["agents", "tools", "kube-system"].map((name) => ({ apiVersion: "v1", kind: "Namespace", metadata: { name } }));
  const GATEWAY = gatewayPod({ namespace: "agentcloud-gateway", name: "mcp-gateway" });
  const SERVER = pod("tools", { app: "web-search" }, "web-search");
  const DNS = pod("kube-system", { "k8s-app": "kube-dns" }, "coredns");
  const toPod = (p: Pod, port: number, protocol: "TCP" | "UDP" = "TCP"): Destination => ({ pod: p, port, protocol });
  const modelOf = (args: McpGatewayArgs) => model([...namespaces, ...buildMcpGateway(resolveMcpGateway(args)).map((o) => o.object)]);

  it.each<[View]>([["cilium"], ["networkpolicy"]])(
    "under %s: callers in on the port only; out only to DNS, servers and callees",
    (view) => {
      const m = modelOf(gatewayArgs());
      const cases: [string, Pod, Destination, boolean][] = [
        ["researcher -> gateway:8080", agent("researcher"), toPod(GATEWAY, 8080), true],
        ["memory -> gateway:8080", agent("memory"), toPod(GATEWAY, 8080), true],
        ["intruder -> gateway:8080", agent("intruder"), toPod(GATEWAY, 8080), false],
        ["researcher -> gateway:15020", agent("researcher"), toPod(GATEWAY, 15020), false],
        ["a pod in tools -> gateway:8080", pod("tools", { "agentcloud.dev/agent": "researcher" }), toPod(GATEWAY, 8080), false],
        ["gateway -> DNS:53/UDP", GATEWAY, toPod(DNS, 53, "UDP"), true],
        ["gateway -> web-search:8000", GATEWAY, toPod(SERVER, 8000), true],
        ["gateway -> web-search:22", GATEWAY, toPod(SERVER, 22), false],
        ["researcher -> web-search:8000 (only through the gateway)", agent("researcher"), toPod(SERVER, 8000), false],
        ["gateway -> researcher:8080 (A2A callee)", GATEWAY, toPod(agent("researcher"), 8080), true],
        ["gateway -> memory:8080 (no callers)", GATEWAY, toPod(agent("memory"), 8080), false],
        ["gateway -> metadata", GATEWAY, { address: "169.254.169.254", port: 80 }, false],
        ["gateway -> an unregistered host", GATEWAY, { host: "evil.example.com", address: "203.0.113.9", port: 443 }, false],
      ];
      expect(cases.filter(([, from, to, want]) => allowed(m, view, from, to) !== want).map(([name]) => name)).toEqual([]);
    },
  );

  it("reaches a remote server and a remote JWKS by name on Cilium only, and the API server's JWKS on every fabric", () => {
    const deepwiki: Destination = { host: "mcp.deepwiki.com", address: "203.0.113.10", port: 443 };
    const apiServer: Destination = { address: "172.18.0.2", apiServer: true, port: 6443 };
    const cilium = modelOf(gatewayArgs());
    expect([allowed(cilium, "cilium", GATEWAY, deepwiki), allowed(cilium, "cilium", GATEWAY, apiServer)]).toEqual([true, true]);
    expect(allowed(cilium, "cilium", GATEWAY, { ...deepwiki, port: 80 })).toBe(false);
    const remote = modelOf(remoteIssuerArgs());
    const jwks: Destination = { host: "oidc.eks.eu-west-1.amazonaws.com", address: "203.0.113.11", port: 443 };
    expect([allowed(remote, "cilium", GATEWAY, jwks), allowed(remote, "cilium", GATEWAY, apiServer)]).toEqual([true, false]);
    const plain = modelOf(
      gatewayArgs({ servers: [gatewayArgs().servers[0]], grants: [], network: { kind: "networkpolicy-only", fqdnEgress: false } }),
    );
    expect(allowed(plain, "networkpolicy", GATEWAY, apiServer)).toBe(true);
    expect(EKS_ISSUER).toContain(jwks.host);
  });
});
