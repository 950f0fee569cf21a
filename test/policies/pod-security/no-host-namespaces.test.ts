import { describe, expect, it } from "vitest";
import { noHostNamespaces } from "../../../policies/pod-security/no-host-namespaces";
import { agentDeployment, messages, plainTemplate, workload } from "../helpers";

describe("agentcloud-pod-security-no-host-namespaces", () => {
  it("accepts pods that leave host namespaces unset or false", async () => {
    const explicitFalse = workload(
      "DaemonSet",
      "node-agent",
      plainTemplate((t) => {
        t.spec.hostNetwork = false;
        t.spec.hostPID = false;
        t.spec.hostIPC = false;
      }),
    );
    expect(await messages(noHostNamespaces, [agentDeployment(), explicitFalse])).toEqual([]);
  });

  it("flags each host namespace a pod shares", async () => {
    const regs = [
      workload(
        "DaemonSet",
        "node-agent",
        plainTemplate((t) => {
          t.spec.hostNetwork = true;
          t.spec.hostPID = true;
          t.spec.hostIPC = true;
        }),
      ),
      workload(
        "Pod",
        "debug",
        plainTemplate((t) => {
          t.spec.hostNetwork = true;
        }),
      ),
    ];
    expect(await messages(noHostNamespaces, regs)).toEqual([
      'DaemonSet "node-agent" must not set spec.template.spec.hostIPC to true.',
      'DaemonSet "node-agent" must not set spec.template.spec.hostNetwork to true.',
      'DaemonSet "node-agent" must not set spec.template.spec.hostPID to true.',
      'Pod "debug" must not set spec.hostNetwork to true.',
    ]);
  });
});
