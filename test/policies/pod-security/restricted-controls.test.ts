import { describe, expect, it } from "vitest";
import { nonRootUser } from "../../../policies/pod-security/non-root-user";
import { ALLOWED_VOLUME_SOURCES, volumeTypes } from "../../../policies/pod-security/volume-types";
import { agentDeployment, messages, workload, agentTemplate } from "../helpers";

describe("agentcloud-pod-security-non-root-user", () => {
  it("accepts non-zero and unset runAsUser", async () => {
    expect(
      await messages(nonRootUser, [
        agentDeployment("coder", (t) => {
          t.spec.containers[0].securityContext!.runAsUser = 1000;
        }),
      ]),
    ).toEqual([]);
    expect(
      await messages(nonRootUser, [
        agentDeployment("coder", (t) => {
          delete t.spec.securityContext!.runAsUser;
        }),
      ]),
    ).toEqual([]);
  });

  it("flags a container's runAsUser 0 under a pod-level runAsNonRoot, and a pod-level runAsUser 0", async () => {
    const regs = [
      agentDeployment("coder", (t) => {
        t.spec.securityContext = { runAsNonRoot: true, runAsUser: 0 };
        t.spec.initContainers = [{ name: "setup", image: "busybox:1", securityContext: { runAsUser: 0 } }];
      }),
    ];
    expect(await messages(nonRootUser, regs)).toEqual([
      'Deployment "coder" init container "setup" must not set securityContext.runAsUser to 0; use a non-zero UID such as 65532.',
      'Deployment "coder" must not set spec.template.spec.securityContext.runAsUser to 0; use a non-zero UID such as 65532.',
    ]);
  });
});

describe("agentcloud-pod-security-volume-types", () => {
  it("accepts every allowed volume source", async () => {
    const regs = [
      agentDeployment("coder", (t) => {
        t.spec.volumes = ALLOWED_VOLUME_SOURCES.map((source, i) => ({ name: `v${i}`, [source]: {} }));
      }),
    ];
    expect(await messages(volumeTypes, regs)).toEqual([]);
  });

  it("flags every other source (hostPath, nfs, gitRepo, ...) by volume name, never printing its settings", async () => {
    const regs = [
      workload(
        "StatefulSet",
        "coder",
        agentTemplate((t) => {
          t.spec.volumes = [
            { name: "tmp", emptyDir: {} },
            { name: "share", nfs: { server: "secret.example", path: "/exports" } },
            { name: "repo", gitRepo: { repository: "https://token@example.com/x.git" } },
            { name: "root", hostPath: { path: "/" }, emptyDir: undefined },
          ];
        }),
      ),
    ];
    const allowed = ALLOWED_VOLUME_SOURCES.join(", ");
    expect(await messages(volumeTypes, regs)).toEqual([
      `StatefulSet "coder" volume "repo" must not use gitRepo; use ${allowed}.`,
      `StatefulSet "coder" volume "root" must not use hostPath; use ${allowed}.`,
      `StatefulSet "coder" volume "share" must not use nfs; use ${allowed}.`,
    ]);
  });
});
