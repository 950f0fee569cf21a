import { BlockList, isIPv6 } from "node:net";

/*
 * A small semantic evaluator of Kubernetes NetworkPolicies and Cilium policies, for tests: given the objects a plan
 * renders and a connection, it says whether the connection is allowed. It reads policies the way the enforcers do,
 * never by comparing text.
 *
 * Kubernetes NetworkPolicy (networking.k8s.io/v1), https://kubernetes.io/docs/concepts/services-networking/network-policies/:
 * - a pod is isolated for ingress (egress) if any policy in its namespace selects it with that policyType; without
 *   `policyTypes`, Ingress is implied and Egress too when the policy has egress rules;
 * - an isolated pod's connection is allowed iff some selecting policy has a rule matching both peer and port; rules
 *   and policies are additive; a connection needs the source's egress and the destination's ingress;
 * - a rule without `from`/`to` matches every peer, one without `ports` every port; a peer is a podSelector (the
 *   policy's namespace), a namespaceSelector (all pods of matching namespaces), both (ANDed), or an ipBlock (cidr minus
 *   except). Whether an ipBlock matches pod IPs is implementation-defined ("ipBlock ... should be cluster-external
 *   IPs"): the `networkpolicy` view assumes it does (as iptables-based CNIs do), the `cilium` view that it does not.
 *
 * Cilium (cilium.io/v2), https://docs.cilium.io/en/stable/security/policy/ (Layer 3, Layer 4, DNS-based, deny
 * policies, Using Kubernetes Constructs in Policy), the CRD text pinned in ../shared/upstream/cilium/1.20.0/crds, and
 * cilium/cilium pkg/k8s/apis/cilium.io/utils/utils.go (getEndpointSelector, ParseToCiliumRule):
 * - selectors are label selectors over identity labels: the pod's labels, `io.kubernetes.pod.namespace`,
 *   `io.cilium.k8s.policy.serviceaccount`, `io.cilium.k8s.namespace.labels.<key>`; a key's `k8s:` or `any:` source
 *   prefix is accepted, other sources (`reserved:`, ...) never match a pod here;
 * - a CiliumNetworkPolicy's endpointSelector only selects pods in its namespace; its from/toEndpoints are scoped to
 *   its namespace too unless they name `io.kubernetes.pod.namespace` or a namespace label key; a clusterwide policy's
 *   from/toEndpoints select pods of any namespace;
 * - an egress rule allows peers from toEndpoints, toEntities (`all`, `world`, `cluster`, and `kube-apiserver` for the
 *   API server's addresses, which are not `world`), toCIDR/toCIDRSet (external
 *   addresses only: Layer 3 docs, CIDR based rules are "for external services if the remote peer is not an endpoint")
 *   and toFQDNs (matchName, or matchPattern where `*` is
 *   any run of DNS characters within a label and a leading `**.` any number of labels; the name must have been seen by
 *   the DNS proxy, i.e. DNS on port 53 allowed with an L7 `dns` rule covering it); a rule with only toPorts allows any
 *   peer on those ports; an empty rule allows nothing;
 * - toPorts: a port as a string (`"0"` or none: every port), protocol TCP, UDP or ANY (the default), endPort;
 * - an endpoint is in default deny for a direction when a selecting policy asks for it (`enableDefaultDeny`, by default
 *   when the policy has rules, deny rules included, in that direction); deny rules win over every allow (Deny Policies:
 *   "regardless of whether they are a Cilium Network Policy, a Clusterwide Cilium Network Policy or even a Kubernetes
 *   Network Policy").
 * Under Cilium, Kubernetes NetworkPolicies and Cilium policies selecting a pod are unioned: isolated if any isolates,
 * allowed if any allows, denied if any denies.
 */

/** Labels. */
export type Labels = Record<string, string>;

/** A pod, by what policies select on. */
export interface Pod {
  /** Namespace. */
  namespace: string;
  /** Pod labels. */
  labels: Labels;
  /** ServiceAccount name. */
  serviceAccount: string;
  /** Pod IP, when a test needs ipBlock rules to see it. */
  ip?: string;
}

/** Transport protocol. */
export type Protocol = "TCP" | "UDP";

/**
 * Where a connection goes: a pod, an external host name (resolved to `address`), or an external address (`apiServer`
 * when it is the control plane's, which Cilium gives the `kube-apiserver` identity).
 */
