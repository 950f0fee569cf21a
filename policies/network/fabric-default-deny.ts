import type { StackValidationPolicy } from "@pulumi/policy";
import { strictConfigSchema } from "../lib/config-schema";
import { cisEks } from "../lib/frameworks";
import {
  annotation,
  policyObjects,
  policyRules,
  selectsWholeNamespace,
  tenantNamespaceObjects,
  type PolicyRule,
  type TenantNamespace,
} from "../lib/network";
import { isRecord, record } from "../lib/pod-templates";
import { ANNOTATIONS, LABELS } from "../lib/vocabulary";

/** Fabrics whose policy engine is Cilium's, with CiliumClusterwideNetworkPolicy and enableDefaultDeny. */
const CILIUM_FABRICS = ["cilium", "cilium-existing"];
const CILIUM_V2 = ["kubernetes:cilium.io/v2:CiliumClusterwideNetworkPolicy", "kubernetes:cilium.io/v2:CiliumNetworkPolicy"];

type Direction = "ingress" | "egress";

/** True when a rule (a list entry of ingress, egress, ...) sets nothing: it allows no traffic. */
function allowsNothing(entry: unknown): boolean {
  if (!isRecord(entry)) return false;
  return Object.values(entry).every(
    (v) => v === undefined || v === null || (Array.isArray(v) && v.length === 0) || (isRecord(v) && Object.keys(v).length === 0),
  );
}

/**
 * True when the rule puts its endpoints in default deny for `direction` and allows nothing that way. Cilium CRD
 * (enableDefaultDeny): "If not specified, the default is true for each traffic direction that has rules", so
 * `ingress: [{}]` with no enableDefaultDeny also denies by default.
 */
function deniesByDefault(rule: PolicyRule, direction: Direction): boolean {
  const setting = record(rule.rule.enableDefaultDeny)[direction];
  const allows = rule.rule[direction];
  const denies = rule.rule[`${direction}Deny`];
  const hasRules = (Array.isArray(allows) && allows.length > 0) || (Array.isArray(denies) && denies.length > 0);
  const enabled = setting === true || (setting === undefined && hasRules);
  // The CRD requires one of ingress, ingressDeny, egress, egressDeny (anyOf): without any, the object is rejected.
  const listed = ["ingress", "ingressDeny", "egress", "egressDeny"].some((k) => Array.isArray(rule.rule[k]));
  return listed && enabled && (allows === undefined || allows === null || (Array.isArray(allows) && allows.every(allowsNothing)));
}

/** True when the rule selects every pod of the namespace (a CiliumNetworkPolicy only its own namespace's pods). */
function selectsAll(rule: PolicyRule, namespace: TenantNamespace): boolean {
  const selector = rule.rule.endpointSelector;
  if (!isRecord(selector)) return false;
  if (rule.policy.baseKind === "CiliumNetworkPolicy" && rule.policy.namespace !== namespace.name) return false;
  return selectsWholeNamespace(selector, namespace);
}

/**
 * On a Cilium fabric the fabric itself starts closed: a cluster-wide default deny for the tenant namespaces, so an
 * agent stays isolated even if a namespace's NetworkPolicies are removed or widened.
 */
export const fabricDefaultDeny: StackValidationPolicy = {
  name: "agentcloud-network-fabric-default-deny",
  description:
    `Every Namespace labelled ${LABELS.tenant} whose ${ANNOTATIONS.networkFabric} annotation is cilium or cilium-existing ` +
    "must be covered by a cilium.io/v2 CiliumClusterwideNetworkPolicy (or a CiliumNetworkPolicy in it) whose " +
    "endpointSelector selects every pod of the namespace (namespace requirements only, e.g. " +
    `k8s:io.cilium.k8s.namespace.labels.${LABELS.tenant} Exists) and that enables default deny for ingress and egress ` +
    "(enableDefaultDeny, or rules present) without allowing anything (only empty rules; deny rules are fine). Tenant " +
    "namespaces with another fabric or no fabric annotation rely on agentcloud-network-default-deny.",
  enforcementLevel: "mandatory",
  severity: "high",
  configSchema: strictConfigSchema(),
  framework: cisEks("4.3.2 Ensure that all Namespaces have Network Policies defined"),
  tags: ["cis-eks-1.7:4.3.2", "cis-gke-1.6:4.3.2", "nsa-cisa-k8s-hardening-1.2:network-separation", "owasp-agentic-top10:ASI07"],
  remediationSteps:
    "Add a CiliumClusterwideNetworkPolicy with spec: {endpointSelector: {matchExpressions: [{key: " +
    `"k8s:io.cilium.k8s.namespace.labels.${LABELS.tenant}", operator: Exists}]}, enableDefaultDeny: {ingress: true, ` +
    "egress: true}, egressDeny: [{toCIDRSet: [{cidr: 169.254.0.0/16}]}]} (the CRD needs at least one rule list; empty " +
    "ingress: [{}] and egress: [{}] rules also do) and no allow rules (agentcloud's Cilium fabric renders it); each agent's " +
    "CiliumNetworkPolicy then allows its declared traffic.",
  validateStack: (args, report) => {
    const namespaces = tenantNamespaceObjects(args.resources).filter((n) =>
      CILIUM_FABRICS.includes(annotation(n.annotations, ANNOTATIONS.networkFabric) ?? ""),
    );
    if (namespaces.length === 0) {
      return args.notApplicable(
        `No Namespace labelled ${LABELS.tenant} is annotated ${ANNOTATIONS.networkFabric}: cilium or cilium-existing`,
      );
    }
    // Only whole cilium.io/v2 objects enforce anything; patches, lists and other versions do not count.
    const rules = policyObjects(args.resources.filter((r) => CILIUM_V2.includes(r.type))).flatMap(policyRules);
    for (const namespace of namespaces) {
      const missing = (["ingress", "egress"] as const).filter(
        (direction) => !rules.some((rule) => selectsAll(rule, namespace) && deniesByDefault(rule, direction)),
      );
      if (missing.length === 0) continue;
      const fabric = annotation(namespace.annotations, ANNOTATIONS.networkFabric)!;
      report(
        `Namespace "${namespace.name}" is a tenant namespace on the ${fabric} fabric and no CiliumClusterwideNetworkPolicy ` +
          `or CiliumNetworkPolicy denies ${missing.join(" and ")} by default for all its pods; add one that selects the ` +
          "namespace's pods, sets enableDefaultDeny {ingress: true, egress: true} and allows nothing.",
        namespace.urn,
      );
    }
  },
};
