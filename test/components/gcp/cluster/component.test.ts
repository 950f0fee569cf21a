import { describe, expect, it } from "vitest";
import {
  GkeAgentCluster,
  gkeKubeconfig,
  NODE_SERVICE_ACCOUNT_ROLES,
  nodeAccountId,
  validateGkeAgentClusterArgs,
  type GkeAgentClusterArgs,
} from "../../../../components/gcp/cluster";
import { OFFLINE_GCP_PROJECT_NUMBER } from "../../../../cli/mock-cloud-gcp";
import { record, recordRejection } from "../../../helpers/pulumi";

const ARGS: GkeAgentClusterArgs = {
  project: "acme-agents",
  location: "europe-west4",
  network: { network: "agents", subnetwork: "agents-europe-west4" },
  masterAuthorizedNetworks: [{ cidrBlock: "10.10.0.0/20", displayName: "cluster subnet" }],
};
const NODE_SA = "agentcloud-nodes@acme-agents.iam.gserviceaccount.com";
const KEY = "projects/acme-agents/locations/europe-west4/keyRings/agentcloud-gke/cryptoKeys/agentcloud-secrets";
const NODE_CONFIG = (pool: string) => ({
  machineType: "e2-standard-4",
  serviceAccount: NODE_SA,
  oauthScopes: ["https://www.googleapis.com/auth/cloud-platform"],
  imageType: "COS_CONTAINERD",
  diskType: "pd-balanced",
  diskSizeGb: 100,
  workloadMetadataConfig: { mode: "GKE_METADATA" },
  shieldedInstanceConfig: { enableSecureBoot: true, enableIntegrityMonitoring: true },
  metadata: { "disable-legacy-endpoints": "true" },
  labels: { "agentcloud.dev/pool": pool },
  resourceLabels: { "agentcloud-managed": "true" },
});

