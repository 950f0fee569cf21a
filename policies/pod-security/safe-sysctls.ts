import type { ResourceValidationPolicy } from "@pulumi/policy";
import { strictConfigSchema } from "../lib/config-schema";
import { podSecurityStandards } from "../lib/frameworks";
import { shown, SYSCTL } from "../lib/messages";
import { describeTemplate, validatePodTemplates } from "../lib/pod-templates";

/** The sysctls PSS baseline allows: namespaced, and isolated from other pods on the node. */
export const SAFE_SYSCTLS: readonly string[] = [
  "kernel.shm_rmid_forced",
  "net.ipv4.ip_local_port_range",
  "net.ipv4.ip_unprivileged_port_start",
  "net.ipv4.tcp_syncookies",
  "net.ipv4.ping_group_range",
  "net.ipv4.ip_local_reserved_ports",
  "net.ipv4.tcp_keepalive_time",
  "net.ipv4.tcp_fin_timeout",
  "net.ipv4.tcp_keepalive_intvl",
  "net.ipv4.tcp_keepalive_probes",
];

/** PSS baseline "Sysctls": other sysctls can disable security mechanisms or affect every pod on the node. */
export const safeSysctls: ResourceValidationPolicy = {
  name: "agentcloud-pod-security-safe-sysctls",
  description: "Pods may set only the safe sysctls in spec.securityContext.sysctls (Pod Security Standards baseline and restricted).",
  enforcementLevel: "mandatory",
  severity: "high",
  framework: podSecurityStandards("Baseline: Sysctls (spec.securityContext.sysctls[*].name)"),
  tags: ["pss:baseline", "pss:restricted", "pss-baseline:sysctls"],
  configSchema: strictConfigSchema(),
  remediationSteps: `Remove every sysctl from spec.securityContext.sysctls except ${SAFE_SYSCTLS.join(", ")}; tune the node instead.`,
  validateResource: validatePodTemplates((template, _args, report) => {
    const sysctls: unknown[] = Array.isArray(template.spec.securityContext?.sysctls) ? template.spec.securityContext.sysctls : [];
    sysctls.forEach((sysctl, i) => {
      const name = (sysctl as { name?: unknown } | null)?.name;
      if (typeof name === "string" && SAFE_SYSCTLS.includes(name)) return;
      report(
        `${describeTemplate(template)} must not set sysctl ${shown(name, SYSCTL, `${template.specPath}.securityContext.sysctls[${i}]`)}; ` +
          `only ${SAFE_SYSCTLS.join(", ")} are safe.`,
      );
    });
  }),
};
