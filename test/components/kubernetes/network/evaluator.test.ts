import { describe, expect, it } from "vitest";
import { allowed, fqdnPattern, gatewayPod, model, side, workloadPod, type Pod } from "./evaluator";

// Hand-written policies, each checked against what the Kubernetes and Cilium docs say it allows.

const ns = (name: string, labels: Record<string, string> = {}) => ({ apiVersion: "v1", kind: "Namespace", metadata: { name, labels } });
const np = (namespace: string, spec: object) => ({
  apiVersion: "networking.k8s.io/v1",
  kind: "NetworkPolicy",
  metadata: { name: "p", namespace },
  spec,
});
const cnp = (namespace: string, spec: object) => ({
  apiVersion: "cilium.io/v2",
  kind: "CiliumNetworkPolicy",
  metadata: { name: "c", namespace },
  spec,
});
const ccnp = (spec: object) => ({ apiVersion: "cilium.io/v2", kind: "CiliumClusterwideNetworkPolicy", metadata: { name: "cc" }, spec });

const pod = (namespace: string, app: string, serviceAccount = app, ip?: string): Pod => ({
  namespace,
  labels: { app },
  serviceAccount,
  ...(ip && { ip }),
});
const A = pod("a", "web", "web", "10.1.0.1");
const A2 = pod("a", "db", "db", "10.1.0.2");
const B = pod("b", "web", "web", "10.2.0.1");
const DNS = pod("kube-system", "dns");
const NAMESPACES = [ns("a", { team: "red" }), ns("b", { team: "blue" }), ns("kube-system")];
const to = (p: Pod, port = 8080, protocol?: "TCP" | "UDP") => ({ pod: p, port, ...(protocol && { protocol }) });
const host = (name: string, port = 443, address = "203.0.113.7") => ({ host: name, address, port });

