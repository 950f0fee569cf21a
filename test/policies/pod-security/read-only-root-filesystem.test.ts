import { describe, expect, it } from "vitest";
import { readOnlyRootFilesystem } from "../../../policies/pod-security/read-only-root-filesystem";
import { agentDeployment, messages } from "../helpers";

describe("agentcloud-pod-security-read-only-root-filesystem", () => {
  it("accepts containers with a read-only root filesystem", async () => {
    expect(await messages(readOnlyRootFilesystem, [agentDeployment()])).toEqual([]);
  });

  it("flags containers and init containers that leave it unset or false", async () => {
    const regs = [
      agentDeployment("coder", (t) => {
        t.spec.containers[0].securityContext!.readOnlyRootFilesystem = false;
        t.spec.initContainers = [{ name: "setup", image: "busybox" }];
      }),
    ];
    expect(await messages(readOnlyRootFilesystem, regs)).toEqual([
      'Deployment "coder" container "agent" must set securityContext.readOnlyRootFilesystem to true.',
      'Deployment "coder" init container "setup" must set securityContext.readOnlyRootFilesystem to true.',
    ]);
  });

  it("says in its metadata that it goes beyond Pod Security Standards restricted", () => {
    expect(readOnlyRootFilesystem.description).toContain("goes beyond Pod Security Standards restricted");
    expect(readOnlyRootFilesystem.tags).toContain("beyond-pss");
    expect(readOnlyRootFilesystem.tags).not.toContain("pss:restricted");
  });
});
