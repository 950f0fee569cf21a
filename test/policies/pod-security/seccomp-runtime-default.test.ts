import { describe, expect, it } from "vitest";
import { seccompRuntimeDefault } from "../../../policies/pod-security/seccomp-runtime-default";
import { agentDeployment, messages, plainTemplate, workload } from "../helpers";

describe("agentcloud-pod-security-seccomp-runtime-default", () => {
  it("accepts RuntimeDefault on the pod, or Localhost/RuntimeDefault on every container", async () => {
    const perContainer = workload(
      "Job",
      "migrate",
      plainTemplate((t) => {
        delete t.spec.securityContext!.seccompProfile;
        t.spec.containers[0].securityContext!.seccompProfile = { type: "Localhost", localhostProfile: "profiles/agent.json" };
        t.spec.initContainers = [{ name: "setup", image: "busybox", securityContext: { seccompProfile: { type: "RuntimeDefault" } } }];
      }),
    );
    expect(await messages(seccompRuntimeDefault, [agentDeployment(), perContainer])).toEqual([]);
  });

  it("flags containers with no profile when the pod has none", async () => {
    const regs = [
      agentDeployment("coder", (t) => {
        delete t.spec.securityContext!.seccompProfile;
        t.spec.initContainers = [{ name: "setup", image: "busybox" }];
      }),
    ];
    expect(await messages(seccompRuntimeDefault, regs)).toEqual([
      'Deployment "coder" container "agent" must set securityContext.seccompProfile.type to RuntimeDefault or Localhost, on the container or in spec.template.spec.securityContext.',
      'Deployment "coder" init container "setup" must set securityContext.seccompProfile.type to RuntimeDefault or Localhost, on the container or in spec.template.spec.securityContext.',
    ]);
  });

  it("flags Unconfined on the pod and on a container that overrides the pod", async () => {
    const regs = [
      agentDeployment("coder", (t) => {
        t.spec.containers[0].securityContext!.seccompProfile = { type: "Unconfined" };
      }),
      workload(
        "DaemonSet",
        "node-agent",
        plainTemplate((t) => {
          t.spec.securityContext!.seccompProfile = { type: "Unconfined" };
        }),
      ),
    ];
    expect(await messages(seccompRuntimeDefault, regs)).toEqual([
      'DaemonSet "node-agent" must not set spec.template.spec.securityContext.seccompProfile.type to "Unconfined"; use RuntimeDefault or Localhost.',
      'Deployment "coder" container "agent" must not set securityContext.seccompProfile.type to "Unconfined"; use RuntimeDefault or Localhost.',
    ]);
  });
});
