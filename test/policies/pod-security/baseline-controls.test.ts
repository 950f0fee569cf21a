import { describe, expect, it } from "vitest";
import { apparmorConfined } from "../../../policies/pod-security/apparmor-confined";
import { noHostPorts } from "../../../policies/pod-security/no-host-ports";
import { noHostProcess } from "../../../policies/pod-security/no-host-process";
import { procMountDefault } from "../../../policies/pod-security/proc-mount-default";
import { safeSysctls, SAFE_SYSCTLS } from "../../../policies/pod-security/safe-sysctls";
import { selinuxOptions } from "../../../policies/pod-security/selinux-options";
import { agentDeployment, agentTemplate, messages, plainTemplate, workload } from "../helpers";

describe("agentcloud-pod-security-no-host-ports", () => {
  it("accepts ports without hostPort, or hostPort 0", async () => {
    const regs = [
      agentDeployment("coder", (t) => {
        t.spec.containers[0].ports = [{ containerPort: 8080 }, { containerPort: 9090, hostPort: 0 }];
      }),
    ];
    expect(await messages(noHostPorts, regs)).toEqual([]);
  });

  it("flags every hostPort, in containers, init and ephemeral containers", async () => {
    const regs = [
      workload(
        "Job",
        "coder",
        plainTemplate((t) => {
          t.spec.containers[0].ports = [{ containerPort: 8080 }, { containerPort: 9090, hostPort: 9090 }];
          t.spec.initContainers = [{ name: "setup", image: "busybox:1", ports: [{ containerPort: 1, hostPort: 1 }] }];
          t.spec.ephemeralContainers = [{ name: "debug", image: "busybox:1", ports: [{ containerPort: 2, hostPort: 2 }] }];
        }),
      ),
    ];
    expect(await messages(noHostPorts, regs)).toEqual([
      'Job "coder" container "agent" must not set ports[1].hostPort; remove it or set it to 0.',
      'Job "coder" ephemeral container "debug" must not set ports[0].hostPort; remove it or set it to 0.',
      'Job "coder" init container "setup" must not set ports[0].hostPort; remove it or set it to 0.',
    ]);
  });
});

describe("agentcloud-pod-security-proc-mount-default", () => {
  it("accepts procMount unset or Default, and flags Unmasked", async () => {
    expect(
      await messages(procMountDefault, [
        agentDeployment("coder", (t) => {
          t.spec.containers[0].securityContext!.procMount = "Default";
        }),
      ]),
    ).toEqual([]);
    expect(
      await messages(procMountDefault, [
        agentDeployment("coder", (t) => {
          t.spec.containers[0].securityContext!.procMount = "Unmasked";
        }),
      ]),
    ).toEqual(['Deployment "coder" container "agent" must leave securityContext.procMount unset or set it to Default.']);
  });
});

describe("agentcloud-pod-security-safe-sysctls", () => {
  it("accepts every safe sysctl", async () => {
    const regs = [
      agentDeployment("coder", (t) => {
        t.spec.securityContext!.sysctls = SAFE_SYSCTLS.map((name) => ({ name, value: "1" }));
      }),
    ];
    expect(await messages(safeSysctls, regs)).toEqual([]);
  });

  it("flags other sysctls by name, and never prints a name that is not sysctl-shaped", async () => {
    const regs = [
      agentDeployment("coder", (t) => {
        t.spec.securityContext!.sysctls = [
          { name: "net.ipv4.tcp_syncookies", value: "1" },
          { name: "kernel.msgmax", value: "65536" },
          { name: "Bearer abc", value: "x" },
        ];
      }),
    ];
    const safe = SAFE_SYSCTLS.join(", ");
    expect(await messages(safeSysctls, regs)).toEqual([
      `Deployment "coder" must not set sysctl "kernel.msgmax"; only ${safe} are safe.`,
      `Deployment "coder" must not set sysctl spec.template.spec.securityContext.sysctls[2]; only ${safe} are safe.`,
    ]);
  });
});

