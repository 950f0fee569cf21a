import type { ResourceValidationPolicy } from "@pulumi/policy";
import { strictConfigSchema } from "../lib/config-schema";
import { owaspAgenticTop10 } from "../lib/frameworks";
import {
  NOT_GATEWAY_CONFIG,
  RULE_SETS,
  alwaysTrue,
  configOf,
  configRoutes,
  describeObject,
  findKeys,
  gatewayConfigMaps,
  pinsCaller,
  rulesOf,
} from "../lib/gateway";
import { isRecord } from "../lib/pod-templates";
import { GATEWAY, LABELS } from "../lib/vocabulary";

const SUBJECT = 'jwt.sub == "system:serviceaccount:<namespace>:<name>"';

/**
 * Default deny, as agentgateway evaluates rule sets (crates/agentgateway/src/http/authorization.rs, v1.4.1,
 * RuleSets::validate): no rules at all allows every request; deny rules only allow every request no deny rule matches;
 * allow rules are OR'd across the route's, listener's and attached sets. So every forwarding route needs an allow (or
 * require) rule, and every allow or require rule anywhere must name its callers.
 */
export const noAllowAll: ResourceValidationPolicy = {
  name: "agentcloud-gateway-no-allow-all",
  description:
    `In the MCP gateway's config (ConfigMap labelled ${LABELS.component}: ${GATEWAY.component}, key ${GATEWAY.configKey}) ` +
    "every route that forwards MCP must have policies.mcpAuthorization rules and every other forwarding route " +
    "policies.authorization rules, with at least one allow or require rule (agentgateway allows everything when a set is " +
    "empty, and everything no deny rule matches when it has deny rules only); every allow and require rule anywhere in " +
    'the file must pin the caller (each || alternative has an && term jwt.sub == "<subject>" or jwt.sub in [...]) and ' +
    "none may be spelled always true (true, !false, 1 == 1, a term compared with itself, in any parentheses or spacing). " +
    "The checks read the CEL syntactically; they do not evaluate it.",
  enforcementLevel: "mandatory",
  severity: "critical",
  configSchema: strictConfigSchema(),
  framework: owaspAgenticTop10("ASI02 Tool Misuse and Exploitation: each agent may list and call only the tools it was granted"),
  tags: ["owasp-agentic-top10:ASI02", "owasp-agentic-top10:ASI03", "owasp-agentic-top10:ASI07"],
  remediationSteps:
    "Give every MCP route policies.mcpAuthorization.rules with one allow rule per caller and server, " +
    `${SUBJECT} && mcp.tool.target == "<server>" && mcp.tool.name in ["<tool>", ...], and every A2A route ` +
    'policies.authorization.rules with jwt.sub in ["<caller subject>", ...]; remove rules that are always true or do not ' +
    "name the caller. agentcloud's McpGateway derives them from the agents' tools and delegatesTo.",
  validateResource: (args, report) => {
    const maps = gatewayConfigMaps(args);
    if (maps.length === 0) return args.notApplicable(NOT_GATEWAY_CONFIG);
    for (const map of maps) {
      const object = describeObject(map);
      const parsed = configOf(map);
      if (!parsed.ok) {
        report(
          `${object}: ${GATEWAY.configKey} ${parsed.problem}, so its authorization rules cannot be checked (agentgateway ` +
            "would not load it either); render agentgateway's standalone config as YAML.",
        );
        continue;
      }
      for (const route of configRoutes(parsed.config)) {
        if (!route.forwards) continue;
        const key = route.mcp ? "mcpAuthorization" : "authorization";
        const rules = rulesOf(route.policies[key]) ?? [];
        const fix = route.mcp
          ? `add one allow rule per caller and server: ${SUBJECT} && mcp.tool.target == "<server>" && mcp.tool.name in [...]`
          : 'add an allow rule naming the callers: jwt.sub in ["<subject>", ...]';
        if (rules.length === 0) {
          const effect = route.mcp ? "lets every caller list and call every tool" : "allows every request";
          report(`${object}: ${GATEWAY.configKey} ${route.path} has no policies.${key} rules, so agentgateway ${effect}; ${fix}.`);
        } else if (!rules.some((r) => r.kind === "allow" || r.kind === "require")) {
          report(
            `${object}: ${GATEWAY.configKey} ${route.path} has no allow or require rule in policies.${key}, so agentgateway ` +
              `allows every request no deny rule matches; ${fix}.`,
          );
        }
      }
      for (const found of findKeys(parsed.config, RULE_SETS)) {
        if (!isRecord(found.value)) continue;
        for (const rule of rulesOf(found.value) ?? []) {
          const at = `${found.path}.rules[${rule.index}]`;
          if (rule.kind === "invalid") {
            report(
              `${object}: ${GATEWAY.configKey} ${at} is neither a CEL string nor {allow|deny|require: <CEL>}; write it as one of them.`,
            );
          } else if (rule.kind !== "deny" && alwaysTrue(rule.expression)) {
            const effect = rule.kind === "allow" ? "admits every caller" : "requires nothing";
            report(
              `${object}: ${GATEWAY.configKey} ${at} (${rule.kind}) is always true, so it ${effect}; remove it and name callers by jwt.sub.`,
            );
          } else if (rule.kind !== "deny" && !pinsCaller(rule.expression)) {
            report(
              `${object}: ${GATEWAY.configKey} ${at} (${rule.kind}) does not pin the caller: every || alternative needs an && term ` +
                `jwt.sub == "<subject>" or jwt.sub in ["<subject>", ...]; key it on the caller's ServiceAccount subject.`,
            );
          }
        }
      }
    }
  },
};