export type Destination =
  | { pod: Pod; port: number; protocol?: Protocol }
  | { host: string; address: string; port: number; protocol?: Protocol }
  | { address: string; apiServer?: boolean; port: number; protocol?: Protocol };

/** Which enforcer reads the policies: Cilium (NetworkPolicy ∪ Cilium policies) or a NetworkPolicy-only CNI. */
export type View = "cilium" | "networkpolicy";

interface Requirement {
  key: string;
  operator: string;
  values?: string[];
}
interface Selector {
  matchLabels?: Labels;
  matchExpressions?: Requirement[];
}
type Obj = {
  apiVersion?: string;
  kind?: string;
  metadata?: { name?: string; namespace?: string; labels?: Labels };
  spec?: any;
  specs?: any[];
};
/** Which side of a connection. */
export type Direction = "ingress" | "egress";
/** The other end of a connection, seen from one side. */
/** A pod, or an address outside the cluster's pods (with the name it was resolved from; `apiServer` for the control plane's). */
export type Peer = { pod: Pod } | { host?: string; address: string; apiServer?: boolean };
interface Rule {
  peers: (peer: Peer) => boolean;
  ports?: { port?: number | string; endPort?: number; protocol?: string }[];
}
/** One policy (or one Cilium rule of a `specs` list), normalised. */
interface Policy {
  selects: (pod: Pod) => boolean;
  isolates: Record<Direction, boolean>;
  allow: Record<Direction, Rule[]>;
  deny: Record<Direction, Rule[]>;
  /** DNS names the L7 DNS rules of its egress let through, for toFQDNs. */
  dnsPatterns: string[];
  cilium: boolean;
}

/** The objects' policies and namespaces, ready to evaluate connections. */
export interface Model {
  /** Namespace labels by name (with `kubernetes.io/metadata.name`). */
  namespaces: Map<string, Labels>;
  /** Every policy. */
  policies: Policy[];
  /** The policies selecting each pod, per view (pods are asked about many times). */
  selecting: Record<View, WeakMap<Pod, Policy[]>>;
}

function matches(selector: Selector | undefined, labels: (key: string) => string | undefined): boolean {
  if (!selector) return true;
  const labelsOk = Object.entries(selector.matchLabels ?? {}).every(([k, v]) => labels(k) === v);
  return (
    labelsOk &&
    (selector.matchExpressions ?? []).every(({ key, operator, values = [] }) => {
      const value = labels(key);
      if (operator === "In") return value !== undefined && values.includes(value);
      if (operator === "NotIn") return value === undefined || !values.includes(value);
      if (operator === "Exists") return value !== undefined;
      if (operator === "DoesNotExist") return value === undefined;
      throw new Error(`unknown selector operator ${operator}`);
    })
  );
}

const ranges = new Map<string, (ip: string) => boolean>();

/** Whether `ip` is in `cidr` (a bare address is a /32 or /128); memoised, property tests ask often. */
function inRange(ip: string, cidr: string): boolean {
  let test = ranges.get(cidr);
  if (!test) {
    const [a, p] = cidr.split("/");
    const family = isIPv6(a) ? "ipv6" : "ipv4";
    const list = new BlockList();
    list.addSubnet(a, Number(p ?? (family === "ipv6" ? 128 : 32)), family);
    test = (x: string) => (isIPv6(x) ? "ipv6" : "ipv4") === family && list.check(x, family);
    ranges.set(cidr, test);
  }
  return test(ip);
}

function inCidr(address: string, cidr: string, except: readonly string[] = []): boolean {
  return inRange(address, cidr) && !except.some((e) => inRange(address, e));
}

function portMatches(rule: Rule, port: number, protocol: Protocol): boolean {
  if (!rule.ports || rule.ports.length === 0) return true;
  return rule.ports.some((p) => {
    const proto = (p.protocol ?? "ANY").toUpperCase();
    if (proto !== "ANY" && proto !== protocol) return false;
    if (p.port === undefined || p.port === "0" || p.port === 0) return true;
    const n = Number(p.port);
    if (!Number.isInteger(n)) throw new Error(`named ports are not modelled (${String(p.port)})`);
    return p.endPort === undefined ? n === port : port >= n && port <= p.endPort;
  });
}

