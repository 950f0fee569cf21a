/** Namespace of the audit shipper (Pod Security `privileged`: it reads the node's container logs through a hostPath). */
export const AUDIT_NAMESPACE = "agentcloud-audit";
/** Helm release (and `fullnameOverride`) of the shipper: the DaemonSet, its ServiceAccount and labels carry it. */
export const AUDIT_RELEASE = "agentcloud-audit";
/** The shipper's ServiceAccount: the cloud layer binds the bucket writer's identity to it (IRSA, Workload Identity). */
export const AUDIT_SERVICE_ACCOUNT = "agentcloud-audit-shipper";
/** Fluent Bit's HTTP server port (the chart's `metricsPort`, container port `http`). */
export const AUDIT_METRICS_PORT = 2020;
/** Fluent Bit's Prometheus endpoint (v2 metrics: `fluentbit_output_*` with the output's `name`). */
export const AUDIT_METRICS_PATH = "/api/v2/metrics/prometheus";
/** Labels of the shipper's pods (the chart's selector labels with `nameOverride` unset). */
export const AUDIT_POD_SELECTOR: Readonly<Record<string, string>> = {
  "app.kubernetes.io/name": "fluent-bit",
  "app.kubernetes.io/instance": AUDIT_RELEASE,
};
export { RECEIPT_LINE_KEY } from "../../vocabulary";

/** The `system:serviceaccount:<namespace>:<name>` subject of the shipper (IRSA trust, Workload Identity principals). */
export function auditShipperSubject(namespace: string = AUDIT_NAMESPACE): string {
  return `system:serviceaccount:${namespace}:${AUDIT_SERVICE_ACCOUNT}`;
}
