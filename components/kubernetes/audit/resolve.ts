import { DEFAULT_GATEWAY_NAMESPACE } from "../mcp-gateway/endpoint";
import { AUDIT_NAMESPACE } from "./endpoint";
import type { AuditPipelineArgs, AuditSink } from "./spec";

/** `AuditPipelineArgs` with every default applied. */
export interface ResolvedAuditPipeline {
  /** Where the records go. */
  sink: AuditSink;
  /** Agent namespaces whose receipt lines are shipped, sorted, once each. */
  tenants: string[];
  /** The gateway's namespace. */
  gatewayNamespace: string;
  /** The shipper's namespace. */
  namespace: string;
  /** The ServiceAccount's annotations. */
  serviceAccountAnnotations: Record<string, string>;
  /** The node directory of the buffer. */
  bufferPath: string;
  /** The buffer's limit per output. */
  totalLimitSize: string;
}

/** Default node directory of the buffer. */
export const DEFAULT_AUDIT_BUFFER_PATH = "/var/lib/agentcloud/audit-buffer";
/** Default buffer limit per output. */
export const DEFAULT_AUDIT_BUFFER_LIMIT = "5G";

/** Applies the defaults. Call only on arguments that passed validation. */
export function resolveAuditPipeline(args: AuditPipelineArgs): ResolvedAuditPipeline {
  return {
    sink: { ...args.sink },
    tenants: [...new Set(args.tenants)].sort(),
    gatewayNamespace: args.gatewayNamespace ?? DEFAULT_GATEWAY_NAMESPACE,
    namespace: args.namespace ?? AUDIT_NAMESPACE,
    serviceAccountAnnotations: { ...(args.serviceAccountAnnotations ?? {}) },
    bufferPath: args.buffer?.hostPath ?? DEFAULT_AUDIT_BUFFER_PATH,
    totalLimitSize: args.buffer?.totalLimitSize ?? DEFAULT_AUDIT_BUFFER_LIMIT,
  };
}
