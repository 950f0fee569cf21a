import { describe, expect, it } from "vitest";
import { noPrivileged } from "../../../policies/pod-security/no-privileged";
import { agentDeployment, messages } from "../helpers";

describe("agentcloud-pod-security-no-privileged", () => {
  it("accepts containers that are not privileged (unset or false)", async () => {
    const regs = [
      agentDeployment("coder"),
      agentDeployment("reviewer", (t) => {
        t.spec.containers[0].securityContext!.privileged = false;
      }),
    ];
    expect(await messages(noPrivileged, regs)).toEqual([]);
  });

  it("flags privileged containers and init containers", async () => {
    const regs = [
      agentDeployment("coder", (t) => {
        t.spec.containers[0].securityContext!.privileged = true;
        t.spec.initContainers = [{ name: "setup", image: "busybox", securityContext: { privileged: true } }];
      }),
    ];
    expect(await messages(noPrivileged, regs)).toEqual([
      'Deployment "coder" container "agent" must not set securityContext.privileged to true.',
      'Deployment "coder" init container "setup" must not set securityContext.privileged to true.',
    ]);
  });
});
