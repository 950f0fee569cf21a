import { describe, expect, it } from "vitest";
import { runtimeClassRequired } from "../../../policies/sandbox/runtime-class-required";
import { agentDeployment, agentTemplate, list, messages, namespace, plainTemplate, retype, violations, workload } from "../helpers";

const KNOWN = "gvisor, kata-qemu, kata-clh, kata-fc";
const UNSET = (kind: string, path: string, why = "labelled agentcloud.dev/agent", name = "coder") =>
  `${kind} "${name}" is an agent (${why}) and must set ${path}.runtimeClassName to a sandbox RuntimeClass (${KNOWN}), ` +
  "or carry annotation agentcloud.dev/unsafe-no-sandbox with a non-empty reason.";
const bare = () =>
  agentTemplate((t) => {
    delete t.spec.runtimeClassName;
  });

describe("agentcloud-sandbox-runtime-class-required", () => {
  it("accepts agents under every sandbox RuntimeClass agentcloud knows", async () => {
    const regs = ["gvisor", "kata-qemu", "kata-clh", "kata-fc"].map((rc) =>
      agentDeployment(`coder-${rc}`, (t) => {
        t.spec.runtimeClassName = rc;
      }),
    );
    expect(await messages(runtimeClassRequired, regs)).toEqual([]);
  });

  it("flags an agent Deployment without runtimeClassName, against the Deployment's URN", async () => {
    const found = await violations(
      [runtimeClassRequired],
      [
        agentDeployment("coder", (t) => {
          delete t.spec.runtimeClassName;
        }),
      ],
    );
    expect(found.map((v) => [v.message, v.urn])).toEqual([
      [UNSET("Deployment", "spec.template.spec"), "urn:pulumi:test::test::kubernetes:apps/v1:Deployment::res-coder"],
    ]);
  });

  it("flags an agent under a RuntimeClass that is not a sandbox, and an empty runtimeClassName", async () => {
    expect(
      await messages(runtimeClassRequired, [
        agentDeployment("coder", (t) => {
          t.spec.runtimeClassName = "runc";
        }),
      ]),
    ).toEqual([
      'Deployment "coder" is an agent (labelled agentcloud.dev/agent) and sets spec.template.spec.runtimeClassName to "runc", ' +
        `which is not a sandbox RuntimeClass; use one of ${KNOWN}.`,
    ]);
    expect(
      await messages(runtimeClassRequired, [
        agentDeployment("coder", (t) => {
          t.spec.runtimeClassName = "";
        }),
      ]),
    ).toEqual([UNSET("Deployment", "spec.template.spec")]);
  });

  it("never prints a runtimeClassName that is not an object name", async () => {
    const regs = [
      agentDeployment("coder", (t) => {
        t.spec.runtimeClassName = "Bearer s3cr3t/token";
      }),
    ];
    expect(await messages(runtimeClassRequired, regs)).toEqual([
      'Deployment "coder" is an agent (labelled agentcloud.dev/agent) and sets spec.template.spec.runtimeClassName to a value, ' +
        `which is not a sandbox RuntimeClass; use one of ${KNOWN}.`,
    ]);
  });

  it("accepts RuntimeClasses named in additionalRuntimeClasses config, and lists them in messages", async () => {
    const config = { "agentcloud-sandbox-runtime-class-required": { additionalRuntimeClasses: ["gvisor-gpu"] } };
    expect(
      await messages(
        runtimeClassRequired,
        [
          agentDeployment("coder", (t) => {
            t.spec.runtimeClassName = "gvisor-gpu";
          }),
        ],
        config,
      ),
    ).toEqual([]);
    expect(
      await messages(
        runtimeClassRequired,
        [
          agentDeployment("coder", (t) => {
            t.spec.runtimeClassName = "runc";
          }),
        ],
        config,
      ),
    ).toEqual([
      'Deployment "coder" is an agent (labelled agentcloud.dev/agent) and sets spec.template.spec.runtimeClassName to "runc", ' +
        `which is not a sandbox RuntimeClass; use one of ${KNOWN}, gvisor-gpu.`,
    ]);
    expect(
      await messages(runtimeClassRequired, [
        agentDeployment("coder", (t) => {
          t.spec.runtimeClassName = "gvisor-gpu";
        }),
      ]),
    ).toHaveLength(1);
  });

  it("does not flag an agent that opted out with a reason", async () => {
    const regs = [
      agentDeployment("coder", (t) => {
        delete t.spec.runtimeClassName;
        t.metadata.annotations = { "agentcloud.dev/unsafe-no-sandbox": "needs nested virtualisation for its own VMs" };
      }),
    ];
    expect(await messages(runtimeClassRequired, regs)).toEqual([]);
  });

  it("still applies when the opt-out annotation states no reason (empty or blank)", async () => {
    for (const reason of ["", "   "]) {
      const regs = [
        agentDeployment("coder", (t) => {
          delete t.spec.runtimeClassName;
          t.metadata.annotations = { "agentcloud.dev/unsafe-no-sandbox": reason };
        }),
      ];
      expect({ reason, found: await messages(runtimeClassRequired, regs) }).toEqual({
        reason,
        found: [UNSET("Deployment", "spec.template.spec")],
      });
    }
  });

  it("ignores workloads that are not agents: no agent label, not in a tenant namespace", async () => {
    expect(await messages(runtimeClassRequired, [workload("Deployment", "web", plainTemplate()), namespace("apps")])).toEqual([]);
  });

  it("treats every workload in a tenant namespace as an agent, so removing the label is no escape", async () => {
    const unlabelled = workload("Deployment", "coder", plainTemplate(), undefined, "team-a");
    expect(await messages(runtimeClassRequired, [namespace("team-a", "a"), unlabelled])).toEqual([
      UNSET("Deployment", "spec.template.spec", 'in tenant namespace "team-a"'),
    ]);
    // The compliant twin: the same unlabelled workload under gVisor.
    const sandboxed = workload(
      "Deployment",
      "coder",
      plainTemplate((t) => {
        t.spec.runtimeClassName = "gvisor";
      }),
      undefined,
      "team-a",
    );
    expect(await messages(runtimeClassRequired, [namespace("team-a", "a"), sandboxed])).toEqual([]);
  });

  it("judges a workload without metadata.namespace as in default (a tenant namespace when labelled so)", async () => {
    const reg = workload("Deployment", "coder", plainTemplate());
    delete (reg.inputs.metadata as Record<string, unknown>).namespace;
    expect(await messages(runtimeClassRequired, [namespace("default", "d"), reg])).toEqual([
      UNSET("Deployment", "spec.template.spec", 'in tenant namespace "default"'),
    ]);
    expect(await messages(runtimeClassRequired, [namespace("default"), reg])).toEqual([]);
  });

  it("counts the agent label on the workload itself too, not only on its pod template", async () => {
    const reg = workload("Deployment", "coder", plainTemplate());
    (reg.inputs.metadata as Record<string, unknown>).labels = { "agentcloud.dev/agent": "coder" };
    expect(await messages(runtimeClassRequired, [reg])).toEqual([UNSET("Deployment", "spec.template.spec")]);
  });

  it("checks every pod-bearing kind: ReplicationController, PodTemplate, CronJob, Sandbox(Template), patches, CustomResources, lists", async () => {
    const cases: [string, ReturnType<typeof workload>, string][] = [
      ["ReplicationController", workload("ReplicationController", "coder", bare()), "spec.template.spec"],
      ["PodTemplate", workload("PodTemplate", "coder", bare()), "template.spec"],
      ["CronJob", workload("CronJob", "coder", bare()), "spec.jobTemplate.spec.template.spec"],
      ["SandboxTemplate", workload("SandboxTemplate", "coder", bare()), "spec.podTemplate.spec"],
      ["Sandbox", workload("Sandbox", "coder", bare(), "agents.x-k8s.io/v1alpha1"), "spec.podTemplate.spec"],
      ["DeploymentPatch", retype(workload("Deployment", "coder", bare()), "kubernetes:apps/v1:DeploymentPatch"), "spec.template.spec"],
      ["PodPatch", retype(workload("Pod", "coder", bare()), "kubernetes:core/v1:PodPatch"), "spec"],
      ["Pod", retype(workload("Pod", "coder", bare()), "kubernetes:v1:Pod"), "spec"],
      ["CronJob", workload("CronJob", "coder", bare(), "batch/v1beta1"), "spec.jobTemplate.spec.template.spec"],
      ["Deployment", workload("Deployment", "coder", bare(), "extensions/v1beta1"), "spec.template.spec"],
      ["DaemonSet", workload("DaemonSet", "coder", bare(), "apps/v1beta2"), "spec.template.spec"],
    ];
    for (const [kind, reg, path] of cases) {
      expect({ type: reg.type, found: await messages(runtimeClassRequired, [reg]) }).toEqual({
        type: reg.type,
        found: [UNSET(kind, path)],
      });
    }
    const listed = list("kubernetes:apps/v1:DeploymentList", "coders", [agentDeployment("ok"), workload("Deployment", "coder", bare())]);
    expect(await messages(runtimeClassRequired, [listed])).toEqual([UNSET("Deployment", "items[1].spec.template.spec")]);
  });

  it("is not applicable to a stack without agents", async () => {
    const found = await violations([runtimeClassRequired], [workload("Deployment", "web", plainTemplate())]);
    expect(found).toEqual([]);
  });
});
