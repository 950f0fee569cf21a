import { describe, expect, it } from "vitest";
import { containersOf, isAgent, podTemplateOf, POD_TEMPLATE_PATHS, sandboxOptOutReason } from "../../../policies/lib/pod-templates";
import { agentTemplate, workload, type PodKind } from "../helpers";

const KINDS: [PodKind, string][] = [
  ["Pod", "spec"],
  ["Deployment", "spec.template.spec"],
  ["StatefulSet", "spec.template.spec"],
  ["DaemonSet", "spec.template.spec"],
  ["ReplicaSet", "spec.template.spec"],
  ["Job", "spec.template.spec"],
  ["CronJob", "spec.jobTemplate.spec.template.spec"],
  ["SandboxTemplate", "spec.podTemplate.spec"],
  ["Sandbox", "spec.podTemplate.spec"],
];

describe("podTemplateOf", () => {
  it.each(KINDS)("finds the pod template of a %s at %s", (kind, specPath) => {
    const r = workload(kind, "coder", agentTemplate());
    const template = podTemplateOf({ type: r.type, name: r.name, props: r.inputs });
    expect(template?.kind).toBe(kind);
    expect(template?.name).toBe("coder");
    expect(template?.specPath).toBe(specPath);
    expect(template?.spec.runtimeClassName).toBe("gvisor");
    expect(template?.metadata.labels).toEqual(expect.objectContaining({ "agentcloud.dev/agent": "coder" }));
  });

  it("accepts the deprecated v1alpha1 agent-sandbox versions too", () => {
    for (const [kind, apiVersion] of [["SandboxTemplate", "extensions.agents.x-k8s.io/v1alpha1"], ["Sandbox", "agents.x-k8s.io/v1alpha1"]] as const) {
      const r = workload(kind, "coder", agentTemplate(), apiVersion);
      expect(r.type).toBe(`kubernetes:${apiVersion}:${kind}`);
      expect(podTemplateOf({ type: r.type, name: r.name, props: r.inputs })?.specPath).toBe("spec.podTemplate.spec");
    }
  });

  it("covers exactly the pod-bearing types agentcloud renders", () => {
    expect(Object.keys(POD_TEMPLATE_PATHS).sort()).toEqual([
      "kubernetes:agents.x-k8s.io/v1alpha1:Sandbox",
      "kubernetes:agents.x-k8s.io/v1beta1:Sandbox",
      "kubernetes:apps/v1:DaemonSet",
      "kubernetes:apps/v1:Deployment",
      "kubernetes:apps/v1:ReplicaSet",
      "kubernetes:apps/v1:StatefulSet",
      "kubernetes:batch/v1:CronJob",
      "kubernetes:batch/v1:Job",
      "kubernetes:core/v1:Pod",
      "kubernetes:extensions.agents.x-k8s.io/v1alpha1:SandboxTemplate",
      "kubernetes:extensions.agents.x-k8s.io/v1beta1:SandboxTemplate",
    ]);
  });

  it("ignores other types and falls back to the Pulumi name when metadata.name is unset", () => {
    expect(podTemplateOf({ type: "kubernetes:core/v1:ConfigMap", name: "cm", props: { data: {} } })).toBeUndefined();
    const template = podTemplateOf({ type: "kubernetes:apps/v1:Deployment", name: "coder-deployment", props: { spec: {} } });
    expect(template).toEqual({ kind: "Deployment", name: "coder-deployment", metadata: {}, spec: {}, specPath: "spec.template.spec" });
  });
});

describe("containersOf", () => {
  it("lists containers, init containers and ephemeral containers in that order, naming unnamed ones by index", () => {
    const spec = agentTemplate((t) => {
      t.spec.initContainers = [{ name: "setup", image: "busybox" }];
      t.spec.ephemeralContainers = [{ name: "debug", image: "busybox" }];
      t.spec.containers.push({ name: "", image: "sidecar" });
    }).spec;
    expect(containersOf(spec).map((c) => [c.role, c.name])).toEqual([
      ["container", "agent"],
      ["container", "containers[1]"],
      ["init container", "setup"],
      ["ephemeral container", "debug"],
    ]);
  });
});

describe("agent markers", () => {
  it("reads the agent label and the opt-out reason from the pod template metadata", () => {
    const r = workload("Deployment", "coder", agentTemplate((t) => {
      t.metadata.annotations = { "agentcloud.dev/unsafe-no-sandbox": "needs /dev/kvm" };
    }));
    const template = podTemplateOf({ type: r.type, name: r.name, props: r.inputs })!;
    expect(isAgent(template)).toBe(true);
    expect(sandboxOptOutReason(template)).toBe("needs /dev/kvm");
  });
});
