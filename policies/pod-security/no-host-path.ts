import type { ResourceValidationPolicy } from "@pulumi/policy";
import { podSecurityStandards } from "../lib/frameworks";
import { describeTemplate, validatePodTemplates } from "../lib/pod-templates";
import { strictConfigSchema } from "../lib/config-schema";

/** PSS baseline "HostPath Volumes": a hostPath mount reaches the node's filesystem from inside the pod. */
export const noHostPath: ResourceValidationPolicy = {
  name: "agentcloud-pod-security-no-host-path",
  description: "Pods must not mount hostPath volumes (Pod Security Standards baseline and restricted).",
  enforcementLevel: "mandatory",
  severity: "critical",
  framework: podSecurityStandards("Baseline: HostPath Volumes (spec.volumes[*].hostPath)"),
  tags: ["pss:baseline", "pss:restricted", "pss-baseline:hostpath-volumes", "cis-gke-1.6:4.2.1"],
  configSchema: strictConfigSchema(),
  remediationSteps: "Replace each hostPath volume with an emptyDir, configMap, secret, projected or persistentVolumeClaim volume.",
  validateResource: validatePodTemplates((template, _args, report) => {
    const volumes = Array.isArray(template.spec.volumes) ? template.spec.volumes : [];
    volumes.forEach((volume, i) => {
      if (volume?.hostPath === undefined || volume.hostPath === null) return;
      const name = typeof volume.name === "string" && volume.name !== "" ? volume.name : `volumes[${i}]`;
      report(
        `${describeTemplate(template)} volume "${name}" must not use hostPath; ` +
          `use an emptyDir, configMap, secret, projected or persistentVolumeClaim volume instead.`,
      );
    });
  }),
};
