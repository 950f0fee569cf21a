import { describe, expect, it } from "vitest";
import { unsafeOptOut } from "../../../policies/sandbox/unsafe-opt-out";
import { agentDeployment, agentTemplate, messages, namespace, plainTemplate, violations, workload } from "../helpers";

describe("agentcloud-sandbox-unsafe-opt-out", () => {
  it("reports each opt-out as advisory without repeating the stated reason", async () => {
    const regs = [
      agentDeployment("coder", (t) => {
        t.metadata.annotations = { "agentcloud.dev/unsafe-no-sandbox": "token=sk-live-123 needs /dev/kvm" };
      }),
      workload(
        "SandboxTemplate",
        "browser",
        agentTemplate((t) => {
          t.metadata.annotations = { "agentcloud.dev/unsafe-no-sandbox": " " };
        }),
      ),
      agentDeployment("sandboxed"),
    ];
    const found = await violations([unsafeOptOut], regs);
    expect(found.map((v) => v.message)).toEqual([
      'Deployment "coder" is an agent (labelled agentcloud.dev/agent) that runs without a sandbox: spec.template.metadata.annotations ' +
        "sets agentcloud.dev/unsafe-no-sandbox; a security reviewer should confirm the stated reason.",
      'SandboxTemplate "browser" is an agent (labelled agentcloud.dev/agent) whose agentcloud.dev/unsafe-no-sandbox annotation states ' +
        "no reason, so it is not an opt-out and agentcloud-sandbox-runtime-class-required still applies; state a reason or remove it.",
    ]);
    expect(found.map((v) => [v.enforcementLevel, v.severity])).toEqual([
      ["advisory", "medium"],
      ["advisory", "medium"],
    ]);
  });

  it("reports opt-outs of unlabelled workloads in tenant namespaces, and ignores other workloads", async () => {
    const annotated = (ns: string) =>
      workload(
        "Pod",
        "tool",
        plainTemplate((t) => {
          t.metadata.annotations = { "agentcloud.dev/unsafe-no-sandbox": "legacy" };
        }),
        undefined,
        ns,
      );
    expect(await messages(unsafeOptOut, [namespace("team-a", "a"), annotated("team-a")])).toEqual([
      'Pod "tool" is an agent (in tenant namespace "team-a") that runs without a sandbox: metadata.annotations sets ' +
        "agentcloud.dev/unsafe-no-sandbox; a security reviewer should confirm the stated reason.",
    ]);
    expect(await messages(unsafeOptOut, [namespace("team-a", "a"), annotated("apps")])).toEqual([]);
  });
});
