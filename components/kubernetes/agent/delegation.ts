import type {
  NamedRuleWithOperations,
  ValidatingAdmissionPolicy,
  ValidatingAdmissionPolicyBinding,
} from "kubernetes-types/admissionregistration/v1";
import type { PodTemplateSpec } from "kubernetes-types/core/v1";
import type { NetworkPolicyEgressRule } from "kubernetes-types/networking/v1";
import type { Role, RoleBinding } from "kubernetes-types/rbac/v1";
import { denyingAdmissionPolicy } from "../admission";
import { standardLabels } from "../labels";
import { apiServerEgressRule } from "../network/cluster-endpoints";
import type { ResolvedAgent } from "./resolve";

/**
 * Delegation to a `sandbox-pool` agent (agent-sandbox v0.5.6): the caller creates a SandboxClaim whose
 * `spec.warmPoolRef.name` names the pool, watches it until `status.sandbox.name` is set, and calls the sandbox at its
 * headless Service `<sandbox>.<namespace>.svc` (the template sets `service: true`). The pool grants the claim, to the
 * agents in its `acceptsFrom`; the caller gets what reaching the API server takes.
 */

/** Where in-cluster clients (client-go, the upstream Python sandbox client) look for the API token, CA and namespace. */
export const KUBE_API_ACCESS_DIR = "/var/run/secrets/kubernetes.io/serviceaccount";
const API_TOKEN_EXPIRY_SECONDS = 3600;

/** Whether an agent claims sandboxes from a pool it delegates to. */
export function claimsSandboxes(agent: ResolvedAgent): boolean {
  return agent.delegatesTo.some((ref) => ref.sandboxPool);
}

/** Environment variable listing the pools an agent may claim from, as JSON `[{warmPool, namespace, port}]`. */
export const SANDBOX_POOLS_ENV = "AGENTCLOUD_SANDBOX_POOLS";

/**
 * The pod template of an agent that claims sandboxes: an expiring API token at the standard path, and the pools it
 * may claim from in {@link SANDBOX_POOLS_ENV}. The token has no `audience`, so the kubelet requests it for the API
 * server's own audience (its `--api-audiences`), which every API server accepts; the agent's own `agentcloud` token
 * stays where it was. Token automount stays off.
 */
export function withSandboxClaimAccess<T extends PodTemplateSpec>(template: T, agent: ResolvedAgent): T {
  const spec = template.spec!;
  const pools = agent.delegatesTo
    .filter((ref) => ref.sandboxPool)
    .map((ref) => ({ warmPool: ref.agent, namespace: ref.namespace, port: ref.port }));
  return {
    ...template,
    spec: {
      ...spec,
      containers: spec.containers.map((c, i) =>
        i > 0
          ? c
          : {
              ...c,
              env: [...(c.env ?? []), { name: SANDBOX_POOLS_ENV, value: JSON.stringify(pools) }],
              volumeMounts: [...(c.volumeMounts ?? []), { name: "kube-api-access", mountPath: KUBE_API_ACCESS_DIR, readOnly: true }],
            },
      ),
      volumes: [
        ...(spec.volumes ?? []),
        {
          name: "kube-api-access",
          projected: {
            defaultMode: 0o444,
            sources: [
              { serviceAccountToken: { path: "token", expirationSeconds: API_TOKEN_EXPIRY_SECONDS } },
              { configMap: { name: "kube-root-ca.crt", items: [{ key: "ca.crt", path: "ca.crt" }] } },
              { downwardAPI: { items: [{ path: "namespace", fieldRef: { apiVersion: "v1", fieldPath: "metadata.namespace" } }] } },
            ],
          },
        },
      ],
    },
  };
}

/** The caller's egress to the API server, to create and watch its claims. */
export function apiServerEgress(agent: ResolvedAgent): NetworkPolicyEgressRule {
  return apiServerEgressRule(agent.apiServer);
}

