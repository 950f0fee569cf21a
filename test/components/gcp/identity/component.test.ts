import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { AgentCloud } from "../../../../components/blueprint/component";
import type { AgentCloudSpec, AgentDeclaration } from "../../../../components/blueprint/spec";
import {
  AgentIdentity,
  gcpAgentAccountId,
  gcpFleetIdentities,
  gcpIdentityBinding,
  type GcpAgentIdentityArgs,
} from "../../../../components/gcp/identity";
import { ciliumFabric } from "../../../../components/kubernetes/network/fabrics";
import { ArgumentError } from "../../../../components/validation";
import { REFERENCE_GCS_CORPUS } from "../../../../stacks/agents";
import { record, recordRejection } from "../../../helpers/pulumi";

const IMAGE = "ghcr.io/acme/agent:1.0.0";
const PROJECT = "acme-agents";
const NUMBER = "123456789012";
const PRINCIPAL = `principal://iam.googleapis.com/projects/${NUMBER}/locations/global/workloadIdentityPools/${PROJECT}.svc.id.goog/subject/ns/research/sa/reader`;
const READER: AgentDeclaration = {
  namespace: "research",
  image: IMAGE,
  cloudPermissions: [{ cloud: "gcp", actions: ["roles/storage.objectViewer"], resources: [REFERENCE_GCS_CORPUS] }],
};

function args(declaration: AgentDeclaration = READER, extra: Partial<GcpAgentIdentityArgs> = {}): GcpAgentIdentityArgs {
  return { project: PROJECT, projectNumber: NUMBER, namespace: "research", agentName: "reader", declaration, ...extra };
}

function value<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => output.apply(resolve));
}

