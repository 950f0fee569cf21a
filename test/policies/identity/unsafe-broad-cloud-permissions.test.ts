import { describe, expect, it } from "vitest";
import { unsafeBroadCloudPermissions } from "../../../policies/identity/unsafe-broad-cloud-permissions";
import { agentTemplate, messages, namespace, plainTemplate, violations, workload, type PodKind } from "../helpers";

const KEY = "agentcloud.dev/unsafe-broad-cloud-permissions";
const REPORTED = (object: string, why: string, path: string) =>
  `${object} is an agent (${why}) with broad cloud permissions (wildcard IAM actions or resources, or GCP basic roles): ` +
  `${path} sets ${KEY}, which records the stated reason; a security reviewer should confirm it, and narrow the grant to ` +
  "named actions, resources and roles where possible.";

/** An agent of `kind` named `name` whose pod template carries the acknowledgement with `reason` (none when undefined). */
function agent(kind: PodKind, name: string, reason?: string) {
  return workload(
    kind,
    name,
    agentTemplate((t) => {
      if (reason !== undefined) t.metadata.annotations = { [KEY]: reason };
    }),
  );
}

describe("agentcloud-identity-unsafe-broad-cloud-permissions", () => {
  it("reports each acknowledgement on a Deployment, StatefulSet and SandboxTemplate as advisory, without the reason", async () => {
    const regs = [
      agent("Deployment", "analyst", "reads every bucket; token=sk-live-123"),
      agent("StatefulSet", "indexer", "roles/editor on the scratch project"),
      agent("SandboxTemplate", "browser", "s3:Get* on arn:aws:s3:::*"),
    ];
    const found = await violations([unsafeBroadCloudPermissions], regs);
    expect(found.map((v) => v.message)).toEqual([
      REPORTED('Deployment "analyst"', "labelled agentcloud.dev/agent", "spec.template.metadata.annotations"),
      REPORTED('StatefulSet "indexer"', "labelled agentcloud.dev/agent", "spec.template.metadata.annotations"),
      REPORTED('SandboxTemplate "browser"', "labelled agentcloud.dev/agent", "spec.podTemplate.metadata.annotations"),
    ]);
    expect(found.map((v) => [v.enforcementLevel, v.severity, v.urn])).toEqual([
      ["advisory", "high", "urn:pulumi:test::test::kubernetes:apps/v1:Deployment::res-analyst"],
      ["advisory", "high", "urn:pulumi:test::test::kubernetes:apps/v1:StatefulSet::res-indexer"],
      ["advisory", "high", "urn:pulumi:test::test::kubernetes:extensions.agents.x-k8s.io/v1beta1:SandboxTemplate::res-browser"],
    ]);
    expect(found.filter((v) => /sk-live|roles\/editor|arn:aws/.test(v.message))).toEqual([]);
  });

  it("reports nothing for the compliant twins, which declare no broad permissions", async () => {
    const regs = [agent("Deployment", "analyst"), agent("StatefulSet", "indexer"), agent("SandboxTemplate", "browser")];
    expect(await messages(unsafeBroadCloudPermissions, regs)).toEqual([]);
  });

  it("says when an acknowledgement states no reason", async () => {
    expect(await messages(unsafeBroadCloudPermissions, [agent("Deployment", "analyst", " ")])).toEqual([
      `Deployment "analyst" is an agent (labelled agentcloud.dev/agent) whose ${KEY} annotation states no reason; ` +
        "narrow the grant to named actions, resources and roles, or state why the agent needs it.",
    ]);
  });

  it("reports acknowledgements of unlabelled workloads in tenant namespaces, and ignores other workloads", async () => {
    const annotated = (ns: string) =>
      workload(
        "Pod",
        "tool",
        plainTemplate((t) => {
          t.metadata.annotations = { [KEY]: "legacy" };
        }),
        undefined,
        ns,
      );
    expect(await messages(unsafeBroadCloudPermissions, [namespace("team-a", "a"), annotated("team-a")])).toEqual([
      REPORTED('Pod "tool"', 'in tenant namespace "team-a"', "metadata.annotations"),
    ]);
    expect(await messages(unsafeBroadCloudPermissions, [namespace("team-a", "a"), annotated("apps")])).toEqual([]);
  });

  it("ignores an annotation value that is not a string (Kubernetes accepts none)", async () => {
    const odd = workload(
      "Deployment",
      "analyst",
      agentTemplate((t) => {
        t.metadata.annotations = { [KEY]: 5 as unknown as string };
      }),
    );
    expect(await messages(unsafeBroadCloudPermissions, [odd])).toEqual([]);
  });

  it("accepts no config keys beyond the enforcement level", () => {
    expect(unsafeBroadCloudPermissions.configSchema).toEqual({ type: "object", additionalProperties: false, properties: {} });
  });
});
