import type { StackValidationPolicy } from "@pulumi/policy";
import { strictConfigSchema } from "../lib/config-schema";
import { owaspAgenticTop10 } from "../lib/frameworks";
import { annotation, tenantNamespaceObjects } from "../lib/network";
import { ANNOTATIONS, LABELS } from "../lib/vocabulary";

/**
 * Makes every acknowledged network-fabric opt-out visible in the policy report. The stated reason is not repeated
 * (it may hold anything); reviewers read it on the Namespace.
 */
export const unsafeNetworkFabric: StackValidationPolicy = {
  name: "agentcloud-network-unsafe-network-fabric",
  description:
    `Reports every Namespace labelled ${LABELS.tenant} that carries ${ANNOTATIONS.unsafeNetworkFabric} with a reason, so ` +
    "security reviewers see each tenant whose agents run on a fabric without FQDN egress or without encryption between " +
    "nodes (agentcloud-network-networkpolicy-only-acknowledged and agentcloud-network-encryption-in-transit accept it).",
  enforcementLevel: "advisory",
  severity: "medium",
  configSchema: strictConfigSchema(),
  framework: owaspAgenticTop10("ASI07 Insecure Inter-Agent Communication: review agents running without encryption or FQDN egress"),
  tags: ["owasp-agentic-top10:ASI07", "review"],
  remediationSteps:
    "Review the stated reason. Prefer moving the tenant to a fabric that enforces FQDN egress and encrypts traffic " +
    `between nodes, then remove the ${ANNOTATIONS.unsafeNetworkFabric} annotation (the fabric's unsafe reason).`,
  validateStack: (args, report) => {
    const namespaces = tenantNamespaceObjects(args.resources).filter(
      (n) => (annotation(n.annotations, ANNOTATIONS.unsafeNetworkFabric) ?? "").trim() !== "",
    );
    if (namespaces.length === 0) {
      return args.notApplicable(`No Namespace labelled ${LABELS.tenant} carries ${ANNOTATIONS.unsafeNetworkFabric} with a reason`);
    }
    for (const namespace of namespaces) {
      const fabric = annotation(namespace.annotations, ANNOTATIONS.networkFabric);
      const encryption = annotation(namespace.annotations, ANNOTATIONS.networkEncryption);
      const known = ["cilium", "cilium-existing", "dataplane-v2", "networkpolicy-only"];
      const on = fabric !== undefined && known.includes(fabric) ? `the ${fabric} fabric` : "a fabric it does not name";
      const encrypted =
        encryption !== undefined && ["wireguard", "ipsec", "ztunnel"].includes(encryption) ? `encryption ${encryption}` : "no encryption";
      report(
        `Namespace "${namespace.name}" is a tenant namespace on ${on} (${encrypted}) and acknowledges it with ` +
          `${ANNOTATIONS.unsafeNetworkFabric}; a security reviewer should confirm the stated reason.`,
        namespace.urn,
      );
    }
  },
};