/** A namespace's labels; one without a Namespace object has only the label Kubernetes sets on every namespace. */
function namespaceLabels(namespaces: Map<string, Labels>, name: string): Labels {
  return namespaces.get(name) ?? { "kubernetes.io/metadata.name": name };
}

// ---- Kubernetes NetworkPolicy -------------------------------------------------------------------------------------

function networkPolicy(o: Obj, namespaces: Map<string, Labels>): Policy {
  const ns = o.metadata?.namespace ?? "default";
  const spec = o.spec ?? {};
  const types: string[] = spec.policyTypes ?? (spec.egress ? ["Ingress", "Egress"] : ["Ingress"]);
  const podLabels = (pod: Pod) => (k: string) => pod.labels[k];
  const peer = (p: any) => (x: Peer) => {
    if ("pod" in x) {
      if (p.ipBlock) return x.pod.ip !== undefined && inCidr(x.pod.ip, p.ipBlock.cidr, p.ipBlock.except);
      const nsOk = p.namespaceSelector
        ? matches(p.namespaceSelector, (k) => namespaceLabels(namespaces, x.pod.namespace)[k])
        : x.pod.namespace === ns;
      return nsOk && matches(p.podSelector, podLabels(x.pod));
    }
    return p.ipBlock !== undefined && inCidr(x.address, p.ipBlock.cidr, p.ipBlock.except);
  };
  const rules = (list: any[] | undefined, key: "from" | "to"): Rule[] =>
    (list ?? []).map((r) => {
      const peers = (r[key] ?? []).map(peer);
      // A NetworkPolicy port's protocol defaults to TCP (Cilium's to ANY).
      const ports = r.ports?.map((p: any) => ({ ...p, protocol: p.protocol ?? "TCP" }));
      return { peers: (x: Peer) => peers.length === 0 || peers.some((f: (x: Peer) => boolean) => f(x)), ports };
    });
  return {
    selects: (pod) => pod.namespace === ns && matches(spec.podSelector, podLabels(pod)),
    isolates: { ingress: types.includes("Ingress"), egress: types.includes("Egress") },
    allow: {
      ingress: types.includes("Ingress") ? rules(spec.ingress, "from") : [],
      egress: types.includes("Egress") ? rules(spec.egress, "to") : [],
    },
    deny: { ingress: [], egress: [] },
    dnsPatterns: [],
    cilium: false,
  };
}

// ---- Cilium -------------------------------------------------------------------------------------------------------

const NS_KEY = "io.kubernetes.pod.namespace";
const NS_LABELS = "io.cilium.k8s.namespace.labels.";

/** The pod's identity labels, looked up by a selector key with or without its `k8s:`/`any:` source. */
function identity(pod: Pod, namespaces: Map<string, Labels>): (key: string) => string | undefined {
  const labels: Labels = { ...pod.labels, [NS_KEY]: pod.namespace, "io.cilium.k8s.policy.serviceaccount": pod.serviceAccount };
  for (const [k, v] of Object.entries(namespaceLabels(namespaces, pod.namespace))) labels[`${NS_LABELS}${k}`] = v;
  return (key) => {
    const m = /^(k8s|any):(.*)$/.exec(key);
    if (m) return labels[m[2]];
    return key.includes(":") ? undefined : labels[key];
  };
}

function selectorKeys(s: Selector): string[] {
  return [...Object.keys(s.matchLabels ?? {}), ...(s.matchExpressions ?? []).map((e) => e.key)].map((k) => k.replace(/^(k8s|any):/, ""));
}

const patterns = new Map<string, RegExp>();

/** Cilium's matchPattern (and matchName) as a regular expression over a lower-case name without the trailing dot. */
export function fqdnPattern(pattern: string): RegExp {
  const known = patterns.get(pattern);
  if (known) return known;
  const p = pattern.toLowerCase().replace(/\.$/, "");
  const multi = p.startsWith("**.");
  const body = (multi ? p.slice(3) : p)
    .split("*")
    .map((part) => part.replace(/[.]/g, "\\."))
    .join("[-a-z0-9_]*");
  const re = p === "*" ? /^.*$/ : new RegExp(`^${multi ? "([-a-z0-9_]+\\.)+" : ""}${body}$`);
  patterns.set(pattern, re);
  return re;
}

