/**
 * GCP resources as the engine hands their inputs to policies, compliant by default (the shapes G1's GkeAgentCluster,
 * G2's node pools and GcsAuditBucket publish in their contracts), each changed in place by `mutate`.
 */
import type { Unwrap } from "@pulumi/pulumi";
import type { ClusterArgs, NodePoolArgs } from "@pulumi/gcp/container";
import type { BucketArgs } from "@pulumi/gcp/storage";
import type { Registration } from "../../../cli/mock-runtime";
import { registration } from "../helpers";

export type ClusterInputs = Unwrap<ClusterArgs>;
export type NodePoolInputs = Unwrap<NodePoolArgs>;
export type NodeConfigInputs = NonNullable<NodePoolInputs["nodeConfig"]>;
export type BucketInputs = Unwrap<BucketArgs>;

export const PROJECT = "acme-agents";
export const NODE_SA = `agents-nodes@${PROJECT}.iam.gserviceaccount.com`;

/** The node config every agentcloud pool shares (G1's secureNodeConfig). */
export function secureNodeConfig(): NodeConfigInputs {
  return {
    serviceAccount: NODE_SA,
    oauthScopes: ["https://www.googleapis.com/auth/cloud-platform"],
    imageType: "COS_CONTAINERD",
    workloadMetadataConfig: { mode: "GKE_METADATA" },
    shieldedInstanceConfig: { enableSecureBoot: true, enableIntegrityMonitoring: true },
    metadata: { "disable-legacy-endpoints": "true" },
    diskType: "pd-balanced",
    machineType: "e2-standard-4",
  };
}

/** A private, Workload Identity, KMS-encrypted, shielded GKE cluster named `name`, registered as `<name>-cluster`. */
export function gkeCluster(mutate?: (inputs: ClusterInputs) => void, name = "agents"): Registration {
  const inputs: ClusterInputs = {
    name,
    location: "europe-west4",
    network: "agents-vpc",
    subnetwork: "agents-subnet",
    networkingMode: "VPC_NATIVE",
    ipAllocationPolicy: { clusterSecondaryRangeName: "pods", servicesSecondaryRangeName: "services" },
    privateClusterConfig: {
      enablePrivateNodes: true,
      enablePrivateEndpoint: true,
      masterIpv4CidrBlock: "172.16.0.0/28",
      masterGlobalAccessConfig: { enabled: false },
    },
    masterAuthorizedNetworksConfig: {
      cidrBlocks: [{ cidrBlock: "10.10.0.0/20", displayName: "nodes" }],
      gcpPublicCidrsAccessEnabled: false,
    },
    datapathProvider: "ADVANCED_DATAPATH",
    workloadIdentityConfig: { workloadPool: `${PROJECT}.svc.id.goog` },
    enableShieldedNodes: true,
    releaseChannel: { channel: "REGULAR" },
    databaseEncryption: {
      state: "ENCRYPTED",
      keyName: `projects/${PROJECT}/locations/europe-west4/keyRings/agents/cryptoKeys/agents-secrets`,
    },
    removeDefaultNodePool: true,
    initialNodeCount: 1,
    nodeConfig: secureNodeConfig(),
  };
  mutate?.(inputs);
  return registration("gcp:container/cluster:Cluster", `${name}-cluster`, inputs);
}

/** A NodePool `name` of cluster `cluster` (referred to by name) with the secure node config. */
export function nodePool(
  name: string,
  mutate?: (inputs: NodePoolInputs & { nodeConfig: NodeConfigInputs }) => void,
  cluster = "agents",
): Registration {
  const inputs = {
    name,
    cluster,
    location: "europe-west4",
    management: { autoRepair: true, autoUpgrade: true },
    autoscaling: { totalMinNodeCount: 1, totalMaxNodeCount: 3, locationPolicy: "ANY" },
    nodeConfig: { ...secureNodeConfig(), labels: { "agentcloud.dev/pool": name } },
  };
  mutate?.(inputs);
  return registration("gcp:container/nodePool:NodePool", `${name}-pool`, inputs);
}