describe("AgentIdentity (GCP)", () => {
  it("grants the declared role on the bucket to the agent's principal identifier, and nothing else", async () => {
    let identity: AgentIdentity | undefined;
    const rec = await record(() => {
      identity = new AgentIdentity("reader", args());
    });
    expect(rec.named("reader").type).toBe("agentcloud:gcp:AgentIdentity");
    const custom = rec.registrations.filter((r) => r.custom);
    expect(custom.map((r) => `${r.type} ${r.name}`)).toEqual([
      expect.stringMatching(/^gcp:storage\/bucketIAMMember:BucketIAMMember reader-storage-bucket-[0-9a-f]{8}$/),
    ]);
    expect(custom[0].parent).toBe(rec.named("reader").urn);
    expect(custom[0].inputs).toEqual({ bucket: "agentcloud-research-corpus", role: "roles/storage.objectViewer", member: PRINCIPAL });
    expect(await value(identity!.member)).toBe(PRINCIPAL);
    expect(identity!.serviceAccountEmail).toBeUndefined();
  });

  it("binds every supported kind with its own IAM member resource; the project only when acknowledged", async () => {
    const all: AgentDeclaration = {
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
          actions: ["roles/pubsub.subscriber"],
          resources: ["//pubsub.googleapis.com/projects/acme-agents/subscriptions/jobs"],
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
        { cloud: "gcp", actions: ["roles/aiplatform.user"], resources: ["//cloudresourcemanager.googleapis.com/projects/acme-agents"] },
        { cloud: "aws", actions: ["s3:GetObject"], resources: ["arn:aws:s3:::reports/latest.json"] },
      ],
      unsafeBroadCloudPermissions: { reason: "calls Vertex AI models of the project" },
    };
    const rec = await record(() => {
      new AgentIdentity("reader", args(all));
    });
    // Registration order is the engine's; the grants are compared by type.
    const members = rec.registrations
      .filter((r) => r.custom)
      .sort((a, b) => a.type.localeCompare(b.type))
      .map((r) => [r.type, r.inputs]);
    expect(members).toEqual([
      [
        "gcp:bigquery/datasetIamMember:DatasetIamMember",
        { project: PROJECT, datasetId: "analytics", role: "roles/bigquery.dataViewer", member: PRINCIPAL },
      ],
      ["gcp:projects/iAMMember:IAMMember", { project: PROJECT, role: "roles/aiplatform.user", member: PRINCIPAL }],
      [
        "gcp:pubsub/subscriptionIAMMember:SubscriptionIAMMember",
        { project: PROJECT, subscription: "jobs", role: "roles/pubsub.subscriber", member: PRINCIPAL },
      ],
      [
        "gcp:pubsub/topicIAMMember:TopicIAMMember",
        { project: PROJECT, topic: "results", role: "roles/pubsub.publisher", member: PRINCIPAL },
      ],
      [
        "gcp:secretmanager/secretIamMember:SecretIamMember",
        { project: PROJECT, secretId: "api-key", role: "roles/secretmanager.secretAccessor", member: PRINCIPAL },
      ],
    ]);
  });

  it("binds through a Google service account when a role needs one: workloadIdentityUser for the KSA, grants to the account", async () => {
    let identity: AgentIdentity | undefined;
    const rec = await record(() => {
      identity = new AgentIdentity("reader", args(READER, { serviceAccountRoles: ["roles/storage.objectViewer"] }));
    });
    const accountId = gcpAgentAccountId("research", "reader");
    const email = `${accountId}@${PROJECT}.iam.gserviceaccount.com`;
    expect(rec.named("reader-gsa").type).toBe("gcp:serviceaccount/account:Account");
    expect(rec.named("reader-gsa").inputs).toEqual({
      project: PROJECT,
      accountId,
      displayName: "agentcloud research/reader",
      description: "Workload identity of the agentcloud agent reader in namespace research",
    });
    const user = rec.named("reader-workload-identity-user");
    expect(user.type).toBe("gcp:serviceaccount/iAMMember:IAMMember");
    expect(user.inputs).toEqual({
      serviceAccountId: `projects/${PROJECT}/serviceAccounts/${email}`,
      role: "roles/iam.workloadIdentityUser",
      member: "serviceAccount:acme-agents.svc.id.goog[research/reader]",
    });
    const bucket = rec.ofType("gcp:storage/bucketIAMMember:BucketIAMMember");
    expect(bucket.map((r) => r.inputs)).toEqual([
      { bucket: "agentcloud-research-corpus", role: "roles/storage.objectViewer", member: `serviceAccount:${email}` },
    ]);
    expect(await value(identity!.serviceAccountEmail!)).toBe(email);
  });

  it("rejects unsupported resources and unacknowledged project-wide grants before creating anything", async () => {
    const bad: AgentDeclaration = {
      namespace: "research",
      image: IMAGE,
      cloudPermissions: [
        { cloud: "gcp", actions: ["roles/viewer.x"], resources: ["//cloudresourcemanager.googleapis.com/projects/acme-agents"] },
      ],
    };
    const { error, rec } = await recordRejection(() => new AgentIdentity("reader", args(bad)));
    expect(error).toBeInstanceOf(ArgumentError);
    expect((error as ArgumentError).problems.map((p) => `${p.argument}: ${p.problem}`)).toEqual([
      "declaration.cloudPermissions[0].resources[0]: grants its roles on the whole project, which is not least privilege",
    ]);
    expect(rec.registrations).toEqual([]);
    const none = await recordRejection(() => new AgentIdentity("reader", args({ namespace: "research", image: IMAGE })));
    expect((none.error as ArgumentError).problems.map((p) => `${p.argument}: ${p.problem}`)).toEqual([
      "declaration.cloudPermissions: has no GCP permission",
    ]);
  });
});

describe("gcpFleetIdentities", () => {
  it("creates one identity per agent with GCP permissions, named by agent key, for its Kubernetes name", async () => {
    let identities: Record<string, AgentIdentity> = {};
    const rec = await record(() => {
      identities = gcpFleetIdentities("gcp", {
        project: PROJECT,
        projectNumber: NUMBER,
        agents: {
          reader: { ...READER, agentName: "corpus-reader" },
          plain: { namespace: "research", image: IMAGE },
        },
      });
    });
    expect(Object.keys(identities)).toEqual(["reader"]);
    expect(rec.ofType("agentcloud:gcp:AgentIdentity").map((r) => r.name)).toEqual(["gcp-reader"]);
    expect(rec.ofType("gcp:storage/bucketIAMMember:BucketIAMMember")[0].inputs.member).toBe(
      PRINCIPAL.replace("/sa/reader", "/sa/corpus-reader"),
    );
  });

  it("checks every agent before creating any", async () => {
    const { error, rec } = await recordRejection(() =>
      gcpFleetIdentities("gcp", {
        project: PROJECT,
        projectNumber: NUMBER,
        agents: {
          reader: READER,
          broken: {
            namespace: "research",
            image: IMAGE,
            cloudPermissions: [{ cloud: "gcp", actions: ["roles/x.y"], resources: ["//storage.googleapis.com/projects/acme/buckets/b1"] }],
          },
        },
      }),
    );
    expect((error as ArgumentError).message).toBe(
      'gcpFleetIdentities "gcp" has 1 invalid argument:\n' +
        "  - agents.broken.cloudPermissions[0].resources[0]: is not a Google Cloud resource agentcloud can bind (a full resource name of a supported kind) " +
        '(got "//storage.googleapis.com/projects/acme/buckets/b1"); fix: use one of //storage.googleapis.com/projects/_/buckets/BUCKET, ' +
        "//pubsub.googleapis.com/projects/PROJECT/topics/TOPIC, //pubsub.googleapis.com/projects/PROJECT/subscriptions/SUBSCRIPTION, " +
        "//secretmanager.googleapis.com/projects/PROJECT/secrets/SECRET, //bigquery.googleapis.com/projects/PROJECT/datasets/DATASET, " +
        "//cloudresourcemanager.googleapis.com/projects/PROJECT (with unsafeBroadCloudPermissions)",
    );
    expect(rec.registrations).toEqual([]);
  });
});

