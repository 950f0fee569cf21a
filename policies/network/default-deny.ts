import type { StackValidationPolicy } from "@pulumi/policy";
import type { NetworkPolicy, NetworkPolicyEgressRule } from "kubernetes-types/networking/v1";
import { tenantNamespaces } from "../lib/agents";
import { record } from "../lib/pod-templates";
import { cisEks } from "../lib/frameworks";
import { LABELS } from "../lib/vocabulary";
import { strictConfigSchema } from "../lib/config-schema";

const NETWORK_POLICY = "kubernetes:networking.k8s.io/v1:NetworkPolicy";
const DNS_PORT = 53;

function isEmpty(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (Array.isArray(value)) return value.length === 0;
  return typeof value === "object" && Object.keys(value).length === 0;
}

/** An egress rule that opens nothing but DNS: it lists ports, and every one is port 53 (no wider range). */
function dnsOnly(rule: NetworkPolicyEgressRule): boolean {
  const ports = Array.isArray(rule?.ports) ? rule.ports : [];
  return (
    ports.length > 0 &&
    ports.every((p) => (p?.port === DNS_PORT || p?.port === `${DNS_PORT}`) && (p.endPort === undefined || p.endPort === DNS_PORT))
  );
}

/** True when the NetworkPolicy selects every pod, denies all ingress and allows no egress but DNS. */
export function isDefaultDeny(policy: NetworkPolicy): boolean {
  const spec = policy.spec;
  if (spec === undefined || spec === null) return false;
  const selector = spec.podSelector;
  const selectsAll = isEmpty(selector) || (isEmpty(selector.matchLabels) && isEmpty(selector.matchExpressions));
  const types = Array.isArray(spec.policyTypes) ? spec.policyTypes : [];
  const egress = Array.isArray(spec.egress) ? spec.egress : [];
  return selectsAll && types.includes("Ingress") && types.includes("Egress") && isEmpty(spec.ingress) && egress.every(dnsOnly);
}

/** Tenant namespaces start closed: a default-deny NetworkPolicy is the floor every agent's allow rules build on. */
export const defaultDeny: StackValidationPolicy = {
  name: "agentcloud-network-default-deny",
  description:
    `Every Namespace labelled ${LABELS.tenant} must have a default-deny NetworkPolicy: podSelector {}, policyTypes Ingress ` +
    "and Egress, no ingress rules, and egress only to port 53 (DNS).",
  enforcementLevel: "mandatory",
  severity: "high",
  configSchema: strictConfigSchema(),
  framework: cisEks("4.3.2 Ensure that all Namespaces have Network Policies defined"),
  tags: ["cis-eks-1.7:4.3.2", "cis-gke-1.6:4.3.2", "nsa-cisa-k8s-hardening-1.2:network-separation"],
  remediationSteps:
    "Add a NetworkPolicy in the tenant namespace with spec: {podSelector: {}, policyTypes: [Ingress, Egress], egress: " +
    "[{to: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: kube-system}}, podSelector: {matchLabels: " +
    "{k8s-app: kube-dns}}}], ports: [{protocol: UDP, port: 53}, {protocol: TCP, port: 53}]}]} (DNS to the cluster DNS " +
    "pods only; agentcloud-network-no-open-egress flags a rule without `to`), then allow each agent's traffic with " +
    "narrower policies.",
  validateStack: (args, report) => {
    const tenants = tenantNamespaces(args.resources);
    if (tenants.size === 0) return args.notApplicable(`No Namespace is labelled ${LABELS.tenant}`);
    // Only networking.k8s.io/v1 NetworkPolicy objects enforce anything; a removed or look-alike type does not count.
    const policies = args.resources.filter((r) => r.type === NETWORK_POLICY);
    for (const [name, urn] of tenants) {
      const covered = policies.some((p) => record(record(p.props).metadata).namespace === name && isDefaultDeny(p.props as NetworkPolicy));
      if (!covered) {
        report(
          `Namespace "${name}" is a tenant namespace and needs a default-deny NetworkPolicy in it ` +
            "(podSelector {}, policyTypes [Ingress, Egress], no ingress rules, egress only to port 53).",
          urn,
        );
      }
    }
  },
};
