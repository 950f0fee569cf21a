import { describe, expect, it } from "vitest";
import { buildAgent, resolveAgent, type AgentArgs } from "../../../../components/kubernetes/agent";
import { invalidObjects } from "../../../helpers/schema";
import { BASE, GPU_PLATFORM } from "./fixtures";

const build = (name: string, args: AgentArgs) => buildAgent(resolveAgent(name, args));
const byKind = (objects: ReturnType<typeof build>, kind: string) =>
  objects.filter((o) => o.object.kind === kind).map((o) => o.object as any);

describe("buildAgent", () => {
  it("renders a stateless agent: ServiceAccount, Deployment, Service, NetworkPolicy, all schema-valid", async () => {
    const objects = build("coder", BASE);
    expect(objects.map((o) => `${o.role}:${o.object.kind}`)).toEqual([
      "service-account:ServiceAccount",
      "deployment:Deployment",
      "service:Service",
      "network-policy:NetworkPolicy",
    ]);
    expect(await invalidObjects(objects.map((o) => o.object))).toEqual([]);
    const [sa] = byKind(objects, "ServiceAccount");
    expect(sa.automountServiceAccountToken).toBe(false);
    const [deployment] = byKind(objects, "Deployment");
    const pod = deployment.spec.template.spec;
    expect(pod.runtimeClassName).toBe("gvisor");
    expect(pod.priorityClassName).toBe("agentcloud-standard");
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(pod.securityContext).toEqual({
      runAsNonRoot: true,
      runAsUser: 65532,
      runAsGroup: 65532,
      fsGroup: 65532,
      seccompProfile: { type: "RuntimeDefault" },
    });
    const container = pod.containers[0];
    expect(container.securityContext).toEqual({
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      runAsNonRoot: true,
      capabilities: { drop: ["ALL"] },
      seccompProfile: { type: "RuntimeDefault" },
    });
    expect(container.resources).toEqual({
      requests: { cpu: "500m", memory: "512Mi", "ephemeral-storage": "1Gi" },
      limits: { cpu: "500m", memory: "512Mi", "ephemeral-storage": "1Gi" },
    });
    expect(pod.volumes[1]).toEqual({
      name: "agentcloud-token",
      projected: { sources: [{ serviceAccountToken: { audience: "agentcloud", expirationSeconds: 3600, path: "token" } }] },
    });
    expect(deployment.spec.selector).toEqual({ matchLabels: { "agentcloud.dev/agent": "coder" } });
    expect(deployment.spec.template.metadata.labels["agentcloud.dev/agent"]).toBe("coder");
  });

  it("adds a PodDisruptionBudget only when replicated", () => {
    expect(byKind(build("a", { ...BASE, replicas: 1 }), "PodDisruptionBudget")).toEqual([]);
    const [pdb] = byKind(build("a", { ...BASE, replicas: 3 }), "PodDisruptionBudget");
    expect(pdb.spec).toEqual({ maxUnavailable: 1, selector: { matchLabels: { "agentcloud.dev/agent": "a" } } });
  });

  it("renders a stateful agent under Kata with a headless Service and volume claim templates", async () => {
    const objects = build("memory", {
      ...BASE,
      workload: "statefulset",
      sandbox: "kata-qemu",
      intent: "critical",
      storage: { size: "10Gi", storageClassName: "gp3" },
    });
    expect(await invalidObjects(objects.map((o) => o.object))).toEqual([]);
    const [sts] = byKind(objects, "StatefulSet");
    expect(sts.spec.serviceName).toBe("memory");
    expect(sts.spec.template.spec.runtimeClassName).toBe("kata-qemu");
    expect(sts.spec.template.spec.priorityClassName).toBe("agentcloud-critical");
    expect(sts.spec.volumeClaimTemplates[0].spec).toEqual({
      accessModes: ["ReadWriteOnce"],
      storageClassName: "gp3",
      resources: { requests: { storage: "10Gi" } },
    });
    expect(sts.spec.template.spec.containers[0].volumeMounts).toContainEqual({ name: "data", mountPath: "/data" });
    const [svc] = byKind(objects, "Service");
    expect(svc.spec.clusterIP).toBe("None");
  });

  it("renders a sandbox pool as a SandboxTemplate and SandboxWarmPool valid against the upstream CRDs", async () => {
    const objects = build("interp", { ...BASE, workload: "sandbox-pool", warmPool: 3, intent: "batch" });
    // No acceptsFrom: no claim RBAC, but the admission check that keeps every ServiceAccount's claims off the pool.
    expect(objects.map((o) => o.object.kind)).toEqual([
      "ServiceAccount",
      "SandboxTemplate",
      "SandboxWarmPool",
      "ValidatingAdmissionPolicy",
      "ValidatingAdmissionPolicyBinding",
      "NetworkPolicy",
    ]);
    expect(await invalidObjects(objects.map((o) => o.object))).toEqual([]);
    const [template] = byKind(objects, "SandboxTemplate");
    expect(template.spec.podTemplate.spec.runtimeClassName).toBe("gvisor");
    expect(template.spec.podTemplate.spec.priorityClassName).toBe("agentcloud-batch");
    const [pool] = byKind(objects, "SandboxWarmPool");
    expect(pool.spec.replicas).toBe(3);
    expect(pool.spec.sandboxTemplateRef).toEqual({ name: "interp" });
    expect(pool.spec.updateStrategy).toEqual({ type: "Recreate" });
    expect(template.spec.service).toBe(true);
  });

  it("records an explicit sandbox opt-out on the workload and pods, without a runtime class", () => {
    const [d] = byKind(build("raw", { ...BASE, sandbox: "none", unsafeNoSandbox: { reason: "needs host GPU driver" } }), "Deployment");
    expect(d.spec.template.spec.runtimeClassName).toBeUndefined();
    expect(d.spec.template.metadata.annotations["agentcloud.dev/unsafe-no-sandbox"]).toBe("needs host GPU driver");
    expect(d.metadata.annotations["agentcloud.dev/unsafe-no-sandbox"]).toBe("needs host GPU driver");
  });

  it("requests GPU shares with equal limits and GPU node placement", async () => {
    const objects = build("vision", { ...BASE, resources: { gpu: 2 }, platform: GPU_PLATFORM });
    const [d] = byKind(objects, "Deployment");
    const pod = d.spec.template.spec;
    expect(pod.containers[0].resources.requests["nvidia.com/gpu"]).toBe("2");
    expect(pod.containers[0].resources.limits["nvidia.com/gpu"]).toBe("2");
    expect(pod.nodeSelector).toEqual({ "agentcloud.dev/pool": "gpu" });
    expect(pod.tolerations).toEqual([{ key: "nvidia.com/gpu", operator: "Exists", effect: "NoSchedule" }]);
    expect(await invalidObjects(objects.map((o) => o.object))).toEqual([]);
  });

  it("admits only declared callers and reaches only declared delegates", () => {
    const [np] = byKind(
      build("router", {
        ...BASE,
        port: 9000,
        acceptsFrom: [{ agent: "frontend", namespace: "web" }],
        delegatesTo: [{ agent: "memory", port: 7000 }],
      }),
      "NetworkPolicy",
    );
    expect(np.spec).toEqual({
      podSelector: { matchLabels: { "agentcloud.dev/agent": "router" } },
      policyTypes: ["Ingress", "Egress"],
      ingress: [
        {
          from: [
            {
              namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "web" } },
              podSelector: { matchLabels: { "agentcloud.dev/agent": "frontend" } },
            },
          ],
          ports: [{ protocol: "TCP", port: 9000 }],
        },
      ],
      egress: [
        {
          to: [
            {
              namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "agents" } },
              podSelector: { matchLabels: { "agentcloud.dev/agent": "memory" } },
            },
          ],
          ports: [{ protocol: "TCP", port: 7000 }],
        },
      ],
    });
    const [isolated] = byKind(build("alone", BASE), "NetworkPolicy");
    expect(isolated.spec.ingress).toEqual([]);
    expect(isolated.spec.egress).toEqual([]);
  });

  it("records tools, delegation, egress and cloud permissions as a declaration annotation", () => {
    const [d] = byKind(
      build("a", {
        ...BASE,
        tools: [{ server: "github", tools: ["search_issues"] }],
        egress: ["api.github.com"],
        cloudPermissions: [{ cloud: "aws", actions: ["s3:GetObject"], resources: ["arn:aws:s3:::b/*"] }],
      }),
      "Deployment",
    );
    expect(JSON.parse(d.metadata.annotations["agentcloud.dev/declaration"])).toEqual({
      tools: [{ server: "github", tools: ["search_issues"] }],
      delegatesTo: [],
      egress: ["api.github.com"],
      cloudPermissions: [{ cloud: "aws", actions: ["s3:GetObject"], resources: ["arn:aws:s3:::b/*"] }],
    });
  });
});
