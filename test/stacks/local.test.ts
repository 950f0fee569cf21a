import { describe, expect, it } from "vitest";
import { validateAgentArgs } from "../../components/kubernetes/agent";
import { ArgumentError } from "../../components/validation";
import { localAgents, localStack } from "../../stacks/local";
import { record, recordRejection } from "../helpers/pulumi";

describe("local stack", () => {
  it("declares three valid agents: stateless under gVisor, stateful under Kata, a gVisor sandbox pool", () => {
    const agents = localAgents("agents", 2);
    expect(Object.entries(agents).map(([n, a]) => [n, a.workload, a.sandbox])).toEqual([
      ["research-assistant", "deployment", "gvisor"],
      ["memory-keeper", "statefulset", "kata-qemu"],
      ["code-interpreter", "sandbox-pool", "gvisor"],
    ]);
    for (const [name, args] of Object.entries(agents)) expect(validateAgentArgs(name, args)).toEqual([]);
  });

  it("applies typed config: namespace, kata install, platform-provided runtime classes, warm pool", async () => {
    const rec = await record(() => {
      localStack();
    }, {
      "agentcloud:namespace": "team-a",
      "agentcloud:installKata": false,
      "agentcloud:platformRuntimeClasses": ["gvisor"],
      "agentcloud:codeInterpreterWarmPool": 5,
      "agentcloud:kubeconfigContext": "kind-agents",
    });
    expect(rec.ofType("kubernetes:helm.sh/v3:Release")).toEqual([]);
    expect(rec.kind("RuntimeClass").map((r) => r.metadata.name).sort()).toEqual(["kata-clh", "kata-fc", "kata-qemu"]);
    expect(rec.kind("Namespace").map((n) => n.metadata.name)).toContain("team-a");
    expect((rec.kind("SandboxWarmPool")[0] as any).spec.replicas).toBe(5);
    expect(rec.ofType("pulumi:providers:kubernetes")[0].inputs).toMatchObject({ context: "kind-agents", enableServerSideApply: "true" });
    const agentWorkloads = rec.objects().filter((o) => ["StatefulSet", "SandboxTemplate"].includes(o.kind) || o.metadata.name === "research-assistant");
    expect(new Set(agentWorkloads.map((o) => o.metadata.namespace))).toEqual(new Set(["team-a"]));
  });

  it("rejects bad config with every key named, before creating anything", async () => {
    const { error, rec } = await recordRejection(() => localStack(), { "agentcloud:installKata": "maybe", "agentcloud:platformRuntimeClasses": ["runc"], "agentcloud:owner": "Ops Team" });
    expect(error).toBeInstanceOf(ArgumentError);
    expect((error as ArgumentError).problems.map((p) => p.argument)).toEqual([
      "agentcloud:owner", "agentcloud:installKata", "agentcloud:platformRuntimeClasses",
    ]);
    expect(rec.registrations).toEqual([]);
  });
});
