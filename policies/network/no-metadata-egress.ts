import type { StackValidationPolicy } from "@pulumi/policy";
import { strictConfigSchema } from "../lib/config-schema";
import { owaspAgenticTop10 } from "../lib/frameworks";
import { formatAddress, intersect, parseAddress, parseCidr, subtract, type AddressRange } from "../lib/ip";
import { METADATA_HOST_NAMES, SENSITIVE_RANGES } from "../lib/metadata";
import {
  NO_AGENT_POLICIES,
  agentPolicyRules,
  describePolicy,
  describePorts,
  dnsOnly,
  egressRules,
  normaliseName,
  patternMatches,
  portsWithin,
  type Destination,
  type EgressRule,
  type PolicyRule,
  type Ports,
} from "../lib/network";
import { record } from "../lib/pod-templates";
import { LABELS } from "../lib/vocabulary";

/** Config of agentcloud-network-no-metadata-egress. */
export interface NoMetadataEgressConfig {
  /** `address:port` pairs agents may reach for workload identity, e.g. `169.254.170.23:80` (EKS Pod Identity). */
  identityEndpoints?: string[];
}

interface IdentityEndpoint {
  family: 4 | 6;
  value: bigint;
  port: number;
}

/** `169.254.170.23:80` or `[fd00:ec2::23]:80`, or undefined when malformed (it then exempts nothing). */
function parseEndpoint(entry: unknown): IdentityEndpoint | undefined {
  if (typeof entry !== "string") return undefined;
  const match = /^\[([0-9a-fA-F:.]+)\]:(\d{1,5})$/.exec(entry) ?? /^([0-9.]+):(\d{1,5})$/.exec(entry);
  if (match === null) return undefined;
  const address = parseAddress(match[1]);
  const port = Number(match[2]);
  return address === undefined || port < 1 || port > 65535 ? undefined : { ...address, port };
}

const EVERY_ADDRESS = [parseCidr("0.0.0.0/0")!, parseCidr("::/0")!];
/** Entities that hold every outside address, and entities that hold the nodes (Cilium's `cluster` includes `host`). */
const WORLD_ENTITIES = ["world", "all", "world-ipv4", "world-ipv6"];
const NODE_ENTITIES = ["host", "remote-node", "cluster"];

/** Addresses a Cilium rule's egressDeny removes on every port (deny rules win over allow rules). */
function deniedRanges(rule: PolicyRule): AddressRange[] {
  if (rule.policy.baseKind === "NetworkPolicy" || !Array.isArray(rule.rule.egressDeny)) return [];
  return (rule.rule.egressDeny as unknown[]).flatMap((item) => {
    const deny = record(item);
    if (Array.isArray(deny.toPorts) && deny.toPorts.length > 0) return [];
    const cidrs = Array.isArray(deny.toCIDR) ? (deny.toCIDR as unknown[]).map(parseCidr) : [];
    const sets = Array.isArray(deny.toCIDRSet)
      ? (deny.toCIDRSet as unknown[]).map((s) => {
          const set = record(s);
          const range = parseCidr(set.cidr);
          const except = Array.isArray(set.except) ? (set.except as unknown[]).map(parseCidr).filter((r) => r !== undefined) : [];
          return range === undefined ? [] : subtract([range], except);
        })
      : [];
    return [...cidrs.filter((r) => r !== undefined), ...sets.flat()];
  });
}

/** What a destination lets the rule reach that agents must not, for messages; undefined when nothing. */
function reached(
  destination: Destination,
  ports: Ports,
  endpoints: readonly IdentityEndpoint[],
  denied: AddressRange[],
): string | undefined {
  if (destination.kind === "fqdn") {
    const named =
      destination.name !== undefined
        ? METADATA_HOST_NAMES.find((m) => m === normaliseName(destination.name!))
        : METADATA_HOST_NAMES.find((m) => patternMatches(destination.pattern!, m));
    return named === undefined ? undefined : `the metadata host ${named}`;
  }
  if (destination.kind === "nodes" || (destination.kind === "entity" && NODE_ENTITIES.includes(destination.entity))) {
    // The node answers for node-local identity agents: allowed on an identity endpoint's port only.
    const endpointPorts = endpoints.map((e) => e.port);
    return portsWithin(ports, endpointPorts) ? undefined : "the node network (where node-local metadata and identity agents listen)";
  }
  let ranges: AddressRange[];
  if (destination.kind === "any" || (destination.kind === "entity" && WORLD_ENTITIES.includes(destination.entity))) ranges = EVERY_ADDRESS;
  else if (destination.kind === "cidr") ranges = destination.ranges;
  else return undefined;
  ranges = subtract(ranges, denied);
  let reach = SENSITIVE_RANGES.flatMap((s) => intersect(ranges, s.range));
  // An identity endpoint is allowed on its own ports.
  for (const endpoint of endpoints) {
    const own = endpoints.filter((e) => e.family === endpoint.family && e.value === endpoint.value).map((e) => e.port);
    if (portsWithin(ports, own)) reach = subtract(reach, [{ family: endpoint.family, start: endpoint.value, end: endpoint.value }]);
  }
  const first = SENSITIVE_RANGES.find((s) => intersect(reach, s.range).length > 0);
  if (first === undefined) return undefined;
  const inside = intersect(reach, first.range);
  const single = inside.length === 1 && inside[0].start === inside[0].end && first.range.start !== first.range.end;
  return single ? `${first.label} (${formatAddress(inside[0].family, inside[0].start)})` : first.label;
}

