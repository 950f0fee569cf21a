import type { ResourceValidationPolicy } from "@pulumi/policy";
import { nsaCisaHardening } from "../lib/frameworks";
import { containersOf, describeContainer, validatePodTemplates } from "../lib/pod-templates";
import { strictConfigSchema } from "../lib/config-schema";

/** Beyond PSS restricted: an immutable root filesystem keeps agent code from rewriting its own image. */
export const readOnlyRootFilesystem: ResourceValidationPolicy = {
  name: "agentcloud-pod-security-read-only-root-filesystem",
  description:
    "Every container must set securityContext.readOnlyRootFilesystem to true. This goes beyond Pod Security Standards " +
    "restricted (which does not require it); it follows the NSA/CISA hardening guidance on immutable container filesystems.",
  enforcementLevel: "mandatory",
  severity: "medium",
  framework: nsaCisaHardening("Kubernetes Pod security: immutable container file systems (securityContext.readOnlyRootFilesystem: true)"),
  tags: ["beyond-pss", "cis-gke-1.6:4.6.3"],
  configSchema: strictConfigSchema(),
  remediationSteps:
    "Set securityContext.readOnlyRootFilesystem: true on every container, and mount an emptyDir volume at each path the " +
    "program must write (e.g. /tmp, caches, a workspace).",
  validateResource: validatePodTemplates((template, _args, report) => {
    for (const ref of containersOf(template.spec)) {
      if (ref.container.securityContext?.readOnlyRootFilesystem !== true) {
        report(`${describeContainer(template, ref)} must set securityContext.readOnlyRootFilesystem to true.`);
      }
    }
  }),
};
