import type {
  ValidatingAdmissionPolicy,
  ValidatingAdmissionPolicyBinding,
  ValidatingAdmissionPolicySpec,
} from "kubernetes-types/admissionregistration/v1";

/**
 * A ValidatingAdmissionPolicy that fails closed (`failurePolicy: Fail`) and its binding (`validationActions: ["Deny"]`),
 * both named `name` with `labels` (`admissionregistration.k8s.io/v1`, Kubernetes 1.30+). `spec` gives what to match and
 * how to validate.
 */
export function denyingAdmissionPolicy(
  name: string,
  labels: Record<string, string>,
  spec: Omit<ValidatingAdmissionPolicySpec, "failurePolicy">,
): [ValidatingAdmissionPolicy, ValidatingAdmissionPolicyBinding] {
  return [
    {
      apiVersion: "admissionregistration.k8s.io/v1",
      kind: "ValidatingAdmissionPolicy",
      metadata: { name, labels },
      spec: { failurePolicy: "Fail", ...spec },
    },
    {
      apiVersion: "admissionregistration.k8s.io/v1",
      kind: "ValidatingAdmissionPolicyBinding",
      metadata: { name, labels: { ...labels } },
      spec: { policyName: name, validationActions: ["Deny"] },
    },
  ];
}
