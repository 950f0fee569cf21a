import { describe, expect, it } from "vitest";
import type { AgentDeclaration, IdentityBindingTarget } from "../../../../components/blueprint/spec";
import {
  bindGcpIdentity,
  gcpAgentAccountId,
  gcpAgentServiceAccountEmail,
  gcpGrants,
  gcpIdentityBinding,
  gkePrincipal,
  parseGcpResource,
  validateGcpPermissions,
} from "../../../../components/gcp/identity";
import { REFERENCE_GCS_CORPUS } from "../../../../stacks/agents";

const IMAGE = "ghcr.io/acme/agent:1.0.0";
const READER: AgentDeclaration = {
  namespace: "research",
  image: IMAGE,
  cloudPermissions: [{ cloud: "gcp", actions: ["roles/storage.objectViewer"], resources: [REFERENCE_GCS_CORPUS] }],
};

function target(declaration: AgentDeclaration, name = "reader"): IdentityBindingTarget {
  return { name, namespace: declaration.namespace, declaration };
}

describe("gcpIdentityBinding", () => {
  const binding = gcpIdentityBinding({ project: "acme-agents" });

  it("gives agents with GCP permissions the GKE metadata server and their APIs' hosts, and nothing project-wide", () => {
    expect(binding.bind(target(READER))).toEqual({
      endpoints: [{ address: "169.254.169.254", port: 80 }],
      egress: ["storage.googleapis.com"],
    });
    // Nobody else reaches the metadata server.
    expect(binding.endpoints).toEqual([]);
  });

  it("gives agents without GCP permissions nothing: no endpoint, no egress, no annotation", () => {
    expect(binding.bind(target({ namespace: "research", image: IMAGE }))).toEqual({});
    const awsOnly: AgentDeclaration = {
      namespace: "research",
      image: IMAGE,
      cloudPermissions: [{ cloud: "aws", actions: ["s3:GetObject"], resources: ["arn:aws:s3:::reports/latest.json"] }],
    };
    expect(binding.bind(target(awsOnly))).toEqual({});
  });

  it("binds through a Google service account, annotated on the ServiceAccount, when a role needs one", () => {
    const viaGsa = gcpIdentityBinding({ project: "acme-agents", serviceAccountRoles: ["roles/storage.objectViewer"] });
    expect(viaGsa.bind(target(READER))).toEqual({
      endpoints: [{ address: "169.254.169.254", port: 80 }],
      egress: ["storage.googleapis.com"],
      serviceAccountAnnotations: { "iam.gke.io/gcp-service-account": gcpAgentServiceAccountEmail("acme-agents", "research", "reader") },
    });
    expect(gcpAgentServiceAccountEmail("acme-agents", "research", "reader")).toBe(
      `${gcpAgentAccountId("research", "reader")}@acme-agents.iam.gserviceaccount.com`,
    );
  });

  it("names each API host once, in declaration order", () => {
    const many: AgentDeclaration = {
      namespace: "research",
      image: IMAGE,
      cloudPermissions: [
        {
          cloud: "gcp",
          actions: ["roles/pubsub.publisher"],
          resources: ["//pubsub.googleapis.com/projects/acme-agents/topics/results"],
        },
        {
          cloud: "gcp",
          actions: ["roles/storage.objectViewer", "roles/storage.legacyBucketReader"],
          resources: [REFERENCE_GCS_CORPUS, "//storage.googleapis.com/projects/_/buckets/acme-scratch"],
        },
        {
          cloud: "gcp",
          actions: ["roles/secretmanager.secretAccessor"],
          resources: ["//secretmanager.googleapis.com/projects/acme-agents/secrets/api-key"],
        },
        {
          cloud: "gcp",
          actions: ["roles/bigquery.dataViewer"],
          resources: ["//bigquery.googleapis.com/projects/acme-agents/datasets/analytics"],
        },
      ],
    };
    expect(binding.bind(target(many)).egress).toEqual([
      "pubsub.googleapis.com",
      "storage.googleapis.com",
      "secretmanager.googleapis.com",
      "bigquery.googleapis.com",
    ]);
    expect(gcpGrants(many).map((g) => `${g.kind} ${g.id} ${g.role}`)).toEqual([
      "pubsub-topic results roles/pubsub.publisher",
      "storage-bucket agentcloud-research-corpus roles/storage.objectViewer",
      "storage-bucket agentcloud-research-corpus roles/storage.legacyBucketReader",
      "storage-bucket acme-scratch roles/storage.objectViewer",
      "storage-bucket acme-scratch roles/storage.legacyBucketReader",
      "secretmanager-secret api-key roles/secretmanager.secretAccessor",
      "bigquery-dataset analytics roles/bigquery.dataViewer",
    ]);
  });

  it("throws the agent's problems: unsupported resource kinds, project-wide grants, malformed roles", () => {
    const bad: AgentDeclaration = {
      namespace: "research",
      image: IMAGE,
      cloudPermissions: [
        {
          cloud: "gcp",
          actions: ["storage.objects.get"],
          resources: ["//compute.googleapis.com/projects/acme-agents/instances/vm"],
        },
        { cloud: "gcp", actions: ["roles/viewer.reader"], resources: ["//cloudresourcemanager.googleapis.com/projects/acme-agents"] },
      ],
    };
    expect(() => binding.bind(target(bad))).toThrow(
      "cloudPermissions[0].actions[0]: is not an IAM role (roles/NAME, projects/PROJECT/roles/NAME or organizations/ORGANIZATION/roles/NAME) " +
        '(got "storage.objects.get"); fix: use a role like "roles/storage.objectViewer"; ' +
        "cloudPermissions[0].resources[0]: is not a Google Cloud resource agentcloud can bind (a full resource name of a supported kind) " +
        '(got "//compute.googleapis.com/projects/acme-agents/instances/vm"); fix: use one of ' +
        "//storage.googleapis.com/projects/_/buckets/BUCKET, //pubsub.googleapis.com/projects/PROJECT/topics/TOPIC, " +
        "//pubsub.googleapis.com/projects/PROJECT/subscriptions/SUBSCRIPTION, //secretmanager.googleapis.com/projects/PROJECT/secrets/SECRET, " +
        "//bigquery.googleapis.com/projects/PROJECT/datasets/DATASET, //cloudresourcemanager.googleapis.com/projects/PROJECT (with unsafeBroadCloudPermissions); " +
        "cloudPermissions[1].resources[0]: grants its roles on the whole project, which is not least privilege " +
        '(got "//cloudresourcemanager.googleapis.com/projects/acme-agents"); fix: name the specific resources (a bucket, topic, secret or dataset), ' +
        "or acknowledge with unsafeBroadCloudPermissions",
    );
  });

  it("accepts a project-wide grant with unsafeBroadCloudPermissions, with no API host (the agent declares its own)", () => {
    const broad: AgentDeclaration = {
      namespace: "research",
      image: IMAGE,
      cloudPermissions: [
        { cloud: "gcp", actions: ["roles/aiplatform.user"], resources: ["//cloudresourcemanager.googleapis.com/projects/acme-agents"] },
      ],
      unsafeBroadCloudPermissions: { reason: "calls Vertex AI models of the project" },
    };
    expect(validateGcpPermissions(broad)).toEqual([]);
    expect(binding.bind(target(broad))).toEqual({ endpoints: [{ address: "169.254.169.254", port: 80 }] });
  });

  it("rejects invalid binding arguments at once", () => {
    expect(() => gcpIdentityBinding({ project: "Acme", workloadPool: "acme.example.com", serviceAccountRoles: ["owner"] })).toThrow(
      "gcpIdentityBinding: project: must be a Google Cloud project id (6 to 30 lower-case letters, digits or '-', starting with a letter) " +
        '(got "Acme"); fix: use the project id, like "acme-agents"; ' +
        'workloadPool: must be a GKE workload identity pool, <project>.svc.id.goog (got "acme.example.com"); ' +
        "fix: leave it unset, or pass the cluster's workloadIdentityConfig.workloadPool; " +
        "serviceAccountRoles[0]: is not an IAM role (roles/NAME, projects/PROJECT/roles/NAME or organizations/ORGANIZATION/roles/NAME) " +
        '(got "owner"); fix: use a role like "roles/storage.objectViewer"',
    );
  });
});