/**
 * Instance metadata hands out the node's cloud credentials: no egress rule that applies to agent pods may reach it,
 * the link-local range around it, or the node network, except DNS (port 53 only) and configured identity endpoints.
 */
export const noMetadataEgress: StackValidationPolicy = {
  name: "agentcloud-network-no-metadata-egress",
  description:
    "No NetworkPolicy or Cilium policy that applies to agent pods (in a Namespace labelled " +
    `${LABELS.tenant}, or selecting ${LABELS.agent}) may allow egress to instance metadata: an ipBlock or CIDR holding ` +
    "169.254.169.254, fd00:ec2::254, 100.100.100.200 or any other link-local address (169.254.0.0/16, fe80::/10, " +
    "fd00:ec2::/64) that is not excepted, a rule with no destination, Cilium's world, all, host, remote-node or cluster " +
    "entities or toNodes, or toFQDNs naming a metadata host (metadata.google.internal, metadata.goog, " +
    "instance-data.ec2.internal, ...). Rules on port 53 only (DNS, e.g. GKE Cloud DNS at 169.254.169.254:53) and the " +
    "address:port pairs in identityEndpoints are allowed.",
  enforcementLevel: "mandatory",
  severity: "critical",
  configSchema: strictConfigSchema({
    identityEndpoints: {
      type: "array",
      items: { type: "string", minLength: 1, pattern: "^([0-9.]+|\\[[0-9a-fA-F:.]+\\]):[0-9]{1,5}$" },
      uniqueItems: true,
      default: [],
      description:
        'address:port pairs the platform\'s workload identity needs, e.g. ["169.254.170.23:80"] for EKS Pod Identity ' +
        '(IPv6 in brackets: "[fd00:ec2::23]:80"); agents may reach exactly these.',
    },
  }),
  framework: owaspAgenticTop10("ASI03 Identity and Privilege Abuse: agents must not borrow the node's cloud credentials"),
  tags: ["owasp-agentic-top10:ASI03", "nsa-cisa-k8s-hardening-1.2:network-separation"],
  remediationSteps:
    "Remove the allowance, or except the link-local range from it (ipBlock.except or toCIDRSet.except: " +
    "169.254.0.0/16, fe80::/10, fd00:ec2::/64). Agents get cloud access through their workload identity: when the " +
    "platform's identity binding needs a node endpoint (EKS Pod Identity: 169.254.170.23:80), allow only that address " +
    "and port, and list it in this policy's identityEndpoints config.",
  validateStack: (args, report) => {
    const rules = agentPolicyRules(args.resources);
    if (rules.length === 0) return args.notApplicable(NO_AGENT_POLICIES);
    const config = args.getConfig<NoMetadataEgressConfig>();
    const endpoints = (Array.isArray(config.identityEndpoints) ? config.identityEndpoints : [])
      .map(parseEndpoint)
      .filter((e) => e !== undefined);
    for (const rule of rules) {
      const denied = deniedRanges(rule);
      for (const egress of egressRules(rule)) {
        if (dnsOnly(egress.ports)) continue;
        for (const destination of egress.destinations) {
          const what = reached(destination, egress.ports, endpoints, denied);
          if (what !== undefined) report(message(egress, destination, what), rule.policy.resource.urn);
        }
      }
    }
  },
};

function message(egress: EgressRule, destination: Destination, what: string): string {
  return (
    `${describePolicy(egress.rule.policy)} egress rule ${egress.path} allows ${what} on ${describePorts(egress.ports)} ` +
    `(${destination.peer}); agent pods must not reach instance metadata or node services: narrow the destination or ` +
    "except the link-local range, and list an identity endpoint the platform needs in identityEndpoints."
  );
}
