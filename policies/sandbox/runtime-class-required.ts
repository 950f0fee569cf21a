import type { StackValidationPolicy } from "@pulumi/policy";
import { hasValidOptOut, validateAgentTemplates } from "../lib/agents";
import { nameList, strictConfigSchema } from "../lib/config-schema";
import { owaspAgenticTop10 } from "../lib/frameworks";
import { OBJECT_NAME, shown } from "../lib/messages";
import { describeTemplate } from "../lib/pod-templates";
import { runtimeClassVerdict, sandboxRuntimes } from "../lib/shared-rules";
import { ANNOTATIONS, LABELS, SANDBOX_RUNTIMES } from "../lib/vocabulary";

/** Policy configuration. */
export interface RuntimeClassRequiredConfig {
  /**
   * Further RuntimeClass names that count as sandboxes (e.g. a site-specific gVisor or Kata class).
   * @default [] (only the sandbox runtimes agentcloud knows)
   */
  additionalRuntimeClasses?: string[];
}

/**
 * Agent code is untrusted: every agent pod runs under a sandbox RuntimeClass unless it explicitly opted out with a
 * reason. A stack policy, because a workload in a tenant namespace is an agent even without the agent label.
 */
export const runtimeClassRequired: StackValidationPolicy = {
  name: "agentcloud-sandbox-runtime-class-required",
  description:
    `Agent pod templates (labelled ${LABELS.agent}, or in a Namespace labelled ${LABELS.tenant}) must run under a sandbox ` +
    "RuntimeClass (gVisor or Kata Containers) unless they opted out with a non-empty reason.",
  enforcementLevel: "mandatory",
  severity: "high",
  framework: owaspAgenticTop10("ASI05 Unexpected Code Execution: run agent-generated code in an isolated sandbox"),
  tags: ["owasp-agentic-top10:ASI05", "cis-gke-1.6:5.10.3", "agent-sandbox"],
  remediationSteps:
    `Set the pod template's runtimeClassName to one of ${SANDBOX_RUNTIMES.join(", ")} (or a class listed in this policy's ` +
    `additionalRuntimeClasses config) and make sure the cluster has that RuntimeClass and nodes for it. ` +
    `If the agent truly cannot be sandboxed, opt out explicitly with annotation ${ANNOTATIONS.unsafeNoSandbox}: "<reason>" ` +
    `(agentcloud's unsafeNoSandbox option), which security reviewers see through agentcloud-sandbox-unsafe-opt-out.`,
  configSchema: strictConfigSchema({
    additionalRuntimeClasses: nameList(
      "RuntimeClass names accepted as sandboxes in addition to agentcloud's (gvisor, kata-qemu, kata-clh, kata-fc).",
    ),
  }),
  validateStack: validateAgentTemplates(({ template, why }, args, report) => {
    if (hasValidOptOut(template)) return;
    const extra = args.getConfig<RuntimeClassRequiredConfig>().additionalRuntimeClasses ?? [];
    const allowed = sandboxRuntimes(extra);
    const runtimeClass = template.spec.runtimeClassName;
    const field = `${template.specPath}.runtimeClassName`;
    const verdict = runtimeClassVerdict(runtimeClass, allowed);
    if (verdict === "unset") {
      report(
        `${describeTemplate(template)} is an agent (${why}) and must set ${field} to a sandbox RuntimeClass ` +
          `(${allowed.join(", ")}), or carry annotation ${ANNOTATIONS.unsafeNoSandbox} with a non-empty reason.`,
      );
    } else if (verdict === "not-sandbox") {
      report(
        `${describeTemplate(template)} is an agent (${why}) and sets ${field} to ${shown(runtimeClass, OBJECT_NAME, "a value")}, which is not a sandbox ` +
          `RuntimeClass; use one of ${allowed.join(", ")}.`,
      );
    }
  }),
};
