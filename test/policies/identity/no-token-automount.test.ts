import { describe, expect, it } from "vitest";
import { noTokenAutomount } from "../../../policies/identity/no-token-automount";
import {
  agentDeployment,
  agentTemplate,
  list,
  messages,
  namespace,
  plainTemplate,
  registration,
  retype,
  serviceAccount,
  violations,
  workload,
} from "../helpers";

describe("agentcloud-identity-no-token-automount", () => {
  it("accepts ServiceAccounts and agent pods that disable token automounting, and ignores non-agent pods", async () => {
    const web = workload(
      "Deployment",
      "web",
      plainTemplate((t) => {
        delete t.spec.automountServiceAccountToken;
      }),
    );
    expect(await messages(noTokenAutomount, [serviceAccount("coder", false), agentDeployment("coder"), web])).toEqual([]);
  });

  it("flags ServiceAccounts that leave automounting on or unset, against their URNs", async () => {
    const found = await violations([noTokenAutomount], [serviceAccount("coder"), serviceAccount("reviewer", true)]);
    expect(found.map((v) => [v.message, v.urn])).toEqual([
      [
        'ServiceAccount "coder" must set automountServiceAccountToken to false.',
        "urn:pulumi:test::test::kubernetes:core/v1:ServiceAccount::res-coder",
      ],
      [
        'ServiceAccount "reviewer" must set automountServiceAccountToken to false.',
        "urn:pulumi:test::test::kubernetes:core/v1:ServiceAccount::res-reviewer",
      ],
    ]);
  });

  it("flags ServiceAccount patches, CustomResources and list items; falls back to the Pulumi name", async () => {
    expect(await messages(noTokenAutomount, [retype(serviceAccount("a"), "kubernetes:core/v1:ServiceAccountPatch")])).toEqual([
      'ServiceAccountPatch "a" must set automountServiceAccountToken to false.',
    ]);
    expect(await messages(noTokenAutomount, [retype(serviceAccount("b"), "kubernetes:v1:ServiceAccount")])).toEqual([
      'ServiceAccount "b" must set automountServiceAccountToken to false.',
    ]);
    expect(
      await messages(noTokenAutomount, [
        list("kubernetes:core/v1:ServiceAccountList", "sas", [serviceAccount("c", false), registration("x", "y", {})]),
      ]),
    ).toEqual(['ServiceAccount "res-sas[1]" must set automountServiceAccountToken to false.']);
    expect(await messages(noTokenAutomount, [registration("kubernetes:core/v1:ServiceAccount", "unnamed-sa", {})])).toEqual([
      'ServiceAccount "unnamed-sa" must set automountServiceAccountToken to false.',
    ]);
  });

  it("flags agent pod templates that set automounting true or leave it unset, including unlabelled ones in tenant namespaces", async () => {
    const regs = [
      agentDeployment("coder", (t) => {
        t.spec.automountServiceAccountToken = true;
      }),
      workload(
        "SandboxTemplate",
        "browser",
        agentTemplate((t) => {
          delete t.spec.automountServiceAccountToken;
        }),
      ),
      workload(
        "CronJob",
        "nightly",
        agentTemplate((t) => {
          delete t.spec.automountServiceAccountToken;
        }),
      ),
      namespace("team-a", "a"),
      workload(
        "Job",
        "unlabelled",
        plainTemplate((t) => {
          delete t.spec.automountServiceAccountToken;
        }),
        undefined,
        "team-a",
      ),
    ];
    expect(await messages(noTokenAutomount, regs)).toEqual([
      'Deployment "coder" is an agent (labelled agentcloud.dev/agent) and must set spec.template.spec.automountServiceAccountToken to false.',
      'CronJob "nightly" is an agent (labelled agentcloud.dev/agent) and must set spec.jobTemplate.spec.template.spec.automountServiceAccountToken to false.',
      'Job "unlabelled" is an agent (in tenant namespace "team-a") and must set spec.template.spec.automountServiceAccountToken to false.',
      'SandboxTemplate "browser" is an agent (labelled agentcloud.dev/agent) and must set spec.podTemplate.spec.automountServiceAccountToken to false.',
    ]);
  });

  it("is not applicable to a stack with no ServiceAccount and no agent", async () => {
    expect(await messages(noTokenAutomount, [workload("Deployment", "web", plainTemplate())])).toEqual([]);
  });
});
