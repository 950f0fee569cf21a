import type { ResourceValidationPolicy } from "@pulumi/policy";
import { strictConfigSchema } from "../lib/config-schema";
import { podSecurityStandards } from "../lib/frameworks";
import { containersOf, describeContainer, describeTemplate, validatePodTemplates } from "../lib/pod-templates";

/**
 * PSS restricted "Running as Non-root user": runAsUser 0 is root whatever runAsNonRoot says elsewhere (a container's
 * runAsUser: 0 overrides the pod's, and the kubelet only refuses it at start-up).
 */
export const nonRootUser: ResourceValidationPolicy = {
  name: "agentcloud-pod-security-non-root-user",
  description: "runAsUser must not be 0 on the pod or any container (Pod Security Standards restricted).",
  enforcementLevel: "mandatory",
  severity: "high",
  framework: podSecurityStandards(
    "Restricted: Running as Non-root user (spec.securityContext.runAsUser, spec.{containers,initContainers,ephemeralContainers}[*].securityContext.runAsUser)",
  ),
  tags: ["pss:restricted", "pss-restricted:running-as-non-root-user", "cis-eks-1.7:4.2.6"],
  configSchema: strictConfigSchema(),
  remediationSteps: "Set runAsUser to a non-zero UID (e.g. 65532) or remove it, on the pod and on every container.",
  validateResource: validatePodTemplates((template, _args, report) => {
    if (template.spec.securityContext?.runAsUser === 0) {
      report(
        `${describeTemplate(template)} must not set ${template.specPath}.securityContext.runAsUser to 0; use a non-zero UID such as 65532.`,
      );
    }
    for (const ref of containersOf(template.spec)) {
      if (ref.container.securityContext?.runAsUser === 0) {
        report(`${describeContainer(template, ref)} must not set securityContext.runAsUser to 0; use a non-zero UID such as 65532.`);
      }
    }
  }),
};
