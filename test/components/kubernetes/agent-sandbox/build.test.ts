import type { Deployment } from "kubernetes-types/apps/v1";
import type { Namespace, Service, ServiceAccount } from "kubernetes-types/core/v1";
import type { NetworkPolicy } from "kubernetes-types/networking/v1";
import type { ClusterRole, ClusterRoleBinding, PolicyRule, Role, RoleBinding } from "kubernetes-types/rbac/v1";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  AGENT_SANDBOX_CRD_NAMES,
  buildAgentSandboxController,
  CRD_HASH_ANNOTATION,
  crdHash,
  validateAgentSandboxControllerSpec,
} from "../../../../components/kubernetes/agent-sandbox";
import { clusterDns, PLATFORM_DNS } from "../../../../components/kubernetes/network";
import type { BuiltObject } from "../../../../components/kubernetes/objects";
import { formatProblem } from "../../../../components/validation";
import { UPSTREAM } from "../../../../components/vocabulary";
import { invalidObjects, UPSTREAM_DIR } from "../../../helpers/schema";

function byRole<T>(objects: BuiltObject[], role: string): T {
  const found = objects.find((o) => o.role === role);
  if (!found) throw new Error(`no object with role ${role}: ${objects.map((o) => o.role).join(", ")}`);
  return found.object as T;
}

