import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { runCliAsync, tempDir } from "../cli/run-cli";

const FIXTURE = resolve(__dirname, "fixtures/bypasses");

interface Report {
  violations: { policy: string; message: string; enforcementLevel: string }[];
}

async function plan(stack: string) {
  const out = tempDir();
  const result = await runCliAsync(["plan", "--dir", FIXTURE, "--stack", stack, "--out", out]);
  const report = JSON.parse(readFileSync(join(out, stack, "policy-report.json"), "utf8")) as Report;
  return {
    result,
    violations: report.violations.map((v) => `${v.policy}: ${v.message}`),
    levels: report.violations.map((v) => v.enforcementLevel),
  };
}

// One end-to-end plan of the bypasses the fast tests cover, through the real CLI and @pulumi/kubernetes classes.
describe("agentcloud plan of known policy bypasses (end to end)", () => {
  it("fails the bypasses with exact messages, and passes their compliant twins", async () => {
    const [bypass, compliant] = await Promise.all([plan("bypass"), plan("compliant")]);
    expect(bypass.violations).toEqual([
      'agentcloud-kubernetes-no-removed-apis: CronJob "nightly" uses batch/v1beta1 CronJob, which Kubernetes stopped serving in v1.25; use batch/v1 instead.',
      'agentcloud-pod-security-no-host-namespaces: Pod "raw-pod" must not set spec.hostPID to true.',
      'agentcloud-sandbox-runtime-class-handler: CronJob "nightly" is an agent (in tenant namespace "team-a") and runs under RuntimeClass "gvisor", whose handler ("runc") is not a sandbox; use handler runsc (gVisor) or kata-* (Kata Containers).',
      'agentcloud-sandbox-runtime-class-handler: Pod "raw-pod" is an agent (in tenant namespace "team-a") and runs under RuntimeClass "gvisor", whose handler ("runc") is not a sandbox; use handler runsc (gVisor) or kata-* (Kata Containers).',
      'agentcloud-sandbox-runtime-class-required: DeploymentPatch "unlabelled" is an agent (in tenant namespace "team-a") and must set spec.template.spec.runtimeClassName to a sandbox RuntimeClass (gvisor, kata-qemu, kata-clh, kata-fc), or carry annotation agentcloud.dev/unsafe-no-sandbox with a non-empty reason.',
      'agentcloud-sandbox-runtime-class-required: ReplicationController "legacy" is an agent (in tenant namespace "team-a") and must set spec.template.spec.runtimeClassName to a sandbox RuntimeClass (gvisor, kata-qemu, kata-clh, kata-fc), or carry annotation agentcloud.dev/unsafe-no-sandbox with a non-empty reason.',
      'agentcloud-sandbox-unsafe-opt-out: ReplicationController "legacy" is an agent (in tenant namespace "team-a") whose agentcloud.dev/unsafe-no-sandbox annotation states no reason, so it is not an opt-out and agentcloud-sandbox-runtime-class-required still applies; state a reason or remove it.',
    ]);
    expect(bypass.levels).toEqual(["mandatory", "mandatory", "mandatory", "mandatory", "mandatory", "mandatory", "advisory"]);
    expect(bypass.result.status).toBe(1);
    expect(compliant.violations).toEqual([
      'agentcloud-sandbox-unsafe-opt-out: ReplicationController "legacy" is an agent (in tenant namespace "team-a") that runs without a sandbox: spec.template.metadata.annotations sets agentcloud.dev/unsafe-no-sandbox; a security reviewer should confirm the stated reason.',
    ]);
    expect(compliant.result.status).toBe(0);
  }, 240_000);
});
