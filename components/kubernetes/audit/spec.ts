/** Ship to an S3 bucket (AWS): Fluent Bit's `s3` output, credentials from the ServiceAccount's workload identity. */
export interface S3AuditSink {
  /** Which sink. */
  kind: "s3";
  /** The bucket (an Object Lock bucket: every upload carries Content-MD5). */
  bucket: string;
  /** The bucket's region, e.g. `eu-west-1`. */
  region: string;
}

/**
 * Ship to Cloud Logging (GCP): Fluent Bit's `stackdriver` output with the ServiceAccount's Workload Identity; a log
 * sink of the cloud layer routes the audit log into the locked GCS bucket (Fluent Bit has no GCS output that works
 * without static HMAC keys).
 */
export interface CloudLoggingAuditSink {
  /** Which sink. */
  kind: "cloud-logging";
  /** The project the entries are written to. */
  project: string;
  /** The GKE cluster's name (the entries' `k8s_container` resource). */
  clusterName: string;
  /** The cluster's location (region or zone). */
  location: string;
}

/** Where the shipper writes: the cloud's WORM store, directly (S3) or through Cloud Logging and a sink (GCS). */
export type AuditSink = S3AuditSink | CloudLoggingAuditSink;

/** The shipper's filesystem buffer on each node: records survive a store outage and a shipper restart. */
export interface AuditBuffer {
  /**
   * Directory on the node (hostPath, created if missing).
   * @default "/var/lib/agentcloud/audit-buffer"
   */
  hostPath?: string;
  /**
   * Most buffered data per output before the oldest chunks are dropped (Fluent Bit `storage.total_limit_size`); size it
   * for the longest outage to ride out.
   * @default "5G"
   */
  totalLimitSize?: string;
}

/** Arguments of `AuditPipeline`. */
export interface AuditPipelineArgs {
  /** Where the audit records go. */
  sink: AuditSink;
  /** Namespaces of agents whose receipt lines (`RECEIPT_LINE_KEY`) are shipped. */
  tenants: string[];
  /**
   * Namespace of the MCP gateway, whose access log (every tool call's decision) is shipped.
   * @default "agentcloud-gateway"
   */
  gatewayNamespace?: string;
  /**
   * Namespace of the shipper (created).
   * @default "agentcloud-audit"
   */
  namespace?: string;
  /**
   * Annotations of the shipper's ServiceAccount: its workload identity (`eks.amazonaws.com/role-arn`,
   * `iam.gke.io/gcp-service-account`). Static keys have no place here or anywhere in the shipper.
   * @default {} (Pod Identity or a direct Workload Identity principal binding needs none)
   */
  serviceAccountAnnotations?: Record<string, string>;
  /**
   * The filesystem buffer.
   * @default { hostPath: "/var/lib/agentcloud/audit-buffer", totalLimitSize: "5G" }
   */
  buffer?: AuditBuffer;
}
