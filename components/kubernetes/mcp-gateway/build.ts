import { createHash } from "node:crypto";
import type { Deployment } from "kubernetes-types/apps/v1";
import type { ConfigMap, Container, EnvVar, Namespace, PodSpec, Service, ServiceAccount, Volume } from "kubernetes-types/core/v1";
import type { PodDisruptionBudget } from "kubernetes-types/policy/v1";
import type { ClusterRoleBinding } from "kubernetes-types/rbac/v1";
import { ANNOTATIONS } from "../../vocabulary";
import { POD_SECURITY_LABELS, standardLabels } from "../labels";
import type { BuiltObject } from "../objects";
import { renderGatewayConfig } from "./config";
import { GATEWAY_COMPONENT, GATEWAY_CONFIG_KEY, GATEWAY_METRICS_PORT, gatewayPodSelector } from "./endpoint";
import { buildGatewayNetwork } from "./network";
import type { ResolvedMcpGateway } from "./spec";

// The standalone agentgateway as typed objects, after the agentgateway-standalone chart at v1.4.1
// (controller/install/helm/agentgateway-standalone/templates/deployment.yaml: `-f /config/config.yaml`, readiness
// and startup probes on :15021 /healthz/ready, metrics on :15020, a /tmp emptyDir, read-only root filesystem), hardened
// beyond it: Pod Security restricted, no ServiceAccount token, requests equal to limits, two or more replicas spread
// over nodes with a PodDisruptionBudget, ClusterIP only.

/** Name of the gateway's container. */
export const GATEWAY_CONTAINER = "agentgateway";
/** UID and GID the proxy runs as: the `nonroot` user of its base image (cgr.dev/chainguard/glibc-dynamic). */
export const GATEWAY_UID = 65532;
/** agentgateway's readiness port (`readinessAddr`, default `[::]:15021`; management/readiness_server.rs). */
export const GATEWAY_READINESS_PORT = 15021;
/** Path of the readiness endpoint: 200 once the config is loaded (management/readiness_server.rs). */
export const GATEWAY_READINESS_PATH = "/healthz/ready";
/** Where the ConfigMap's config file is mounted. */
export const GATEWAY_CONFIG_DIR = "/config";
/** Name of the config file inside the pod, as the upstream chart mounts it. */
const GATEWAY_CONFIG_FILE = "config.yaml";
/** Pod annotation with the config's sha256: a config change rolls the pods (agentgateway reads its binds at start). */
export const GATEWAY_CONFIG_HASH_ANNOTATION = "agentcloud.dev/config-sha256";
/** Where the cluster's CA (ConfigMap `kube-root-ca.crt`) is mounted when the JWKS is the API server's. */
export const GATEWAY_KUBE_CA_DIR = "/etc/agentcloud/kube-ca";
/** The public roots of the image (Wolfi's ca-certificates-bundle), read again once `SSL_CERT_DIR` is set. */
export const SYSTEM_CA_BUNDLE = "/etc/ssl/certs/ca-certificates.crt";
/** The ConfigMap the kube-controller-manager publishes in every namespace with the cluster's CA (`ca.crt`). */
export const KUBE_ROOT_CA_CONFIG_MAP = "kube-root-ca.crt";
/** The ClusterRole that may read the API server's OIDC discovery document and JWKS (public keys only). */
export const ISSUER_DISCOVERY_CLUSTER_ROLE = "system:service-account-issuer-discovery";
/** Size of `/tmp` (the chart mounts one; the root filesystem is read-only). */
export const GATEWAY_TMP_SIZE = "64Mi";
/** Ephemeral storage of the container: `/tmp` and the container's logs (one JSON line per request). */
export const GATEWAY_EPHEMERAL_STORAGE = "256Mi";

/** Name of the ClusterRoleBinding that lets unauthenticated clients (the gateway) read the API server's JWKS. */
export function oidcDiscoveryBindingName(gw: Pick<ResolvedMcpGateway, "namespace">): string {
  return `${gw.namespace}-oidc-discovery`;
}

function meta(gw: ResolvedMcpGateway, name = gw.name) {
  return { name, namespace: gw.namespace, labels: standardLabels(gw.name, GATEWAY_COMPONENT) };
}

function namespace(gw: ResolvedMcpGateway): Namespace {
  return {
    apiVersion: "v1",
    kind: "Namespace",
    metadata: { name: gw.namespace, labels: { ...standardLabels(gw.name, GATEWAY_COMPONENT), ...POD_SECURITY_LABELS } },
  };
}