const EXTENSIONS = "extensions.agents.x-k8s.io";
// kubernetes-types 1.30.0 leaves `resources` out of NamedRuleWithOperations; the API (and kubernetes-models) has it.
const CLAIM_RULE: NamedRuleWithOperations & { resources: string[] } = {
  apiGroups: [EXTENSIONS],
  apiVersions: ["v1beta1"],
  resources: ["sandboxclaims"],
  operations: ["CREATE", "UPDATE"],
};
const SANDBOXES = "agents.x-k8s.io";

/** Name of the pool's claim Role and RoleBinding. */
export function claimRoleName(pool: { name: string }): string {
  return `${pool.name}-sandbox-claims`;
}

/** Name of the pool's (cluster-scoped) ValidatingAdmissionPolicy and its binding; dots keep it unique per namespace. */
export function claimPolicyName(pool: { name: string; namespace: string }): string {
  return `${pool.name}.${pool.namespace}.sandbox-claims.agentcloud.dev`;
}

function serviceAccountUser(ref: { agent: string; namespace: string }): string {
  return `system:serviceaccount:${ref.namespace}:${ref.agent}`;
}

/**
 * What the upstream clients do with claims (clients/python/agentic-sandbox-client `k8s_helper.py`): create, watch
 * (list + watch with a name field selector), get, patch (lifecycle) and delete SandboxClaims, and read Sandboxes for
 * their Service. RBAC cannot name claims the caller has yet to create, nor look into `warmPoolRef`, so these rules
 * are per namespace; the pool's ValidatingAdmissionPolicy ({@link buildClaimPolicy}) limits claims to this pool.
 */
export function buildClaimRbac(pool: ResolvedAgent): [Role, RoleBinding] {
  const name = claimRoleName(pool);
  const metadata = { name, namespace: pool.namespace, labels: standardLabels(name, "sandbox-claims") };
  return [
    {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "Role",
      metadata,
      rules: [
        { apiGroups: [EXTENSIONS], resources: ["sandboxclaims"], verbs: ["create", "delete", "get", "list", "patch", "watch"] },
        { apiGroups: [SANDBOXES], resources: ["sandboxes"], verbs: ["get", "list", "watch"] },
      ],
    },
    {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "RoleBinding",
      metadata: { ...metadata, labels: { ...metadata.labels } },
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name },
      subjects: pool.acceptsFrom.map((ref) => ({ kind: "ServiceAccount", name: ref.agent, namespace: ref.namespace })),
    },
  ];
}

/**
 * Admission check of the pool: a ServiceAccount may create a SandboxClaim on this pool (or move a claim to it) only if
 * it is one of the pool's `acceptsFrom` agents. An empty `acceptsFrom` lets no ServiceAccount claim it. Users that are
 * not ServiceAccounts (operators, with their own RBAC) are not limited. Needs Kubernetes 1.30+ (admissionregistration/v1).
 */
export function buildClaimPolicy(pool: ResolvedAgent): [ValidatingAdmissionPolicy, ValidatingAdmissionPolicyBinding] {
  const name = claimPolicyName(pool);
  const labels = standardLabels(pool.name, "sandbox-claims");
  const allowed = pool.acceptsFrom.map(serviceAccountUser);
  const quote = (s: string) => `'${s}'`;
  const callers = allowed.length === 0 ? "none" : pool.acceptsFrom.map((r) => `${r.namespace}/${r.agent}`).join(", ");
  return denyingAdmissionPolicy(name, labels, {
    matchConstraints: {
      namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": pool.namespace } },
      resourceRules: [CLAIM_RULE],
    },
    matchConditions: [
      { name: "names-this-pool", expression: `has(object.spec.warmPoolRef) && object.spec.warmPoolRef.name == ${quote(pool.name)}` },
      {
        name: "sets-the-pool",
        expression:
          "request.operation == 'CREATE' || !has(oldObject.spec.warmPoolRef) || oldObject.spec.warmPoolRef.name != object.spec.warmPoolRef.name",
      },
    ],
    validations: [
      {
        expression: `!request.userInfo.username.startsWith('system:serviceaccount:') || request.userInfo.username in [${allowed.map(quote).join(", ")}]`,
        message: `SandboxClaims on the warm pool ${pool.namespace}/${pool.name} may be made only by the agents it accepts (acceptsFrom: ${callers})`,
        reason: "Forbidden",
      },
    ],
  });
}