describe("evaluator: Kubernetes NetworkPolicy", () => {
  it("allows everything when no policy selects either side", () => {
    const m = model(NAMESPACES);
    expect(allowed(m, "networkpolicy", A, to(B))).toBe(true);
    expect(allowed(m, "networkpolicy", A, host("api.github.com"))).toBe(true);
  });

  it("isolates every pod a default deny selects, both ways, and lets through only its DNS rule", () => {
    const m = model([
      ...NAMESPACES,
      np("a", {
        podSelector: {},
        policyTypes: ["Ingress", "Egress"],
        egress: [
          {
            to: [
              {
                namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "kube-system" } },
                podSelector: { matchLabels: { app: "dns" } },
              },
            ],
            ports: [
              { protocol: "UDP", port: 53 },
              { protocol: "TCP", port: 53 },
            ],
          },
        ],
      }),
    ]);
    expect(allowed(m, "networkpolicy", A, to(A2))).toBe(false);
    expect(allowed(m, "networkpolicy", B, to(A))).toBe(false); // A's ingress is isolated
    expect(allowed(m, "networkpolicy", B, to(B))).toBe(true); // namespace b has no policy
    expect(allowed(m, "networkpolicy", A, to(DNS, 53, "UDP"))).toBe(true);
    expect(allowed(m, "networkpolicy", A, to(DNS, 53))).toBe(true);
    expect(allowed(m, "networkpolicy", A, to(DNS, 80))).toBe(false);
    expect(allowed(m, "networkpolicy", A, to(pod("kube-system", "other"), 53, "UDP"))).toBe(false);
    expect(allowed(m, "networkpolicy", A, host("api.github.com"))).toBe(false);
  });

  it("implies policyTypes: Ingress always, Egress only with egress rules", () => {
    const ingressOnly = model([...NAMESPACES, np("a", { podSelector: { matchLabels: { app: "web" } }, ingress: [] })]);
    expect(allowed(ingressOnly, "networkpolicy", A, to(B))).toBe(true);
    expect(allowed(ingressOnly, "networkpolicy", B, to(A))).toBe(false);
    const withEgress = model([
      ...NAMESPACES,
      np("a", { podSelector: { matchLabels: { app: "web" } }, egress: [{ ports: [{ port: 443 }] }] }),
    ]);
    expect(allowed(withEgress, "networkpolicy", A, to(B))).toBe(false);
    expect(allowed(withEgress, "networkpolicy", A, host("api.github.com", 443))).toBe(true);
    expect(allowed(withEgress, "networkpolicy", A, host("api.github.com", 80))).toBe(false);
    expect(allowed(withEgress, "networkpolicy", B, to(A))).toBe(false);
  });

  it("reads podSelector as the policy's namespace, namespaceSelector as all its pods, both as AND, two peers as OR", () => {
    const ingress = (from: object[]) =>
      model([...NAMESPACES, np("a", { podSelector: { matchLabels: { app: "db" } }, ingress: [{ from }] })]);
    const podOnly = ingress([{ podSelector: { matchLabels: { app: "web" } } }]);
    expect(allowed(podOnly, "networkpolicy", A, to(A2))).toBe(true);
    expect(allowed(podOnly, "networkpolicy", B, to(A2))).toBe(false);
    const nsOnly = ingress([{ namespaceSelector: { matchLabels: { team: "blue" } } }]);
    expect(allowed(nsOnly, "networkpolicy", B, to(A2))).toBe(true);
    expect(allowed(nsOnly, "networkpolicy", pod("b", "other"), to(A2))).toBe(true);
    expect(allowed(nsOnly, "networkpolicy", A, to(A2))).toBe(false);
    const both = ingress([{ namespaceSelector: { matchLabels: { team: "blue" } }, podSelector: { matchLabels: { app: "other" } } }]);
    expect(allowed(both, "networkpolicy", B, to(A2))).toBe(false);
    expect(allowed(both, "networkpolicy", pod("b", "other"), to(A2))).toBe(true);
    const either = ingress([{ namespaceSelector: { matchLabels: { team: "blue" } } }, { podSelector: { matchLabels: { app: "web" } } }]);
    expect(allowed(either, "networkpolicy", A, to(A2))).toBe(true);
    expect(allowed(either, "networkpolicy", B, to(A2))).toBe(true);
    expect(allowed(either, "networkpolicy", pod("c", "web"), to(A2))).toBe(false);
    const expressions = ingress([{ namespaceSelector: { matchExpressions: [{ key: "team", operator: "NotIn", values: ["red"] }] } }]);
    expect(allowed(expressions, "networkpolicy", B, to(A2))).toBe(true);
    expect(allowed(expressions, "networkpolicy", A, to(A2))).toBe(false);
    expect(allowed(expressions, "networkpolicy", pod("c", "x"), to(A2))).toBe(true); // no team label: NotIn holds
    const everyone = ingress([]);
    expect(allowed(everyone, "networkpolicy", pod("c", "x"), to(A2))).toBe(true);
  });

  it("matches ports by number, protocol (TCP by default) and endPort", () => {
    const m = model([
      ...NAMESPACES,
      np("a", {
        podSelector: {},
        ingress: [
          {
            ports: [
              { port: 8000, endPort: 8100 },
              { protocol: "UDP", port: 9000 },
            ],
          },
        ],
      }),
    ]);
    expect(allowed(m, "networkpolicy", B, to(A, 8080))).toBe(true);
    expect(allowed(m, "networkpolicy", B, to(A, 8101))).toBe(false);
    expect(allowed(m, "networkpolicy", B, to(A, 8080, "UDP"))).toBe(false);
    expect(allowed(m, "networkpolicy", B, to(A, 9000, "UDP"))).toBe(true);
    expect(allowed(m, "networkpolicy", B, to(A, 9000))).toBe(false);
    const named = model([...NAMESPACES, np("a", { podSelector: {}, ingress: [{ ports: [{ port: "http" }] }] })]);
    expect(() => allowed(named, "networkpolicy", B, to(A))).toThrow("named ports are not modelled (http)");
  });

  it("matches ipBlock minus except on external addresses, and on pod IPs only where the CNI does (not Cilium)", () => {
    const m = model([
      ...NAMESPACES,
      np("a", {
        podSelector: {},
        policyTypes: ["Egress"],
        egress: [{ to: [{ ipBlock: { cidr: "10.0.0.0/8", except: ["10.2.0.0/16"] } }] }],
      }),
    ]);
    expect(allowed(m, "networkpolicy", A, { address: "10.9.9.9", port: 443 })).toBe(true);
    expect(allowed(m, "networkpolicy", A, { address: "10.2.3.4", port: 443 })).toBe(false);
    expect(allowed(m, "networkpolicy", A, host("internal.example.com", 443, "10.3.0.1"))).toBe(true);
    expect(allowed(m, "networkpolicy", A, host("api.github.com", 443))).toBe(false);
    expect(allowed(m, "networkpolicy", A, to(A2))).toBe(true); // 10.1.0.2
    expect(allowed(m, "networkpolicy", A, to(B))).toBe(false); // 10.2.0.1 is excepted
    expect(allowed(m, "cilium", A, to(A2))).toBe(false);
    expect(allowed(m, "cilium", A, { address: "10.9.9.9", port: 443 })).toBe(true);
  });

  it("needs the source's egress and the destination's ingress", () => {
    const m = model([
      ...NAMESPACES,
      np("a", { podSelector: {}, policyTypes: ["Egress"], egress: [{}] }),
      np("b", { podSelector: {}, ingress: [{ from: [{ podSelector: { matchLabels: { app: "none" } } }] }] }),
    ]);
    expect(allowed(m, "networkpolicy", A, to(A2))).toBe(true);
    expect(allowed(m, "networkpolicy", A, to(B))).toBe(false);
  });
});

