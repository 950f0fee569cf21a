import type { Deployment } from "kubernetes-types/apps/v1";
import type { Namespace, PodSpec, Service, ServiceAccount } from "kubernetes-types/core/v1";
import type { NetworkPolicy } from "kubernetes-types/networking/v1";
import type { ClusterRole, ClusterRoleBinding, Role, RoleBinding } from "kubernetes-types/rbac/v1";
import { UPSTREAM } from "../../vocabulary";
import { POD_SECURITY_LABELS, standardLabels } from "../labels";
import { apiServerEgressRule, dnsEgressRule, type ApiServerEndpoint, type ClusterDns } from "../network/cluster-endpoints";
import type { ResolvedControllerSpec } from "./resolve";
import { WEBHOOK_SERVICE_NAME } from "./crds";
import { CONTROLLER_CLUSTER_RULES, LEADER_ELECTION_RULES, WEBHOOK_CERT_RULES } from "./rbac";

/** Name of the controller's ServiceAccount, Deployment, metrics Service and ClusterRole (as upstream). */
export const CONTROLLER_NAME = "agent-sandbox-controller";
/** The distroless `nonroot` user the upstream image runs as. */
export const CONTROLLER_UID = 65532;
/** Container ports (upstream `helm/templates/deployment.yaml`; flag defaults in cmd/agent-sandbox-controller/main.go). */
export const CONTROLLER_PORTS = {
  /** Prometheus metrics (`--metrics-bind-address`). */
  metrics: 8080,
  /** Liveness and readiness probes (`--health-probe-bind-address`). */
  healthz: 8081,
  /** The CRDs' conversion webhook. */
  webhook: 9443,
} as const;
/**
 * Pod-template annotation holding the sha256 of the installed CRDs. The controller patches the conversion webhook's
 * `caBundle` into the CRDs only at startup (cmd/agent-sandbox-controller/tls.go `patchCRDs`), and a CRD update from
 * the stack can drop it; a changed hash rolls the controller after the CRDs, and the new pod patches it back in.
 */
export const CRD_HASH_ANNOTATION = "agentcloud.dev/crd-hash";

const labels = () => standardLabels(CONTROLLER_NAME, "sandbox-controller");
/** Labels that select the controller pods. */
export const CONTROLLER_SELECTOR = {
  /** The controller's name. */
  "app.kubernetes.io/name": CONTROLLER_NAME,
  /** Its role. */
  "app.kubernetes.io/component": "sandbox-controller",
};

/** The controller's namespace, with Pod Security `restricted` enforced. */
export function buildControllerNamespace(namespace: string): Namespace {
  return {
    apiVersion: "v1",
    kind: "Namespace",
    metadata: {
      name: namespace,
      labels: {
        ...standardLabels(namespace, "sandbox-controller"),
        ...POD_SECURITY_LABELS,
      },
    },
  };
}

/** No token automount at SA level: the pod mounts a projected, expiring token explicitly (see the Deployment). */
export function buildControllerServiceAccount(namespace: string): ServiceAccount {
  return {
    apiVersion: "v1",
    kind: "ServiceAccount",
    metadata: { name: CONTROLLER_NAME, namespace, labels: labels() },
    automountServiceAccountToken: false,
  };
}

const subject = (namespace: string) => ({ kind: "ServiceAccount", name: CONTROLLER_NAME, namespace });

/** The controller's ClusterRole: upstream's rules (`CONTROLLER_CLUSTER_RULES`), nothing more. */
export function buildClusterRole(): ClusterRole {
  return {
    apiVersion: "rbac.authorization.k8s.io/v1",
    kind: "ClusterRole",
    metadata: { name: CONTROLLER_NAME, labels: labels() },
    rules: CONTROLLER_CLUSTER_RULES.map((rule) => ({ ...rule })),
  };
}

/** Binds the ClusterRole to the controller's ServiceAccount in `namespace`. */
export function buildClusterRoleBinding(namespace: string): ClusterRoleBinding {
  return {
    apiVersion: "rbac.authorization.k8s.io/v1",
    kind: "ClusterRoleBinding",
    metadata: { name: CONTROLLER_NAME, labels: labels() },
    roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: CONTROLLER_NAME },
    subjects: [subject(namespace)],
  };
}