function ciliumRule(spec: any, ns: string | undefined, namespaces: Map<string, Labels>): Policy {
  const endpoints = (selectors: Selector[] | undefined) =>
    (selectors ?? []).map((s) => {
      const keys = selectorKeys(s);
      const scoped = ns !== undefined && !keys.includes(NS_KEY) && !keys.some((k) => k.startsWith(NS_LABELS));
      return (pod: Pod) => (!scoped || pod.namespace === ns) && matches(s, identity(pod, namespaces));
    });
  const entity = (names: string[] | undefined) => (x: Peer) =>
    (names ?? []).some(
      (e) =>
        e === "all" ||
        (e === "cluster" && "pod" in x) ||
        (e === "kube-apiserver" && "address" in x && x.apiServer === true) ||
        (e.startsWith("world") && !("pod" in x) && !("apiServer" in x && x.apiServer === true)),
    );
  const cidrs = (r: any, key: "to" | "from") => [
    ...((r[`${key}CIDR`] ?? []) as string[]).map((cidr) => ({ cidr, except: [] as string[] })),
    ...((r[`${key}CIDRSet`] ?? []) as { cidr: string; except?: string[] }[]),
  ];
  const rule = (r: any, key: "to" | "from"): Rule => {
    const eps = endpoints(r[`${key}Endpoints`]);
    const ranges = cidrs(r, key);
    const names = ((r.toFQDNs ?? []) as { matchName?: string; matchPattern?: string }[]).map((f) =>
      fqdnPattern(f.matchName ?? f.matchPattern!),
    );
    const l3 = eps.length + ranges.length + names.length + (r[`${key}Entities`] ?? []).length;
    const peers = (x: Peer) => {
      if (l3 === 0) return r.toPorts !== undefined && r.toPorts.length > 0; // an L4-only rule: any peer on its ports
      if ("pod" in x) return eps.some((f) => f(x.pod)) || entity(r[`${key}Entities`])(x);
      return (
        entity(r[`${key}Entities`])(x) ||
        ranges.some((c) => inCidr(x.address, c.cidr, c.except)) ||
        (x.host !== undefined && names.some((n) => n.test(x.host!)))
      );
    };
    const ports = ((r.toPorts ?? []) as { ports?: Rule["ports"] }[]).flatMap((p) => p.ports ?? [{}]);
    return { peers, ports: r.toPorts === undefined ? undefined : ports };
  };
  const selector: Selector = spec.endpointSelector ?? {};
  const defaults = spec.enableDefaultDeny ?? {};
  const has = (d: Direction) => (spec[d]?.length ?? 0) + (spec[`${d}Deny`]?.length ?? 0) > 0;
  return {
    selects: (pod) =>
      (ns === undefined || pod.namespace === ns) && spec.nodeSelector === undefined && matches(selector, identity(pod, namespaces)),
    isolates: { ingress: defaults.ingress ?? has("ingress"), egress: defaults.egress ?? has("egress") },
    allow: { ingress: (spec.ingress ?? []).map((r: any) => rule(r, "from")), egress: (spec.egress ?? []).map((r: any) => rule(r, "to")) },
    deny: {
      ingress: (spec.ingressDeny ?? []).map((r: any) => rule(r, "from")),
      egress: (spec.egressDeny ?? []).map((r: any) => rule(r, "to")),
    },
    dnsPatterns: (spec.egress ?? []).flatMap((r: any) =>
      (r.toPorts ?? []).flatMap((p: any) =>
        (p.ports ?? []).some((q: any) => String(q.port) === "53")
          ? ((p.rules?.dns ?? []) as { matchName?: string; matchPattern?: string }[]).map((d) => d.matchName ?? d.matchPattern!)
          : [],
      ),
    ),
    cilium: true,
  };
}