describe("evaluator: Cilium selectors", () => {
  it("scopes a CiliumNetworkPolicy's endpointSelector to its namespace and reads k8s:, any: and bare keys", () => {
    for (const key of ["k8s:app", "any:app", "app"]) {
      const m = model([...NAMESPACES, cnp("a", { endpointSelector: { matchLabels: { [key]: "web" } }, ingress: [{}] })]);
      expect(allowed(m, "cilium", A2, to(A)), key).toBe(false);
      expect(allowed(m, "cilium", A, to(B)), key).toBe(true);
    }
    const reserved = model([...NAMESPACES, cnp("a", { endpointSelector: { matchLabels: { "reserved:app": "web" } }, ingress: [{}] })]);
    expect(allowed(reserved, "cilium", A2, to(A))).toBe(true);
    // A namespace given in the endpointSelector cannot widen it past the policy's namespace.
    const other = model([
      ...NAMESPACES,
      cnp("a", { endpointSelector: { matchLabels: { "k8s:io.kubernetes.pod.namespace": "b" } }, ingress: [{}] }),
    ]);
    expect(allowed(other, "cilium", A, to(B))).toBe(true);
  });

  it("scopes from/toEndpoints to the policy's namespace unless they name a namespace or namespace labels", () => {
    const from = (selector: object) =>
      model([
        ...NAMESPACES,
        cnp("a", { endpointSelector: { matchLabels: { "k8s:app": "db" } }, ingress: [{ fromEndpoints: [selector] }] }),
      ]);
    const sameNs = from({ matchLabels: { "k8s:app": "web" } });
    expect(allowed(sameNs, "cilium", A, to(A2))).toBe(true);
    expect(allowed(sameNs, "cilium", B, to(A2))).toBe(false);
    const named = from({ matchLabels: { "k8s:io.kubernetes.pod.namespace": "b", "k8s:app": "web" } });
    expect(allowed(named, "cilium", B, to(A2))).toBe(true);
    expect(allowed(named, "cilium", A, to(A2))).toBe(false);
    const byLabel = from({ matchLabels: { "k8s:io.cilium.k8s.namespace.labels.team": "blue" } });
    expect(allowed(byLabel, "cilium", B, to(A2))).toBe(true);
    expect(allowed(byLabel, "cilium", A, to(A2))).toBe(false);
    const bySa = from({
      matchLabels: { "k8s:io.kubernetes.pod.namespace": "b", "k8s:io.cilium.k8s.policy.serviceaccount": "web" },
    });
    expect(allowed(bySa, "cilium", B, to(A2))).toBe(true);
    expect(allowed(bySa, "cilium", pod("b", "web", "impostor"), to(A2))).toBe(false);
    const expression = from({ matchExpressions: [{ key: "k8s:io.kubernetes.pod.namespace", operator: "In", values: ["a", "b"] }] });
    expect(allowed(expression, "cilium", B, to(A2))).toBe(true);
    expect(allowed(expression, "cilium", pod("c", "web"), to(A2))).toBe(false);
    const anyInNs = from({});
    expect(allowed(anyInNs, "cilium", A, to(A2))).toBe(true);
    expect(allowed(anyInNs, "cilium", B, to(A2))).toBe(false);
  });

  it("lets a clusterwide policy select by namespace labels and reach pods of every namespace", () => {
    const m = model([
      ...NAMESPACES,
      ccnp({
        endpointSelector: { matchExpressions: [{ key: "k8s:io.cilium.k8s.namespace.labels.team", operator: "Exists" }] },
        egress: [{ toEndpoints: [{ matchLabels: { "k8s:app": "dns" } }], toPorts: [{ ports: [{ port: "53", protocol: "ANY" }] }] }],
      }),
    ]);
    expect(allowed(m, "cilium", A, to(DNS, 53, "UDP"))).toBe(true);
    expect(allowed(m, "cilium", B, to(DNS, 53))).toBe(true);
    expect(allowed(m, "cilium", A, to(A2))).toBe(false);
    expect(allowed(m, "cilium", DNS, to(A))).toBe(true); // kube-system has no team label: not selected
    expect(allowed(m, "networkpolicy", A, to(A2))).toBe(true); // no Cilium on a NetworkPolicy-only CNI
  });
});

