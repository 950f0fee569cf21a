import type { ResourceValidationPolicy } from "@pulumi/policy";
import { podSecurityStandards } from "../lib/frameworks";
import { containersOf, describeContainer, describeTemplate, validatePodTemplates } from "../lib/pod-templates";
import { strictConfigSchema } from "../lib/config-schema";
import { shownIfKnown } from "../lib/messages";

const ALLOWED = ["RuntimeDefault", "Localhost"];

/** PSS restricted "Seccomp": a profile must be set explicitly, and never Unconfined. */
export const seccompRuntimeDefault: ResourceValidationPolicy = {
  name: "agentcloud-pod-security-seccomp-runtime-default",
  description:
    "Pods must run under a seccomp profile: seccompProfile.type RuntimeDefault or Localhost on the pod or every container, Unconfined nowhere (Pod Security Standards restricted).",
  enforcementLevel: "mandatory",
  severity: "high",
  framework: podSecurityStandards(
    "Restricted: Seccomp (spec.securityContext.seccompProfile.type, spec.{containers,initContainers,ephemeralContainers}[*].securityContext.seccompProfile.type)",
  ),
  tags: ["pss:baseline", "pss:restricted", "pss-baseline:seccomp", "pss-restricted:seccomp", "cis-gke-1.6:4.2.1", "cis-gke-1.6:4.6.2"],
  configSchema: strictConfigSchema(),
  remediationSteps:
    'Set securityContext.seccompProfile: {type: "RuntimeDefault"} in the pod spec and remove any Unconfined profile from the pod and its containers.',
  validateResource: validatePodTemplates((template, _args, report) => {
    const podLevel = template.spec.securityContext?.seccompProfile?.type;
    if (podLevel !== undefined && !ALLOWED.includes(podLevel)) {
      report(
        `${describeTemplate(template)} must not set ${template.specPath}.securityContext.seccompProfile.type to ${shownIfKnown(podLevel, ["Unconfined"], "an unknown type")}; ` +
          `use RuntimeDefault or Localhost.`,
      );
    }
    for (const ref of containersOf(template.spec)) {
      const own = ref.container.securityContext?.seccompProfile?.type;
      if (own !== undefined && !ALLOWED.includes(own)) {
        report(
          `${describeContainer(template, ref)} must not set securityContext.seccompProfile.type to ${shownIfKnown(own, ["Unconfined"], "an unknown type")}; use RuntimeDefault or Localhost.`,
        );
      } else if (own === undefined && podLevel === undefined) {
        report(
          `${describeContainer(template, ref)} must set securityContext.seccompProfile.type to RuntimeDefault or Localhost, ` +
            `on the container or in ${template.specPath}.securityContext.`,
        );
      }
    }
  }),
};
