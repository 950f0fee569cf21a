import { describe, expect, it } from "vitest";
import { runtimeClassRequired } from "../../../policies/sandbox/runtime-class-required";
import { agentDeployment, agentTemplate, messages, plainTemplate, violations, workload } from "../helpers";

const UNSET = (kind: string, path: string) =>
  `${kind} "coder" is an agent and must set ${path}.runtimeClassName to a sandbox RuntimeClass (gvisor, kata-qemu, kata-clh, kata-fc), ` +
  "or carry annotation agentcloud.dev/unsafe-no-sandbox with a reason.";

describe("agentcloud-sandbox-runtime-class-required", () => {
  it("accepts agents under every sandbox RuntimeClass agentcloud knows", async () => {
    const regs = ["gvisor", "kata-qemu", "kata-clh", "kata-fc"].map((rc) => agentDeployment(`coder-${rc}`, (t) => { t.spec.runtimeClassName = rc; }));
    expect(await messages(runtimeClassRequired, regs)).toEqual([]);
  });

  it("flags an agent Deployment without runtimeClassName", async () => {
    const regs = [agentDeployment("coder", (t) => { delete t.spec.runtimeClassName; })];
    expect(await messages(runtimeClassRequired, regs)).toEqual([UNSET("Deployment", "spec.template.spec")]);
  });

  it("flags an agent under a RuntimeClass that is not a sandbox", async () => {
    const regs = [agentDeployment("coder", (t) => { t.spec.runtimeClassName = "runc"; })];
    expect(await messages(runtimeClassRequired, regs)).toEqual([
      'Deployment "coder" is an agent and sets spec.template.spec.runtimeClassName to "runc", which is not a sandbox RuntimeClass; ' +
        "use one of gvisor, kata-qemu, kata-clh, kata-fc.",
    ]);
  });

  it("accepts RuntimeClasses named in additionalRuntimeClasses config, and lists them in messages", async () => {
    const config = { "agentcloud-sandbox-runtime-class-required": { additionalRuntimeClasses: ["gvisor-gpu"] } };
    expect(await messages(runtimeClassRequired, [agentDeployment("coder", (t) => { t.spec.runtimeClassName = "gvisor-gpu"; })], config)).toEqual([]);
    expect(await messages(runtimeClassRequired, [agentDeployment("coder", (t) => { t.spec.runtimeClassName = "runc"; })], config)).toEqual([
      'Deployment "coder" is an agent and sets spec.template.spec.runtimeClassName to "runc", which is not a sandbox RuntimeClass; ' +
        "use one of gvisor, kata-qemu, kata-clh, kata-fc, gvisor-gpu.",
    ]);
    // Without the config the extra class is not a sandbox.
    expect(await messages(runtimeClassRequired, [agentDeployment("coder", (t) => { t.spec.runtimeClassName = "gvisor-gpu"; })])).toHaveLength(1);
  });

  it("does not flag an agent that opted out explicitly with the unsafe-no-sandbox annotation", async () => {
    const regs = [agentDeployment("coder", (t) => {
      delete t.spec.runtimeClassName;
      t.metadata.annotations = { "agentcloud.dev/unsafe-no-sandbox": "needs nested virtualisation for its own VMs" };
    })];
    expect(await messages(runtimeClassRequired, regs)).toEqual([]);
  });

  it("ignores workloads that are not labelled as agents", async () => {
    expect(await messages(runtimeClassRequired, [workload("Deployment", "web", plainTemplate())])).toEqual([]);
  });

  it("only counts the agent label on the pod template, not on the workload", async () => {
    const reg = workload("Deployment", "web", plainTemplate());
    (reg.inputs.metadata as Record<string, unknown>).labels = { "agentcloud.dev/agent": "coder" };
    expect(await messages(runtimeClassRequired, [reg])).toEqual([]);
  });

  it("finds the pod template of a CronJob and of SandboxTemplates and Sandboxes (v1beta1 and v1alpha1)", async () => {
    const bare = agentTemplate((t) => { delete t.spec.runtimeClassName; });
    expect(await messages(runtimeClassRequired, [workload("CronJob", "coder", bare)])).toEqual([UNSET("CronJob", "spec.jobTemplate.spec.template.spec")]);
    expect(await messages(runtimeClassRequired, [workload("SandboxTemplate", "coder", bare)])).toEqual([UNSET("SandboxTemplate", "spec.podTemplate.spec")]);
    expect(await messages(runtimeClassRequired, [workload("Sandbox", "coder", bare, "agents.x-k8s.io/v1alpha1")])).toEqual([UNSET("Sandbox", "spec.podTemplate.spec")]);
    expect(await messages(runtimeClassRequired, [workload("SandboxTemplate", "coder", agentTemplate())])).toEqual([]);
  });

  it("reports nothing when disabled, and reports at the configured level", async () => {
    const regs = [agentDeployment("coder", (t) => { delete t.spec.runtimeClassName; })];
    expect(await messages(runtimeClassRequired, regs, { "agentcloud-sandbox-runtime-class-required": "disabled" })).toEqual([]);
    expect(await messages(runtimeClassRequired, regs, { all: "disabled" })).toEqual([]);
    const advisory = await violations([runtimeClassRequired], regs, { all: "advisory" });
    expect(advisory.map((v) => [v.enforcementLevel, v.severity, v.urn])).toEqual([
      ["advisory", "high", "urn:pulumi:test::test::kubernetes:apps/v1:Deployment::coder"],
    ]);
  });
});