describe("evaluator: Cilium L3/L4 peers", () => {
  const egress = (rules: object[], extra: object = {}) =>
    model([...NAMESPACES, cnp("a", { endpointSelector: { matchLabels: { "k8s:app": "web" } }, egress: rules, ...extra })]);

  it("reads toEntities world as external addresses, cluster as pods, all as both, kube-apiserver as the API server only", () => {
    const world = egress([{ toEntities: ["world"] }]);
    expect(allowed(world, "cilium", A, { address: "169.254.169.254", port: 80 })).toBe(true);
    expect(allowed(world, "cilium", A, to(A2))).toBe(false);
    const cluster = egress([{ toEntities: ["cluster"] }]);
    expect(allowed(cluster, "cilium", A, to(B))).toBe(true);
    expect(allowed(cluster, "cilium", A, { address: "1.1.1.1", port: 443 })).toBe(false);
    const all = egress([{ toEntities: ["all"] }]);
    expect(allowed(all, "cilium", A, to(B))).toBe(true);
    expect(allowed(all, "cilium", A, host("x.example.com"))).toBe(true);
    const apiServer = egress([{ toEntities: ["kube-apiserver"] }]);
    expect(allowed(apiServer, "cilium", A, { address: "1.1.1.1", port: 443 })).toBe(false);
    expect(allowed(apiServer, "cilium", A, { address: "10.96.0.1", apiServer: true, port: 443 })).toBe(true);
    expect(allowed(apiServer, "cilium", A, to(B))).toBe(false);
    // The API server's addresses carry the kube-apiserver identity, not world.
    expect(allowed(world, "cilium", A, { address: "10.96.0.1", apiServer: true, port: 443 })).toBe(false);
  });

  it("reads toCIDR and toCIDRSet minus except on external addresses only", () => {
    const m = egress([{ toCIDR: ["192.0.2.0/24"] }, { toCIDRSet: [{ cidr: "10.0.0.0/8", except: ["10.1.0.0/16"] }] }]);
    expect(allowed(m, "cilium", A, { address: "192.0.2.9", port: 1 })).toBe(true);
    expect(allowed(m, "cilium", A, { address: "10.3.0.1", port: 1 })).toBe(true);
    expect(allowed(m, "cilium", A, { address: "10.1.0.9", port: 1 })).toBe(false);
    expect(allowed(m, "cilium", A, to(B))).toBe(false); // B's IP is in 10/8, but CIDR rules never select pods
    expect(allowed(m, "cilium", A, { address: "fd00:ec2::254", port: 80 })).toBe(false);
  });

  it("reads toPorts: a port string, protocol ANY by default, port 0 as every port; an L4-only rule as any peer", () => {
    const m = egress([
      { toEntities: ["world"], toPorts: [{ ports: [{ port: "443" }] }] },
      { toEntities: ["cluster"], toPorts: [{ ports: [{ port: "0", protocol: "UDP" }] }] },
    ]);
    expect(allowed(m, "cilium", A, { address: "1.1.1.1", port: 443, protocol: "UDP" })).toBe(true);
    expect(allowed(m, "cilium", A, { address: "1.1.1.1", port: 80 })).toBe(false);
    expect(allowed(m, "cilium", A, to(B, 1234, "UDP"))).toBe(true);
    expect(allowed(m, "cilium", A, to(B, 1234))).toBe(false);
    const l4 = egress([{ toPorts: [{ ports: [{ port: "8080", protocol: "TCP" }] }] }]);
    expect(allowed(l4, "cilium", A, to(B))).toBe(true);
    expect(allowed(l4, "cilium", A, { address: "1.1.1.1", port: 8080 })).toBe(true);
    expect(allowed(l4, "cilium", A, to(B, 8081))).toBe(false);
    const empty = egress([{}]);
    expect(allowed(empty, "cilium", A, to(B))).toBe(false);
  });
});

