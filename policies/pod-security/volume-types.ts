import type { ResourceValidationPolicy } from "@pulumi/policy";
import { strictConfigSchema } from "../lib/config-schema";
import { podSecurityStandards } from "../lib/frameworks";
import { describeTemplate, record, text, validatePodTemplates } from "../lib/pod-templates";

/** The volume sources PSS restricted allows; every other source (nfs, iscsi, gitRepo, ...) reaches outside the pod. */
export const ALLOWED_VOLUME_SOURCES: readonly string[] = [
  "configMap",
  "csi",
  "downwardAPI",
  "emptyDir",
  "ephemeral",
  "persistentVolumeClaim",
  "projected",
  "secret",
];

/** PSS restricted "Volume Types": only volume sources defined through PersistentVolumes or the pod itself. */
export const volumeTypes: ResourceValidationPolicy = {
  name: "agentcloud-pod-security-volume-types",
  description: `Pod volumes may use only ${ALLOWED_VOLUME_SOURCES.join(", ")} (Pod Security Standards restricted).`,
  enforcementLevel: "mandatory",
  severity: "high",
  framework: podSecurityStandards("Restricted: Volume Types (spec.volumes[*])"),
  tags: ["pss:restricted", "pss-restricted:volume-types"],
  configSchema: strictConfigSchema(),
  remediationSteps: `Replace each other volume source with one of ${ALLOWED_VOLUME_SOURCES.join(", ")} (a PersistentVolumeClaim for network storage).`,
  validateResource: validatePodTemplates((template, _args, report) => {
    const volumes: unknown[] = Array.isArray(template.spec.volumes) ? template.spec.volumes : [];
    volumes.forEach((item, i) => {
      const volume = record(item);
      const sources = Object.keys(volume).filter((k) => k !== "name" && volume[k] !== undefined && volume[k] !== null);
      const other = sources.filter((k) => !ALLOWED_VOLUME_SOURCES.includes(k));
      if (other.length === 0) return;
      const name = text(volume.name) ?? `volumes[${i}]`;
      const shown = other.map((k) => (/^[a-zA-Z]{1,40}$/.test(k) ? k : "an unknown source")).join(", ");
      report(`${describeTemplate(template)} volume "${name}" must not use ${shown}; use ${ALLOWED_VOLUME_SOURCES.join(", ")}.`);
    });
  }),
};
