import type { PolicyResource, StackValidationArgs } from "@pulumi/policy";
import { describe, expect, it } from "vitest";
import { policies } from "../../policies/all";
import { runtimeClassHandler } from "../../policies/sandbox/runtime-class-handler";
import { runtimeClassRequired } from "../../policies/sandbox/runtime-class-required";
import type { Registration } from "../../cli/mock-runtime";
import { policyByName, reasonsFor } from "./not-applicable";
import { stackRelease } from "./observability/objects";
import {
  agentDeployment,
  agentTemplate,
  defaultDenySpec,
  list,
  messages,
  namespace,
  networkPolicy,
  registration,
  runtimeClass,
  sandboxRuntimeClasses,
  serviceAccount,
  violations,
  workload,
} from "./helpers";

const bare = workload("Deployment", "bare", { metadata: { labels: { app: "bare" } }, spec: { containers: [{ name: "a", image: "a:1" }] } });

describe("policies on sparse and odd inputs", () => {
  it("judge a pod spec with no securityContext anywhere without throwing", async () => {
    const found = await violations(policies, [
      bare,
      workload("Pod", "odd", {
        metadata: {},
        spec: { containers: [{ name: "a", image: "a:1", securityContext: {} }], securityContext: {} },
      }),
    ]);
    expect([...new Set(found.map((v) => v.policy))].sort()).toEqual([
      "agentcloud-pod-security-drop-all-capabilities",
      "agentcloud-pod-security-no-privilege-escalation",
      "agentcloud-pod-security-read-only-root-filesystem",
      "agentcloud-pod-security-run-as-non-root",
      "agentcloud-pod-security-seccomp-runtime-default",
    ]);
  });

  it("treat null and empty settings as unset", async () => {
    const regs = [
      agentDeployment("coder", (t) => {
        const c = t.spec.containers[0].securityContext as Record<string, unknown>;
        c.procMount = null;
        c.appArmorProfile = {};
        c.seLinuxOptions = null;
        (t.spec.securityContext as Record<string, unknown>).appArmorProfile = { type: null };
        t.spec.securityContext!.seLinuxOptions = { level: "s0:c1" };
        t.spec.volumes = [{ name: "tmp", emptyDir: {}, nfs: null } as never, null as never];
        t.spec.containers[0].image = "";
        t.spec.initContainers = [
          {
            name: "i",
            image: 5 as never,
            securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] } },
          },
        ];
      }),
    ];
    expect(await violations(policies, [...sandboxRuntimeClasses(), stackRelease(), ...regs])).toEqual([]);
  });

  it("name unnamed containers and volumes by field and index, and objects with a non-string name by their Pulumi name", async () => {
    const reg = agentDeployment("coder", (t) => {
      t.spec.initContainers = [{ name: "", image: "busybox:latest" }];
      t.spec.ephemeralContainers = [{ image: "busybox:latest" } as never];
      t.spec.volumes = [
        { name: "", hostPath: { path: "/" } },
        { hostPath: { path: "/" } } as never,
        { name: "ok", hostPath: null as never },
      ];
    });
    (reg.inputs.metadata as Record<string, unknown>).name = 5;
    const found = await violations(policies, [reg]);
    expect(found.filter((v) => v.policy === "agentcloud-images-no-latest-tag").map((v) => v.message)).toEqual([
      'Deployment "res-coder" ephemeral container "ephemeralContainers[0]" image uses the latest tag; pin it by digest (image@sha256:...) or at least a version tag.',
      'Deployment "res-coder" init container "initContainers[0]" image uses the latest tag; pin it by digest (image@sha256:...) or at least a version tag.',
    ]);
    expect(found.filter((v) => v.policy === "agentcloud-pod-security-no-host-path").map((v) => v.message)).toEqual([
      'Deployment "res-coder" volume "volumes[0]" must not use hostPath; use an emptyDir, configMap, secret, projected or persistentVolumeClaim volume instead.',
      'Deployment "res-coder" volume "volumes[1]" must not use hostPath; use an emptyDir, configMap, secret, projected or persistentVolumeClaim volume instead.',
    ]);
  });

  it("never print values that are not identifier-shaped: capabilities, seccomp types, RuntimeClass names and handlers, volume sources", async () => {
    const regs = [
      agentDeployment("coder", (t) => {
        t.spec.runtimeClassName = "Bad Name";
        t.spec.securityContext!.seccompProfile = { type: "Custom" };
        t.spec.containers[0].securityContext!.seccompProfile = { type: "Other" };
        t.spec.containers[0].securityContext!.capabilities = { drop: ["ALL"], add: ["bad-cap"] };
        t.spec.volumes = [{ name: "a", "x-y": {} } as never, { name: "b", nfs1: {} } as never, { name: "c", "1nfs": {} } as never];
      }),
    ];
    const found = await violations(policies, regs);
    const of = (policy: string) => found.filter((v) => v.policy === `agentcloud-${policy}`).map((v) => v.message);
    expect(of("pod-security-seccomp-runtime-default")).toEqual([
      'Deployment "coder" container "agent" must not set securityContext.seccompProfile.type to an unknown type; use RuntimeDefault or Localhost.',
      'Deployment "coder" must not set spec.template.spec.securityContext.seccompProfile.type to an unknown type; use RuntimeDefault or Localhost.',
    ]);
    expect(of("pod-security-drop-all-capabilities")).toEqual([
      'Deployment "coder" container "agent" must not add capabilities (an invalid name); only NET_BIND_SERVICE may be added back.',
    ]);
    const allowed = "configMap, csi, downwardAPI, emptyDir, ephemeral, persistentVolumeClaim, projected, secret";
    expect(of("pod-security-volume-types")).toEqual([
      `Deployment "coder" volume "a" must not use an unknown source; use ${allowed}.`,
      `Deployment "coder" volume "b" must not use an unknown source; use ${allowed}.`,
      `Deployment "coder" volume "c" must not use an unknown source; use ${allowed}.`,
    ]);
    expect(of("sandbox-runtime-class-handler")).toEqual([
      'Deployment "coder" is an agent (labelled agentcloud.dev/agent) and runs under RuntimeClass (an invalid name), which this stack does not define and the platform does not provide; define it with a sandbox handler (runsc or kata-*) or list it in platformRuntimeClasses.',
    ]);
    const handled = await messages(runtimeClassHandler, [runtimeClass("gvisor", "Bad Handler"), agentDeployment("coder")]);
    expect(handled).toEqual([
      'Deployment "coder" is an agent (labelled agentcloud.dev/agent) and runs under RuntimeClass "gvisor", whose handler (an invalid name) is not a sandbox; use handler runsc (gVisor) or kata-* (Kata Containers).',
    ]);
  });

  it("reject AppArmor annotation values other than runtime/default and localhost/<profile>, naming the template's metadata path", async () => {
    const regs = [
      agentDeployment("coder", (t) => {
        t.metadata.annotations = {
          "container.apparmor.security.beta.kubernetes.io/a": "runtime/defaultxx",
          "container.apparmor.security.beta.kubernetes.io/b": "somethinglonger/x",
          "container.apparmor.security.beta.kubernetes.io/c": 7 as never,
        };
      }),
    ];
    const msg = (c: string) =>
      `Deployment "coder" must set annotation "container.apparmor.security.beta.kubernetes.io/${c}" in spec.template.metadata.annotations to runtime/default or localhost/<profile>, or remove it.`;
    expect(await messages(policyByName("agentcloud-pod-security-apparmor-confined"), regs)).toEqual([msg("a"), msg("b"), msg("c")]);
  });

  it("name every forbidden source of a volume, unnamed volumes by index, and ignore unset sources", async () => {
    const allowed = "configMap, csi, downwardAPI, emptyDir, ephemeral, persistentVolumeClaim, projected, secret";
    const regs = [
      agentDeployment("coder", (t) => {
        t.spec.volumes = [
          { name: "two", nfs: { server: "s", path: "/" }, gitRepo: { repository: "r" } },
          { nfs: { server: "s", path: "/" } } as never,
          { name: "ok", emptyDir: {}, nfs: undefined },
        ];
      }),
    ];
    expect(await messages(policyByName("agentcloud-pod-security-volume-types"), regs)).toEqual([
      `Deployment "coder" volume "two" must not use nfs, gitRepo; use ${allowed}.`,
      `Deployment "coder" volume "volumes[1]" must not use nfs; use ${allowed}.`,
    ]);
  });

  it("list every SELinux problem of the pod", async () => {
    const regs = [
      agentDeployment("coder", (t) => {
        t.spec.securityContext!.seLinuxOptions = { type: "spc_t", role: "r" };
      }),
    ];
    expect(await messages(policyByName("agentcloud-pod-security-selinux-options"), regs)).toEqual([
      'Deployment "coder" must not set spec.template.spec.securityContext.seLinuxOptions type, role; leave them unset (type may be container_t, container_init_t, container_kvm_t, container_engine_t).',
    ]);
  });

  it("skip RuntimeClass list items without a name, and read missing config as empty", async () => {
    const unnamed = list("kubernetes:node.k8s.io/v1:RuntimeClassList", "classes", [registration("x", "y", { handler: "runc" })]);
    // The list's own Pulumi name is not a RuntimeClass name.
    expect(
      await messages(runtimeClassHandler, [
        unnamed,
        agentDeployment("coder", (t) => {
          t.spec.runtimeClassName = "res-classes";
        }),
      ]),
    ).toEqual([
      'Deployment "coder" is an agent (labelled agentcloud.dev/agent) and runs under RuntimeClass "res-classes", which this stack does not define and the platform does not provide; define it with a sandbox handler (runsc or kata-*) or list it in platformRuntimeClasses.',
    ]);
    expect(await messages(runtimeClassHandler, [unnamed, agentDeployment("coder")])).toEqual([
      'Deployment "coder" is an agent (labelled agentcloud.dev/agent) and runs under RuntimeClass "gvisor", which this stack does not define and the platform does not provide; define it with a sandbox handler (runsc or kata-*) or list it in platformRuntimeClasses.',
    ]);
    const resources = [
      agentDeployment("coder", (t) => {
        t.spec.runtimeClassName = "runc";
      }),
      runtimeClass("runc", "runc"),
    ].map(asResource);
    const reported: string[] = [];
    const args = {
      resources,
      getConfig: () => ({}),
      notApplicable: () => undefined,
      stackTags: new Map(),
    } as unknown as StackValidationArgs;
    void runtimeClassHandler.validateStack(args, (m) => reported.push(m));
    void runtimeClassRequired.validateStack(args, (m) => reported.push(m));
    expect(reported).toEqual([
      'Deployment "coder" is an agent (labelled agentcloud.dev/agent) and runs under RuntimeClass "runc", whose handler ("runc") is not a sandbox; use handler runsc (gVisor) or kata-* (Kata Containers).',
      'Deployment "coder" is an agent (labelled agentcloud.dev/agent) and sets spec.template.spec.runtimeClassName to "runc", which is not a sandbox RuntimeClass; use one of gvisor, kata-qemu, kata-clh, kata-fc.',
    ]);
  });

  it("judge NetworkPolicies with missing or null parts as not default-deny, and accept null ingress and an endPort of 53", async () => {
    const MISSING =
      'Namespace "team-a" is a tenant namespace and needs a default-deny NetworkPolicy in it (podSelector {}, policyTypes [Ingress, Egress], no ingress rules, egress only to port 53).';
    const spec = defaultDenySpec();
    const judge = async (policy: Registration) =>
      (await violations([policyByName("agentcloud-network-default-deny")], [namespace("team-a", "a"), policy])).map((v) => v.message);
    const noSpec = networkPolicy("deny", "team-a", spec);
    delete noSpec.inputs.spec;
    const nullSpec = networkPolicy("deny", "team-a", spec);
    nullSpec.inputs.spec = null;
    for (const bad of [
      noSpec,
      nullSpec,
      networkPolicy("deny", "team-a", { ...spec, egress: [null as never] }),
      networkPolicy("deny", "team-a", { ...spec, egress: [{ ports: [null as never] }] }),
      networkPolicy("deny", "team-a", { ...spec, policyTypes: "Ingress,Egress" as never }),
    ]) {
      expect(await judge(bad)).toEqual([MISSING]);
    }
    expect(await judge(networkPolicy("deny", "team-a", { ...spec, ingress: null as never }))).toEqual([]);
    expect(await judge(networkPolicy("deny", "team-a", { ...spec, egress: [{ ports: [{ port: 53, endPort: 53 }] }] }))).toEqual([]);
  });
});

