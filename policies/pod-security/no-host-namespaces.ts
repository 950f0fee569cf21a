import type { ResourceValidationPolicy } from "@pulumi/policy";
import { podSecurityStandards } from "../lib/frameworks";
import { describeTemplate, validatePodTemplates } from "../lib/pod-templates";
import { strictConfigSchema } from "../lib/config-schema";

const HOST_NAMESPACES = ["hostNetwork", "hostPID", "hostIPC"] as const;

/** PSS baseline "Host Namespaces": sharing the node's network, PID or IPC namespace breaks pod isolation. */
export const noHostNamespaces: ResourceValidationPolicy = {
  name: "agentcloud-pod-security-no-host-namespaces",
  description:
    "Pods must not share the node's namespaces: hostNetwork, hostPID and hostIPC unset or false (Pod Security Standards baseline and restricted).",
  enforcementLevel: "mandatory",
  severity: "critical",
  framework: podSecurityStandards("Baseline: Host Namespaces (spec.hostNetwork, spec.hostPID, spec.hostIPC)"),
  tags: [
    "pss:baseline",
    "pss:restricted",
    "pss-baseline:host-namespaces",
    "cis-eks-1.7:4.2.2",
    "cis-eks-1.7:4.2.3",
    "cis-eks-1.7:4.2.4",
    "cis-gke-1.6:4.2.1",
  ],
  configSchema: strictConfigSchema(),
  remediationSteps:
    "Remove hostNetwork, hostPID and hostIPC from the pod spec (or set them to false); expose ports through a Service instead.",
  validateResource: validatePodTemplates((template, _args, report) => {
    for (const field of HOST_NAMESPACES) {
      if (template.spec[field] === true) {
        report(`${describeTemplate(template)} must not set ${template.specPath}.${field} to true.`);
      }
    }
  }),
};
