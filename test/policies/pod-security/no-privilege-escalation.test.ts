import { describe, expect, it } from "vitest";
import { noPrivilegeEscalation } from "../../../policies/pod-security/no-privilege-escalation";
import { agentDeployment, agentTemplate, messages, workload } from "../helpers";

describe("agentcloud-pod-security-no-privilege-escalation", () => {
  it("accepts containers that set allowPrivilegeEscalation false", async () => {
    expect(await messages(noPrivilegeEscalation, [agentDeployment()])).toEqual([]);
  });

  it("flags unset and true, in containers, init containers and ephemeral containers", async () => {
    const regs = [
      agentDeployment("coder", (t) => {
        t.spec.containers[0].securityContext!.allowPrivilegeEscalation = true;
        t.spec.initContainers = [{ name: "setup", image: "busybox" }];
        t.spec.ephemeralContainers = [{ name: "debug", image: "busybox" }];
      }),
    ];
    expect(await messages(noPrivilegeEscalation, regs)).toEqual([
      'Deployment "coder" container "agent" must set securityContext.allowPrivilegeEscalation to false.',
      'Deployment "coder" ephemeral container "debug" must set securityContext.allowPrivilegeEscalation to false.',
      'Deployment "coder" init container "setup" must set securityContext.allowPrivilegeEscalation to false.',
    ]);
  });

  it("judges the pod template of a SandboxTemplate", async () => {
    const regs = [
      workload(
        "SandboxTemplate",
        "coder",
        agentTemplate((t) => {
          delete t.spec.containers[0].securityContext;
        }),
      ),
    ];
    expect(await messages(noPrivilegeEscalation, regs)).toEqual([
      'SandboxTemplate "coder" container "agent" must set securityContext.allowPrivilegeEscalation to false.',
    ]);
  });
});