describe("the GCP binding in a fleet", () => {
  function fleet(agents: Record<string, AgentDeclaration>): AgentCloudSpec<k8s.Provider> {
    return {
      platform: {
        provider: new k8s.Provider("gke", {}),
        name: "gke",
        network: ciliumFabric(),
        runtimeClasses: ["gvisor"],
        identity: gcpIdentityBinding({ project: PROJECT }),
      },
      tenants: { research: { owner: "ml-team", costCentre: "cc-42" } },
      agents,
      observability: false,
    };
  }

  it("only agents with GCP permissions reach the GKE metadata server (on port 80) and their API by FQDN; no annotation", async () => {
    const rec = await record(() => {
      new AgentCloud("fleet", fleet({ reader: READER, plain: { namespace: "research", image: IMAGE } }));
    });
    const accounts = rec.kind("ServiceAccount").filter((a) => a.metadata.namespace === "research");
    expect(accounts.map((a) => [a.metadata.name, a.metadata.annotations])).toEqual([
      ["reader", undefined],
      ["plain", undefined],
    ]);
    const ipRules = (name: string) =>
      (rec.kind("NetworkPolicy").find((n) => n.metadata.name === name) as any).spec.egress.filter((r: any) =>
        r.to?.some((p: any) => p.ipBlock),
      );
    expect(ipRules("reader")).toEqual([{ to: [{ ipBlock: { cidr: "169.254.169.254/32" } }], ports: [{ protocol: "TCP", port: 80 }] }]);
    expect(ipRules("plain")).toEqual([]);
    const cilium = (name: string) => rec.kind("CiliumNetworkPolicy").find((p) => p.metadata.name === name) as any;
    expect(JSON.stringify(cilium("reader").spec)).toContain('"matchName":"storage.googleapis.com"');
    expect(JSON.stringify(cilium("plain").spec)).not.toContain("googleapis.com");
    // The link-local range stays denied but for the metadata server (allowed to the agents whose binding needs it) and
    // GKE's node-local DNS cache.
    expect(cilium("plain").spec.egressDeny[0]).toEqual({
      toCIDRSet: [{ cidr: "169.254.0.0/16", except: ["169.254.169.254/32", "169.254.20.10/32"] }],
    });
  });

  it("reports an agent's unsupported GCP resource as the fleet's problem, before creating anything", async () => {
    const { error, rec } = await recordRejection(
      () =>
        new AgentCloud(
          "fleet",
          fleet({
            reader: {
              namespace: "research",
              image: IMAGE,
              cloudPermissions: [
                { cloud: "gcp", actions: ["roles/x.y"], resources: ["//storage.googleapis.com/projects/acme/buckets/b1"] },
              ],
            },
          }),
        ),
    );
    expect(error).toBeInstanceOf(ArgumentError);
    expect((error as ArgumentError).problems.map((p) => p.argument)).toEqual(["platform.identity.bind"]);
    expect((error as ArgumentError).problems[0].problem).toMatch(
      /^failed to bind agent "reader": cloudPermissions\[0\]\.resources\[0\]: is not a Google Cloud resource agentcloud can bind/,
    );
    // Only the provider the test made.
    expect(rec.registrations.filter((r) => r.custom).map((r) => r.type)).toEqual(["pulumi:providers:kubernetes"]);
  });
});
