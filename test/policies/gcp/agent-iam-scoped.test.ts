import { describe, expect, it } from "vitest";
import { evaluatePolicies } from "../../../cli/policy-harness";
import { agentIamScoped } from "../../../policies/gcp/agent-iam-scoped";
import { agentTemplate, messages, registration, violations, workload } from "../helpers";
import { NODE_SA, PROJECT, gkeStack } from "./objects";

const POOL = `projects/123456789012/locations/global/workloadIdentityPools/${PROJECT}.svc.id.goog`;
const READER = `principal://iam.googleapis.com/${POOL}/subject/ns/research/sa/reader`;
const GSA = `ac-reader-1a2b3c4d@${PROJECT}.iam.gserviceaccount.com`;
const WHO = 'Kubernetes ServiceAccount "reader" in namespace "research"';
const FIX =
  "and no agent pod template in the stack running as it acknowledges broad cloud permissions; grant a predefined or " +
  "custom role on the resources the agent declared, or state why with the agent's unsafeBroadCloudPermissions.";

const grant = (type: string, name: string, inputs: Record<string, unknown>) => registration(type, name, inputs);
const projectMember = (name: string, member: string, role = "roles/aiplatform.user") =>
  grant("gcp:projects/iAMMember:IAMMember", name, { project: PROJECT, role, member });
const bucketMember = (name: string, member: string, role: string) =>
  grant("gcp:storage/bucketIAMMember:BucketIAMMember", name, { bucket: "agentcloud-research-corpus", role, member });
/** The agent running as research/reader, acknowledging broad permissions with `reason` when given. */
const reader = (reason?: string) =>
  workload(
    "Deployment",
    "reader",
    agentTemplate((t) => {
      t.spec.serviceAccountName = "reader";
      if (reason !== undefined) t.metadata.annotations = { "agentcloud.dev/unsafe-broad-cloud-permissions": reason };
    }, "reader"),
    undefined,
    "research",
  );

describe("agentcloud-gcp-agent-iam-scoped", () => {
  it("passes resource-level grants of predefined roles, the node service account's project roles, and acknowledged agents", async () => {
    const regs = [
      ...gkeStack(),
      reader(),
      bucketMember("reader-bucket", READER, "roles/storage.objectViewer"),
      projectMember("nodes-log-writer", `serviceAccount:${NODE_SA}`, "roles/logging.logWriter"),
    ];
    expect(await messages(agentIamScoped, regs)).toEqual([]);
    const acknowledged = [reader("needs Vertex AI across the project"), projectMember("reader-project", READER)];
    expect(await messages(agentIamScoped, acknowledged)).toEqual([]);
  });

  it("flags a project-wide grant to an agent's principal, with URN and severity", async () => {
    const found = await violations([agentIamScoped], [reader(), projectMember("reader-project", READER)]);
    expect(found.map((v) => [v.message, v.urn, v.severity])).toEqual([
      [
        `IAM grant "reader-project" gives ${WHO} a role on a whole project, ${FIX}`,
        "urn:pulumi:test::test::gcp:projects/iAMMember:IAMMember::reader-project",
        "high",
      ],
    ]);
  });

  it("flags basic roles anywhere, folder and organization grants, bindings, legacy members and principal sets", async () => {
    const regs = [
      reader("  "),
      bucketMember("reader-editor", READER, "roles/editor"),
      grant("gcp:folder/iAMMember:IAMMember", "folder", { folder: "folders/1", role: "roles/browser", member: READER }),
      grant("gcp:organizations/iAMBinding:IAMBinding", "org", {
        orgId: "1",
        role: "roles/owner",
        members: ["user:admin@example.com", `serviceAccount:${PROJECT}.svc.id.goog[research/reader]`],
      }),
      projectMember("everyone", `principalSet://iam.googleapis.com/${POOL}/namespace/research`),
    ];
    expect(await messages(agentIamScoped, regs)).toEqual([
      `IAM grant "folder" gives ${WHO} a role on a whole folder, ${FIX}`,
      `IAM grant "org" gives ${WHO} the basic role roles/owner on a whole organization, ${FIX}`,
      `IAM grant "everyone" gives a set of Kubernetes workloads (principalSet://) a role on a whole project; grant roles to each agent's own principal, on the resources it declared, instead of to a set.`,
      `IAM grant "reader-editor" gives ${WHO} the basic role roles/editor, ${FIX}`,
    ]);
  });

  it("follows a Google service account the agent acts as through Workload Identity", async () => {
    const regs = [
      grant("gcp:serviceaccount/iAMMember:IAMMember", "reader-wi-user", {
        serviceAccountId: `projects/${PROJECT}/serviceAccounts/${GSA}`,
        role: "roles/iam.workloadIdentityUser",
        member: `serviceAccount:${PROJECT}.svc.id.goog[research/reader]`,
      }),
      bucketMember("reader-bucket", `serviceAccount:${GSA}`, "roles/storage.objectViewer"),
      projectMember("reader-project", `serviceAccount:${GSA}`),
    ];
    expect(await messages(agentIamScoped, regs)).toEqual([
      `IAM grant "reader-project" gives ${WHO} (through Google service account "${GSA}") a role on a whole project, ${FIX}`,
    ]);
  });

  it("does not apply to stacks without IAM grants", async () => {
    const evaluation = await evaluatePolicies([agentIamScoped], [...gkeStack(), reader()]);
    expect([evaluation.violations, evaluation.notApplicable]).toEqual([[], { "agentcloud-gcp-agent-iam-scoped": 1 }]);
  });
});

describe("agentcloud-gcp-agent-iam-scoped and the audit shipper", () => {
  const principal = (ns: string, sa: string) =>
    `principal://iam.googleapis.com/projects/123456789012/locations/global/workloadIdentityPools/acme-agents.svc.id.goog/subject/ns/${ns}/sa/${sa}`;
  const grant = (member: string, role: string) =>
    registration("gcp:projects/iAMMember:IAMMember", "shipper-log-writer", { project: "acme-agents", role, member });

  it("lets the shipper's own principal write logs on its project, and nothing else project-wide", async () => {
    expect(
      await messages(agentIamScoped, [grant(principal("agentcloud-audit", "agentcloud-audit-shipper"), "roles/logging.logWriter")]),
    ).toEqual([]);
    expect(
      await messages(agentIamScoped, [grant(principal("agentcloud-audit", "agentcloud-audit-shipper"), "roles/storage.admin")]),
    ).toHaveLength(1);
    expect(
      await messages(agentIamScoped, [grant(principal("agents", "agentcloud-audit-shipper"), "roles/logging.logWriter")]),
    ).toHaveLength(1);
  });
});
