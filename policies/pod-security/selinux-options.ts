import type { ResourceValidationPolicy } from "@pulumi/policy";
import type { SELinuxOptions } from "kubernetes-types/core/v1";
import { strictConfigSchema } from "../lib/config-schema";
import { podSecurityStandards } from "../lib/frameworks";
import { containersOf, describeContainer, describeTemplate, validatePodTemplates } from "../lib/pod-templates";

/** The SELinux types PSS baseline allows (container_engine_t since Kubernetes v1.31). */
export const ALLOWED_SELINUX_TYPES: readonly string[] = ["container_t", "container_init_t", "container_kvm_t", "container_engine_t"];

/** Problems with one seLinuxOptions: a custom type, user or role. */
function problems(options: SELinuxOptions | undefined): string[] {
  if (options === undefined || options === null) return [];
  const found: string[] = [];
  const type: unknown = options.type;
  if (type !== undefined && type !== "" && !(typeof type === "string" && ALLOWED_SELINUX_TYPES.includes(type))) found.push("type");
  for (const field of ["user", "role"] as const) {
    const value: unknown = options[field];
    if (value !== undefined && value !== "") found.push(field);
  }
  return found;
}

/** PSS baseline "SELinux": a custom SELinux user, role or type can lift the container's confinement. */
export const selinuxOptions: ResourceValidationPolicy = {
  name: "agentcloud-pod-security-selinux-options",
  description:
    `seLinuxOptions may set only type ${ALLOWED_SELINUX_TYPES.join(", ")} and never user or role, on the pod and every container ` +
    "(Pod Security Standards baseline and restricted).",
  enforcementLevel: "mandatory",
  severity: "high",
  framework: podSecurityStandards(
    "Baseline: SELinux (spec.securityContext.seLinuxOptions, spec.{containers,initContainers,ephemeralContainers}[*].securityContext.seLinuxOptions)",
  ),
  tags: ["pss:baseline", "pss:restricted", "pss-baseline:selinux"],
  configSchema: strictConfigSchema(),
  remediationSteps: `Remove seLinuxOptions, or set only its type, to one of ${ALLOWED_SELINUX_TYPES.join(", ")}.`,
  validateResource: validatePodTemplates((template, _args, report) => {
    const fix = `leave them unset (type may be ${ALLOWED_SELINUX_TYPES.join(", ")}).`;
    const podLevel = problems(template.spec.securityContext?.seLinuxOptions);
    if (podLevel.length > 0) {
      report(
        `${describeTemplate(template)} must not set ${template.specPath}.securityContext.seLinuxOptions ${podLevel.join(", ")}; ${fix}`,
      );
    }
    for (const ref of containersOf(template.spec)) {
      const own = problems(ref.container.securityContext?.seLinuxOptions);
      if (own.length > 0)
        report(`${describeContainer(template, ref)} must not set securityContext.seLinuxOptions ${own.join(", ")}; ${fix}`);
    }
  }),
};