describe("GkeAgentCluster", () => {
  it("creates a private, hardened Dataplane V2 cluster with KMS Secrets encryption and a least-privilege system pool", async () => {
    const rec = await record(() => {
      new GkeAgentCluster("agentcloud", ARGS);
    });
    expect(rec.named("agentcloud").type).toBe("agentcloud:gcp:GkeAgentCluster");
    const cluster = rec.named("agentcloud-cluster");
    expect(cluster.type).toBe("gcp:container/cluster:Cluster");
    expect(cluster.inputs).toEqual({
      project: "acme-agents",
      name: "agentcloud",
      location: "europe-west4",
      description: "agentcloud: private GKE cluster for sandboxed agents",
      network: "agents",
      subnetwork: "agents-europe-west4",
      networkingMode: "VPC_NATIVE",
      ipAllocationPolicy: { clusterSecondaryRangeName: "pods", servicesSecondaryRangeName: "services" },
      privateClusterConfig: {
        enablePrivateNodes: true,
        enablePrivateEndpoint: true,
        masterIpv4CidrBlock: "172.16.0.0/28",
        masterGlobalAccessConfig: { enabled: false },
      },
      masterAuthorizedNetworksConfig: {
        cidrBlocks: [{ cidrBlock: "10.10.0.0/20", displayName: "cluster subnet" }],
        gcpPublicCidrsAccessEnabled: false,
      },
      datapathProvider: "ADVANCED_DATAPATH",
      enableFqdnNetworkPolicy: true,
      inTransitEncryptionConfig: "IN_TRANSIT_ENCRYPTION_INTER_NODE_TRANSPARENT",
      workloadIdentityConfig: { workloadPool: "acme-agents.svc.id.goog" },
      enableShieldedNodes: true,
      releaseChannel: { channel: "REGULAR" },
      databaseEncryption: { state: "ENCRYPTED", keyName: KEY },
      removeDefaultNodePool: true,
      initialNodeCount: 1,
      nodeConfig: NODE_CONFIG("default"),
      loggingConfig: { enableComponents: ["SYSTEM_COMPONENTS", "APISERVER", "WORKLOADS"] },
      monitoringConfig: { enableComponents: ["SYSTEM_COMPONENTS", "APISERVER"], managedPrometheus: { enabled: true } },
      masterAuth: { clientCertificateConfig: { issueClientCertificate: false } },
      enableLegacyAbac: false,
      securityPostureConfig: { mode: "BASIC", vulnerabilityMode: "VULNERABILITY_BASIC" },
      deletionProtection: true,
      resourceLabels: { "agentcloud-managed": "true" },
    });
    // Secrets encryption: the GKE service agent may use the key, before the cluster exists.
    expect(rec.named("agentcloud-secrets").inputs).toEqual({
      name: "agentcloud-secrets",
      keyRing: "projects/acme-agents/locations/europe-west4/keyRings/agentcloud-gke",
      purpose: "ENCRYPT_DECRYPT",
      rotationPeriod: "7776000s",
      versionTemplate: { algorithm: "GOOGLE_SYMMETRIC_ENCRYPTION", protectionLevel: "SOFTWARE" },
      labels: { "agentcloud-managed": "true" },
    });
    expect(rec.named("agentcloud-secrets-gke").inputs).toEqual({
      cryptoKeyId: KEY,
      role: "roles/cloudkms.cryptoKeyEncrypterDecrypter",
      member: `serviceAccount:service-${OFFLINE_GCP_PROJECT_NUMBER}@container-engine-robot.iam.gserviceaccount.com`,
    });
    expect(cluster.dependencies).toEqual(expect.arrayContaining([expect.stringContaining("agentcloud-secrets-gke")]));
    // The dedicated node service account, with its five roles only.
    expect(rec.named("agentcloud-nodes").inputs).toMatchObject({ accountId: "agentcloud-nodes", project: "acme-agents" });
    const grants = rec.ofType("gcp:projects/iAMMember:IAMMember").map((r) => r.inputs);
    expect(grants).toEqual(
      NODE_SERVICE_ACCOUNT_ROLES.map((role) => ({ project: "acme-agents", role, member: `serviceAccount:${NODE_SA}` })),
    );
    expect(rec.named("agentcloud-system").inputs).toEqual({
      project: "acme-agents",
      name: "system",
      cluster: "agentcloud",
      location: "europe-west4",
      autoscaling: { minNodeCount: 1, maxNodeCount: 3 },
      management: { autoRepair: true, autoUpgrade: true },
      nodeConfig: NODE_CONFIG("system"),
    });
    expect(rec.ofType("gcp:container/nodePool:NodePool")).toHaveLength(1);
    expect(rec.named("agentcloud-k8s").type).toBe("pulumi:providers:kubernetes");
  });

  it("publishes the issuer, workload pool, API server and a fabric matching its settings", async () => {
    let cluster!: GkeAgentCluster;
    await record(() => {
      cluster = new GkeAgentCluster("c", { ...ARGS, clusterName: "agents-prod", masterIpv4CidrBlock: "172.16.32.0/28" });
    });
    expect(cluster.ref).toEqual({ project: "acme-agents", location: "europe-west4", clusterName: "agents-prod" });
    expect(cluster.apiServer).toEqual({ cidrs: ["172.16.32.0/28"], ports: [443] });
    expect(cluster.fabric.kind).toBe("dataplane-v2");
    expect(cluster.fabric.enforcement.encryption).toBe("wireguard");
    const issuer = await new Promise((resolve) => cluster.issuer.apply(resolve));
    expect(issuer).toBe("https://container.googleapis.com/v1/projects/acme-agents/locations/europe-west4/clusters/agents-prod");
  });

  it("turns encryption and FQDN policy off only when acknowledged, on the cluster and its fabric alike", async () => {
    let cluster!: GkeAgentCluster;
    const rec = await record(() => {
      cluster = new GkeAgentCluster("c", {
        ...ARGS,
        fabric: { interNodeEncryption: false, unsafeNoEncryption: { reason: "cost test" } },
        releaseChannel: "STABLE",
        deletionProtection: false,
      });
    });
    expect(rec.named("c-cluster").inputs).toMatchObject({
      inTransitEncryptionConfig: "IN_TRANSIT_ENCRYPTION_DISABLED",
      enableFqdnNetworkPolicy: true,
      releaseChannel: { channel: "STABLE" },
      deletionProtection: false,
    });
    expect(cluster.fabric.enforcement.encryption).toBe("none");
    expect(cluster.fabric.unsafeReason).toBe("cost test");
  });

  it("rejects bad arguments before creating anything", async () => {
    const { error, rec } = await recordRejection(() => {
      new GkeAgentCluster("c", {
        ...ARGS,
        masterAuthorizedNetworks: [{ cidrBlock: "0.0.0.0/0", displayName: "all" }],
        fabric: { interNodeEncryption: false },
      });
    });
    expect((error as Error).message).toBe(
      'GkeAgentCluster "c" has 2 invalid arguments:\n' +
        '  - masterAuthorizedNetworks[0].cidrBlock: opens the control plane to every address (got "0.0.0.0/0"); fix: list only the ranges administrators and CI come from\n' +
        "  - fabric.interNodeEncryption: leaves pod traffic between nodes without the cluster's own encryption (Google's default VM-to-VM encryption only) (got false); fix: turn inter-node transparent encryption on, or acknowledge with unsafeNoEncryption: { reason: \"...\" }",
    );
    expect(rec.registrations).toEqual([]);
  });
});

