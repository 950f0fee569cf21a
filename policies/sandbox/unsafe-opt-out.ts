import type { ResourceValidationPolicy } from "@pulumi/policy";
import { ANNOTATIONS, LABELS } from "../../components/vocabulary";
import { owaspAgenticTop10 } from "../lib/frameworks";
import { describeTemplate, sandboxOptOutReason, validateAgentPodTemplates } from "../lib/pod-templates";

/** Makes every explicit sandbox opt-out visible in the policy report, with its stated reason. */
export const unsafeOptOut: ResourceValidationPolicy = {
  name: "agentcloud-sandbox-unsafe-opt-out",
  description: `Reports agent pod templates that opted out of sandboxing with annotation ${ANNOTATIONS.unsafeNoSandbox}, so security reviewers see each one.`,
  enforcementLevel: "advisory",
  severity: "medium",
  framework: owaspAgenticTop10("ASI05 Unexpected Code Execution: run agent-generated code in an isolated sandbox"),
  tags: ["owasp-agentic-top10:ASI05", "cis-gke-1.6:5.10.3", "agent-sandbox", "review"],
  remediationSteps:
    `Review the stated reason. Prefer running the agent under a sandbox RuntimeClass (gvisor or a kata-* class) and removing ` +
    `the ${ANNOTATIONS.unsafeNoSandbox} annotation (agentcloud's unsafeNoSandbox option); keep the opt-out only for agents ` +
    `whose code and inputs are fully trusted.`,
  validateResource: validateAgentPodTemplates((template, _args, report) => {
    const reason = sandboxOptOutReason(template);
    if (reason === undefined) return;
    const stated = reason.trim() === "" ? "no reason given" : `reason: ${JSON.stringify(reason)}`;
    report(
      `${describeTemplate(template)} is an agent (${LABELS.agent}="${template.metadata.labels?.[LABELS.agent]}") that runs without a sandbox ` +
        `(${ANNOTATIONS.unsafeNoSandbox}, ${stated}); a security reviewer should confirm the opt-out.`,
    );
  }),
};