describe("agentcloud-pod-security-selinux-options", () => {
  const fix = "leave them unset (type may be container_t, container_init_t, container_kvm_t, container_engine_t).";

  it("accepts the allowed types and an empty type", async () => {
    const regs = ["container_t", "container_init_t", "container_kvm_t", "container_engine_t", ""].map((type) =>
      agentDeployment(`coder-${type}`, (t) => {
        t.spec.securityContext!.seLinuxOptions = { type, user: "", role: "", level: "s0:c123,c456" };
      }),
    );
    expect(await messages(selinuxOptions, regs)).toEqual([]);
  });

  it("flags a custom type, user or role on the pod and on containers", async () => {
    const regs = [
      agentDeployment("coder", (t) => {
        t.spec.securityContext!.seLinuxOptions = { type: "spc_t" };
        t.spec.containers[0].securityContext!.seLinuxOptions = { user: "system_u", role: "system_r" };
      }),
    ];
    expect(await messages(selinuxOptions, regs)).toEqual([
      `Deployment "coder" container "agent" must not set securityContext.seLinuxOptions user, role; ${fix}`,
      `Deployment "coder" must not set spec.template.spec.securityContext.seLinuxOptions type; ${fix}`,
    ]);
  });
});

describe("agentcloud-pod-security-apparmor-confined", () => {
  it("accepts RuntimeDefault and Localhost profiles and annotations", async () => {
    const regs = [
      agentDeployment("coder", (t) => {
        t.metadata.annotations = {
          "container.apparmor.security.beta.kubernetes.io/agent": "runtime/default",
          "container.apparmor.security.beta.kubernetes.io/side": "localhost/agent-profile",
          "example.com/other": "unconfined",
        };
        t.spec.securityContext!.appArmorProfile = { type: "RuntimeDefault" };
        t.spec.containers[0].securityContext!.appArmorProfile = { type: "Localhost", localhostProfile: "agent" };
      }),
    ];
    expect(await messages(apparmorConfined, regs)).toEqual([]);
  });

  it("flags Unconfined in the annotation and in securityContext.appArmorProfile (pod and container)", async () => {
    const regs = [
      workload(
        "Pod",
        "coder",
        agentTemplate((t) => {
          t.metadata.annotations = {
            "container.apparmor.security.beta.kubernetes.io/agent": "unconfined",
            "container.apparmor.security.beta.kubernetes.io/side": "localhost/",
          };
          t.spec.securityContext!.appArmorProfile = { type: "Unconfined" };
          t.spec.containers[0].securityContext!.appArmorProfile = { type: "Unconfined" };
        }),
      ),
    ];
    expect(await messages(apparmorConfined, regs)).toEqual([
      'Pod "coder" container "agent" must set securityContext.appArmorProfile.type to RuntimeDefault or Localhost.',
      'Pod "coder" must set annotation "container.apparmor.security.beta.kubernetes.io/agent" in metadata.annotations to runtime/default or localhost/<profile>, or remove it.',
      'Pod "coder" must set annotation "container.apparmor.security.beta.kubernetes.io/side" in metadata.annotations to runtime/default or localhost/<profile>, or remove it.',
      'Pod "coder" must set spec.securityContext.appArmorProfile.type to RuntimeDefault or Localhost.',
    ]);
  });
});

describe("agentcloud-pod-security-no-host-process", () => {
  it("accepts hostProcess false and flags true on the pod and containers", async () => {
    expect(
      await messages(noHostProcess, [
        agentDeployment("coder", (t) => {
          t.spec.securityContext!.windowsOptions = { hostProcess: false };
        }),
      ]),
    ).toEqual([]);
    const regs = [
      agentDeployment("coder", (t) => {
        t.spec.securityContext!.windowsOptions = { hostProcess: true };
        t.spec.containers[0].securityContext!.windowsOptions = { hostProcess: true };
      }),
    ];
    expect(await messages(noHostProcess, regs)).toEqual([
      'Deployment "coder" container "agent" must not set securityContext.windowsOptions.hostProcess to true.',
      'Deployment "coder" must not set spec.template.spec.securityContext.windowsOptions.hostProcess to true.',
    ]);
  });
});
