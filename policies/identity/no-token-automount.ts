import type { ResourceValidationPolicy } from "@pulumi/policy";
import { LABELS } from "../../components/vocabulary";
import { cisEks } from "../lib/frameworks";
import { describeTemplate, isAgent, podTemplateOf } from "../lib/pod-templates";

const SERVICE_ACCOUNT = "kubernetes:core/v1:ServiceAccount";

/**
 * A mounted ServiceAccount token is a Kubernetes API credential in the agent's filesystem. ServiceAccounts opt out of
 * automounting, and agent pods opt out themselves too, so a single object read decides (no cross-resource lookup).
 */
export const noTokenAutomount: ResourceValidationPolicy = {
  name: "agentcloud-identity-no-token-automount",
  description:
    `ServiceAccounts must set automountServiceAccountToken to false, and pod templates labelled ${LABELS.agent} must set ` +
    "their pod spec's automountServiceAccountToken to false.",
  enforcementLevel: "mandatory",
  severity: "high",
  framework: cisEks("4.1.6 Ensure that Service Account Tokens are only mounted where necessary"),
  tags: ["cis-eks-1.7:4.1.6", "cis-gke-1.6:4.1.5", "owasp-agentic-top10:ASI03"],
  remediationSteps:
    "Set automountServiceAccountToken: false on every ServiceAccount and in every agent's pod spec. A workload that " +
    "really needs the Kubernetes API should mount a short-lived, audience-bound token through a projected " +
    "serviceAccountToken volume instead.",
  validateResource: (args, report) => {
    if (args.type === SERVICE_ACCOUNT) {
      if (args.props.automountServiceAccountToken !== false) {
        const name = typeof args.props.metadata?.name === "string" && args.props.metadata.name !== "" ? args.props.metadata.name : args.name;
        report(`ServiceAccount "${name}" must set automountServiceAccountToken to false.`);
      }
      return;
    }
    const template = podTemplateOf(args);
    if (template === undefined || !isAgent(template)) {
      return args.notApplicable(`Policy only applies to ServiceAccounts and pod templates labelled ${LABELS.agent}`);
    }
    if (template.spec.automountServiceAccountToken !== false) {
      report(`${describeTemplate(template)} is an agent and must set ${template.specPath}.automountServiceAccountToken to false.`);
    }
  },
};
