import type { StackValidationPolicy } from "@pulumi/policy";
import { agentTemplates } from "../lib/agents";
import { cisEks } from "../lib/frameworks";
import { parseType } from "../lib/kinds";
import { describeTemplate, record, text } from "../lib/pod-templates";
import { LABELS } from "../lib/vocabulary";
import { strictConfigSchema } from "../lib/config-schema";

const SERVICE_ACCOUNT = { core: { ServiceAccount: true } } as const;

/**
 * A mounted ServiceAccount token is a Kubernetes API credential in the agent's filesystem. ServiceAccounts opt out of
 * automounting, and agent pods opt out themselves too, so no single object decides alone.
 */
export const noTokenAutomount: StackValidationPolicy = {
  name: "agentcloud-identity-no-token-automount",
  description:
    "ServiceAccounts must set automountServiceAccountToken to false, and agent pod templates (labelled " +
    `${LABELS.agent}, or in a Namespace labelled ${LABELS.tenant}) must set their pod spec's automountServiceAccountToken to false.`,
  enforcementLevel: "mandatory",
  severity: "high",
  framework: cisEks("4.1.6 Ensure that Service Account Tokens are only mounted where necessary"),
  tags: ["cis-eks-1.7:4.1.6", "cis-gke-1.6:4.1.6", "owasp-agentic-top10:ASI03"],
  remediationSteps:
    "Set automountServiceAccountToken: false on every ServiceAccount and in every agent's pod spec. A workload that " +
    "really needs the Kubernetes API should mount a short-lived, audience-bound token through a projected " +
    "serviceAccountToken volume instead.",
  configSchema: strictConfigSchema(),
  validateStack: (args, report) => {
    let applies = false;
    for (const resource of args.resources) {
      const parsed = parseType(resource.type, SERVICE_ACCOUNT);
      if (parsed === undefined) continue;
      const props = record(resource.props);
      const objects = parsed.variant === "list" ? (Array.isArray(props.items) ? (props.items as unknown[]) : []) : [props];
      objects.forEach((object, i) => {
        applies = true;
        if (record(object).automountServiceAccountToken === false) return;
        const fallback = parsed.variant === "list" ? `${resource.name}[${i}]` : resource.name;
        const name = text(record(record(object).metadata).name) ?? fallback;
        report(
          `${parsed.variant === "list" ? parsed.kind : parsed.tokenKind} "${name}" must set automountServiceAccountToken to false.`,
          resource.urn,
        );
      });
    }
    for (const { resource, template, why } of agentTemplates(args.resources)) {
      applies = true;
      if (template.spec.automountServiceAccountToken !== false) {
        report(
          `${describeTemplate(template)} is an agent (${why}) and must set ${template.specPath}.automountServiceAccountToken to false.`,
          resource.urn,
        );
      }
    }
    if (!applies) args.notApplicable(`No ServiceAccount and no agent pod template in the stack`);
  },
};
