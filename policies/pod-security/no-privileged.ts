import type { ResourceValidationPolicy } from "@pulumi/policy";
import { podSecurityStandards } from "../lib/frameworks";
import { containersOf, describeContainer, validatePodTemplates } from "../lib/pod-templates";
import { strictConfigSchema } from "../lib/config-schema";

/** PSS baseline "Privileged Containers": a privileged container is root on the node. */
export const noPrivileged: ResourceValidationPolicy = {
  name: "agentcloud-pod-security-no-privileged",
  description:
    "No container may run privileged: securityContext.privileged unset or false (Pod Security Standards baseline and restricted).",
  enforcementLevel: "mandatory",
  severity: "critical",
  framework: podSecurityStandards(
    "Baseline: Privileged Containers (spec.{containers,initContainers,ephemeralContainers}[*].securityContext.privileged)",
  ),
  tags: ["pss:baseline", "pss:restricted", "pss-baseline:privileged-containers", "cis-eks-1.7:4.2.1", "cis-gke-1.6:4.2.1"],
  configSchema: strictConfigSchema(),
  remediationSteps:
    "Remove securityContext.privileged (or set it to false) on every container; grant only the specific access needed instead.",
  validateResource: validatePodTemplates((template, _args, report) => {
    for (const ref of containersOf(template.spec)) {
      if (ref.container.securityContext?.privileged === true) {
        report(`${describeContainer(template, ref)} must not set securityContext.privileged to true.`);
      }
    }
  }),
};
