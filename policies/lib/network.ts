/**
 * How the network policies read NetworkPolicies and Cilium policies, as the engine hands their inputs: which objects
 * there are (typed resources, CustomResources, `...Patch` and `...List` variants), which pods each rule selects, and
 * what each egress rule allows (destinations and ports). Field names are Kubernetes' `networking.k8s.io/v1` and
 * Cilium's `cilium.io/v2` CRDs (pinned in upstream/cilium/1.20.0/crds).
 */
import type { PolicyResource } from "@pulumi/policy";
import { meetsRequirement, type SelectorOperator } from "./selectors";
import { parseCidr, subtract, type AddressRange } from "./ip";
import { parseType } from "./kinds";
import { isRecord, record, text } from "./pod-templates";
import { tenantNamespaceObjects, type TenantNamespace } from "./agents";
import { ANNOTATIONS, LABELS } from "./vocabulary";

/** NetworkPolicy kinds, every version (a removed `extensions/v1beta1` one is judged too: it fails closed). */
export const NETWORK_POLICY_KINDS = { "networking.k8s.io": { NetworkPolicy: true }, extensions: { NetworkPolicy: true } } as const;
/** Cilium policy kinds, every version of the `cilium.io` group. */
export const CILIUM_POLICY_KINDS = { "cilium.io": { CiliumNetworkPolicy: true, CiliumClusterwideNetworkPolicy: true } } as const;

/** A NetworkPolicy or Cilium policy object found in a resource (one per item of a list). */
export interface PolicyObject {
  resource: PolicyResource;
  /** `NetworkPolicy`, `CiliumNetworkPolicy`, `CiliumClusterwideNetworkPolicy` (the token's spelling: `...Patch` too). */
  kind: string;
  /** The kind without `Patch`/`List`. */
  baseKind: "NetworkPolicy" | "CiliumNetworkPolicy" | "CiliumClusterwideNetworkPolicy";
  /** The API version of the type token (`v2`, `v1`). */
  version: string;
  /** True for a whole object of the type (not a patch or a list item). */
  whole: boolean;
  /** `metadata.name`, else the Pulumi name (`<name>[<i>]` for a list item). */
  name: string;
  /** The namespace of a namespaced object (`default` when unset), undefined for a clusterwide one. */
  namespace?: string;
  annotations: Record<string, unknown>;
  object: Record<string, unknown>;
  /** Path prefix of the object in the resource: `` or `items[<i>].`. */
  prefix: string;
}

/** One rule of a policy object: a NetworkPolicy's spec, or a Cilium rule (`spec`, `specs[i]`). */
export interface PolicyRule {
  policy: PolicyObject;
  /** Path of the rule, e.g. `spec`, `specs[1]`, `items[0].spec`. */
  path: string;
  rule: Record<string, unknown>;
}

export { tenantNamespaceObjects, type TenantNamespace };

/** Every NetworkPolicy and Cilium policy object of the stack, in resource order. */
export function policyObjects(resources: readonly PolicyResource[]): PolicyObject[] {
  const found: PolicyObject[] = [];
  for (const resource of resources) {
    const parsed = parseType(resource.type, NETWORK_POLICY_KINDS) ?? parseType(resource.type, CILIUM_POLICY_KINDS);
    if (parsed === undefined) continue;
    const props = record(resource.props);
    const baseKind = parsed.kind as PolicyObject["baseKind"];
    const items: [Record<string, unknown>, string, string][] =
      parsed.variant === "list"
        ? (Array.isArray(props.items) ? (props.items as unknown[]) : []).map((item, i) => [
            record(item),
            `items[${i}].`,
            `${resource.name}[${i}]`,
          ])
        : [[props, "", resource.name]];
    for (const [object, prefix, fallback] of items) {
      const metadata = record(object.metadata);
      const clusterwide = baseKind === "CiliumClusterwideNetworkPolicy";
      found.push({
        resource,
        kind: parsed.variant === "list" ? baseKind : parsed.tokenKind,
        baseKind,
        version: parsed.version,
        whole: parsed.variant === "object",
        name: text(metadata.name) ?? fallback,
        namespace: clusterwide ? undefined : (text(metadata.namespace) ?? "default"),
        annotations: record(metadata.annotations),
        object,
        prefix,
      });
    }
  }
  return found;
}

