import { LABELS, MANAGED_BY } from "../vocabulary";

/** The recommended labels agentcloud puts on every object it renders. */
export function standardLabels(name: string, component: string): Record<string, string> {
  return {
    [LABELS.name]: name,
    [LABELS.component]: component,
    [LABELS.partOf]: MANAGED_BY,
    [LABELS.managedBy]: MANAGED_BY,
  };
}

/** Pod Security Admission labels: enforce (at the latest version), audit and warn at `restricted`. */
export const POD_SECURITY_LABELS: Readonly<Record<string, string>> = {
  "pod-security.kubernetes.io/enforce": "restricted",
  "pod-security.kubernetes.io/enforce-version": "latest",
  "pod-security.kubernetes.io/audit": "restricted",
  "pod-security.kubernetes.io/warn": "restricted",
};

/**
 * Pod Security of namespaces whose node agents need the host (hostPath, host namespaces): `privileged` enforced,
 * `restricted` audited and warned, so every pod that falls short of it still shows up.
 */
export const HOST_AGENT_POD_SECURITY_LABELS: Readonly<Record<string, string>> = {
  "pod-security.kubernetes.io/enforce": "privileged",
  "pod-security.kubernetes.io/enforce-version": "latest",
  "pod-security.kubernetes.io/audit": "restricted",
  "pod-security.kubernetes.io/warn": "restricted",
};
