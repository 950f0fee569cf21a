import type { Namespace } from "kubernetes-types/core/v1";
import { HOST_AGENT_POD_SECURITY_LABELS, standardLabels } from "../labels";
import type { BuiltObject } from "../objects";
import type { ResolvedAuditPipeline } from "./resolve";

/**
 * The shipper's Namespace: Pod Security `privileged` enforced (it mounts the node's `/var/log` and its buffer
 * directory, which `baseline` forbids), `restricted` audited and warned; never a tenant.
 */
export function buildAuditNamespace(r: ResolvedAuditPipeline): BuiltObject<Namespace> {
  return {
    role: "namespace",
    object: {
      apiVersion: "v1",
      kind: "Namespace",
      metadata: { name: r.namespace, labels: { ...standardLabels(r.namespace, "audit"), ...HOST_AGENT_POD_SECURITY_LABELS } },
    },
  };
}