/** `CiliumNetworkPolicy "coder" in namespace "team-a"`: how messages name a policy object. */
export function describePolicy(policy: PolicyObject): string {
  const where = policy.namespace === undefined ? "" : ` in namespace "${policy.namespace}"`;
  return `${policy.kind} "${policy.name}"${where}`;
}

/** The rules of a policy object: a NetworkPolicy's spec; a Cilium policy's `spec` and each of its `specs`. */
export function policyRules(policy: PolicyObject): PolicyRule[] {
  if (policy.baseKind === "NetworkPolicy") return [{ policy, path: `${policy.prefix}spec`, rule: record(policy.object.spec) }];
  const rules: PolicyRule[] = [];
  if (isRecord(policy.object.spec)) rules.push({ policy, path: `${policy.prefix}spec`, rule: policy.object.spec });
  if (Array.isArray(policy.object.specs)) {
    policy.object.specs.forEach((rule: unknown, i) => {
      if (isRecord(rule)) rules.push({ policy, path: `${policy.prefix}specs[${i}]`, rule });
    });
  }
  return rules;
}

/** A string annotation of a tenant namespace, or undefined. */
export function annotation(annotations: Record<string, unknown>, key: string): string | undefined {
  const value = annotations[key];
  return typeof value === "string" ? value : undefined;
}

/** True when the object carries `agentcloud.dev/unsafe-network-fabric` with a non-blank reason. */
export function hasFabricAcknowledgement(annotations: Record<string, unknown>): boolean {
  return (annotation(annotations, ANNOTATIONS.unsafeNetworkFabric) ?? "").trim() !== "";
}

// --- Selectors --------------------------------------------------------------------------------------------------

type Operator = SelectorOperator;
interface Requirement {
  /** `namespace`: the pod's namespace name; `namespace-label`: a label of its namespace; `pod`: a pod label. */
  on: "namespace" | "namespace-label" | "pod";
  key: string;
  operator: Operator | undefined;
  values: string[];
}

const POD_NAMESPACE = "io.kubernetes.pod.namespace";
const NAMESPACE_LABELS = "io.cilium.k8s.namespace.labels.";

/** Reads a label key as Cilium does: a `k8s:` or `any:` source prefix is dropped; namespace keys are recognised. */
function classify(rawKey: string): Pick<Requirement, "on" | "key"> {
  const key = rawKey.replace(/^(k8s|any):/, "");
  if (key === POD_NAMESPACE) return { on: "namespace", key };
  if (key.startsWith(NAMESPACE_LABELS)) return { on: "namespace-label", key: key.slice(NAMESPACE_LABELS.length) };
  return { on: "pod", key };
}

/** The requirements of a label selector (matchLabels, then matchExpressions); unreadable entries count as pod-level. */
function requirements(selector: Record<string, unknown>): Requirement[] {
  const found: Requirement[] = [];
  for (const [key, value] of Object.entries(record(selector.matchLabels))) {
    found.push({ ...classify(key), operator: "In", values: typeof value === "string" ? [value] : [] });
  }
  if (Array.isArray(selector.matchExpressions)) {
    for (const item of selector.matchExpressions as unknown[]) {
      const expression = record(item);
      const operator = ["In", "NotIn", "Exists", "DoesNotExist"].includes(expression.operator as string)
        ? (expression.operator as Operator)
        : undefined;
      const values = Array.isArray(expression.values) ? expression.values.filter((v): v is string => typeof v === "string") : [];
      found.push({ ...(typeof expression.key === "string" ? classify(expression.key) : { on: "pod", key: "" }), operator, values });
    }
  }
  return found;
}

function holds(requirement: Requirement, value: string | undefined): boolean {
  return meetsRequirement(requirement.operator, requirement.values, value);
}

/** The value a namespace-level requirement reads in `namespace`, whose labels include `kubernetes.io/metadata.name`. */
function namespaceValue(requirement: Requirement, namespace: TenantNamespace): string | undefined {
  if (requirement.on === "namespace") return namespace.name;
  const labels: Record<string, unknown> = { ...namespace.labels, "kubernetes.io/metadata.name": namespace.name };
  const value = labels[requirement.key];
  return typeof value === "string" ? value : undefined;
}

