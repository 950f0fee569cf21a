import { describe, expect, it } from "vitest";
import { noHostPath } from "../../../policies/pod-security/no-host-path";
import { agentDeployment, agentTemplate, messages, workload } from "../helpers";

describe("agentcloud-pod-security-no-host-path", () => {
  it("accepts pods whose volumes are not hostPath", async () => {
    const regs = [
      agentDeployment("coder", (t) => {
        t.spec.volumes = [
          { name: "tmp", emptyDir: {} },
          { name: "config", configMap: { name: "coder" } },
        ];
      }),
    ];
    expect(await messages(noHostPath, regs)).toEqual([]);
  });

  it("flags every hostPath volume, naming the volume but never the path", async () => {
    const regs = [
      workload(
        "CronJob",
        "coder",
        agentTemplate((t) => {
          t.spec.volumes = [
            { name: "tmp", emptyDir: {} },
            { name: "docker", hostPath: { path: "/var/run/docker.sock", type: "Socket" } },
            { name: "root", hostPath: { path: "/" } },
          ];
        }),
      ),
    ];
    expect(await messages(noHostPath, regs)).toEqual([
      'CronJob "coder" volume "docker" must not use hostPath; use an emptyDir, configMap, secret, projected or persistentVolumeClaim volume instead.',
      'CronJob "coder" volume "root" must not use hostPath; use an emptyDir, configMap, secret, projected or persistentVolumeClaim volume instead.',
    ]);
  });
});