describe("validateGkeAgentClusterArgs", () => {
  it("accepts the reference arguments", () => {
    expect(validateGkeAgentClusterArgs(ARGS)).toEqual([]);
  });

  it("reports every problem at once", () => {
    expect(
      validateGkeAgentClusterArgs({
        project: "Acme",
        location: "eu",
        clusterName: "a-very-long-cluster-name-that-gke-will-refuse",
        network: {},
        masterIpv4CidrBlock: "172.16.0.0/24",
        masterAuthorizedNetworks: [],
        releaseChannel: "UNSPECIFIED",
        systemPool: { minNodes: 4, maxNodes: 2 },
      }),
    ).toEqual([
      {
        argument: "project",
        value: "Acme",
        problem: "must be a GCP project id (6 to 30 lower-case letters, digits or -, starting with a letter)",
        fix: 'use your project\'s id, like "acme-agents-prod"',
      },
      { argument: "location", value: "eu", problem: "must be a GCP region", fix: 'use a region like "europe-west4"' },
      {
        argument: "clusterName",
        value: "a-very-long-cluster-name-that-gke-will-refuse",
        problem: "must be a GKE cluster name: a lower-case letter, then lower-case letters, digits or -, at most 40 characters",
        fix: 'use a name like "agentcloud"',
      },
      {
        argument: "network",
        value: {},
        problem: "must name the VPC and subnet",
        fix: "pass { network: vpc.networkName, subnetwork: vpc.subnetworkName } of an AgentVpcNetwork",
      },
      {
        argument: "masterIpv4CidrBlock",
        value: "172.16.0.0/24",
        problem: "must have a prefix from /28 to /28",
        fix: "use a /28 to /28 range",
      },
      {
        argument: "masterAuthorizedNetworks",
        value: [],
        problem: "must list at least one network: with a private endpoint, authorised networks are the only way to the API server",
        fix: 'list your admin range, e.g. [{ cidrBlock: "10.10.0.0/20", displayName: "cluster subnet" }]',
      },
      {
        argument: "releaseChannel",
        value: "UNSPECIFIED",
        problem: 'must be one of "RAPID", "REGULAR", "STABLE", "EXTENDED"',
        fix: "set releaseChannel to one of those",
      },
      {
        argument: "systemPool.maxNodes",
        value: 2,
        problem: "is below systemPool.minNodes (4)",
        fix: "set systemPool.maxNodes to at least 4",
      },
    ]);
  });
});

describe("helpers", () => {
  it("derives a valid node service account id from long cluster names", () => {
    expect(nodeAccountId("agentcloud")).toBe("agentcloud-nodes");
    expect(nodeAccountId("a-very-long-cluster-nam-x")).toBe("a-very-long-cluster-nam-nodes");
  });

  it("writes a kubeconfig that authenticates with gke-gcloud-auth-plugin and stores no credential", () => {
    expect(JSON.parse(gkeKubeconfig({ name: "c", endpoint: "172.16.0.2", caCertificate: "Q0E=" }))).toEqual({
      apiVersion: "v1",
      kind: "Config",
      clusters: [{ name: "c", cluster: { server: "https://172.16.0.2", "certificate-authority-data": "Q0E=" } }],
      users: [
        {
          name: "c",
          user: {
            exec: {
              apiVersion: "client.authentication.k8s.io/v1beta1",
              command: "gke-gcloud-auth-plugin",
              installHint: "Install gke-gcloud-auth-plugin: gcloud components install gke-gcloud-auth-plugin",
              provideClusterInfo: true,
            },
          },
        },
      ],
      contexts: [{ name: "c", context: { cluster: "c", user: "c" } }],
      "current-context": "c",
    });
  });
});