/** G2's GkeGpuNodePool: one time-shared L4 per node, labelled and tainted. */
export function gpuPool(mutate?: (inputs: NodePoolInputs & { nodeConfig: NodeConfigInputs }) => void, name = "gpu"): Registration {
  return nodePool(name, (p) => {
    p.nodeConfig.machineType = "g2-standard-8";
    p.nodeConfig.guestAccelerators = [
      {
        type: "nvidia-l4",
        count: 1,
        gpuSharingConfig: { gpuSharingStrategy: "TIME_SHARING", maxSharedClientsPerGpu: 4 },
        gpuDriverInstallationConfig: { gpuDriverVersion: "DEFAULT" },
      },
    ];
    p.nodeConfig.labels = { "agentcloud.dev/gpu": "true", "agentcloud.dev/gpu-pool": name };
    p.nodeConfig.taints = [{ key: "nvidia.com/gpu", value: "present", effect: "NO_SCHEDULE" }];
    mutate?.(p);
  });
}

/** G2's GkeSandboxNodePool: GKE Sandbox (gVisor) on COS_CONTAINERD, labelled agentcloud.dev/sandbox=gvisor. */
export function sandboxPool(mutate?: (inputs: NodePoolInputs & { nodeConfig: NodeConfigInputs }) => void, name = "sandbox"): Registration {
  return nodePool(name, (p) => {
    p.nodeConfig.sandboxConfig = { type: "GVISOR" };
    p.nodeConfig.labels = { "agentcloud.dev/sandbox": "gvisor" };
    mutate?.(p);
  });
}

/** G2's GcsAuditBucket: locked 365-day retention, uniform access, public access prevention, CMEK. */
export function auditBucket(mutate?: (inputs: BucketInputs) => void, name = "acme-agents-audit"): Registration {
  const inputs: BucketInputs = {
    name,
    location: "EUROPE-WEST4",
    labels: { "agentcloud-audit": "true" },
    uniformBucketLevelAccess: true,
    publicAccessPrevention: "enforced",
    retentionPolicy: { retentionPeriod: String(365 * 86_400), isLocked: true },
    encryption: { defaultKmsKeyName: `projects/${PROJECT}/locations/europe-west4/keyRings/audit/cryptoKeys/audit` },
    forceDestroy: false,
    lifecycleRules: [{ action: { type: "SetStorageClass", storageClass: "COLDLINE" }, condition: { age: 90 } }],
  };
  mutate?.(inputs);
  return registration("gcp:storage/bucket:Bucket", `${name}-bucket`, inputs);
}

/** The whole compliant GKE stack: cluster, system, GPU and sandbox pools, audit bucket. */
export function gkeStack(): Registration[] {
  return [gkeCluster(), nodePool("system"), gpuPool(), sandboxPool(), auditBucket()];
}

/**
 * GCP resources that break every GCP policy; every free-form value holds the marker CANARY (for the whole-pack test
 * in test/policies/pack.test.ts: `...gcpWrong()` in its everythingWrong()).
 */
export function gcpWrong(): Registration[] {
  const cluster = gkeCluster((c) => {
    delete c.privateClusterConfig;
    c.masterAuthorizedNetworksConfig = {
      gcpPublicCidrsAccessEnabled: true,
      cidrBlocks: [{ cidrBlock: "0.0.0.0/0", displayName: "CANARY" }],
    };
    c.workloadIdentityConfig = { workloadPool: "CANARY" };
    c.databaseEncryption = { state: "CANARY", keyName: "" };
    c.enableShieldedNodes = false;
    c.nodeConfig = {
      serviceAccount: "default",
      workloadMetadataConfig: { mode: "CANARY" },
      labels: { "agentcloud.dev/sandbox": "CANARY", "agentcloud.dev/pool": "CANARY" },
      imageType: "CANARY",
      machineType: "a2-highgpu-1g",
      taints: [{ key: "nvidia.com/gpu", value: "CANARY", effect: "PREFER_NO_SCHEDULE" }],
    };
  }, "wrong");
  const bucket = auditBucket((b) => {
    b.retentionPolicy = { retentionPeriod: "CANARY" };
    b.uniformBucketLevelAccess = false;
    b.publicAccessPrevention = "CANARY";
    b.encryption = { defaultKmsKeyName: "" };
  }, "wrong-audit");
  const grant = registration("gcp:projects/iAMMember:IAMMember", "wrong-grant", {
    project: PROJECT,
    role: "roles/editor",
    member:
      "principal://iam.googleapis.com/projects/1/locations/global/workloadIdentityPools/CANARY.svc.id.goog/subject/ns/CANARY/sa/CANARY",
  });
  return [cluster, bucket, grant];
}
