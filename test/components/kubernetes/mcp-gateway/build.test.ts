import { createHash } from "node:crypto";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import type { Deployment } from "kubernetes-types/apps/v1";
import type { ConfigMap } from "kubernetes-types/core/v1";
import { buildMcpGateway } from "../../../../components/kubernetes/mcp-gateway/build";
import { renderGatewayConfig } from "../../../../components/kubernetes/mcp-gateway/config";
import { resolveMcpGateway } from "../../../../components/kubernetes/mcp-gateway/resolve";
import { objectOf } from "../../../../components/kubernetes/objects";
import { invalidObjects } from "../../../helpers/schema";
import { gatewayArgs, remoteIssuerArgs } from "./gateway-fixtures";

const LABELS = {
  "app.kubernetes.io/name": "mcp-gateway",
  "app.kubernetes.io/component": "mcp-gateway",
  "app.kubernetes.io/part-of": "agentcloud",
  "app.kubernetes.io/managed-by": "agentcloud",
};
const SELECTOR = { "app.kubernetes.io/name": "mcp-gateway", "app.kubernetes.io/component": "mcp-gateway" };
const META = { name: "mcp-gateway", namespace: "agentcloud-gateway", labels: LABELS };
const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

describe("buildMcpGateway", () => {
  const gw = resolveMcpGateway(gatewayArgs());
  const objects = buildMcpGateway(gw);
  const config = renderGatewayConfig(gw);

  it("lists the objects in apply order, each after what it needs", () => {
    expect(
      objects.map((o) => [o.role, `${o.object.kind}/${o.object.metadata?.namespace ?? ""}/${o.object.metadata?.name}`, o.dependsOn ?? []]),
    ).toEqual([
      ["namespace", "Namespace//agentcloud-gateway", []],
      ["service-account", "ServiceAccount/agentcloud-gateway/mcp-gateway", ["namespace"]],
      ["config", "ConfigMap/agentcloud-gateway/mcp-gateway", ["namespace"]],
      ["oidc-discovery", "ClusterRoleBinding//agentcloud-gateway-oidc-discovery", []],
      ["deployment", "Deployment/agentcloud-gateway/mcp-gateway", ["namespace", "service-account", "config", "oidc-discovery"]],
      ["service", "Service/agentcloud-gateway/mcp-gateway", ["namespace"]],
      ["disruption-budget", "PodDisruptionBudget/agentcloud-gateway/mcp-gateway", ["namespace"]],
      ["network-policy", "NetworkPolicy/agentcloud-gateway/mcp-gateway", ["namespace"]],
      ["server-network-policy-web-search", "NetworkPolicy/tools/mcp-gateway-web-search", []],
      ["cilium-policy", "CiliumNetworkPolicy/agentcloud-gateway/mcp-gateway", ["namespace"]],
    ]);
  });

  it("renders objects that validate against their schemas, with either issuer", async () => {
    expect(await invalidObjects(objects.map((o) => o.object))).toEqual([]);
    expect(await invalidObjects(buildMcpGateway(resolveMcpGateway(remoteIssuerArgs())).map((o) => o.object))).toEqual([]);
  });

  it("creates a Pod Security restricted namespace and a ServiceAccount without a token", () => {
    expect(objectOf(objects, "namespace")).toEqual({
      apiVersion: "v1",
      kind: "Namespace",
      metadata: {
        name: "agentcloud-gateway",
        labels: {
          ...LABELS,
          "pod-security.kubernetes.io/enforce": "restricted",
          "pod-security.kubernetes.io/enforce-version": "latest",
          "pod-security.kubernetes.io/audit": "restricted",
          "pod-security.kubernetes.io/warn": "restricted",
        },
      },
    });
    expect(objectOf(objects, "service-account")).toEqual({
      apiVersion: "v1",
      kind: "ServiceAccount",
      metadata: META,
      automountServiceAccountToken: false,
    });
  });

  it("puts the generated config in the ConfigMap, under the key the pod reads and the file the plan writes", () => {
    const map = objectOf<ConfigMap>(objects, "config");
    expect(map).toEqual({
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { ...META, annotations: { "agentcloud.dev/plan-file": "agentgateway.yaml" } },
      data: { "agentgateway.yaml": config },
    });
    // The config makes agentgateway listen on the gateway's port.
    expect((parse(config) as { binds: { port: number }[] }).binds.map((b) => b.port)).toEqual([8080]);
  });

  it("lets unauthenticated clients read the API server's issuer discovery (public keys only) when it is the JWKS", () => {
    expect(objectOf(objects, "oidc-discovery")).toEqual({
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "ClusterRoleBinding",
      metadata: { name: "agentcloud-gateway-oidc-discovery", labels: LABELS },
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "system:service-account-issuer-discovery" },
      subjects: [{ apiGroup: "rbac.authorization.k8s.io", kind: "Group", name: "system:unauthenticated" }],
    });
  });

  it("runs the pinned proxy hardened: restricted security contexts, no token, requests equal to limits, spread over nodes", () => {
    const selector = { matchLabels: SELECTOR };
    expect(objectOf<Deployment>(objects, "deployment")).toEqual({
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: META,
      spec: {
        replicas: 2,
        selector,
        strategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } },
        template: {
          metadata: {
            labels: LABELS,
            annotations: {
              "agentcloud.dev/config-sha256": sha256(config),
              "prometheus.io/scrape": "true",
              "prometheus.io/port": "15020",
              "prometheus.io/path": "/metrics",
            },
          },
          spec: {
            serviceAccountName: "mcp-gateway",
            automountServiceAccountToken: false,
            enableServiceLinks: false,
            securityContext: {
              runAsNonRoot: true,
              runAsUser: 65532,
              runAsGroup: 65532,
              fsGroup: 65532,
              seccompProfile: { type: "RuntimeDefault" },
            },
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
            containers: [
              {
                name: "agentgateway",
                image: "cr.agentgateway.dev/agentgateway:v1.4.1",
                imagePullPolicy: "IfNotPresent",
                args: ["-f", "/config/config.yaml"],
                env: [
                  { name: "SSL_CERT_FILE", value: "/etc/ssl/certs/ca-certificates.crt" },
                  { name: "SSL_CERT_DIR", value: "/etc/agentcloud/kube-ca" },
                ],
                ports: [
                  { name: "http", containerPort: 8080, protocol: "TCP" },
                  { name: "metrics", containerPort: 15020, protocol: "TCP" },
                ],
                readinessProbe: { httpGet: { path: "/healthz/ready", port: 15021 }, periodSeconds: 10 },
                startupProbe: {
                  httpGet: { path: "/healthz/ready", port: 15021 },
                  periodSeconds: 1,
                  failureThreshold: 60,
                  timeoutSeconds: 2,
                },
                resources: {
                  requests: { cpu: "500m", memory: "256Mi", "ephemeral-storage": "256Mi" },
                  limits: { cpu: "500m", memory: "256Mi", "ephemeral-storage": "256Mi" },
                },
                securityContext: {
                  allowPrivilegeEscalation: false,
                  readOnlyRootFilesystem: true,
                  runAsNonRoot: true,
                  runAsUser: 65532,
                  runAsGroup: 65532,
                  capabilities: { drop: ["ALL"] },
                  seccompProfile: { type: "RuntimeDefault" },
                },
                volumeMounts: [
                  { name: "config", mountPath: "/config", readOnly: true },
                  { name: "tmp", mountPath: "/tmp" },
                  { name: "kube-ca", mountPath: "/etc/agentcloud/kube-ca", readOnly: true },
                ],
              },
            ],
            volumes: [
              { name: "config", configMap: { name: "mcp-gateway", items: [{ key: "agentgateway.yaml", path: "config.yaml" }] } },
              { name: "tmp", emptyDir: { sizeLimit: "64Mi" } },
              { name: "kube-ca", configMap: { name: "kube-root-ca.crt", items: [{ key: "ca.crt", path: "ca.crt" }] } },
            ],
          },
        },
      },
    });
  });

  it("serves on a ClusterIP Service only, and keeps all but one replica through voluntary disruptions", () => {
    expect(objectOf(objects, "service")).toEqual({
      apiVersion: "v1",
      kind: "Service",
      metadata: META,
      spec: { type: "ClusterIP", selector: SELECTOR, ports: [{ name: "http", port: 8080, targetPort: "http", protocol: "TCP" }] },
    });
    expect(objectOf(objects, "disruption-budget")).toEqual({
      apiVersion: "policy/v1",
      kind: "PodDisruptionBudget",
      metadata: META,
      spec: { maxUnavailable: 1, selector: { matchLabels: SELECTOR }, unhealthyPodEvictionPolicy: "AlwaysAllow" },
    });
  });

  it("with a remote JWKS: no discovery binding, no cluster CA, the image's own roots", () => {
    const remote = buildMcpGateway(resolveMcpGateway(remoteIssuerArgs()));
    expect(remote.map((o) => o.role)).not.toContain("oidc-discovery");
    expect(remote.find((o) => o.role === "deployment")!.dependsOn).toEqual(["namespace", "service-account", "config"]);
    const pod = objectOf<Deployment>(remote, "deployment").spec!.template.spec!;
    expect(pod.containers[0].env).toBeUndefined();
    expect(pod.containers[0].volumeMounts!.map((m) => m.name)).toEqual(["config", "tmp"]);
    expect(pod.volumes!.map((v) => v.name)).toEqual(["config", "tmp"]);
  });

  it("takes the namespace, replicas, port and resources given; a config change changes the pods' annotation", () => {
    const custom = resolveMcpGateway(
      gatewayArgs({ namespace: "gateway", replicas: 3, port: 9000, resources: { cpu: "1", memory: "512Mi" } }),
    );
    const built = buildMcpGateway(custom);
    const deployment = objectOf<Deployment>(built, "deployment");
    const container = deployment.spec!.template.spec!.containers[0];
    expect(deployment.spec!.replicas).toBe(3);
    expect(container.ports![0]).toEqual({ name: "http", containerPort: 9000, protocol: "TCP" });
    expect(container.resources).toEqual({
      requests: { cpu: "1", memory: "512Mi", "ephemeral-storage": "256Mi" },
      limits: { cpu: "1", memory: "512Mi", "ephemeral-storage": "256Mi" },
    });
    expect(objectOf(built, "service")).toMatchObject({ metadata: { namespace: "gateway" }, spec: { ports: [{ port: 9000 }] } });
    expect(objectOf(built, "oidc-discovery").metadata!.name).toBe("gateway-oidc-discovery");
    const customConfig = objectOf<ConfigMap>(built, "config").data!["agentgateway.yaml"];
    expect((parse(customConfig) as { binds: { port: number }[] }).binds.map((b) => b.port)).toEqual([9000]);
    expect(deployment.spec!.template.metadata!.annotations!["agentcloud.dev/config-sha256"]).toBe(sha256(customConfig));
    expect(sha256(customConfig)).not.toBe(sha256(config));
  });
});
