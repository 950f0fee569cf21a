import type { StackValidationPolicy } from "@pulumi/policy";
import { validateAgentTemplates } from "../lib/agents";
import { owaspAgenticTop10 } from "../lib/frameworks";
import { describeTemplate, type PodTemplate } from "../lib/pod-templates";
import { ANNOTATIONS, LABELS } from "../lib/vocabulary";
import { strictConfigSchema } from "../lib/config-schema";

/** The annotation value of a broad-cloud-permissions acknowledgement on the pod template, or undefined. */
function acknowledgement(template: PodTemplate): string | undefined {
  const value = template.metadata.annotations?.[ANNOTATIONS.unsafeBroadCloudPermissions];
  return typeof value === "string" ? value : undefined;
}

/**
 * Makes every acknowledgement of broad cloud permissions (wildcard IAM actions or resources, GCP basic roles)
 * visible in the policy report. The stated reason is not repeated in the message (it may hold anything, even a
 * secret); reviewers read it on the pod template.
 */
export const unsafeBroadCloudPermissions: StackValidationPolicy = {
  name: "agentcloud-identity-unsafe-broad-cloud-permissions",
  description:
    `Reports agent pod templates that carry annotation ${ANNOTATIONS.unsafeBroadCloudPermissions}, so security reviewers ` +
    "see each agent granted wildcard IAM actions or resources, or GCP basic roles (agents are labelled " +
    `${LABELS.agent} or sit in a Namespace labelled ${LABELS.tenant}).`,
  enforcementLevel: "advisory",
  severity: "high",
  framework: owaspAgenticTop10("ASI03 Identity and Privilege Abuse: give each agent only the cloud permissions its task needs"),
  tags: ["owasp-agentic-top10:ASI03", "review"],
  remediationSteps:
    "Review the stated reason. Prefer narrowing the grant to named actions on named resources (no `*` in an IAM action " +
    "or resource ARN) and GCP predefined or custom roles instead of roles/owner, roles/editor or roles/viewer, then " +
    `remove the ${ANNOTATIONS.unsafeBroadCloudPermissions} annotation (agentcloud's unsafeBroadCloudPermissions option).`,
  configSchema: strictConfigSchema(),
  validateStack: validateAgentTemplates(({ template, why }, _args, report) => {
    const reason = acknowledgement(template);
    if (reason === undefined) return;
    const path = `${template.specPath.replace(/spec$/, "metadata")}.annotations`;
    if (reason.trim() !== "") {
      report(
        `${describeTemplate(template)} is an agent (${why}) with broad cloud permissions (wildcard IAM actions or resources, ` +
          `or GCP basic roles): ${path} sets ${ANNOTATIONS.unsafeBroadCloudPermissions}, which records the stated reason; ` +
          "a security reviewer should confirm it, and narrow the grant to named actions, resources and roles where possible.",
      );
    } else {
      report(
        `${describeTemplate(template)} is an agent (${why}) whose ${ANNOTATIONS.unsafeBroadCloudPermissions} annotation ` +
          "states no reason; narrow the grant to named actions, resources and roles, or state why the agent needs it.",
      );
    }
  }),
};