describe("not-applicable reasons", () => {
  it("name what each kind of policy applies to", () => {
    expect(reasonsFor([registration("kubernetes:core/v1:ConfigMap", "cm", {})])).toEqual({
      "agentcloud-identity-no-token-automount": ["No ServiceAccount and no agent pod template in the stack"],
      "agentcloud-images-no-latest-tag": [
        "Policy only applies to pod-bearing resources (Pod, PodTemplate, ReplicationController, Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, CronJob, Sandbox, SandboxTemplate)",
      ],
      "agentcloud-kubernetes-no-removed-apis": ["Policy only applies to resources of removed API versions"],
      "agentcloud-network-default-deny": ["No Namespace is labelled agentcloud.dev/tenant"],
      "agentcloud-sandbox-runtime-class-handler": [
        "No pod template is labelled agentcloud.dev/agent or sits in a namespace labelled agentcloud.dev/tenant",
      ],
    });
    expect(reasonsFor([agentDeployment("coder")])["agentcloud-identity-no-token-automount"]).toBeUndefined();
    expect(reasonsFor([serviceAccount("sa", false)])["agentcloud-identity-no-token-automount"]).toBeUndefined();
    expect(reasonsFor([workload("Job", "j", agentTemplate())])["agentcloud-images-no-latest-tag"]).toBeUndefined();
  });
});

function asResource(r: Registration): PolicyResource {
  return { type: r.type, name: r.name, urn: r.urn, props: r.inputs } as unknown as PolicyResource;
}
