import type { ResourceValidationPolicy } from "@pulumi/policy";
import { strictConfigSchema } from "../lib/config-schema";
import { podSecurityStandards } from "../lib/frameworks";
import { containersOf, describeContainer, validatePodTemplates } from "../lib/pod-templates";

/** PSS baseline "Host Ports": a hostPort binds the node's network interface, around NetworkPolicy. */
export const noHostPorts: ResourceValidationPolicy = {
  name: "agentcloud-pod-security-no-host-ports",
  description: "No container may set ports[*].hostPort other than 0 (Pod Security Standards baseline and restricted).",
  enforcementLevel: "mandatory",
  severity: "high",
  framework: podSecurityStandards("Baseline: Host Ports (spec.{containers,initContainers,ephemeralContainers}[*].ports[*].hostPort)"),
  tags: ["pss:baseline", "pss:restricted", "pss-baseline:host-ports"],
  configSchema: strictConfigSchema(),
  remediationSteps: "Remove hostPort from every container port (or set it to 0) and expose the port through a Service.",
  validateResource: validatePodTemplates((template, _args, report) => {
    for (const ref of containersOf(template.spec)) {
      const ports: unknown[] = Array.isArray(ref.container.ports) ? ref.container.ports : [];
      ports.forEach((port, i) => {
        const hostPort = (port as { hostPort?: unknown } | null)?.hostPort;
        if (hostPort !== undefined && hostPort !== null && hostPort !== 0) {
          report(`${describeContainer(template, ref)} must not set ports[${i}].hostPort; remove it or set it to 0.`);
        }
      });
    }
  }),
};
