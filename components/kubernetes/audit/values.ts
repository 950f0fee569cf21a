import { GATEWAY_NAME } from "../mcp-gateway/endpoint";
import { AUDIT_METRICS_PORT, AUDIT_RELEASE, AUDIT_SERVICE_ACCOUNT, RECEIPT_LINE_KEY } from "./endpoint";
import type { ResolvedAuditPipeline } from "./resolve";

/** Log name of the audit entries in Cloud Logging: the cloud layer's log sink routes exactly this log to the bucket. */
export const AUDIT_LOG_NAME = "agentcloud-audit";

/**
 * Tail tags: `audit.<stream>.<namespace>.<pod>.<container>`, from the CRI log file name
 * (`<pod>_<namespace>_<container>-<id>.log`, the kubelet's naming), so outputs can key objects by stream and namespace.
 */
const TAG_REGEX = "^/var/log/containers/(?<pod>[a-z0-9][-a-z0-9.]*)_(?<namespace>[^_]+)_(?<container>.+)-(?<id>[a-z0-9]{64})\\.log$";

/** Fluent Bit classic-mode section: `[NAME]` and aligned `Key value` lines. */
function section(name: string, entries: [string, string | number][]): string {
  const width = Math.max(...entries.map(([k]) => k.length));
  return [`[${name}]`, ...entries.map(([k, v]) => `    ${k.padEnd(width)} ${v}`)].join("\n") + "\n";
}

function serviceSection(r: ResolvedAuditPipeline): string {
  return section("SERVICE", [
    ["Daemon", "Off"],
    ["Flush", 5],
    ["Log_Level", "info"],
    ["Parsers_File", "/fluent-bit/etc/parsers.conf"],
    ["HTTP_Server", "On"],
    ["HTTP_Listen", "0.0.0.0"],
    ["HTTP_Port", AUDIT_METRICS_PORT],
    ["Health_Check", "On"],
    // Chunks on the node's disk, fsynced and checksummed: an outage of the store or a restart loses nothing.
    ["storage.path", `${r.bufferPath}/chunks`],
    ["storage.sync", "full"],
    ["storage.checksum", "On"],
    ["storage.backlog.mem_limit", "16M"],
    ["storage.metrics", "On"],
  ]);
}

function tail(stream: "gateway" | "receipts", paths: string[], r: ResolvedAuditPipeline): string {
  return section("INPUT", [
    ["Name", "tail"],
    ["Alias", `audit-${stream}`],
    ["Path", paths.join(",")],
    ["Tag", `audit.${stream}.<namespace>.<pod>.<container>`],
    ["Tag_Regex", TAG_REGEX],
    ["multiline.parser", "cri"],
    ["DB", `${r.bufferPath}/tail-${stream}.db`],
    ["storage.type", "filesystem"],
    // A receipt line is never skipped or cut: the chain would break at it.
    ["Skip_Long_Lines", "Off"],
    ["Buffer_Max_Size", "1M"],
    ["Read_from_Head", "On"],
  ]);
}

/** Keeps only receipt and checkpoint lines of agent containers (everything else on their stdout is not audit). */
function receiptFilter(): string {
  return section("FILTER", [
    ["Name", "grep"],
    ["Match", "audit.receipts.*"],
    ["Regex", `log ^\\{"${RECEIPT_LINE_KEY.replace(/\./g, "\\.")}":`],
  ]);
}

function output(r: ResolvedAuditPipeline): string {
  const common: [string, string | number][] = [
    ["Match", "audit.*"],
    ["Retry_Limit", "no_limits"],
    ["storage.total_limit_size", r.totalLimitSize],
  ];
  if (r.sink.kind === "s3") {
    return section("OUTPUT", [
      ["Name", "s3"],
      ["Alias", "audit-store"],
      ...common,
      ["bucket", r.sink.bucket],
      ["region", r.sink.region],
      // Object Lock buckets refuse uploads without Content-MD5.
      ["send_content_md5", "true"],
      ["use_put_object", "On"],
      ["preserve_data_ordering", "true"],
      // The line exactly as the agent wrote it (a receipt's canonical bytes), not Fluent Bit's record around it.
      ["log_key", "log"],
      ["total_file_size", "50M"],
      ["upload_timeout", "5m"],
      ["s3_key_format", "/$TAG[1]/$TAG[2]/%Y/%m/%d/$TAG[3]/%H%M%S-$UUID.jsonl"],
      ["store_dir", `${r.bufferPath}/s3`],
      ["store_dir_limit_size", r.totalLimitSize],
    ]);
  }
  return section("OUTPUT", [
    ["Name", "stackdriver"],
    ["Alias", "audit-store"],
    ...common,
    // The global resource: the entries are selected by log name, and carry their cluster and stream as fields.
    ["resource", "global"],
    ["export_to_project_id", r.sink.project],
  ]);
}