describe("evaluator: Cilium FQDN rules", () => {
  it("matches names and patterns as Cilium does", () => {
    const m = (pattern: string, name: string) => fqdnPattern(pattern).test(name);
    expect(m("api.github.com", "api.github.com")).toBe(true);
    expect(m("api.github.com.", "api.github.com")).toBe(true);
    expect(m("API.GitHub.com", "api.github.com")).toBe(true);
    expect(m("api.github.com", "xapi.github.com")).toBe(false);
    expect(m("api.github.com", "apixgithub.com")).toBe(false);
    expect(m("*.cilium.io", "www.cilium.io")).toBe(true);
    expect(m("*.cilium.io", "cilium.io")).toBe(false);
    expect(m("*.cilium.io", "a.b.cilium.io")).toBe(false);
    expect(m("*cilium.io", "cilium.io")).toBe(true);
    expect(m("*cilium.io", "sub-cilium.io")).toBe(true);
    expect(m("*cilium.io", "www.cilium.io")).toBe(false);
    expect(m("sub*.cilium.io", "subdomain.cilium.io")).toBe(true);
    expect(m("sub*.cilium.io", "www.cilium.io")).toBe(false);
    expect(m("**.cilium.io", "app.cilium.io")).toBe(true);
    expect(m("**.cilium.io", "test.app.cilium.io")).toBe(true);
    expect(m("**.cilium.io", "cilium.io")).toBe(false);
    expect(m("*", "anything.example.com")).toBe(true);
  });

  const dns = { toEndpoints: [{ matchLabels: { "k8s:io.kubernetes.pod.namespace": "kube-system", "k8s:app": "dns" } }] };
  const dnsPorts = (patterns: string[]) => [
    { ports: [{ port: "53", protocol: "UDP" }], rules: { dns: patterns.map((matchPattern) => ({ matchPattern })) } },
  ];
  const fqdn = (patterns: string[], selectors: object[]) =>
    model([
      ...NAMESPACES,
      cnp("a", {
        endpointSelector: { matchLabels: { "k8s:app": "web" } },
        egress: [
          { ...dns, toPorts: dnsPorts(patterns) },
          { toFQDNs: selectors, toPorts: [{ ports: [{ port: "443", protocol: "TCP" }] }] },
        ],
      }),
    ]);

  it("allows a name on its port once the DNS proxy sees it, and nothing else", () => {
    const m = fqdn(["*"], [{ matchName: "api.github.com" }, { matchPattern: "*.googleapis.com" }]);
    expect(allowed(m, "cilium", A, to(DNS, 53, "UDP"))).toBe(true);
    expect(allowed(m, "cilium", A, host("api.github.com"))).toBe(true);
    expect(allowed(m, "cilium", A, host("API.github.com"))).toBe(true);
    expect(allowed(m, "cilium", A, host("api.github.com", 80))).toBe(false);
    expect(allowed(m, "cilium", A, host("storage.googleapis.com"))).toBe(true);
    expect(allowed(m, "cilium", A, host("googleapis.com"))).toBe(false);
    expect(allowed(m, "cilium", A, host("a.b.googleapis.com"))).toBe(false);
    expect(allowed(m, "cilium", A, host("evil.com"))).toBe(false);
    expect(allowed(m, "cilium", A, { address: "203.0.113.7", port: 443 })).toBe(false); // the same address, by IP
    expect(allowed(m, "networkpolicy", A, host("api.github.com"))).toBe(true); // no policy on a NetworkPolicy-only CNI
  });

  it("allows no name the DNS proxy is not told to look at", () => {
    expect(allowed(fqdn(["*.example.com"], [{ matchName: "api.github.com" }]), "cilium", A, host("api.github.com"))).toBe(false);
    expect(allowed(fqdn(["api.github.com"], [{ matchName: "api.github.com" }]), "cilium", A, host("api.github.com"))).toBe(true);
  });
});

