import type { StackValidationPolicy } from "@pulumi/policy";
import { strictConfigSchema } from "../lib/config-schema";
import { owaspAgenticTop10 } from "../lib/frameworks";
import {
  NO_AGENT_POLICIES,
  agentPolicyRules,
  annotation,
  describePolicy,
  egressRules,
  isSubdomainWildcard,
  type PolicyObject,
} from "../lib/network";
import { ANNOTATIONS, LABELS } from "../lib/vocabulary";

/**
 * A wildcard FQDN lets an agent reach every name under a domain, hosts an attacker can register included: each one
 * needs the named acknowledgement on the Cilium policy, and only the `*.example.com` shape is accepted at all.
 */
export const wildcardEgressAcknowledged: StackValidationPolicy = {
  name: "agentcloud-network-wildcard-egress-acknowledged",
  description:
    "A Cilium policy that applies to agent pods (in a Namespace labelled " +
    `${LABELS.tenant}, or selecting ${LABELS.agent}) and allows egress to a toFQDNs matchPattern with a * must carry annotation ` +
    `${ANNOTATIONS.unsafeWildcardEgress} with a non-blank reason: the annotation is the acknowledgement, and with it ` +
    "this policy reports nothing for the policy's patterns. Patterns that are not one leading `*.` over a domain of two " +
    "labels or more (`*`, `*.com`, `api.*.com`, `**.example.com`, `*example.com`) are reported whatever the annotation says.",
  enforcementLevel: "mandatory",
  severity: "medium",
  configSchema: strictConfigSchema(),
  framework: owaspAgenticTop10("ASI01 Agent Goal Hijack: a wildcard lets a hijacked agent reach any host under a domain"),
  tags: ["owasp-agentic-top10:ASI01", "review"],
  remediationSteps:
    "List each host the agent calls in its egress list (Cilium toFQDNs matchName). When a wildcard is needed, use one " +
    'leading "*." over a domain you control or trust (like "*.example.com") and state why in the agent\'s ' +
    `unsafeWildcardEgress option, which agentcloud writes as the ${ANNOTATIONS.unsafeWildcardEgress} annotation.`,
  validateStack: (args, report) => {
    const rules = agentPolicyRules(args.resources).filter((r) => r.policy.baseKind !== "NetworkPolicy");
    if (rules.length === 0) return args.notApplicable(NO_AGENT_POLICIES);
    const patterns = new Map<PolicyObject, string[]>();
    for (const rule of rules) {
      for (const egress of egressRules(rule)) {
        for (const destination of egress.destinations) {
          // A pattern without `*` matches one name, like matchName: no wildcard.
          if (destination.kind !== "fqdn" || destination.pattern === undefined || !destination.pattern.includes("*")) continue;
          const where = `${egress.path}.${destination.peer}`;
          if (!patterns.has(rule.policy)) patterns.set(rule.policy, []);
          patterns.get(rule.policy)!.push(where);
          if (!isSubdomainWildcard(destination.pattern)) {
            report(
              `${describePolicy(rule.policy)} egress rule ${where} is not one leading "*." over a domain of two labels or ` +
                `more (like "*.example.com"); list each host with matchName, or narrow the pattern to that shape.`,
              rule.policy.resource.urn,
            );
          }
        }
      }
    }
    for (const [policy, found] of patterns) {
      const reason = annotation(policy.annotations, ANNOTATIONS.unsafeWildcardEgress);
      if (reason !== undefined && reason.trim() !== "") continue;
      const missing =
        reason === undefined
          ? `carries no ${ANNOTATIONS.unsafeWildcardEgress} annotation`
          : `has a ${ANNOTATIONS.unsafeWildcardEgress} annotation that states no reason`;
      report(
        `${describePolicy(policy)} allows wildcard egress (${found.join(", ")}) but ${missing}; list each host with ` +
          `matchName, or state why the agent needs the wildcard (agentcloud's unsafeWildcardEgress option).`,
        policy.resource.urn,
      );
    }
  },
};