function serviceAccount(gw: ResolvedMcpGateway): ServiceAccount {
  // The proxy talks to no Kubernetes API with a token of its own (the JWKS is read anonymously).
  return { apiVersion: "v1", kind: "ServiceAccount", metadata: meta(gw), automountServiceAccountToken: false };
}

function configMap(gw: ResolvedMcpGateway, config: string): ConfigMap {
  return {
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: { ...meta(gw), annotations: { [ANNOTATIONS.planFile]: GATEWAY_CONFIG_KEY } },
    // One key: the pod mounts it, policies judge it and the offline plan writes it.
    data: { [GATEWAY_CONFIG_KEY]: config },
  };
}

/**
 * Anonymous read of the API server's OIDC discovery and JWKS, as Kubernetes documents it for verifiers outside the
 * cluster ("Service Account Issuer Discovery": bind `system:service-account-issuer-discovery` to
 * `system:unauthenticated`). The role allows GET on `/.well-known/openid-configuration` and `/openid/v1/jwks` only,
 * which publish public keys; agentgateway fetches the JWKS without credentials (resource_manager.rs, client
 * `simple_call`), and the gateway has no token to present anyway.
 */
function oidcDiscoveryBinding(gw: ResolvedMcpGateway): ClusterRoleBinding {
  return {
    apiVersion: "rbac.authorization.k8s.io/v1",
    kind: "ClusterRoleBinding",
    metadata: { name: oidcDiscoveryBindingName(gw), labels: standardLabels(gw.name, GATEWAY_COMPONENT) },
    roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: ISSUER_DISCOVERY_CLUSTER_ROLE },
    subjects: [{ apiGroup: "rbac.authorization.k8s.io", kind: "Group", name: "system:unauthenticated" }],
  };
}

/**
 * With the API server's JWKS, the proxy must trust the cluster's CA. It loads its roots with rustls-native-certs 0.8.4
 * (Cargo.lock at v1.4.1; http/backendtls.rs SYSTEM_ROOT), which reads only `SSL_CERT_FILE` and every file of each
 * `SSL_CERT_DIR` directory once either is set, instead of the platform's store: both are set, so the public roots
 * (for remote servers) stay trusted next to the cluster's CA.
 */
function caEnv(gw: ResolvedMcpGateway): EnvVar[] {
  if (!gw.jwksFromApiServer) return [];
  return [
    { name: "SSL_CERT_FILE", value: SYSTEM_CA_BUNDLE },
    { name: "SSL_CERT_DIR", value: GATEWAY_KUBE_CA_DIR },
  ];
}

function container(gw: ResolvedMcpGateway): Container {
  const resources = { cpu: gw.resources.cpu, memory: gw.resources.memory, "ephemeral-storage": GATEWAY_EPHEMERAL_STORAGE };
  const probe = { httpGet: { path: GATEWAY_READINESS_PATH, port: GATEWAY_READINESS_PORT } };
  const env = caEnv(gw);
  return {
    name: GATEWAY_CONTAINER,
    image: gw.image,
    imagePullPolicy: "IfNotPresent",
    args: ["-f", `${GATEWAY_CONFIG_DIR}/${GATEWAY_CONFIG_FILE}`],
    ...(env.length > 0 && { env }),
    ports: [
      { name: "http", containerPort: gw.port, protocol: "TCP" },
      { name: "metrics", containerPort: GATEWAY_METRICS_PORT, protocol: "TCP" },
    ],
    readinessProbe: { ...probe, periodSeconds: 10 },
    startupProbe: { ...probe, periodSeconds: 1, failureThreshold: 60, timeoutSeconds: 2 },
    resources: { requests: { ...resources }, limits: { ...resources } },
    securityContext: {
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      runAsNonRoot: true,
      runAsUser: GATEWAY_UID,
      runAsGroup: GATEWAY_UID,
      capabilities: { drop: ["ALL"] },
      seccompProfile: { type: "RuntimeDefault" },
    },
    volumeMounts: [
      { name: "config", mountPath: GATEWAY_CONFIG_DIR, readOnly: true },
      { name: "tmp", mountPath: "/tmp" },
      ...(gw.jwksFromApiServer ? [{ name: "kube-ca", mountPath: GATEWAY_KUBE_CA_DIR, readOnly: true }] : []),
    ],
  };
}

