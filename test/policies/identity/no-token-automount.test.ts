import { describe, expect, it } from "vitest";
import { noTokenAutomount } from "../../../policies/identity/no-token-automount";
import { agentDeployment, agentTemplate, messages, plainTemplate, registration, workload } from "../helpers";

function serviceAccount(name: string, automount?: boolean) {
  const inputs: Record<string, unknown> = { apiVersion: "v1", kind: "ServiceAccount", metadata: { name, namespace: "team-a" } };
  if (automount !== undefined) inputs.automountServiceAccountToken = automount;
  return registration("kubernetes:core/v1:ServiceAccount", name, inputs);
}

describe("agentcloud-identity-no-token-automount", () => {
  it("accepts ServiceAccounts and agent pods that disable token automounting, and ignores non-agent pods", async () => {
    const web = workload("Deployment", "web", plainTemplate((t) => { delete t.spec.automountServiceAccountToken; }));
    expect(await messages(noTokenAutomount, [serviceAccount("coder", false), agentDeployment("coder"), web])).toEqual([]);
  });

  it("flags ServiceAccounts that leave automounting on or unset", async () => {
    expect(await messages(noTokenAutomount, [serviceAccount("coder"), serviceAccount("reviewer", true)])).toEqual([
      'ServiceAccount "coder" must set automountServiceAccountToken to false.',
      'ServiceAccount "reviewer" must set automountServiceAccountToken to false.',
    ]);
  });

  it("flags agent pod templates that set automounting true or leave it unset", async () => {
    const regs = [
      agentDeployment("coder", (t) => { t.spec.automountServiceAccountToken = true; }),
      workload("SandboxTemplate", "browser", agentTemplate((t) => { delete t.spec.automountServiceAccountToken; })),
      workload("CronJob", "nightly", agentTemplate((t) => { delete t.spec.automountServiceAccountToken; })),
    ];
    expect(await messages(noTokenAutomount, regs)).toEqual([
      'Deployment "coder" is an agent and must set spec.template.spec.automountServiceAccountToken to false.',
      'CronJob "nightly" is an agent and must set spec.jobTemplate.spec.template.spec.automountServiceAccountToken to false.',
      'SandboxTemplate "browser" is an agent and must set spec.podTemplate.spec.automountServiceAccountToken to false.',
    ]);
  });

  it("reports nothing when disabled", async () => {
    expect(await messages(noTokenAutomount, [serviceAccount("coder")], { "agentcloud-identity-no-token-automount": "disabled" })).toEqual([]);
  });
});