describe("evaluator: Cilium default deny, deny rules and the union with NetworkPolicy", () => {
  const web = { matchLabels: { "k8s:app": "web" } };

  it("puts a pod in default deny for a direction with rules, unless enableDefaultDeny says otherwise", () => {
    const ingressOnly = model([...NAMESPACES, cnp("a", { endpointSelector: web, ingress: [{ fromEndpoints: [{}] }] })]);
    expect(allowed(ingressOnly, "cilium", A, host("x.example.com"))).toBe(true);
    expect(allowed(ingressOnly, "cilium", B, to(A))).toBe(false);
    expect(allowed(ingressOnly, "cilium", A2, to(A))).toBe(true);
    const opted = model([
      ...NAMESPACES,
      cnp("a", { endpointSelector: web, enableDefaultDeny: { egress: false }, egress: [{ toEntities: ["cluster"] }] }),
    ]);
    expect(allowed(opted, "cilium", A, host("x.example.com"))).toBe(true);
    const denyOnly = model([...NAMESPACES, cnp("a", { endpointSelector: web, egressDeny: [{ toCIDR: ["192.0.2.0/24"] }] })]);
    expect(allowed(denyOnly, "cilium", A, host("x.example.com"))).toBe(false);
    const stated = model([
      ...NAMESPACES,
      cnp("a", { endpointSelector: web, enableDefaultDeny: { ingress: true, egress: true }, ingress: [], egress: [] }),
    ]);
    expect(allowed(stated, "cilium", A, to(A2))).toBe(false);
    expect(allowed(stated, "cilium", A2, to(A))).toBe(false);
  });

  it("lets deny rules win over every allow, the NetworkPolicies' included", () => {
    const m = model([
      ...NAMESPACES,
      np("a", { podSelector: {}, policyTypes: ["Egress"], egress: [{ to: [{ ipBlock: { cidr: "0.0.0.0/0" } }] }] }),
      cnp("a", {
        endpointSelector: web,
        egress: [{ toEntities: ["world"] }],
        egressDeny: [{ toCIDRSet: [{ cidr: "169.254.0.0/16", except: ["169.254.20.10/32"] }] }],
      }),
    ]);
    expect(allowed(m, "cilium", A, { address: "169.254.169.254", port: 80 })).toBe(false);
    expect(allowed(m, "cilium", A, host("metadata.google.internal", 80, "169.254.169.254"))).toBe(false);
    expect(allowed(m, "cilium", A, { address: "169.254.20.10", port: 53, protocol: "UDP" })).toBe(true);
    expect(allowed(m, "cilium", A2, { address: "169.254.169.254", port: 80 })).toBe(true); // the CNP does not select db
    expect(allowed(m, "networkpolicy", A, { address: "169.254.169.254", port: 80 })).toBe(true);
  });

  it("reads deny rules with ports: endPort ranges on any protocol, only on the ports they list", () => {
    const m = model([
      ...NAMESPACES,
      cnp("a", {
        endpointSelector: web,
        egress: [{ toEntities: ["world"] }],
        egressDeny: [
          {
            toCIDRSet: [{ cidr: "169.254.169.254/32" }],
            toPorts: [
              {
                ports: [
                  { port: "1", endPort: 52, protocol: "ANY" },
                  { port: "54", endPort: 65535, protocol: "ANY" },
                ],
              },
            ],
          },
        ],
      }),
    ]);
    const metadata = (port: number, protocol?: "TCP" | "UDP") => ({ address: "169.254.169.254", port, ...(protocol && { protocol }) });
    expect(allowed(m, "cilium", A, metadata(53, "UDP"))).toBe(true);
    expect(allowed(m, "cilium", A, metadata(53, "TCP"))).toBe(true);
    for (const port of [1, 52, 54, 80, 65535]) {
      expect(allowed(m, "cilium", A, metadata(port, "TCP")), `${port}/TCP`).toBe(false);
      expect(allowed(m, "cilium", A, metadata(port, "UDP")), `${port}/UDP`).toBe(false);
    }
    // Other addresses are untouched by it.
    expect(allowed(m, "cilium", A, { address: "169.254.169.253", port: 80 })).toBe(true);
  });

  it("unions NetworkPolicies and Cilium policies: isolated if any isolates, allowed if any allows", () => {
    const m = model([
      ...NAMESPACES,
      np("a", { podSelector: {}, policyTypes: ["Egress"], egress: [{ to: [{ podSelector: { matchLabels: { app: "db" } } }] }] }),
      cnp("a", { endpointSelector: web, egress: [{ toEntities: ["world"], toPorts: [{ ports: [{ port: "443", protocol: "TCP" }] }] }] }),
    ]);
    expect(allowed(m, "cilium", A, to(A2))).toBe(true); // the NetworkPolicy allows it
    expect(allowed(m, "cilium", A, { address: "1.1.1.1", port: 443 })).toBe(true); // the CNP allows it
    expect(allowed(m, "cilium", A, { address: "1.1.1.1", port: 80 })).toBe(false);
    expect(allowed(m, "networkpolicy", A, { address: "1.1.1.1", port: 443 })).toBe(false);
    expect(allowed(m, "networkpolicy", A, to(A2))).toBe(true);
  });

  it("reads every rule of a specs list", () => {
    const m = model([
      ...NAMESPACES,
      {
        apiVersion: "cilium.io/v2",
        kind: "CiliumNetworkPolicy",
        metadata: { name: "s", namespace: "a" },
        specs: [
          { endpointSelector: web, egress: [{}] },
          { endpointSelector: { matchLabels: { "k8s:app": "db" } }, ingress: [{}] },
        ],
      },
    ]);
    expect(allowed(m, "cilium", A, host("x.example.com"))).toBe(false);
    expect(allowed(m, "cilium", B, to(A2))).toBe(false);
    expect(allowed(m, "cilium", A2, host("x.example.com"))).toBe(true);
  });
});