describe("naming", () => {
  it("principal identifiers name the pool by project number and the subject by namespace and ServiceAccount", () => {
    expect(gkePrincipal("123456789012", "acme-agents.svc.id.goog", "research", "reader")).toBe(
      "principal://iam.googleapis.com/projects/123456789012/locations/global/workloadIdentityPools/acme-agents.svc.id.goog/subject/ns/research/sa/reader",
    );
  });

  it("service account ids are valid, at most 30 characters, and differ by namespace", () => {
    const long = gcpAgentAccountId("research", "a-very-long-agent-name-that-goes-on");
    expect(long).toMatch(/^ac-a-very-long-agent-[0-9a-f]{8}$/);
    for (const id of [long, gcpAgentAccountId("research", "reader"), gcpAgentAccountId("x", "a")]) {
      expect(id).toMatch(/^[a-z]([-a-z0-9]*[a-z0-9])$/);
      expect(id.length).toBeGreaterThanOrEqual(6);
      expect(id.length).toBeLessThanOrEqual(30);
    }
    expect(gcpAgentAccountId("research", "reader")).not.toBe(gcpAgentAccountId("other", "reader"));
    expect(gcpAgentAccountId("research", "reader")).toBe(gcpAgentAccountId("research", "reader"));
  });

  it("parses the supported full resource names and nothing else", () => {
    expect(parseGcpResource(REFERENCE_GCS_CORPUS)).toEqual({
      kind: "storage-bucket",
      id: "agentcloud-research-corpus",
      apiHost: "storage.googleapis.com",
    });
    expect(parseGcpResource("//pubsub.googleapis.com/projects/acme-agents/subscriptions/jobs")).toEqual({
      kind: "pubsub-subscription",
      project: "acme-agents",
      id: "jobs",
      apiHost: "pubsub.googleapis.com",
    });
    expect(parseGcpResource("//cloudresourcemanager.googleapis.com/projects/acme-agents")).toEqual({
      kind: "project",
      project: "acme-agents",
      id: "acme-agents",
    });
    for (const bad of [
      "//storage.googleapis.com/projects/acme/buckets/b1",
      "//storage.googleapis.com/projects/_/buckets/B",
      "gs://agentcloud-research-corpus",
      "//storage.googleapis.com/projects/_/buckets/agentcloud-research-corpus/objects/a.txt",
    ]) {
      expect(parseGcpResource(bad)).toBeUndefined();
    }
  });
});

describe("bindGcpIdentity", () => {
  it("is pure: the same agent binds the same way twice", () => {
    const args = { project: "acme-agents", serviceAccountRoles: ["roles/storage.objectViewer"] };
    expect(bindGcpIdentity(args, target(READER))).toEqual(bindGcpIdentity(args, target(READER)));
  });
});
