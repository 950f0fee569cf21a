import { describe, expect, it } from "vitest";
import { runAsNonRoot } from "../../../policies/pod-security/run-as-non-root";
import { agentDeployment, messages, plainTemplate, workload } from "../helpers";

describe("agentcloud-pod-security-run-as-non-root", () => {
  it("accepts runAsNonRoot on the pod, or on every container when the pod leaves it unset", async () => {
    const perContainer = workload(
      "StatefulSet",
      "db",
      plainTemplate((t) => {
        delete t.spec.securityContext!.runAsNonRoot;
        t.spec.initContainers = [{ name: "setup", image: "busybox", securityContext: { runAsNonRoot: true } }];
        t.spec.containers[0].securityContext!.runAsNonRoot = true;
      }),
    );
    expect(await messages(runAsNonRoot, [agentDeployment(), perContainer])).toEqual([]);
  });

  it("flags containers when neither they nor the pod set runAsNonRoot, init containers included", async () => {
    const regs = [
      agentDeployment("coder", (t) => {
        delete t.spec.securityContext!.runAsNonRoot;
        t.spec.initContainers = [{ name: "setup", image: "busybox" }];
      }),
    ];
    expect(await messages(runAsNonRoot, regs)).toEqual([
      'Deployment "coder" container "agent" must run as non-root: set securityContext.runAsNonRoot to true on the container or in spec.template.spec.securityContext.',
      'Deployment "coder" init container "setup" must run as non-root: set securityContext.runAsNonRoot to true on the container or in spec.template.spec.securityContext.',
    ]);
  });

  it("lets a container-level false override the pod, and flags a pod-level false once", async () => {
    const override = agentDeployment("coder", (t) => {
      t.spec.initContainers = [{ name: "setup", image: "busybox", securityContext: { runAsNonRoot: false } }];
    });
    const podFalse = workload(
      "Pod",
      "debug",
      plainTemplate((t) => {
        t.spec.securityContext!.runAsNonRoot = false;
      }),
    );
    expect(await messages(runAsNonRoot, [override, podFalse])).toEqual([
      'Deployment "coder" init container "setup" must not set securityContext.runAsNonRoot to false; set it to true.',
      'Pod "debug" must not set spec.securityContext.runAsNonRoot to false; set it to true.',
    ]);
  });

  it("applies to every pod-bearing kind, e.g. a CronJob", async () => {
    const regs = [
      workload(
        "CronJob",
        "report",
        plainTemplate((t) => {
          delete t.spec.securityContext;
        }),
      ),
    ];
    expect(await messages(runAsNonRoot, regs)).toEqual([
      'CronJob "report" container "agent" must run as non-root: set securityContext.runAsNonRoot to true on the container or in spec.jobTemplate.spec.template.spec.securityContext.',
    ]);
  });
});
