import { DEFAULT_MINIMUM_RETENTION_DAYS, sandboxRuntimes } from "../../../policies/lib/shared-rules";
import { agentRoleNoWildcards } from "./rules/agent-role-no-wildcards";
import { auditBucket } from "./rules/audit-bucket";
import { nodeImdsv2 } from "./rules/node-imdsv2";
import { privateEndpoint } from "./rules/private-endpoint";
import { sandboxRuntime } from "./rules/sandbox-runtime";
import { GATE_RULES, type AgentcloudGateProps, type CfnTemplate, type GateFinding, type GateSettings, type RuleFinding } from "./spec";

/** The rules in report order, by id. */
const RULES: [string, (template: CfnTemplate, settings: GateSettings) => RuleFinding[]][] = [
  [GATE_RULES.sandboxRuntime, sandboxRuntime],
  [GATE_RULES.auditBucket, auditBucket],
  [GATE_RULES.privateEndpoint, privateEndpoint],
  [GATE_RULES.imdsv2, nodeImdsv2],
  [GATE_RULES.agentRoleNoWildcards, agentRoleNoWildcards],
];

/** The settings with their defaults. */
export function gateSettings(props: AgentcloudGateProps): GateSettings {
  return {
    minimumRetentionDays: props.minimumRetentionDays ?? DEFAULT_MINIMUM_RETENTION_DAYS,
    sandboxRuntimes: sandboxRuntimes(props.additionalRuntimeClasses ?? []),
  };
}

/**
 * Every violation of agentcloud's rules in one synthesised template, rule by rule. `pathOf` names a resource by its
 * construct path (the plugin reads it from the construct tree); without one, resources are named by logical id.
 */
export function checkTemplate(
  template: CfnTemplate,
  props: AgentcloudGateProps = {},
  pathOf: (logicalId: string) => string | undefined = () => undefined,
): GateFinding[] {
  const settings = gateSettings(props);
  return RULES.flatMap(([rule, check]) =>
    check(template, settings).map((f) => {
      const type = template.Resources?.[f.logicalId]?.Type ?? "unknown type";
      const name = pathOf(f.logicalId) ?? f.logicalId;
      return { rule, logicalId: f.logicalId, location: f.location, fix: f.fix, message: `${name} (${type}) ${f.problem}; ${f.fix}.` };
    }),
  );
}
