import { describe, expect, it } from "vitest";
import { containersOf, podTemplatesOf } from "../../../policies/lib/pod-templates";
import type { Registration } from "../../../cli/mock-runtime";
import { agentTemplate, list, registration, retype, workload, type PodKind } from "../helpers";

const KINDS: [PodKind, string][] = [
  ["Pod", "spec"],
  ["PodTemplate", "template.spec"],
  ["ReplicationController", "spec.template.spec"],
  ["Deployment", "spec.template.spec"],
  ["StatefulSet", "spec.template.spec"],
  ["DaemonSet", "spec.template.spec"],
  ["ReplicaSet", "spec.template.spec"],
  ["Job", "spec.template.spec"],
  ["CronJob", "spec.jobTemplate.spec.template.spec"],
  ["SandboxTemplate", "spec.podTemplate.spec"],
  ["Sandbox", "spec.podTemplate.spec"],
];

const of = (r: Registration) => podTemplatesOf({ type: r.type, name: r.name, props: r.inputs });

describe("podTemplatesOf", () => {
  it.each(KINDS)("finds the pod template of a %s at %s, named by metadata.name", (kind, specPath) => {
    const [template] = of(workload(kind, "coder", agentTemplate()));
    expect([template.kind, template.name, template.namespace, template.specPath, template.spec.runtimeClassName]).toEqual([
      kind,
      "coder",
      "apps",
      specPath,
      "gvisor",
    ]);
    expect(template.metadata.labels).toEqual(expect.objectContaining({ "agentcloud.dev/agent": "coder" }));
  });

  it("judges patches, CustomResources and removed versions like the kind they name", () => {
    const deployment = workload("Deployment", "coder", agentTemplate());
    const pod = workload("Pod", "coder", agentTemplate());
    const cases: [Registration, string, string][] = [
      [retype(deployment, "kubernetes:apps/v1:DeploymentPatch"), "DeploymentPatch", "spec.template.spec"],
      [retype(pod, "kubernetes:core/v1:PodPatch"), "PodPatch", "spec"],
      [retype(pod, "kubernetes:v1:Pod"), "Pod", "spec"],
      [retype(pod, "kubernetes:v1:PodPatch"), "PodPatch", "spec"],
      [retype(deployment, "kubernetes:extensions/v1beta1:Deployment"), "Deployment", "spec.template.spec"],
      [retype(deployment, "kubernetes:apps/v1beta2:DaemonSet"), "DaemonSet", "spec.template.spec"],
      [retype(deployment, "kubernetes:APPS/v1:deployment"), "deployment", "spec.template.spec"],
      [
        retype(workload("CronJob", "coder", agentTemplate()), "kubernetes:batch/v1beta1:CronJob"),
        "CronJob",
        "spec.jobTemplate.spec.template.spec",
      ],
    ];
    for (const [reg, kind, specPath] of cases) {
      expect({ type: reg.type, got: of(reg).map((t) => [t.kind, t.specPath, t.spec.runtimeClassName]) }).toEqual({
        type: reg.type,
        got: [[kind, specPath, "gvisor"]],
      });
    }
  });

  it("yields one template per list item, each named by its own metadata", () => {
    const reg = list("kubernetes:apps/v1:DeploymentList", "coders", [
      workload("Deployment", "a", agentTemplate()),
      registration("x", "y", { spec: {} }),
    ]);
    expect(of(reg).map((t) => [t.kind, t.name, t.specPath])).toEqual([
      ["Deployment", "a", "items[0].spec.template.spec"],
      ["Deployment", "res-coders[1]", "items[1].spec.template.spec"],
    ]);
    expect(of(registration("kubernetes:apps/v1:DeploymentList", "empty", {}))).toEqual([]);
  });

  it("ignores other types and falls back to the Pulumi name when metadata.name is unset or empty", () => {
    for (const type of [
      "kubernetes:core/v1:ConfigMap",
      "kubernetes:apps/v1:ControllerRevision",
      "agentcloud:kubernetes:Agent",
      "kubernetes:apps/v1:DeploymentThing",
      "kubernetes:foo:bar:Pod",
      "kubernetes::Pod",
    ]) {
      expect({ type, got: of(registration(type, "x", { spec: {} })) }).toEqual({ type, got: [] });
    }
    expect(
      of(registration("kubernetes:apps/v1:Deployment", "coder-deployment", { metadata: { name: "" }, spec: { template: "x" } })),
    ).toEqual([
      {
        kind: "Deployment",
        name: "coder-deployment",
        namespace: undefined,
        objectLabels: {},
        metadata: {},
        spec: {},
        specPath: "spec.template.spec",
      },
    ]);
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
