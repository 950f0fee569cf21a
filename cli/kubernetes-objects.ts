import type { Registration } from "./mock-runtime";
import { redactSecrets } from "./secrets";

/** A Kubernetes object as `kubectl apply` takes it. */
export interface KubernetesObject {
  apiVersion: string;
  kind: string;
  metadata: { name?: string; namespace?: string; [key: string]: unknown };
  [key: string]: unknown;
}

/** True for registrations that are plain Kubernetes objects (not Helm releases, providers or components). */
export function isKubernetesObjectRegistration(r: Registration): boolean {
  return (
    r.custom &&
    r.type.startsWith("kubernetes:") &&
    !r.type.startsWith("kubernetes:helm.sh/") &&
    typeof r.inputs.apiVersion === "string" &&
    typeof r.inputs.kind === "string"
  );
}

/** The Kubernetes objects among the registrations, in registration order, secrets redacted. */
export function kubernetesObjects(registrations: readonly Registration[]): KubernetesObject[] {
  return registrations.filter(isKubernetesObjectRegistration).map((r) => redactSecrets(r.inputs) as unknown as KubernetesObject);
}
