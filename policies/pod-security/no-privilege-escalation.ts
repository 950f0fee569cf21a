import type { ResourceValidationPolicy } from "@pulumi/policy";
import { podSecurityStandards } from "../lib/frameworks";
import { containersOf, describeContainer, validatePodTemplates } from "../lib/pod-templates";
import { strictConfigSchema } from "../lib/config-schema";

/** PSS restricted "Privilege Escalation": setuid binaries and file capabilities must not raise privileges. */
export const noPrivilegeEscalation: ResourceValidationPolicy = {
  name: "agentcloud-pod-security-no-privilege-escalation",
  description: "Every container must set securityContext.allowPrivilegeEscalation to false (Pod Security Standards restricted).",
  enforcementLevel: "mandatory",
  severity: "high",
  framework: podSecurityStandards(
    "Restricted: Privilege Escalation (spec.{containers,initContainers,ephemeralContainers}[*].securityContext.allowPrivilegeEscalation)",
  ),
  tags: ["pss:restricted", "pss-restricted:privilege-escalation", "cis-eks-1.7:4.2.5", "cis-gke-1.6:4.2.1"],
  configSchema: strictConfigSchema(),
  remediationSteps: "Set securityContext.allowPrivilegeEscalation: false on every container, init container and ephemeral container.",
  validateResource: validatePodTemplates((template, _args, report) => {
    for (const ref of containersOf(template.spec)) {
      if (ref.container.securityContext?.allowPrivilegeEscalation !== false) {
        report(`${describeContainer(template, ref)} must set securityContext.allowPrivilegeEscalation to false.`);
      }
    }
  }),
};