/** Reads Namespaces, NetworkPolicies, CiliumNetworkPolicies and CiliumClusterwideNetworkPolicies; ignores other kinds. */
export function model(objects: readonly unknown[]): Model {
  const all = objects as Obj[];
  const namespaces = new Map<string, Labels>();
  for (const o of all.filter((o) => o.kind === "Namespace")) {
    const name = o.metadata!.name!;
    namespaces.set(name, { ...o.metadata?.labels, "kubernetes.io/metadata.name": name });
  }
  const policies: Policy[] = [];
  for (const o of all) {
    if (o.kind === "NetworkPolicy" && o.apiVersion === "networking.k8s.io/v1") policies.push(networkPolicy(o, namespaces));
    if (o.apiVersion === "cilium.io/v2" && (o.kind === "CiliumNetworkPolicy" || o.kind === "CiliumClusterwideNetworkPolicy")) {
      const ns = o.kind === "CiliumNetworkPolicy" ? (o.metadata?.namespace ?? "default") : undefined;
      for (const spec of [...(o.spec ? [o.spec] : []), ...(o.specs ?? [])]) policies.push(ciliumRule(spec, ns, namespaces));
    }
  }
  return { namespaces, policies, selecting: { cilium: new WeakMap(), networkpolicy: new WeakMap() } };
}

/** Whether `pod`'s own side lets a connection through in `direction`: its egress to `peer`, or its ingress from it. */
export function side(m: Model, view: View, pod: Pod, direction: Direction, peer: Peer, port: number, protocol: Protocol): boolean {
  let policies = m.selecting[view].get(pod);
  if (!policies) {
    policies = m.policies.filter((p) => (view === "cilium" || !p.cilium) && p.selects(pod));
    m.selecting[view].set(pod, policies);
  }
  // Under Cilium, ipBlock and CIDR rules never select cluster endpoints.
  const visible = view === "cilium" && "pod" in peer ? { pod: { ...peer.pod, ip: undefined } } : peer;
  const hit = (r: Rule) => r.peers(visible) && portMatches(r, port, protocol);
  if (policies.some((p) => p.deny[direction].some(hit))) return false;
  if (!policies.some((p) => p.isolates[direction])) return true;
  return policies.some((p) =>
    p.allow[direction].some((r) => {
      if (!hit(r)) return false;
      // A toFQDNs match needs the name seen by the DNS proxy: an L7 DNS rule for it in some policy of the pod.
      const fqdnOnly = p.cilium && "host" in visible && visible.host !== undefined && !r.peers({ address: visible.address });
      return !fqdnOnly || policies.some((q) => q.dnsPatterns.some((d) => fqdnPattern(d).test(visible.host!)));
    }),
  );
}

/** Whether `from` may open the connection `to`, as the view's enforcer decides. */
export function allowed(m: Model, view: View, from: Pod, to: Destination): boolean {
  const protocol = to.protocol ?? "TCP";
  if ("pod" in to) {
    return (
      side(m, view, from, "egress", { pod: to.pod }, to.port, protocol) &&
      side(m, view, to.pod, "ingress", { pod: from }, to.port, protocol)
    );
  }
  const peer: Peer =
    "host" in to ? { host: to.host.toLowerCase(), address: to.address } : { address: to.address, ...(to.apiServer && { apiServer: true }) };
  return side(m, view, from, "egress", peer, to.port, protocol);
}

// ---- Endpoints ----------------------------------------------------------------------------------------------------

/** The pod a workload runs as: a Deployment's or StatefulSet's template, or a SandboxTemplate's `podTemplate`. */
export function workloadPod(workload: unknown): Pod {
  const o = workload as Obj;
  const template = o.kind === "SandboxTemplate" ? o.spec?.podTemplate : o.spec?.template;
  if (!template?.metadata?.labels) throw new Error(`${String(o.kind)}/${String(o.metadata?.name)} has no pod template labels`);
  return {
    namespace: o.metadata?.namespace ?? "default",
    labels: { ...template.metadata.labels },
    serviceAccount: template.spec?.serviceAccountName ?? "default",
  };
}

/**
 * The MCP gateway's pods as policies see them, from the contract (components/kubernetes/mcp-gateway/endpoint.ts),
 * written out here rather than taken from its selector: its namespace, the standard labels with its name and the
 * `mcp-gateway` component, and the ServiceAccount named after it.
 */
export function gatewayPod(gateway: { namespace: string; name: string }): Pod {
  return {
    namespace: gateway.namespace,
    labels: {
      "app.kubernetes.io/name": gateway.name,
      "app.kubernetes.io/component": "mcp-gateway",
      "app.kubernetes.io/part-of": "agentcloud",
      "app.kubernetes.io/managed-by": "agentcloud",
    },
    serviceAccount: gateway.name,
  };
}
