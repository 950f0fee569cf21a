import type { ResourceValidationPolicy } from "@pulumi/policy";
import { strictConfigSchema } from "../lib/config-schema";
import { podSecurityStandards } from "../lib/frameworks";
import { containersOf, describeContainer, describeTemplate, validatePodTemplates } from "../lib/pod-templates";

/** PSS baseline "HostProcess": a Windows HostProcess container runs as a process on the node. */
export const noHostProcess: ResourceValidationPolicy = {
  name: "agentcloud-pod-security-no-host-process",
  description:
    "windowsOptions.hostProcess must be unset or false on the pod and every container (Pod Security Standards baseline and restricted).",
  enforcementLevel: "mandatory",
  severity: "critical",
  framework: podSecurityStandards(
    "Baseline: HostProcess (spec.securityContext.windowsOptions.hostProcess, spec.{containers,initContainers,ephemeralContainers}[*].securityContext.windowsOptions.hostProcess)",
  ),
  tags: ["pss:baseline", "pss:restricted", "pss-baseline:host-process"],
  configSchema: strictConfigSchema(),
  remediationSteps: "Remove windowsOptions.hostProcess (or set it to false) on the pod and every container.",
  validateResource: validatePodTemplates((template, _args, report) => {
    if (template.spec.securityContext?.windowsOptions?.hostProcess === true) {
      report(`${describeTemplate(template)} must not set ${template.specPath}.securityContext.windowsOptions.hostProcess to true.`);
    }
    for (const ref of containersOf(template.spec)) {
      if (ref.container.securityContext?.windowsOptions?.hostProcess === true) {
        report(`${describeContainer(template, ref)} must not set securityContext.windowsOptions.hostProcess to true.`);
      }
    }
  }),
};
