import type { ResourceValidationPolicy } from "@pulumi/policy";
import { podSecurityStandards } from "../lib/frameworks";
import { containersOf, describeContainer, validatePodTemplates } from "../lib/pod-templates";
import { strictConfigSchema } from "../lib/config-schema";
import { CAPABILITY, shown } from "../lib/messages";

/** The only capability PSS restricted lets a container add back after dropping ALL. */
const ALLOWED_ADD = "NET_BIND_SERVICE";

/** PSS restricted "Capabilities": drop ALL, add back at most NET_BIND_SERVICE. */
export const dropAllCapabilities: ResourceValidationPolicy = {
  name: "agentcloud-pod-security-drop-all-capabilities",
  description: `Every container must drop ALL Linux capabilities and may add back only ${ALLOWED_ADD} (Pod Security Standards restricted).`,
  enforcementLevel: "mandatory",
  severity: "high",
  framework: podSecurityStandards(
    "Restricted: Capabilities (spec.{containers,initContainers,ephemeralContainers}[*].securityContext.capabilities.drop must include ALL; add only NET_BIND_SERVICE)",
  ),
  tags: [
    "pss:baseline",
    "pss:restricted",
    "pss-baseline:capabilities",
    "pss-restricted:capabilities",
    "cis-gke-1.6:4.2.1",
    "cis-gke-1.6:4.6.3",
  ],
  configSchema: strictConfigSchema(),
  remediationSteps: `Set securityContext.capabilities.drop: ["ALL"] on every container and remove every capability from capabilities.add except ${ALLOWED_ADD}.`,
  validateResource: validatePodTemplates((template, _args, report) => {
    for (const ref of containersOf(template.spec)) {
      const capabilities = ref.container.securityContext?.capabilities;
      const drop = Array.isArray(capabilities?.drop) ? capabilities.drop : [];
      const add = Array.isArray(capabilities?.add) ? capabilities.add : [];
      if (!drop.includes("ALL")) {
        report(`${describeContainer(template, ref)} must set securityContext.capabilities.drop to ["ALL"].`);
      }
      const extra = add.filter((c) => c !== ALLOWED_ADD);
      if (extra.length > 0) {
        report(
          `${describeContainer(template, ref)} must not add capabilities ${extra.map((c) => shown(c, CAPABILITY, "(an invalid name)")).join(", ")}; ` +
            `only ${ALLOWED_ADD} may be added back.`,
        );
      }
    }
  }),
};