/** True when the selector selects every pod of `namespace`: it only has namespace requirements, and all hold. */
export function selectsWholeNamespace(selector: Record<string, unknown>, namespace: TenantNamespace): boolean {
  return requirements(selector).every((r) => r.on !== "pod" && holds(r, namespaceValue(r, namespace)));
}

/** True when the selector may select pods of `namespace`: none of its namespace requirements fails there. */
export function maySelectNamespace(selector: Record<string, unknown>, namespace: TenantNamespace): boolean {
  return requirements(selector).every((r) => r.on === "pod" || holds(r, namespaceValue(r, namespace)));
}

/** True when the selector only selects pods labelled `agentcloud.dev/agent` (In or Exists on that key). */
export function requiresAgentLabel(selector: Record<string, unknown>): boolean {
  return requirements(selector).some((r) => r.on === "pod" && r.key === LABELS.agent && (r.operator === "In" || r.operator === "Exists"));
}

/**
 * True when the rule applies to agent pods: a NetworkPolicy or CiliumNetworkPolicy in a tenant namespace; one
 * elsewhere whose selector requires the agent label; a CiliumClusterwideNetworkPolicy whose endpointSelector may
 * select pods of a tenant namespace or requires the agent label (a rule with only a nodeSelector selects nodes).
 */
export function appliesToAgents(rule: PolicyRule, tenants: readonly TenantNamespace[]): boolean {
  const { policy } = rule;
  if (policy.baseKind === "NetworkPolicy") {
    return tenants.some((t) => t.name === policy.namespace) || requiresAgentLabel(record(rule.rule.podSelector));
  }
  const selector = rule.rule.endpointSelector;
  if (policy.baseKind === "CiliumNetworkPolicy") {
    return tenants.some((t) => t.name === policy.namespace) || requiresAgentLabel(record(selector));
  }
  if (!isRecord(selector) && isRecord(rule.rule.nodeSelector)) return false;
  return tenants.some((t) => maySelectNamespace(record(selector), t)) || requiresAgentLabel(record(selector));
}

// --- Egress -----------------------------------------------------------------------------------------------------

/** A port or range a rule allows, or a named port (its number is the pod's business). */
export type PortSpec = { from: number; to: number } | { name: string };
/** The ports a rule allows: `all`, or a list. */
export type Ports = "all" | PortSpec[];

/** Where an egress rule lets traffic go. `peer` names it for messages (a field path and a shown value). */
export type Destination =
  | { kind: "any"; peer: string }
  | { kind: "cidr"; peer: string; range: AddressRange; ranges: AddressRange[] }
  | { kind: "entity"; peer: string; entity: string }
  | { kind: "nodes"; peer: string }
  | { kind: "fqdn"; peer: string; name?: string; pattern?: string };

/** One egress rule: its path, destinations and ports. */
export interface EgressRule {
  rule: PolicyRule;
  /** Path of the egress rule, e.g. `spec.egress[0]`. */
  path: string;
  destinations: Destination[];
  ports: Ports;
}

/** A CIDR for messages: the parsed value as written when it has the shape of one. */
function showCidr(value: string): string {
  return /^[0-9a-fA-F:.]+\/\d{1,3}$|^[0-9a-fA-F:.]+$/.test(value) ? value : "(an invalid CIDR)";
}

/** An FQDN or pattern for messages, quoted, when it has the shape Cilium accepts. */
export function showName(value: unknown): string {
  return typeof value === "string" && /^([-a-zA-Z0-9_*]+[.]?)+$/.test(value) ? JSON.stringify(value) : "(an invalid name)";
}

function portNumber(value: unknown): number | undefined {
  if (typeof value === "number" && Number.isInteger(value)) return value;
  if (typeof value === "string" && /^\d{1,5}$/.test(value)) return Number(value);
  return undefined;
}

/** A port entry (`{port, endPort}`), `all` when it names no port (or port 0, Cilium's wildcard). */
function portSpec(entry: Record<string, unknown>): PortSpec | "all" {
  const port = entry.port;
  if (port === undefined || port === null || port === "") return "all";
  const from = portNumber(port);
  if (from === undefined) return { name: typeof port === "string" ? port : "" };
  if (from === 0) return "all";
  const end = portNumber(entry.endPort);
  return { from, to: end !== undefined && end > from ? end : from };
}

