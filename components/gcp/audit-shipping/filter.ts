import { AUDIT_LOG_NAME } from "../../kubernetes/audit/values";

/**
 * The log sink's filter: the shipper's audit log (the gateway's access log and the agents' receipt lines) and the
 * cluster's Kubernetes audit logs (Cloud Audit Logs on the `k8s_cluster` resource: admin activity and data access).
 */
export function auditSinkFilter(project: string, clusterName: string): string {
  return [
    `logName="projects/${project}/logs/${AUDIT_LOG_NAME}"`,
    `(resource.type="k8s_cluster" AND resource.labels.cluster_name="${clusterName}" AND logName:"cloudaudit.googleapis.com")`,
  ].join(" OR ");
}
