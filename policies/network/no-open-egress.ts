import type { StackValidationPolicy } from "@pulumi/policy";
import { strictConfigSchema } from "../lib/config-schema";
import { owaspAgenticTop10 } from "../lib/frameworks";
import { isWholeFamily, subtract, type AddressRange } from "../lib/ip";
import {
  NO_AGENT_POLICIES,
  agentPolicyRules,
  describePolicy,
  describePorts,
  egressRules,
  matchesEverything,
  type Destination,
} from "../lib/network";
import { LABELS } from "../lib/vocabulary";

const FIX = "allow only the agent's declared peers, DNS servers and FQDN hosts.";

/** Cilium entities that hold every address outside the cluster (`world-ipv4`/`-ipv6` are newer spellings of `world`). */
const WORLD_ENTITIES = ["world", "all", "world-ipv4", "world-ipv6"];

/** True when the destination is every address of a family (or all of them). */
function everywhere(destination: Destination): boolean {
  switch (destination.kind) {
    case "any":
      return true;
    case "cidr":
      return isWholeFamily(destination.range);
    case "entity":
      return WORLD_ENTITIES.includes(destination.entity);
    case "fqdn":
      return destination.pattern !== undefined && matchesEverything(destination.pattern);
    default:
      return false;
  }
}

/** CIDR peers of a rule that, none of them whole, together cover every address of a family (`0.0.0.0/1` + `128.0.0.0/1`). */
function coveringTogether(destinations: readonly Destination[]): Destination[] {
  const cidrs = destinations.filter((d): d is Extract<Destination, { kind: "cidr" }> => d.kind === "cidr" && !isWholeFamily(d.range));
  return ([4, 6] as const).flatMap((family) => {
    const own = cidrs.filter((d) => d.range.family === family);
    const whole: AddressRange = { family, start: 0n, end: family === 4 ? 2n ** 32n - 1n : 2n ** 128n - 1n };
    return own.length > 1 &&
      subtract(
        [whole],
        own.map((d) => d.range),
      ).length === 0
      ? own
      : [];
  });
}

/**
 * Agents reach only what they declare: no egress rule that applies to agent pods may allow every address
 * (`0.0.0.0/0`, `::/0`, a rule with no destination, Cilium's `world`/`all` entities, or an FQDN pattern of `*`).
 */
export const noOpenEgress: StackValidationPolicy = {
  name: "agentcloud-network-no-open-egress",
  description:
    "No NetworkPolicy or Cilium policy that applies to agent pods (in a Namespace labelled " +
    `${LABELS.tenant}, or selecting ${LABELS.agent}) may allow egress to every address: an ipBlock, toCIDR or toCIDRSet ` +
    "of 0.0.0.0/0 or ::/0 (exceptions do not narrow it enough), a NetworkPolicy egress rule with no `to` (every " +
    "destination, even when limited to port 53), a Cilium egress rule with ports but no destination, toEntities world " +
    "or all, a toFQDNs matchPattern of `*`, or CIDRs of one rule that together cover every address (0.0.0.0/1 and 128.0.0.0/1).",
  enforcementLevel: "mandatory",
  severity: "high",
  configSchema: strictConfigSchema(),
  framework: owaspAgenticTop10("ASI01 Agent Goal Hijack: a hijacked agent must not reach hosts it was not declared to reach"),
  tags: ["owasp-agentic-top10:ASI01", "owasp-agentic-top10:ASI02", "nsa-cisa-k8s-hardening-1.2:network-separation"],
  remediationSteps:
    "Allow only the agent's declared destinations: its delegates (podSelector/toEndpoints), the cluster DNS pods on port 53 " +
    "(to: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: kube-system}}, podSelector: {matchLabels: " +
    "{k8s-app: kube-dns}}}]), and its egress hosts as Cilium toFQDNs matchName rules on their ports. Declare the hosts in " +
    "the agent's egress list and let agentcloud derive the rules.",
  validateStack: (args, report) => {
    const rules = agentPolicyRules(args.resources);
    if (rules.length === 0) return args.notApplicable(NO_AGENT_POLICIES);
    for (const rule of rules) {
      for (const egress of egressRules(rule)) {
        for (const destination of egress.destinations.filter(everywhere)) {
          report(
            `${describePolicy(rule.policy)} egress rule ${egress.path} allows every address on ${describePorts(egress.ports)} ` +
              `(${destination.peer}); ${FIX}`,
            rule.policy.resource.urn,
          );
        }
        const together = coveringTogether(egress.destinations);
        if (together.length > 0) {
          report(
            `${describePolicy(rule.policy)} egress rule ${egress.path} allows every address on ${describePorts(egress.ports)} ` +
              `(${together.map((d) => d.peer).join(", ")}, together); ${FIX}`,
            rule.policy.resource.urn,
          );
        }
      }
    }
  },
};
