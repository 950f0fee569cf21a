import type { BuiltObject } from "../objects";
import {
  buildClusterRole,
  buildClusterRoleBinding,
  buildControllerDeployment,
  buildControllerNamespace,
  buildControllerNetworkPolicies,
  buildControllerServiceAccount,
  buildLeaderElectionRbac,
  buildMetricsService,
  buildWebhookCertRbac,
  buildWebhookService,
} from "./controller";
import { buildAgentSandboxCrds } from "./crds";
import { crdHash, resolveControllerSpec } from "./resolve";
import type { AgentSandboxControllerSpec } from "./spec";

// Everything the controller needs before its first start: CRDs it patches, its ServiceAccount, RBAC and
// NetworkPolicies (a pod started before its egress is allowed cannot reach the API server and crash-loops).
const PREREQUISITES = [
  "service-account",
  "cluster-role",
  "cluster-role-binding",
  "leader-election-role",
  "leader-election-binding",
  "webhook-certs-role",
  "webhook-certs-binding",
  "default-deny",
  "network-policy",
];

/**
 * Every object of the installation, CRDs first (roles `crd-<plural>`), then the namespace and the namespaced and
 * cluster-scoped pieces of the controller. Namespaced objects wait for the namespace; the Deployment waits for the
 * namespace, the CRDs, its ServiceAccount, RBAC and NetworkPolicies. Assumes a valid spec.
 */
export function buildAgentSandboxController(spec: AgentSandboxControllerSpec = {}): BuiltObject[] {
  const resolved = resolveControllerSpec(spec);
  const crdObjects = resolved.installCrds ? buildAgentSandboxCrds(resolved.namespace) : [];
  const crds = crdObjects.map((object) => ({ role: `crd-${object.spec.names.plural}`, object }));
  const r = { ...resolved, crdHash: crdObjects.length > 0 ? crdHash(crdObjects) : "" };
  const [defaultDeny, controllerPolicy] = buildControllerNetworkPolicies(r.namespace, r.dns, r.apiServer);
  const [leaderRole, leaderBinding] = buildLeaderElectionRbac(r.namespace);
  const [certRole, certBinding] = buildWebhookCertRbac(r.namespace);
  const inNamespace = ["namespace"];
  return [
    ...crds,
    { role: "namespace", object: buildControllerNamespace(r.namespace) },
    { role: "service-account", object: buildControllerServiceAccount(r.namespace), dependsOn: inNamespace },
    { role: "cluster-role", object: buildClusterRole() },
    { role: "cluster-role-binding", object: buildClusterRoleBinding(r.namespace) },
    { role: "leader-election-role", object: leaderRole, dependsOn: inNamespace },
    { role: "leader-election-binding", object: leaderBinding, dependsOn: inNamespace },
    { role: "webhook-certs-role", object: certRole, dependsOn: inNamespace },
    { role: "webhook-certs-binding", object: certBinding, dependsOn: inNamespace },
    {
      role: "deployment",
      object: buildControllerDeployment(r),
      dependsOn: ["namespace", ...crds.map((c) => c.role), ...PREREQUISITES],
    },
    { role: "metrics-service", object: buildMetricsService(r.namespace), dependsOn: inNamespace },
    { role: "webhook-service", object: buildWebhookService(r.namespace), dependsOn: inNamespace },
    { role: "default-deny", object: defaultDeny, dependsOn: inNamespace },
    { role: "network-policy", object: controllerPolicy, dependsOn: inNamespace },
  ];
}
