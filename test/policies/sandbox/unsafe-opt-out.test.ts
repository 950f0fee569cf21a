import { describe, expect, it } from "vitest";
import { unsafeOptOut } from "../../../policies/sandbox/unsafe-opt-out";
import { agentDeployment, agentTemplate, messages, plainTemplate, violations, workload } from "../helpers";

const optedOut = (reason: string) => agentTemplate((t) => {
  delete t.spec.runtimeClassName;
  t.metadata.annotations = { "agentcloud.dev/unsafe-no-sandbox": reason };
});

describe("agentcloud-sandbox-unsafe-opt-out", () => {
  it("is silent for sandboxed agents and for non-agents", async () => {
    const web = workload("Deployment", "web", plainTemplate((t) => { t.metadata.annotations = { "agentcloud.dev/unsafe-no-sandbox": "not an agent" }; }));
    expect(await messages(unsafeOptOut, [agentDeployment("coder"), web])).toEqual([]);
  });

  it("reports each opted-out agent with its quoted reason, as advisory", async () => {
    const regs = [
      workload("Deployment", "coder", optedOut('needs /dev/kvm for "nested" VMs')),
      workload("SandboxTemplate", "browser", optedOut("")),
    ];
    const found = await violations([unsafeOptOut], regs);
    expect(found.map((v) => v.message)).toEqual([
      'Deployment "coder" is an agent (agentcloud.dev/agent="coder") that runs without a sandbox ' +
        '(agentcloud.dev/unsafe-no-sandbox, reason: "needs /dev/kvm for \\"nested\\" VMs"); a security reviewer should confirm the opt-out.',
      'SandboxTemplate "browser" is an agent (agentcloud.dev/agent="coder") that runs without a sandbox ' +
        "(agentcloud.dev/unsafe-no-sandbox, no reason given); a security reviewer should confirm the opt-out.",
    ]);
    expect(found.map((v) => [v.enforcementLevel, v.severity])).toEqual([["advisory", "medium"], ["advisory", "medium"]]);
  });

  it("reports nothing when disabled", async () => {
    const regs = [workload("Deployment", "coder", optedOut("trusted code only"))];
    expect(await messages(unsafeOptOut, regs, { "agentcloud-sandbox-unsafe-opt-out": "disabled" })).toEqual([]);
  });
});
