import type { ResourceValidationPolicy } from "@pulumi/policy";
import { strictConfigSchema } from "../lib/config-schema";
import { podSecurityStandards } from "../lib/frameworks";
import { containersOf, describeContainer, validatePodTemplates } from "../lib/pod-templates";

/** PSS baseline "/proc Mount Type": an Unmasked /proc exposes the host's kernel interfaces. */
export const procMountDefault: ResourceValidationPolicy = {
  name: "agentcloud-pod-security-proc-mount-default",
  description: "Every container's securityContext.procMount must be unset or Default (Pod Security Standards baseline and restricted).",
  enforcementLevel: "mandatory",
  severity: "high",
  framework: podSecurityStandards(
    "Baseline: /proc Mount Type (spec.{containers,initContainers,ephemeralContainers}[*].securityContext.procMount)",
  ),
  tags: ["pss:baseline", "pss:restricted", "pss-baseline:proc-mount-type"],
  configSchema: strictConfigSchema(),
  remediationSteps: "Remove securityContext.procMount from every container (or set it to Default).",
  validateResource: validatePodTemplates((template, _args, report) => {
    for (const ref of containersOf(template.spec)) {
      const procMount: unknown = ref.container.securityContext?.procMount;
      if (procMount !== undefined && procMount !== null && procMount !== "Default") {
        report(`${describeContainer(template, ref)} must leave securityContext.procMount unset or set it to Default.`);
      }
    }
  }),
};