describe("evaluator: endpoints", () => {
  const web = { matchLabels: { "k8s:app": "web" } };
  const A_POD = pod("a", "web");

  it("reads a workload's pod: namespace, template labels and ServiceAccount, for Deployments and SandboxTemplates", () => {
    const template = { metadata: { labels: { app: "web" } }, spec: { serviceAccountName: "web", containers: [] } };
    expect(workloadPod({ apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "w", namespace: "a" }, spec: { template } })).toEqual(
      A_POD,
    );
    expect(
      workloadPod({
        apiVersion: "extensions.agents.x-k8s.io/v1alpha1",
        kind: "SandboxTemplate",
        metadata: { name: "w", namespace: "a" },
        spec: { podTemplate: template },
      }),
    ).toEqual(A_POD);
    expect(() => workloadPod({ kind: "ConfigMap", metadata: { name: "c" } })).toThrow("ConfigMap/c has no pod template labels");
  });

  it("makes the gateway's pods an endpoint that policies select by namespace name, labels and (Cilium) ServiceAccount", () => {
    const gateway = gatewayPod({ namespace: "agentcloud-gateway", name: "mcp-gateway" });
    expect(gateway).toEqual({
      namespace: "agentcloud-gateway",
      labels: {
        "app.kubernetes.io/name": "mcp-gateway",
        "app.kubernetes.io/component": "mcp-gateway",
        "app.kubernetes.io/part-of": "agentcloud",
        "app.kubernetes.io/managed-by": "agentcloud",
      },
      serviceAccount: "mcp-gateway",
    });
    const labels = { "app.kubernetes.io/name": "mcp-gateway", "app.kubernetes.io/component": "mcp-gateway" };
    const peer = {
      namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "agentcloud-gateway" } },
      podSelector: { matchLabels: labels },
    };
    const kubernetes = model([
      ...NAMESPACES,
      np("a", {
        podSelector: {},
        policyTypes: ["Ingress", "Egress"],
        ingress: [{ from: [peer], ports: [{ port: 8080 }] }],
        egress: [{ to: [peer], ports: [{ port: 8080 }] }],
      }),
    ]);
    const elsewhere: Pod = { ...gateway, namespace: "b" };
    const unlabelled: Pod = { ...gateway, labels: { app: "other" } };
    for (const view of ["networkpolicy", "cilium"] as const) {
      expect(allowed(kubernetes, view, A, to(gateway)), view).toBe(true);
      expect(allowed(kubernetes, view, A, to(gateway, 8081)), view).toBe(false);
      expect(allowed(kubernetes, view, A, to(elsewhere)), view).toBe(false);
      expect(allowed(kubernetes, view, A, to(unlabelled)), view).toBe(false);
      expect(side(kubernetes, view, A, "ingress", { pod: gateway }, 8080, "TCP"), view).toBe(true);
      expect(side(kubernetes, view, A, "ingress", { pod: elsewhere }, 8080, "TCP"), view).toBe(false);
    }
    const endpoint = {
      matchLabels: {
        "k8s:io.kubernetes.pod.namespace": "agentcloud-gateway",
        "k8s:app.kubernetes.io/name": "mcp-gateway",
        "k8s:app.kubernetes.io/component": "mcp-gateway",
        "k8s:io.cilium.k8s.policy.serviceaccount": "mcp-gateway",
      },
    };
    const cilium = model([
      ...NAMESPACES,
      cnp("a", {
        endpointSelector: web,
        ingress: [{ fromEndpoints: [endpoint], toPorts: [{ ports: [{ port: "8080", protocol: "TCP" }] }] }],
        egress: [{ toEndpoints: [endpoint], toPorts: [{ ports: [{ port: "8080", protocol: "TCP" }] }] }],
      }),
    ]);
    expect(allowed(cilium, "cilium", A, to(gateway))).toBe(true);
    expect(side(cilium, "cilium", A, "ingress", { pod: gateway }, 8080, "TCP")).toBe(true);
    // Another ServiceAccount with the gateway's labels in its namespace is not the gateway to Cilium.
    const impostor: Pod = { ...gateway, serviceAccount: "default" };
    expect(allowed(cilium, "cilium", A, to(impostor))).toBe(false);
    expect(side(cilium, "cilium", A, "ingress", { pod: impostor }, 8080, "TCP")).toBe(false);
    expect(allowed(cilium, "cilium", A, to(elsewhere))).toBe(false);
  });
});