function portList(entries: unknown): Ports {
  if (!Array.isArray(entries) || entries.length === 0) return "all";
  const specs: PortSpec[] = [];
  for (const entry of entries as unknown[]) {
    const spec = portSpec(record(entry));
    if (spec === "all") return "all";
    specs.push(spec);
  }
  return specs;
}

/** The ports of a Cilium rule's toPorts: `all` when none is listed or any entry lists none. */
function ciliumPorts(toPorts: unknown): Ports {
  if (!Array.isArray(toPorts) || toPorts.length === 0) return "all";
  const specs: PortSpec[] = [];
  for (const entry of toPorts as unknown[]) {
    const ports = portList(record(entry).ports);
    if (ports === "all") return "all";
    specs.push(...ports);
  }
  return specs;
}

/** True when the ports are DNS only: listed, and every one is port 53 (no wider range, no named port). */
export function dnsOnly(ports: Ports): boolean {
  return ports !== "all" && ports.length > 0 && ports.every((p) => "from" in p && p.from === 53 && p.to === 53);
}

/** True when every listed port is one of `allowed` (never for `all` or a named port). */
export function portsWithin(ports: Ports, allowed: readonly number[]): boolean {
  if (ports === "all" || ports.length === 0) return false;
  return ports.every((p) => {
    if (!("from" in p)) return false;
    for (let port = p.from; port <= p.to; port++) if (!allowed.includes(port)) return false;
    return true;
  });
}

/** Ports for messages: `all ports`, or `ports 80, 443-450, http`. */
export function describePorts(ports: Ports): string {
  if (ports === "all") return "all ports";
  const shown = ports.map((p) => ("from" in p ? (p.from === p.to ? `${p.from}` : `${p.from}-${p.to}`) : showName(p.name)));
  return `port${shown.length === 1 ? "" : "s"} ${shown.join(", ")}`;
}

const EMPTY = (value: unknown) => value === undefined || value === null;

function networkPolicyEgress(rule: PolicyRule): EgressRule[] {
  const egress = Array.isArray(rule.rule.egress) ? (rule.rule.egress as unknown[]) : [];
  return egress.map((item, i) => {
    const entry = record(item);
    const path = `${rule.path}.egress[${i}]`;
    const to = Array.isArray(entry.to) ? (entry.to as unknown[]) : [];
    const destinations: Destination[] = [];
    // An egress rule whose `to` is empty or missing matches every destination (networking.k8s.io/v1 NetworkPolicyEgressRule).
    if (to.length === 0) destinations.push({ kind: "any", peer: 'no "to" peers' });
    to.forEach((peerItem, j) => {
      const block = record(record(peerItem).ipBlock);
      const range = parseCidr(block.cidr);
      if (range === undefined) return;
      const except = (Array.isArray(block.except) ? (block.except as unknown[]) : []).map(parseCidr).filter((r) => r !== undefined);
      destinations.push({
        kind: "cidr",
        peer: `to[${j}].ipBlock.cidr ${showCidr(block.cidr as string)}`,
        range,
        ranges: subtract([range], except),
      });
    });
    return { rule, path, destinations, ports: portList(entry.ports) };
  });
}

/** Cilium egress fields that name destinations (L3); a rule with none of them set and some ports allows any destination. */
const CILIUM_L3 = ["toEndpoints", "toCIDR", "toCIDRSet", "toEntities", "toFQDNs", "toGroups", "toNodes", "toServices", "toRequires"];