function namespacedRbac(namespace: string, name: string, rules: Role["rules"]): [Role, RoleBinding] {
  return [
    {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "Role",
      metadata: { name, namespace, labels: labels() },
      rules: rules!.map((r) => ({ ...r })),
    },
    {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "RoleBinding",
      metadata: { name, namespace, labels: labels() },
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name },
      subjects: [subject(namespace)],
    },
  ];
}

/** Leases (and events) for leader election, in the controller namespace only (upstream `leader-election-rbac.yaml`). */
export function buildLeaderElectionRbac(namespace: string): [Role, RoleBinding] {
  return namespacedRbac(namespace, `${CONTROLLER_NAME}-leader-election`, LEADER_ELECTION_RULES);
}

/** The conversion webhook certificate Secret (upstream `helm/templates/role.yaml` + `rolebinding.yaml`). */
export function buildWebhookCertRbac(namespace: string): [Role, RoleBinding] {
  return namespacedRbac(namespace, `${CONTROLLER_NAME}-webhook-certs`, WEBHOOK_CERT_RULES);
}

/** Controller flags (upstream `helm/templates/_controller-args.tpl`, `k8s/extensions.controller.yaml`). */
export function controllerArgs(namespace: string): string[] {
  return [
    "--leader-elect=true",
    `--leader-election-namespace=${namespace}`,
    // SandboxTemplate, SandboxClaim and SandboxWarmPool controllers.
    "--extensions=true",
    // Where the conversion webhook Service lives; the controller patches the CRDs to point at it.
    `--webhook-namespace=${namespace}`,
    `--webhook-service-name=${WEBHOOK_SERVICE_NAME}`,
  ];
}

/** Where client-go's in-cluster config looks for the token, CA and namespace. */
const SERVICE_ACCOUNT_DIR = "/var/run/secrets/kubernetes.io/serviceaccount";

function controllerPodSpec(r: ResolvedControllerSpec): PodSpec {
  return {
    serviceAccountName: CONTROLLER_NAME,
    // The API token is mounted explicitly below instead of automounted, so the pod keeps automount off like every
    // other agentcloud pod while the controller still reaches the API server. Same pattern as upstream's
    // sandbox-router (olm bundle CSV): projected token, cluster CA and namespace at the standard path.
    automountServiceAccountToken: false,
    enableServiceLinks: false,
    securityContext: {
      runAsNonRoot: true,
      runAsUser: CONTROLLER_UID,
      runAsGroup: CONTROLLER_UID,
      seccompProfile: { type: "RuntimeDefault" },
    },
    containers: [
      {
        name: CONTROLLER_NAME,
        image: r.image,
        imagePullPolicy: "IfNotPresent",
        args: controllerArgs(r.namespace),
        ports: [
          { name: "metrics", containerPort: CONTROLLER_PORTS.metrics, protocol: "TCP" },
          { name: "healthz", containerPort: CONTROLLER_PORTS.healthz, protocol: "TCP" },
          { name: "webhook", containerPort: CONTROLLER_PORTS.webhook, protocol: "TCP" },
        ],
        // Probes as upstream helm/templates/deployment.yaml.
        livenessProbe: { httpGet: { path: "/healthz", port: "healthz" }, initialDelaySeconds: 15, periodSeconds: 20 },
        readinessProbe: { httpGet: { path: "/readyz", port: "healthz" }, initialDelaySeconds: 5, periodSeconds: 10 },
        resources: { requests: { ...r.resources.requests }, limits: { ...r.resources.limits } },
        securityContext: {
          allowPrivilegeEscalation: false,
          capabilities: { drop: ["ALL"] },
          privileged: false,
          readOnlyRootFilesystem: true,
          runAsNonRoot: true,
          runAsUser: CONTROLLER_UID,
          runAsGroup: CONTROLLER_UID,
          seccompProfile: { type: "RuntimeDefault" },
        },
        volumeMounts: [
          { name: "kube-api-access", mountPath: SERVICE_ACCOUNT_DIR, readOnly: true },
          // The webhook serving certificate is written to /tmp/k8s-webhook-server/serving-certs (--webhook-cert-dir).
          { name: "tmp", mountPath: "/tmp" },
        ],
      },
    ],
    volumes: [
      {
        name: "kube-api-access",
        projected: {
          defaultMode: 0o444,
          sources: [
            { serviceAccountToken: { path: "token", expirationSeconds: 3600 } },
            { configMap: { name: "kube-root-ca.crt", items: [{ key: "ca.crt", path: "ca.crt" }] } },
            { downwardAPI: { items: [{ path: "namespace", fieldRef: { apiVersion: "v1", fieldPath: "metadata.namespace" } }] } },
          ],
        },
      },
      { name: "tmp", emptyDir: { sizeLimit: "64Mi" } },
    ],
  };
}