function podSpec(gw: ResolvedMcpGateway): PodSpec {
  const selector = { matchLabels: gatewayPodSelector(gw) };
  const volumes: Volume[] = [
    { name: "config", configMap: { name: gw.name, items: [{ key: GATEWAY_CONFIG_KEY, path: GATEWAY_CONFIG_FILE }] } },
    { name: "tmp", emptyDir: { sizeLimit: GATEWAY_TMP_SIZE } },
  ];
  if (gw.jwksFromApiServer) {
    volumes.push({ name: "kube-ca", configMap: { name: KUBE_ROOT_CA_CONFIG_MAP, items: [{ key: "ca.crt", path: "ca.crt" }] } });
  }
  return {
    serviceAccountName: gw.name,
    automountServiceAccountToken: false,
    enableServiceLinks: false,
    securityContext: {
      runAsNonRoot: true,
      runAsUser: GATEWAY_UID,
      runAsGroup: GATEWAY_UID,
      fsGroup: GATEWAY_UID,
      seccompProfile: { type: "RuntimeDefault" },
    },
    // ScheduleAnyway: a one-node cluster or a drain must never leave a replica Pending; the scheduler still spreads.
    topologySpreadConstraints: [
      { maxSkew: 1, topologyKey: "kubernetes.io/hostname", whenUnsatisfiable: "ScheduleAnyway", labelSelector: selector },
      { maxSkew: 1, topologyKey: "topology.kubernetes.io/zone", whenUnsatisfiable: "ScheduleAnyway", labelSelector: selector },
    ],
    affinity: {
      podAntiAffinity: {
        preferredDuringSchedulingIgnoredDuringExecution: [
          { weight: 100, podAffinityTerm: { topologyKey: "kubernetes.io/hostname", labelSelector: selector } },
        ],
      },
    },
    containers: [container(gw)],
    volumes,
  };
}

function deployment(gw: ResolvedMcpGateway, config: string): Deployment {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: meta(gw),
    spec: {
      replicas: gw.replicas,
      selector: { matchLabels: gatewayPodSelector(gw) },
      // A new pod is ready before an old one goes: never fewer ready replicas than asked for.
      strategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } },
      template: {
        metadata: {
          labels: standardLabels(gw.name, GATEWAY_COMPONENT),
          annotations: {
            [GATEWAY_CONFIG_HASH_ANNOTATION]: createHash("sha256").update(config).digest("hex"),
            "prometheus.io/scrape": "true",
            "prometheus.io/port": String(GATEWAY_METRICS_PORT),
            "prometheus.io/path": "/metrics",
          },
        },
        spec: podSpec(gw),
      },
    },
  };
}

function service(gw: ResolvedMcpGateway): Service {
  return {
    apiVersion: "v1",
    kind: "Service",
    metadata: meta(gw),
    spec: {
      type: "ClusterIP",
      selector: gatewayPodSelector(gw),
      ports: [{ name: "http", port: gw.port, targetPort: "http", protocol: "TCP" }],
    },
  };
}

function disruptionBudget(gw: ResolvedMcpGateway): PodDisruptionBudget {
  return {
    apiVersion: "policy/v1",
    kind: "PodDisruptionBudget",
    metadata: meta(gw),
    // AlwaysAllow: a pod that never got ready does not block a node drain.
    spec: { maxUnavailable: 1, selector: { matchLabels: gatewayPodSelector(gw) }, unhealthyPodEvictionPolicy: "AlwaysAllow" },
  };
}

/**
 * The gateway's objects in apply order: its Namespace (Pod Security restricted), ServiceAccount (no token), ConfigMap
 * (the generated config), with the API server's JWKS a ClusterRoleBinding for anonymous issuer discovery, the
 * Deployment, its ClusterIP Service and PodDisruptionBudget, then its network (`buildGatewayNetwork`).
 */
export function buildMcpGateway(gw: ResolvedMcpGateway): BuiltObject[] {
  const config = renderGatewayConfig(gw);
  const objects: BuiltObject[] = [
    { role: "namespace", object: namespace(gw) },
    { role: "service-account", object: serviceAccount(gw), dependsOn: ["namespace"] },
    { role: "config", object: configMap(gw, config), dependsOn: ["namespace"] },
  ];
  if (gw.jwksFromApiServer) objects.push({ role: "oidc-discovery", object: oidcDiscoveryBinding(gw) });
  objects.push(
    {
      role: "deployment",
      object: deployment(gw, config),
      dependsOn: ["namespace", "service-account", "config", ...(gw.jwksFromApiServer ? ["oidc-discovery"] : [])],
    },
    { role: "service", object: service(gw), dependsOn: ["namespace"] },
    { role: "disruption-budget", object: disruptionBudget(gw), dependsOn: ["namespace"] },
    ...buildGatewayNetwork(gw),
  );
  return objects;
}