/** The agent-sandbox row of ../shared/upstream/MANIFEST.md: tag and default image. */
function manifestRow(): { tag: string; image: string } {
  const row = readFileSync(join(UPSTREAM_DIR, "MANIFEST.md"), "utf8")
    .split("\n")
    .find((l) => l.startsWith("| agent-sandbox |"));
  if (!row) throw new Error("no agent-sandbox row in MANIFEST.md");
  const cells = row.split(" | ");
  return { tag: cells[2].replace(/`/g, ""), image: /`([^`]+)`/.exec(cells[cells.length - 1])![1] };
}

/** Rules granting `verb` on `group/resource`. */
function grants(rules: PolicyRule[], group: string, resource: string, verb: string): PolicyRule[] {
  return rules.filter((r) => r.apiGroups?.includes(group) && r.resources?.includes(resource) && r.verbs.includes(verb));
}

describe("buildAgentSandboxController", () => {
  const objects = buildAgentSandboxController();

  it("pins the controller image and version that ../shared/upstream/MANIFEST.md records", () => {
    const { tag, image } = manifestRow();
    expect(tag).toBe(UPSTREAM.agentSandbox.version);
    expect(image).toBe(UPSTREAM.agentSandbox.image);
    expect(UPSTREAM.agentSandbox.image.endsWith(`:${UPSTREAM.agentSandbox.version}`)).toBe(true);
    const deployment = byRole<Deployment>(objects, "deployment");
    expect(deployment.spec?.template.spec?.containers[0].image).toBe(image);
    expect(deployment.metadata?.labels?.["app.kubernetes.io/version"]).toBe(tag);
  });

  it("renders CRDs first, then every controller object, all schema-valid", async () => {
    expect(objects.map((o) => o.role)).toEqual([
      "crd-sandboxes",
      "crd-sandboxclaims",
      "crd-sandboxtemplates",
      "crd-sandboxwarmpools",
      "namespace",
      "service-account",
      "cluster-role",
      "cluster-role-binding",
      "leader-election-role",
      "leader-election-binding",
      "webhook-certs-role",
      "webhook-certs-binding",
      "deployment",
      "metrics-service",
      "webhook-service",
      "default-deny",
      "network-policy",
    ]);
    expect(await invalidObjects(objects.map((o) => o.object as never))).toEqual([]);
  });

  it("creates the namespace with Pod Security restricted enforced, audited and warned", () => {
    const ns = byRole<Namespace>(objects, "namespace");
    expect(ns.metadata?.name).toBe("agent-sandbox-system");
    expect(ns.metadata?.labels).toMatchObject({
      "pod-security.kubernetes.io/enforce": "restricted",
      "pod-security.kubernetes.io/audit": "restricted",
      "pod-security.kubernetes.io/warn": "restricted",
    });
  });

  it("runs the controller with extensions, leader election and the webhook in its own namespace", () => {
    const container = byRole<Deployment>(buildAgentSandboxController({ namespace: "sbx" }), "deployment").spec!.template.spec!
      .containers[0];
    expect(container.args).toEqual([
      "--leader-elect=true",
      "--leader-election-namespace=sbx",
      "--extensions=true",
      "--webhook-namespace=sbx",
      "--webhook-service-name=agent-sandbox-webhook-service",
    ]);
    expect(container.ports?.map((p) => [p.name, p.containerPort])).toEqual([
      ["metrics", 8080],
      ["healthz", 8081],
      ["webhook", 9443],
    ]);
    expect(container.livenessProbe?.httpGet).toEqual({ path: "/healthz", port: "healthz" });
    expect(container.readinessProbe?.httpGet).toEqual({ path: "/readyz", port: "healthz" });
  });

  it("passes Pod Security restricted: non-root 65532, RuntimeDefault seccomp, no escalation, no capabilities, read-only root", () => {
    const pod = byRole<Deployment>(objects, "deployment").spec!.template.spec!;
    expect(pod.securityContext).toEqual({
      runAsNonRoot: true,
      runAsUser: 65532,
      runAsGroup: 65532,
      seccompProfile: { type: "RuntimeDefault" },
    });
    const sc = pod.containers[0].securityContext!;
    expect(sc.allowPrivilegeEscalation).toBe(false);
    expect(sc.capabilities).toEqual({ drop: ["ALL"] });
    expect(sc.readOnlyRootFilesystem).toBe(true);
    expect(sc.runAsNonRoot).toBe(true);
    expect(sc.runAsUser).toBe(65532);
    expect(sc.seccompProfile).toEqual({ type: "RuntimeDefault" });
    expect(pod.hostNetwork ?? false).toBe(false);
    expect(pod.containers[0].resources).toEqual({ requests: { cpu: "100m", memory: "128Mi" }, limits: { cpu: "500m", memory: "512Mi" } });
    // The webhook certificates are written under /tmp, so it must be writable.
    expect(pod.containers[0].volumeMounts).toContainEqual({ name: "tmp", mountPath: "/tmp" });
    expect(pod.volumes).toContainEqual({ name: "tmp", emptyDir: { sizeLimit: "64Mi" } });
  });

  it("keeps token automount off everywhere and mounts an expiring projected token where client-go looks", () => {
    expect(byRole<ServiceAccount>(objects, "service-account").automountServiceAccountToken).toBe(false);
    const pod = byRole<Deployment>(objects, "deployment").spec!.template.spec!;
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(pod.serviceAccountName).toBe("agent-sandbox-controller");
    expect(pod.containers[0].volumeMounts).toContainEqual({
      name: "kube-api-access",
      mountPath: "/var/run/secrets/kubernetes.io/serviceaccount",
      readOnly: true,
    });
    const projected = pod.volumes?.find((v) => v.name === "kube-api-access")?.projected;
    expect(projected?.sources).toEqual([
      { serviceAccountToken: { path: "token", expirationSeconds: 3600 } },
      { configMap: { name: "kube-root-ca.crt", items: [{ key: "ca.crt", path: "ca.crt" }] } },
      { downwardAPI: { items: [{ path: "namespace", fieldRef: { apiVersion: "v1", fieldPath: "metadata.namespace" } }] } },
    ]);
  });

  it("grants the controller what it reconciles cluster-wide, and CRD patches only on its own four CRDs", () => {
    const rules = byRole<ClusterRole>(objects, "cluster-role").rules!;
    for (const [group, resource] of [
      ["", "pods"],
      ["", "services"],
      ["", "persistentvolumeclaims"],
      ["agents.x-k8s.io", "sandboxes"],
      ["extensions.agents.x-k8s.io", "sandboxclaims"],
      ["extensions.agents.x-k8s.io", "sandboxtemplates"],
      ["extensions.agents.x-k8s.io", "sandboxwarmpools"],
      ["networking.k8s.io", "networkpolicies"],
    ]) {
      expect(grants(rules, group, resource, "watch"), `${group}/${resource}`).toHaveLength(1);
    }
    expect(grants(rules, "agents.x-k8s.io", "sandboxes/status", "update")).toHaveLength(1);
    expect(grants(rules, "extensions.agents.x-k8s.io", "sandboxwarmpools/status", "patch")).toHaveLength(1);
    const crdRules = rules.filter((r) => r.apiGroups?.includes("apiextensions.k8s.io"));
    expect(crdRules).toEqual([
      {
        apiGroups: ["apiextensions.k8s.io"],
        resources: ["customresourcedefinitions"],
        resourceNames: [...AGENT_SANDBOX_CRD_NAMES],
        verbs: ["get", "patch", "update"],
      },
    ]);
    // Nothing cluster-wide on secrets or leases, and no wildcards.
    expect(rules.filter((r) => r.resources?.some((res) => res === "secrets" || res === "leases" || res === "*"))).toEqual([]);
    expect(rules.filter((r) => r.verbs.includes("*") || r.apiGroups?.includes("*"))).toEqual([]);
    const binding = byRole<ClusterRoleBinding>(objects, "cluster-role-binding");
    expect(binding.roleRef).toEqual({ apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "agent-sandbox-controller" });
    expect(binding.subjects).toEqual([{ kind: "ServiceAccount", name: "agent-sandbox-controller", namespace: "agent-sandbox-system" }]);
  });

  it("limits leases and the webhook certificate Secret to the controller namespace", () => {
    const leader = byRole<Role>(objects, "leader-election-role");
    expect(leader.metadata).toMatchObject({ name: "agent-sandbox-controller-leader-election", namespace: "agent-sandbox-system" });
    expect(grants(leader.rules!, "coordination.k8s.io", "leases", "update")).toHaveLength(1);
    const certs = byRole<Role>(objects, "webhook-certs-role");
    expect(certs.rules).toEqual([
      { apiGroups: [""], resources: ["secrets"], verbs: ["create"] },
      { apiGroups: [""], resources: ["secrets"], resourceNames: ["agent-sandbox-webhook-certs"], verbs: ["get", "patch", "update"] },
    ]);
    for (const role of ["leader-election-binding", "webhook-certs-binding"]) {
      const binding = byRole<RoleBinding>(objects, role);
      expect(binding.roleRef.name).toBe(binding.metadata?.name);
      expect(binding.subjects).toEqual([{ kind: "ServiceAccount", name: "agent-sandbox-controller", namespace: "agent-sandbox-system" }]);
    }
  });

  it("exposes metrics and the conversion webhook Service the CRDs point at", () => {
    const selector = byRole<Deployment>(objects, "deployment").spec!.selector.matchLabels;
    const metrics = byRole<Service>(objects, "metrics-service");
    expect(metrics.spec?.ports).toEqual([{ name: "metrics", port: 8080, targetPort: "metrics", protocol: "TCP" }]);
    const webhook = byRole<Service>(objects, "webhook-service");
    expect(webhook.metadata?.name).toBe("agent-sandbox-webhook-service");
    expect(webhook.spec?.ports).toEqual([{ name: "webhook", port: 443, targetPort: "webhook", protocol: "TCP" }]);
    for (const svc of [metrics, webhook]) expect(svc.spec?.selector).toEqual(selector);
    const podLabels = byRole<Deployment>(objects, "deployment").spec!.template.metadata!.labels!;
    expect(podLabels).toMatchObject(selector!);
  });

  it("denies all traffic in the namespace except webhook/metrics/probe ingress and DNS/API egress for the controller", () => {
    const deny = byRole<NetworkPolicy>(objects, "default-deny");
    expect(deny.spec).toEqual({ podSelector: {}, policyTypes: ["Ingress", "Egress"] });
    const allow = byRole<NetworkPolicy>(objects, "network-policy");
    expect(allow.spec?.podSelector.matchLabels).toEqual(byRole<Deployment>(objects, "deployment").spec!.selector.matchLabels);
    expect(allow.spec?.ingress?.flatMap((r) => r.ports?.map((p) => p.port))).toEqual([9443, 8080, 8081]);
    expect(allow.spec?.egress).toEqual([
      {
        to: [
          {
            namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "kube-system" } },
            podSelector: { matchLabels: { "k8s-app": "kube-dns" } },
          },
        ],
        ports: [
          { protocol: "UDP", port: 53 },
          { protocol: "TCP", port: 53 },
        ],
      },
      {
        ports: [
          { protocol: "TCP", port: 443 },
          { protocol: "TCP", port: 6443 },
        ],
      },
    ]);
  });

  it("takes the platform's DNS and API server endpoint for the controller's egress", async () => {
    const custom = buildAgentSandboxController({
      dns: clusterDns(PLATFORM_DNS.gke),
      apiServer: { cidrs: ["172.16.0.2/32"], ports: [443] },
    });
    const allow = byRole<NetworkPolicy>(custom, "network-policy");
    expect(allow.spec?.egress).toEqual([
      {
        to: [
          {
            namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "kube-system" } },
            podSelector: { matchLabels: { "k8s-app": "kube-dns" } },
          },
          { ipBlock: { cidr: "169.254.20.10/32" } },
          { ipBlock: { cidr: "169.254.169.254/32" } },
        ],
        ports: [
          { protocol: "UDP", port: 53 },
          { protocol: "TCP", port: 53 },
        ],
      },
      { to: [{ ipBlock: { cidr: "172.16.0.2/32" } }], ports: [{ protocol: "TCP", port: 443 }] },
    ]);
    expect(await invalidObjects([allow])).toEqual([]);
  });

  it("stamps the controller's pod template with a hash of the CRDs, so a CRD change rolls it and caBundle is patched again", () => {
    const template = (o: BuiltObject[]) => byRole<Deployment>(o, "deployment").spec!.template.metadata!;
    const hash = template(objects).annotations?.[CRD_HASH_ANNOTATION];
    const crds = objects.filter((o) => o.object.kind === "CustomResourceDefinition").map((o) => o.object);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).toBe(crdHash(crds));
    // The same CRDs give the same hash; CRDs that differ (the webhook namespace follows `namespace`) give another.
    expect(template(buildAgentSandboxController()).annotations?.[CRD_HASH_ANNOTATION]).toBe(hash);
    expect(template(buildAgentSandboxController({ namespace: "sbx" })).annotations?.[CRD_HASH_ANNOTATION]).not.toBe(hash);
    expect(crdHash([{ ...crds[0], metadata: { name: "changed" } }, ...crds.slice(1)])).not.toBe(hash);
    // Without CRDs to watch there is nothing to hash.
    expect(template(buildAgentSandboxController({ installCrds: false })).annotations).toBeUndefined();
  });

  it("applies namespace, image, replicas and resources, and leaves the CRDs out when asked", () => {
    const custom = buildAgentSandboxController({
      namespace: "sbx",
      image: "mirror.example.com/agent-sandbox-controller:v0.5.6",
      replicas: 2,
      installCrds: false,
      resources: { limits: { memory: "1Gi" } },
    });
    expect(custom.some((o) => o.object.kind === "CustomResourceDefinition")).toBe(false);
    const deployment = byRole<Deployment>(custom, "deployment");
    expect(deployment.metadata?.namespace).toBe("sbx");
    expect(deployment.spec?.replicas).toBe(2);
    expect(deployment.spec?.template.spec?.containers[0].image).toBe("mirror.example.com/agent-sandbox-controller:v0.5.6");
    expect(deployment.spec?.template.spec?.containers[0].resources).toEqual({
      requests: { cpu: "100m", memory: "128Mi" },
      limits: { cpu: "500m", memory: "1Gi" },
    });
    const namespaced = custom.filter((o) => !["Namespace", "ClusterRole", "ClusterRoleBinding"].includes(o.object.kind!));
    expect(namespaced.map((o) => (o.object.metadata as { namespace?: string }).namespace)).toEqual(namespaced.map(() => "sbx"));
  });
});

describe("validateAgentSandboxControllerSpec", () => {
  it("accepts the defaults", () => {
    expect(validateAgentSandboxControllerSpec()).toEqual([]);
  });

  it("reports every bad argument with its path, value and fix", () => {
    const problems = validateAgentSandboxControllerSpec({
      namespace: "Agent_Sandbox",
      image: "not an image",
      replicas: 0,
      installCrds: "yes" as never,
      resources: { requests: { cpu: "lots", memory: "1Gi" }, limits: { memory: "512Mi" } },
    });
    expect(problems.map((p) => p.argument)).toEqual([
      "namespace",
      "image",
      "replicas",
      "installCrds",
      "resources.requests.cpu",
      "resources.requests.memory",
    ]);
    expect(problems.map(formatProblem)).toContain(
      'resources.requests.memory: must not exceed resources.limits.memory (512Mi) (got "1Gi"); fix: lower resources.requests.memory or raise resources.limits.memory',
    );
  });
});