/** The controller Deployment, hardened (restricted security context, projected token); rolls when `crdHash` changes. */
export function buildControllerDeployment(r: ResolvedControllerSpec): Deployment {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: {
      name: CONTROLLER_NAME,
      namespace: r.namespace,
      labels: { ...labels(), "app.kubernetes.io/version": UPSTREAM.agentSandbox.version },
    },
    spec: {
      replicas: r.replicas,
      selector: { matchLabels: { ...CONTROLLER_SELECTOR } },
      template: {
        metadata: r.crdHash ? { labels: labels(), annotations: { [CRD_HASH_ANNOTATION]: r.crdHash } } : { labels: labels() },
        spec: controllerPodSpec(r),
      },
    },
  };
}

/** Prometheus metrics on :8080 (upstream Service `agent-sandbox-controller`). */
export function buildMetricsService(namespace: string): Service {
  return {
    apiVersion: "v1",
    kind: "Service",
    metadata: { name: CONTROLLER_NAME, namespace, labels: labels() },
    spec: {
      selector: { ...CONTROLLER_SELECTOR },
      ports: [{ name: "metrics", port: CONTROLLER_PORTS.metrics, targetPort: "metrics", protocol: "TCP" }],
    },
  };
}

/** The CRD conversion webhook (upstream `helm/templates/webhook-service.yaml`: 443 to 9443). */
export function buildWebhookService(namespace: string): Service {
  return {
    apiVersion: "v1",
    kind: "Service",
    metadata: { name: WEBHOOK_SERVICE_NAME, namespace, labels: labels() },
    spec: {
      selector: { ...CONTROLLER_SELECTOR },
      ports: [{ name: "webhook", port: 443, targetPort: "webhook", protocol: "TCP" }],
    },
  };
}

/**
 * Default deny for the whole controller namespace, then the controller's own allowances (after upstream
 * `k8s/hardening/networkpolicy.yaml` and `helm/templates/networkpolicy-controller.yaml`):
 * - ingress on the webhook, metrics and probe ports from anywhere: the API server calls the conversion webhook
 *   from the control plane, which no pod or namespace selector can name;
 * - egress to the cluster DNS (port 53 only) and to the API server. The API server is not a pod either: without a
 *   platform-given endpoint the rule is by port only (443/6443); with one it is pinned to its CIDRs and ports.
 */
export function buildControllerNetworkPolicies(
  namespace: string,
  dns?: ClusterDns,
  apiServer?: ApiServerEndpoint,
): [NetworkPolicy, NetworkPolicy] {
  const tcp = (port: number) => ({ protocol: "TCP", port });
  return [
    {
      apiVersion: "networking.k8s.io/v1",
      kind: "NetworkPolicy",
      metadata: { name: "default-deny", namespace, labels: standardLabels("default-deny", "network-policy") },
      spec: { podSelector: {}, policyTypes: ["Ingress", "Egress"] },
    },
    {
      apiVersion: "networking.k8s.io/v1",
      kind: "NetworkPolicy",
      metadata: { name: CONTROLLER_NAME, namespace, labels: labels() },
      spec: {
        podSelector: { matchLabels: { ...CONTROLLER_SELECTOR } },
        policyTypes: ["Ingress", "Egress"],
        ingress: [{ ports: [tcp(CONTROLLER_PORTS.webhook), tcp(CONTROLLER_PORTS.metrics), tcp(CONTROLLER_PORTS.healthz)] }],
        egress: [dnsEgressRule(dns), apiServer ? apiServerEgressRule(apiServer) : { ports: [tcp(443), tcp(6443)] }],
      },
    },
  ];
}
