import type { ResourceValidationPolicy } from "@pulumi/policy";
import { strictConfigSchema } from "../lib/config-schema";
import { podSecurityStandards } from "../lib/frameworks";
import { containersOf, describeContainer, describeTemplate, validatePodTemplates } from "../lib/pod-templates";

/** The beta annotation that set a container's AppArmor profile before securityContext.appArmorProfile. */
export const APPARMOR_ANNOTATION_PREFIX = "container.apparmor.security.beta.kubernetes.io/";
const ALLOWED_TYPES = ["RuntimeDefault", "Localhost"];

function allowedType(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === "string" && ALLOWED_TYPES.includes(value));
}

function allowedAnnotation(value: unknown): boolean {
  return value === "runtime/default" || (typeof value === "string" && value.startsWith("localhost/") && value.length > "localhost/".length);
}

/** PSS baseline "AppArmor": an Unconfined (or unknown) profile turns AppArmor off for the container. */
export const apparmorConfined: ResourceValidationPolicy = {
  name: "agentcloud-pod-security-apparmor-confined",
  description:
    "AppArmor must not be turned off: appArmorProfile.type unset, RuntimeDefault or Localhost on the pod and every container, " +
    `and ${APPARMOR_ANNOTATION_PREFIX}* annotations runtime/default or localhost/* (Pod Security Standards baseline and restricted).`,
  enforcementLevel: "mandatory",
  severity: "high",
  framework: podSecurityStandards(
    "Baseline: AppArmor (spec.securityContext.appArmorProfile.type, spec.{containers,initContainers,ephemeralContainers}[*]" +
      ".securityContext.appArmorProfile.type, metadata.annotations['container.apparmor.security.beta.kubernetes.io/*'])",
  ),
  tags: ["pss:baseline", "pss:restricted", "pss-baseline:apparmor"],
  configSchema: strictConfigSchema(),
  remediationSteps: "Remove Unconfined AppArmor profiles: use appArmorProfile {type: RuntimeDefault} (or Localhost with a profile).",
  validateResource: validatePodTemplates((template, _args, report) => {
    const metadataPath = template.specPath.replace(/spec$/, "metadata");
    for (const [key, value] of Object.entries(template.metadata.annotations ?? {})) {
      if (key.startsWith(APPARMOR_ANNOTATION_PREFIX) && !allowedAnnotation(value)) {
        report(
          `${describeTemplate(template)} must set annotation ${JSON.stringify(key)} in ${metadataPath}.annotations to runtime/default ` +
            "or localhost/<profile>, or remove it.",
        );
      }
    }
    if (!allowedType(template.spec.securityContext?.appArmorProfile?.type)) {
      report(
        `${describeTemplate(template)} must set ${template.specPath}.securityContext.appArmorProfile.type to RuntimeDefault or Localhost.`,
      );
    }
    for (const ref of containersOf(template.spec)) {
      if (!allowedType(ref.container.securityContext?.appArmorProfile?.type)) {
        report(`${describeContainer(template, ref)} must set securityContext.appArmorProfile.type to RuntimeDefault or Localhost.`);
      }
    }
  }),
};
