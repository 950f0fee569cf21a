// Kubernetes labels the dashboards group by, as kube-state-metrics exposes them, and the allowlist that makes it.
import { LABELS } from "../../../vocabulary";

/**
 * The Prometheus label kube-state-metrics gives a Kubernetes label on its `kube_<resource>_labels` metrics: `label_`
 * and the key with every character outside `[a-zA-Z0-9_]` replaced by `_`, then snake-cased and lower-cased
 * (kube-state-metrics v2.20.0, internal/store/utils.go `labelName`).
 */
export function ksmLabel(key: string): string {
  return `label_${key
    .replace(/[^a-zA-Z0-9_]/g, "_")
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .toLowerCase()}`;
}

/** `label_agentcloud_dev_agent`: the agent a pod, Deployment or StatefulSet belongs to. */
export const AGENT = ksmLabel(LABELS.agent);
/** `label_agentcloud_dev_tenant`: the tenant of a namespace. */
export const TENANT = ksmLabel(LABELS.tenant);
/** `label_agentcloud_dev_cost_centre`: the cost centre of a namespace. */
export const COST_CENTRE = ksmLabel(LABELS.costCentre);

/**
 * kube-state-metrics' `--metric-labels-allowlist` entries the dashboards need (the kube-state-metrics chart's
 * `metricLabelsAllowlist`, joined with commas): by default the `kube_*_labels` metrics carry no Kubernetes labels.
 */
export const KUBE_STATE_METRICS_LABELS_ALLOWLIST: readonly string[] = [
  `namespaces=[${LABELS.tenant},${LABELS.costCentre}]`,
  `pods=[${LABELS.agent}]`,
  `deployments=[${LABELS.agent}]`,
  `statefulsets=[${LABELS.agent}]`,
];

/** One series per tenant namespace: `namespace` and its tenant. */
export const TENANT_NAMESPACES = `group by (namespace, ${TENANT}) (kube_namespace_labels{${TENANT}!=""})`;
/** One series per agent pod: `namespace`, `pod` and its agent. */
export const AGENT_PODS = `group by (namespace, pod, ${AGENT}) (kube_pod_labels{${AGENT}!=""})`;