/** Adds the audit log's name and the cluster (Cloud Logging only): the sink's filter selects the log by name. */
function logNameFilter(r: ResolvedAuditPipeline): string {
  return r.sink.kind === "cloud-logging"
    ? section("FILTER", [
        ["Name", "modify"],
        ["Match", "audit.*"],
        ["Add", `logging.googleapis.com/logName ${AUDIT_LOG_NAME}`],
        ["Add", `cluster ${r.sink.clusterName}`],
      ])
    : "";
}

/** Values of the fluent-bit chart: pinned upstream keys only (checked in tests against its values.yaml). */
export interface FluentBitValues {
  /** Always a DaemonSet: one shipper per node reads that node's container logs. */
  kind: "DaemonSet";
  /** The release's object names. */
  fullnameOverride: string;
  /** The chart's ServiceAccount with the workload identity annotations. */
  serviceAccount: {
    /** The chart creates the ServiceAccount. */
    create: true;
    /** Its name. */
    name: string;
    /** Its annotations: the workload identity binding (e.g. an IAM role on EKS). */
    annotations: Record<string, string>;
  };
  /** RBAC for nothing beyond what the chart grants its kubernetes filter (not used: tags carry what outputs need). */
  rbac: {
    /** Whether the chart creates its ClusterRole and binding. */
    create: boolean;
  };
  /** Container hardening. */
  securityContext: Record<string, unknown>;
  /** Pod-level seccomp. */
  podSecurityContext: Record<string, unknown>;
  /** Requests and limits. */
  resources: Record<string, Record<string, string>>;
  /** Every node, whatever its taints: agents run on the tainted sandbox and GPU nodes too. */
  tolerations: Record<string, string>[];
  /** Evicted last: an evicted shipper stops the audit trail on its node. */
  priorityClassName: string;
  /** Fluent Bit's HTTP server (metrics, health). */
  metricsPort: number;
  /** The pipeline. */
  config: {
    /** The `[SERVICE]` section: HTTP server, filesystem buffering. */
    service: string;
    /** The `[INPUT]` sections: tails of the gateway's and the tenants' container logs. */
    inputs: string;
    /** The `[FILTER]` sections: receipt lines only, and the log name on Cloud Logging. */
    filters: string;
    /** The `[OUTPUT]` section: the audit store (S3 or Cloud Logging). */
    outputs: string;
    /** Extra parsers: none. */
    customParsers: string;
  };
  /** The node's container logs (read only) and the buffer directory. */
  daemonSetVolumes: Record<string, unknown>[];
  /** Their mounts. */
  daemonSetVolumeMounts: Record<string, unknown>[];
  /** Probes on the HTTP server's health endpoint. */
  livenessProbe: Record<string, unknown>;
  /** Readiness on the same. */
  readinessProbe: Record<string, unknown>;
  /** The chart's own ServiceMonitor stays off: the fleet's monitoring scrapes the pods with a PodMonitor. */
  serviceMonitor: {
    /** Always off. */
    enabled: false;
  };
}

/** The fluent-bit chart's values for the pipeline. */
export function fluentBitValues(r: ResolvedAuditPipeline): FluentBitValues {
  const tenantPaths = r.tenants.map((t) => `/var/log/containers/*_${t}_*.log`);
  return {
    kind: "DaemonSet",
    fullnameOverride: AUDIT_RELEASE,
    serviceAccount: { create: true, name: AUDIT_SERVICE_ACCOUNT, annotations: { ...r.serviceAccountAnnotations } },
    rbac: { create: false },
    // Root reads the root-owned container logs; nothing else: no capability, no escalation, read-only image.
    securityContext: {
      runAsUser: 0,
      runAsNonRoot: false,
      readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false,
      privileged: false,
      capabilities: { drop: ["ALL"] },
    },
    podSecurityContext: { seccompProfile: { type: "RuntimeDefault" } },
    resources: { requests: { cpu: "50m", memory: "64Mi" }, limits: { memory: "256Mi" } },
    tolerations: [{ operator: "Exists" }],
    priorityClassName: "system-node-critical",
    metricsPort: AUDIT_METRICS_PORT,
    config: {
      service: serviceSection(r),
      inputs: [
        tail("gateway", [`/var/log/containers/${GATEWAY_NAME}-*_${r.gatewayNamespace}_*.log`], r),
        tail("receipts", tenantPaths, r),
      ].join("\n"),
      filters: [receiptFilter(), logNameFilter(r)].filter(Boolean).join("\n"),
      outputs: output(r),
      customParsers: "",
    },
    daemonSetVolumes: [
      { name: "varlog", hostPath: { path: "/var/log" } },
      { name: "buffer", hostPath: { path: r.bufferPath, type: "DirectoryOrCreate" } },
    ],
    daemonSetVolumeMounts: [
      { name: "varlog", mountPath: "/var/log", readOnly: true },
      { name: "buffer", mountPath: r.bufferPath },
    ],
    livenessProbe: { httpGet: { path: "/", port: "http" } },
    readinessProbe: { httpGet: { path: "/api/v1/health", port: "http" } },
    serviceMonitor: { enabled: false },
  };
}