function ciliumEgress(rule: PolicyRule): EgressRule[] {
  const egress = Array.isArray(rule.rule.egress) ? (rule.rule.egress as unknown[]) : [];
  return egress.map((item, i) => {
    const entry = record(item);
    const path = `${rule.path}.egress[${i}]`;
    const destinations: Destination[] = [];
    const hasPorts = (Array.isArray(entry.toPorts) && entry.toPorts.length > 0) || (Array.isArray(entry.icmps) && entry.icmps.length > 0);
    // Cilium CRD (toEndpoints): "nil ToEndpoints is implicitly treated as a wildcard selector if ToPorts are also specified".
    if (CILIUM_L3.every((field) => EMPTY(entry[field])) && hasPorts) {
      destinations.push({ kind: "any", peer: "no destination field, only toPorts or icmps" });
    }
    const list = (field: string) => (Array.isArray(entry[field]) ? (entry[field] as unknown[]) : []);
    list("toCIDR").forEach((cidr, j) => {
      const range = parseCidr(cidr);
      if (range !== undefined)
        destinations.push({ kind: "cidr", peer: `toCIDR[${j}] ${showCidr(cidr as string)}`, range, ranges: [range] });
    });
    list("toCIDRSet").forEach((item, j) => {
      const set = record(item);
      const range = parseCidr(set.cidr);
      if (range === undefined) return;
      const except = (Array.isArray(set.except) ? (set.except as unknown[]) : []).map(parseCidr).filter((r) => r !== undefined);
      destinations.push({
        kind: "cidr",
        peer: `toCIDRSet[${j}].cidr ${showCidr(set.cidr as string)}`,
        range,
        ranges: subtract([range], except),
      });
    });
    list("toEntities").forEach((entity, j) => {
      if (typeof entity === "string") destinations.push({ kind: "entity", peer: `toEntities[${j}] ${showName(entity)}`, entity });
    });
    if (list("toNodes").length > 0) destinations.push({ kind: "nodes", peer: "toNodes" });
    list("toFQDNs").forEach((item, j) => {
      const fqdn = record(item);
      if (typeof fqdn.matchName === "string") {
        destinations.push({ kind: "fqdn", peer: `toFQDNs[${j}].matchName ${showName(fqdn.matchName)}`, name: fqdn.matchName });
      }
      if (typeof fqdn.matchPattern === "string") {
        destinations.push({ kind: "fqdn", peer: `toFQDNs[${j}].matchPattern ${showName(fqdn.matchPattern)}`, pattern: fqdn.matchPattern });
      }
    });
    return { rule, path, destinations, ports: ciliumPorts(entry.toPorts) };
  });
}

/** The egress rules of a policy rule, each with what it allows. */
export function egressRules(rule: PolicyRule): EgressRule[] {
  return rule.policy.baseKind === "NetworkPolicy" ? networkPolicyEgress(rule) : ciliumEgress(rule);
}

/** Every rule of every policy object that applies to agent pods, in resource order. */
export function agentPolicyRules(resources: readonly PolicyResource[]): PolicyRule[] {
  const tenants = tenantNamespaceObjects(resources);
  return policyObjects(resources)
    .flatMap(policyRules)
    .filter((rule) => appliesToAgents(rule, tenants));
}

/** The not-applicable reason of a policy over agent network rules. */
export const NO_AGENT_POLICIES =
  `No NetworkPolicy or Cilium policy applies to agent pods (in a Namespace labelled ${LABELS.tenant}, ` + `or selecting ${LABELS.agent})`;

// --- FQDN patterns ----------------------------------------------------------------------------------------------

/** A name as Cilium compares it: lower case, without the trailing dot. */
export function normaliseName(name: string): string {
  return name.toLowerCase().replace(/\.$/, "");
}

/**
 * Whether a Cilium `matchPattern` matches `name`, per the CRD's description: `*` matches 0 or more DNS characters
 * anywhere; a leading `*` not followed by `.` also matches every subdomain; a leading `**.` matches subdomains at any
 * depth. Names and patterns compare case-insensitively, without trailing dots.
 */
export function patternMatches(pattern: string, name: string): boolean {
  const p = normaliseName(pattern);
  const n = normaliseName(name);
  const chars = "[-a-z0-9_]";
  const escape = (s: string) => s.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, `${chars}*`);
  let source: string;
  if (p === "*") source = ".*";
  else if (p.startsWith("**.")) source = `(${chars}+\\.)+${escape(p.slice(3))}`;
  else if (p.startsWith("*") && !p.startsWith("*.")) source = `(.*\\.)?${chars}*${escape(p.slice(1))}`;
  else source = escape(p);
  return new RegExp(`^${source}$`).test(n);
}

/** True for a pattern that matches every name (`*`), or only wildcards and dots (`*.*`, `**.*`). */
export function matchesEverything(pattern: string): boolean {
  return /^[*.]+$/.test(pattern) && pattern.includes("*");
}

/** True for one leading `*.` over a domain of two labels or more, and no other wildcard: `*.example.com`. */
export function isSubdomainWildcard(pattern: string): boolean {
  return /^\*\.([-a-zA-Z0-9_]+\.)+[-a-zA-Z0-9_]+\.?$/.test(pattern);
}
