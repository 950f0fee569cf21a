import type { ResourceValidationPolicy } from "@pulumi/policy";
import { podSecurityStandards } from "../lib/frameworks";
import { containersOf, describeContainer, describeTemplate, validatePodTemplates } from "../lib/pod-templates";
import { strictConfigSchema } from "../lib/config-schema";

/** PSS restricted "Running as Non-root": the pod or every container sets runAsNonRoot, and none sets it false. */
export const runAsNonRoot: ResourceValidationPolicy = {
  name: "agentcloud-pod-security-run-as-non-root",
  description:
    "Pods must run as non-root: securityContext.runAsNonRoot true on the pod or every container, and false nowhere (Pod Security Standards restricted).",
  enforcementLevel: "mandatory",
  severity: "high",
  framework: podSecurityStandards(
    "Restricted: Running as Non-root (spec.securityContext.runAsNonRoot, spec.{containers,initContainers,ephemeralContainers}[*].securityContext.runAsNonRoot)",
  ),
  tags: ["pss:restricted", "pss-restricted:running-as-non-root", "cis-eks-1.7:4.2.6", "cis-gke-1.6:4.2.1", "cis-gke-1.6:4.6.3"],
  configSchema: strictConfigSchema(),
  remediationSteps:
    "Set securityContext.runAsNonRoot: true (and a non-zero runAsUser such as 65532) in the pod spec, and remove any " +
    "container-level runAsNonRoot: false. Use an image whose user is not root.",
  validateResource: validatePodTemplates((template, _args, report) => {
    const podLevel = template.spec.securityContext?.runAsNonRoot;
    if (podLevel === false) {
      report(`${describeTemplate(template)} must not set ${template.specPath}.securityContext.runAsNonRoot to false; set it to true.`);
    }
    for (const ref of containersOf(template.spec)) {
      const own = ref.container.securityContext?.runAsNonRoot;
      if (own === false) {
        report(`${describeContainer(template, ref)} must not set securityContext.runAsNonRoot to false; set it to true.`);
      } else if (own !== true && podLevel === undefined) {
        report(
          `${describeContainer(template, ref)} must run as non-root: set securityContext.runAsNonRoot to true on the container ` +
            `or in ${template.specPath}.securityContext.`,
        );
      }
    }
  }),
};
