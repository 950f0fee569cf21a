import type { PolicyRule } from "kubernetes-types/rbac/v1";
import { AGENT_SANDBOX_CRD_NAMES } from "./crds";

const CRUD = ["create", "delete", "get", "list", "patch", "update", "watch"];
const SUBRESOURCE = ["get", "patch", "update"];

/**
 * Cluster-wide rules of the controller with `--extensions`. Sources (kubernetes-sigs/agent-sandbox):
 * core rules from `helm/templates/rbac.generated.yaml` / the `+kubebuilder:rbac` markers in
 * `controllers/sandbox_controller.go`; extension rules from `helm/templates/extensions-rbac.generated.yaml` and
 * `extensions/controllers/sandboxtemplate_controller.go`; the CRD rule from the v0.5 webhook bootstrap
 * (`cmd/agent-sandbox-controller/tls.go` `patchCRDs`; narrowed to the four CRDs upstream in PR #1019).
 * Leases are not here: leader election only needs them in the controller namespace (see {@link LEADER_ELECTION_RULES}).
 */
export const CONTROLLER_CLUSTER_RULES: PolicyRule[] = [
  { apiGroups: [""], resources: ["persistentvolumeclaims", "pods", "services"], verbs: CRUD },
  { apiGroups: ["", "events.k8s.io"], resources: ["events"], verbs: ["create", "patch", "update"] },
  { apiGroups: ["agents.x-k8s.io"], resources: ["sandboxes"], verbs: CRUD },
  { apiGroups: ["agents.x-k8s.io"], resources: ["sandboxes/finalizers", "sandboxes/status"], verbs: SUBRESOURCE },
  { apiGroups: ["extensions.agents.x-k8s.io"], resources: ["sandboxclaims", "sandboxtemplates", "sandboxwarmpools"], verbs: CRUD },
  {
    apiGroups: ["extensions.agents.x-k8s.io"],
    resources: [
      "sandboxclaims/finalizers",
      "sandboxclaims/status",
      "sandboxtemplates/finalizers",
      "sandboxwarmpools/finalizers",
      "sandboxwarmpools/status",
    ],
    verbs: SUBRESOURCE,
  },
  // SandboxTemplates with networkPolicyManagement Managed get a controller-made NetworkPolicy; agentcloud sets
  // Unmanaged, but the controller still deletes a stale `<template>-network-policy` and watches the kind.
  { apiGroups: ["networking.k8s.io"], resources: ["networkpolicies"], verbs: CRUD },
  // Startup: patch the conversion webhook caBundle into exactly these CRDs.
  {
    apiGroups: ["apiextensions.k8s.io"],
    resources: ["customresourcedefinitions"],
    resourceNames: [...AGENT_SANDBOX_CRD_NAMES],
    verbs: SUBRESOURCE,
  },
];

/** Leader election in the controller namespace (upstream `helm/files/rbac.le.generated.yaml`). */
export const LEADER_ELECTION_RULES: PolicyRule[] = [
  { apiGroups: ["coordination.k8s.io"], resources: ["leases"], verbs: ["create", "get", "list", "patch", "update", "watch"] },
  { apiGroups: ["", "events.k8s.io"], resources: ["events"], verbs: ["create", "patch"] },
];

/** Secret the controller keeps its self-signed conversion webhook CA and serving certificate in (tls.go). */
export const WEBHOOK_CERT_SECRET = "agent-sandbox-webhook-certs";

/**
 * Webhook certificate Secret in the controller namespace (upstream `helm/templates/role.yaml`): `create` cannot be
 * limited by name, everything else is limited to the one Secret.
 */
export const WEBHOOK_CERT_RULES: PolicyRule[] = [
  { apiGroups: [""], resources: ["secrets"], verbs: ["create"] },
  { apiGroups: [""], resources: ["secrets"], resourceNames: [WEBHOOK_CERT_SECRET], verbs: ["get", "patch", "update"] },
];
