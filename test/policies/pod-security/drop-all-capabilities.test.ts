import { describe, expect, it } from "vitest";
import { dropAllCapabilities } from "../../../policies/pod-security/drop-all-capabilities";
import { agentDeployment, messages } from "../helpers";

describe("agentcloud-pod-security-drop-all-capabilities", () => {
  it("accepts drop ALL, with or without adding back NET_BIND_SERVICE", async () => {
    const regs = [
      agentDeployment("coder"),
      agentDeployment("proxy", (t) => {
        t.spec.containers[0].securityContext!.capabilities = { drop: ["ALL"], add: ["NET_BIND_SERVICE"] };
      }),
    ];
    expect(await messages(dropAllCapabilities, regs)).toEqual([]);
  });

  it("flags a container that does not drop ALL and one that adds other capabilities", async () => {
    const regs = [
      agentDeployment("coder", (t) => {
        t.spec.containers[0].securityContext!.capabilities = { drop: ["NET_RAW"], add: ["NET_ADMIN", "NET_BIND_SERVICE", "SYS_ADMIN"] };
        t.spec.initContainers = [{ name: "setup", image: "busybox", securityContext: {} }];
      }),
    ];
    expect(await messages(dropAllCapabilities, regs)).toEqual([
      'Deployment "coder" container "agent" must not add capabilities "NET_ADMIN", "SYS_ADMIN"; only NET_BIND_SERVICE may be added back.',
      'Deployment "coder" container "agent" must set securityContext.capabilities.drop to ["ALL"].',
      'Deployment "coder" init container "setup" must set securityContext.capabilities.drop to ["ALL"].',
    ]);
  });
});
