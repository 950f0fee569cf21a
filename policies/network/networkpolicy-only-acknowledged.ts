import type { StackValidationPolicy } from "@pulumi/policy";
import { strictConfigSchema } from "../lib/config-schema";
import { owaspAgenticTop10 } from "../lib/frameworks";
import { annotation, tenantNamespaceObjects } from "../lib/network";
import { ANNOTATIONS, LABELS } from "../lib/vocabulary";

/**
 * A `networkpolicy-only` fabric enforces neither FQDN egress nor encryption: running agents on it is an explicit,
 * named choice. Without a reason it is a violation; with one, agentcloud-network-unsafe-network-fabric reports it.
 */
export const networkpolicyOnlyAcknowledged: StackValidationPolicy = {
  name: "agentcloud-network-networkpolicy-only-acknowledged",
  description:
    `Every Namespace labelled ${LABELS.tenant} and annotated ${ANNOTATIONS.networkFabric}: networkpolicy-only (a CNI that ` +
    "enforces NetworkPolicy only: no FQDN egress rules, no encryption between nodes) must carry " +
    `${ANNOTATIONS.unsafeNetworkFabric} with a non-blank reason, the named acknowledgement of running agents without them.`,
  enforcementLevel: "mandatory",
  severity: "high",
  configSchema: strictConfigSchema(),
  framework: owaspAgenticTop10("ASI07 Insecure Inter-Agent Communication: agents on a fabric without encryption or FQDN egress"),
  tags: ["owasp-agentic-top10:ASI07", "owasp-agentic-top10:ASI01"],
  remediationSteps:
    "Prefer a fabric that enforces FQDN egress and encrypts traffic between nodes (Cilium installed by agentcloud, an " +
    "existing Cilium, or GKE Dataplane V2). If the cluster's CNI only enforces NetworkPolicy, state why the agents may " +
    `run on it in the fabric's unsafe reason (networkPolicyOnlyFabric), which agentcloud writes as ${ANNOTATIONS.unsafeNetworkFabric}.`,
  validateStack: (args, report) => {
    const namespaces = tenantNamespaceObjects(args.resources).filter(
      (n) => annotation(n.annotations, ANNOTATIONS.networkFabric) === "networkpolicy-only",
    );
    if (namespaces.length === 0) {
      return args.notApplicable(`No Namespace labelled ${LABELS.tenant} is annotated ${ANNOTATIONS.networkFabric}: networkpolicy-only`);
    }
    for (const namespace of namespaces) {
      const reason = annotation(namespace.annotations, ANNOTATIONS.unsafeNetworkFabric);
      if (reason !== undefined && reason.trim() !== "") continue;
      const missing =
        reason === undefined
          ? `carries no ${ANNOTATIONS.unsafeNetworkFabric} annotation`
          : `has a ${ANNOTATIONS.unsafeNetworkFabric} annotation that states no reason`;
      report(
        `Namespace "${namespace.name}" is a tenant namespace on the networkpolicy-only fabric (no FQDN egress, no ` +
          `encryption between nodes) and ${missing}; use a fabric that enforces both, or state why the agents may run without them.`,
        namespace.urn,
      );
    }
  },
};
