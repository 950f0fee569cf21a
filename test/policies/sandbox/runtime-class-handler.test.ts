import { describe, expect, it } from "vitest";
import { isSandboxHandler, runtimeClassHandler } from "../../../policies/sandbox/runtime-class-handler";
import {
  agentDeployment,
  agentTemplate,
  list,
  messages,
  namespace,
  plainTemplate,
  registration,
  retype,
  runtimeClass,
  sandboxRuntimeClasses,
  workload,
} from "../helpers";

const POLICY = "agentcloud-sandbox-runtime-class-handler";
const SUBJECT = (rc: string) => `Deployment "coder" is an agent (labelled agentcloud.dev/agent) and runs under RuntimeClass "${rc}"`;
const UNDEFINED = (rc: string) =>
  `${SUBJECT(rc)}, which this stack does not define and the platform does not provide; define it with a sandbox handler (runsc or kata-*) or list it in platformRuntimeClasses.`;
const NOT_SANDBOX = (rc: string, handlers: string) =>
  `${SUBJECT(rc)}, whose handler (${handlers}) is not a sandbox; use handler runsc (gVisor) or kata-* (Kata Containers).`;
const under = (rc: string) =>
  agentDeployment("coder", (t) => {
    t.spec.runtimeClassName = rc;
  });

describe("agentcloud-sandbox-runtime-class-handler", () => {
  it("accepts agents under the RuntimeClasses agentcloud renders (runsc, kata-*)", async () => {
    const regs = [
      ...sandboxRuntimeClasses(),
      ...["gvisor", "kata-qemu", "kata-clh", "kata-fc"].map((rc) =>
        agentDeployment(`coder-${rc}`, (t) => {
          t.spec.runtimeClassName = rc;
        }),
      ),
    ];
    expect(await messages(runtimeClassHandler, regs)).toEqual([]);
  });

  it("flags a RuntimeClass named gvisor whose handler is runc (and one with no handler)", async () => {
    expect(await messages(runtimeClassHandler, [runtimeClass("gvisor", "runc"), under("gvisor")])).toEqual([
      NOT_SANDBOX("gvisor", '"runc"'),
    ]);
    expect(await messages(runtimeClassHandler, [runtimeClass("gvisor"), under("gvisor")])).toEqual([NOT_SANDBOX("gvisor", "none")]);
  });

  it("flags a class defined twice when any definition is not a sandbox (e.g. a patch to runc)", async () => {
    const patch = retype(runtimeClass("gvisor", "runc"), "kubernetes:node.k8s.io/v1:RuntimeClassPatch");
    expect(await messages(runtimeClassHandler, [runtimeClass("gvisor", "runsc"), patch, under("gvisor")])).toEqual([
      NOT_SANDBOX("gvisor", '"runsc", "runc"'),
    ]);
  });

  it("finds RuntimeClasses registered as CustomResources and in lists, by metadata.name", async () => {
    const custom = retype(runtimeClass("gvisor", "runc"), "kubernetes:node.k8s.io/v1:RuntimeClass");
    custom.name = "other-pulumi-name";
    expect(await messages(runtimeClassHandler, [custom, under("gvisor")])).toEqual([NOT_SANDBOX("gvisor", '"runc"')]);
    const listed = list("kubernetes:node.k8s.io/v1:RuntimeClassList", "classes", [runtimeClass("gvisor", "runc")]);
    expect(await messages(runtimeClassHandler, [listed, under("gvisor")])).toEqual([NOT_SANDBOX("gvisor", '"runc"')]);
    const unnamed = registration("kubernetes:node.k8s.io/v1:RuntimeClass", "gvisor", { handler: "runc" });
    expect(await messages(runtimeClassHandler, [unnamed, under("gvisor")])).toEqual([NOT_SANDBOX("gvisor", '"runc"')]);
  });

  it("flags a class the stack does not define unless the platform provides it", async () => {
    expect(await messages(runtimeClassHandler, [under("gvisor")])).toEqual([UNDEFINED("gvisor")]);
    const config = { [POLICY]: { platformRuntimeClasses: ["gvisor"] } };
    expect(await messages(runtimeClassHandler, [under("gvisor")], config)).toEqual([]);
    // A definition in the stack wins over the platform list.
    expect(await messages(runtimeClassHandler, [runtimeClass("gvisor", "runc"), under("gvisor")], config)).toEqual([
      NOT_SANDBOX("gvisor", '"runc"'),
    ]);
  });

  it("accepts configured extra handlers", async () => {
    const regs = [runtimeClass("firecracker", "fc-sandbox"), under("firecracker")];
    expect(await messages(runtimeClassHandler, regs)).toEqual([NOT_SANDBOX("firecracker", '"fc-sandbox"')]);
    expect(await messages(runtimeClassHandler, regs, { [POLICY]: { additionalHandlers: ["fc-sandbox"] } })).toEqual([]);
  });

  it("judges unlabelled workloads in tenant namespaces, and skips agents without a class or with a real opt-out", async () => {
    const unlabelled = workload(
      "Deployment",
      "coder",
      plainTemplate((t) => {
        t.spec.runtimeClassName = "gvisor";
      }),
      undefined,
      "team-a",
    );
    expect(await messages(runtimeClassHandler, [namespace("team-a", "a"), runtimeClass("gvisor", "runc"), unlabelled])).toEqual([
      'Deployment "coder" is an agent (in tenant namespace "team-a") and runs under RuntimeClass "gvisor", whose handler ("runc") is not a sandbox; ' +
        "use handler runsc (gVisor) or kata-* (Kata Containers).",
    ]);
    const optedOut = agentDeployment("coder", (t) => {
      t.spec.runtimeClassName = "runc";
      t.metadata.annotations = { "agentcloud.dev/unsafe-no-sandbox": "trusted" };
    });
    const emptyReason = agentDeployment("coder", (t) => {
      t.spec.runtimeClassName = "runc";
      t.metadata.annotations = { "agentcloud.dev/unsafe-no-sandbox": "" };
    });
    const noClass = agentDeployment("coder", (t) => {
      delete t.spec.runtimeClassName;
    });
    expect(await messages(runtimeClassHandler, [runtimeClass("runc", "runc"), optedOut, noClass])).toEqual([]);
    expect(await messages(runtimeClassHandler, [runtimeClass("runc", "runc"), emptyReason])).toEqual([NOT_SANDBOX("runc", '"runc"')]);
    expect(await messages(runtimeClassHandler, [workload("SandboxTemplate", "x", agentTemplate())])).toHaveLength(1);
  });

  it("knows the sandbox handlers: runsc, kata, kata-*, and configured extras only", () => {
    expect(
      ["runsc", "kata", "kata-qemu", "kata-fc", "runc", "crun", "katafake", "xrunsc", "gvisor"].map((h) => isSandboxHandler(h, [])),
    ).toEqual([true, true, true, true, false, false, false, false, false]);
    expect(isSandboxHandler("gvisor", ["gvisor"])).toBe(true);
  });
});
