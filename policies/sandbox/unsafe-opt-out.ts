import type { StackValidationPolicy } from "@pulumi/policy";
import { hasValidOptOut, optOutAnnotation, validateAgentTemplates } from "../lib/agents";
import { owaspAgenticTop10 } from "../lib/frameworks";
import { describeTemplate } from "../lib/pod-templates";
import { ANNOTATIONS, LABELS } from "../lib/vocabulary";
import { strictConfigSchema } from "../lib/config-schema";

/**
 * Makes every sandbox opt-out visible in the policy report. The stated reason is not repeated in the message (it
 * may hold anything, even a secret); reviewers read it on the pod template.
 */
export const unsafeOptOut: StackValidationPolicy = {
  name: "agentcloud-sandbox-unsafe-opt-out",
  description:
    `Reports agent pod templates that carry annotation ${ANNOTATIONS.unsafeNoSandbox}, so security reviewers see each ` +
    `opt-out from sandboxing (agents are labelled ${LABELS.agent} or sit in a Namespace labelled ${LABELS.tenant}).`,
  enforcementLevel: "advisory",
  severity: "medium",
  framework: owaspAgenticTop10("ASI05 Unexpected Code Execution: run agent-generated code in an isolated sandbox"),
  tags: ["owasp-agentic-top10:ASI05", "cis-gke-1.6:5.10.3", "agent-sandbox", "review"],
  remediationSteps:
    `Review the stated reason. Prefer running the agent under a sandbox RuntimeClass (gvisor or a kata-* class) and removing ` +
    `the ${ANNOTATIONS.unsafeNoSandbox} annotation (agentcloud's unsafeNoSandbox option); keep the opt-out only for agents ` +
    `whose code and inputs are fully trusted.`,
  configSchema: strictConfigSchema(),
  validateStack: validateAgentTemplates(({ template, why }, _args, report) => {
    if (optOutAnnotation(template) === undefined) return;
    const path = `${template.specPath.replace(/spec$/, "metadata")}.annotations`;
    if (hasValidOptOut(template)) {
      report(
        `${describeTemplate(template)} is an agent (${why}) that runs without a sandbox: ${path} sets ` +
          `${ANNOTATIONS.unsafeNoSandbox}; a security reviewer should confirm the stated reason.`,
      );
    } else {
      report(
        `${describeTemplate(template)} is an agent (${why}) whose ${ANNOTATIONS.unsafeNoSandbox} annotation states no reason, ` +
          "so it is not an opt-out and agentcloud-sandbox-runtime-class-required still applies; state a reason or remove it.",
      );
    }
  }),
};
