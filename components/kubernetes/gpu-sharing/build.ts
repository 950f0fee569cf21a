import type { Namespace } from "kubernetes-types/core/v1";
import { standardLabels } from "../labels";
import type { BuiltObject } from "../objects";
import type { ResolvedGpuSharing } from "./resolve";

/**
 * Pod Security of the GPU namespace: `privileged` enforced, because the device plugin mounts the kubelet's
 * device-plugin directory from the host (which `baseline` forbids); `restricted` audited and warned.
 */
export const GPU_POD_SECURITY_LABELS: Readonly<Record<string, string>> = {
  "pod-security.kubernetes.io/enforce": "privileged",
  "pod-security.kubernetes.io/enforce-version": "latest",
  "pod-security.kubernetes.io/audit": "restricted",
  "pod-security.kubernetes.io/warn": "restricted",
};

/** The GPU components' Namespace (no tenant). */
export function buildGpuSharing(r: ResolvedGpuSharing): BuiltObject<Namespace>[] {
  return [
    {
      role: "namespace",
      object: {
        apiVersion: "v1",
        kind: "Namespace",
        metadata: { name: r.namespace, labels: { ...standardLabels(r.namespace, "gpu"), ...GPU_POD_SECURITY_LABELS } },
      },
    },
  ];
}
