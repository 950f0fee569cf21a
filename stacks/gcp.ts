import * as organizations from "@pulumi/gcp/organizations";
import * as pulumi from "@pulumi/pulumi";
import { AgentCloud } from "../components/blueprint/component";
import { GcsAuditBucket } from "../components/gcp/audit";
import { GcpAuditShipping } from "../components/gcp/audit-shipping";
import {
  GkeAgentCluster,
  gatewayReachesHosts,
  gkePlatform,
  GKE_RELEASE_CHANNELS,
  type GkeAuthorizedNetwork,
} from "../components/gcp/cluster";
import { gcpFleetIdentities, gcpIdentityBinding } from "../components/gcp/identity";
import {
  AgentVpcNetwork,
  parseIpv4Cidr,
  rangesOverlap,
  VPC_DEFAULTS,
  VPC_EGRESS_MODES,
  type VpcEgressMode,
} from "../components/gcp/network";
import { GkeGpuNodePool, GkeSandboxNodePool } from "../components/gcp/nodes";
import type { DataplaneV2Options } from "../components/kubernetes/network/dataplane-v2";
import { ArgumentError, type ValidationProblem } from "../components/validation";
import { referenceFleet } from "./agents";
import { loadStackConfig, type ConfigKey } from "./config";
import { FLEET_CONFIG } from "./fleet-config";

/** Sizes of a node pool from config: machine type and total node bounds. */
export interface PoolConfig {
  /**
   * Machine type.
   * @default - the pool's (`e2-standard-4` for GKE Sandbox, `g2-standard-8` for GPUs)
   */
  machineType?: string;
  /**
   * Fewest nodes in total.
   * @default - the pool's (1 for GKE Sandbox, 0 for GPUs)
   */
  minNodes?: number;
  /**
   * Most nodes in total.
   * @default - the pool's (3 for GKE Sandbox, 2 for GPUs)
   */
  maxNodes?: number;
}

/** The GPU pool from config: a pool's sizes, the GPU type and GKE time-sharing. */
export interface GpuPoolConfig extends PoolConfig {
  /**
   * GPU type, e.g. `nvidia-l4`.
   * @default "nvidia-l4"
   */
  acceleratorType?: string;
  /**
   * Agents sharing one GPU (GKE time-sharing, 2 to 48).
   * @default 4
   */
  maxSharedClientsPerGpu?: number;
}

const choose =
  <T extends string>(allowed: readonly T[], example: string) =>
  (v: string) =>
    (allowed as readonly string[]).includes(v) ? undefined : { problem: `must be one of ${allowed.join(", ")}`, fix: `use "${example}"` };

/**
 * The `gcp` stack's config keys (documented in Pulumi.gcp.yaml), besides the provider's `gcp:project` and
 * `gcp:region`. The tenant and fleet keys are the `local` stack's.
 */
export const GCP_CONFIG = {
  namespace: FLEET_CONFIG.namespace,
  owner: FLEET_CONFIG.owner,
  costCentre: FLEET_CONFIG.costCentre,
  codeInterpreterWarmPool: FLEET_CONFIG.codeInterpreterWarmPool,
  observability: FLEET_CONFIG.observability,
  clusterName: {
    type: "string",
    default: "agentcloud",
    description: "name of the GKE cluster (and the VPC, key ring and node service account derived from it)",
    check: (v) =>
      /^[a-z]([-a-z0-9]{0,38}[a-z0-9])?$/.test(v)
        ? undefined
        : { problem: "must be a GKE cluster name (at most 40 characters)", fix: `use "agentcloud"` },
  } as ConfigKey<string>,
  subnetCidr: {
    type: "string",
    default: VPC_DEFAULTS.subnetCidr,
    description: "primary range of the cluster subnet (nodes)",
  } as ConfigKey<string>,
  podsCidr: { type: "string", default: VPC_DEFAULTS.podsCidr, description: "secondary range for Pods" } as ConfigKey<string>,
  servicesCidr: { type: "string", default: VPC_DEFAULTS.servicesCidr, description: "secondary range for Services" } as ConfigKey<string>,
  egress: {
    type: "string",
    default: VPC_DEFAULTS.egress,
    description: "nat: Cloud NAT for the subnet; none: Google APIs only (Private Google Access)",
    check: choose(VPC_EGRESS_MODES, "nat"),
  } as ConfigKey<string>,
  masterIpv4CidrBlock: {
    type: "string",
    default: "172.16.0.0/28",
    description: "the control plane's private /28; agents that claim sandboxes reach the API server there on 443",
  } as ConfigKey<string>,
  masterAuthorizedNetworks: {
    type: "array",
    default: [],
    description: "networks allowed to the private endpoint, [{cidrBlock, displayName}]; empty for the cluster subnet only",
  } as ConfigKey<GkeAuthorizedNetwork[]>,
  releaseChannel: {
    type: "string",
    default: "REGULAR",
    description: `GKE release channel: ${GKE_RELEASE_CHANNELS.join(", ")}`,
    check: choose(GKE_RELEASE_CHANNELS, "REGULAR"),
  } as ConfigKey<string>,
  dataplaneV2: {
    type: "object",
    default: {},
    description: "Dataplane V2 settings: {fqdnNetworkPolicy, interNodeEncryption, unsafeNoEncryption, unsafeNoFqdnEgress}",
  } as ConfigKey<DataplaneV2Options>,
  sandboxPool: {
    type: "object",
    default: {},
    description: "the GKE Sandbox (gVisor) pool: {machineType, minNodes, maxNodes}",
  } as ConfigKey<PoolConfig>,
  gpuPool: {
    type: "object-or-false",
    default: false,
    description:
      "a GPU pool with GKE time-sharing: {machineType, minNodes, maxNodes, acceleratorType, maxSharedClientsPerGpu}, or false for none",
  } as ConfigKey<GpuPoolConfig | false>,
  auditRetentionDays: {
    type: "integer",
    default: 365,
    description: "locked retention of the audit bucket, in days (at least 90)",
  } as ConfigKey<number>,
  deletionProtection: {
    type: "boolean",
    default: true,
    description: "refuse pulumi destroy of the GKE cluster",
  } as ConfigKey<boolean>,
};

/** The provider's project and region (`gcp:project`, `gcp:region`): both required, since names derive from them. */
export function gcpLocation(): { project: string; region: string } {
  const gcp = new pulumi.Config("gcp");
  const project = gcp.get("project");
  const region = gcp.get("region");
  const problems = [
    ...(project
      ? []
      : [{ argument: "gcp:project", value: project, problem: "must be set", fix: "pulumi config set gcp:project <project-id>" }]),
    ...(region
      ? []
      : [{ argument: "gcp:region", value: region, problem: "must be set", fix: "pulumi config set gcp:region europe-west4" }]),
  ];
  if (problems.length > 0) throw new ArgumentError(`stack "${pulumi.getStack()}" config`, problems);
  return { project: project!, region: region! };
}

/**
 * The control plane's /28 must lie outside the subnet and its secondary ranges (GKE rejects the cluster otherwise);
 * the ranges among themselves are `AgentVpcNetwork`'s to check.
 */
export function masterRangeProblems(config: {
  subnetCidr: string;
  podsCidr: string;
  servicesCidr: string;
  masterIpv4CidrBlock: string;
}): ValidationProblem[] {
  const master = parseIpv4Cidr(config.masterIpv4CidrBlock);
  if (!master) return [];
  return (["subnetCidr", "podsCidr", "servicesCidr"] as const).flatMap((key) => {
    const range = parseIpv4Cidr(config[key]);
    if (!range || !rangesOverlap(master, range)) return [];
    return [
      {
        argument: "agentcloud:masterIpv4CidrBlock",
        value: config.masterIpv4CidrBlock,
        problem: `overlaps agentcloud:${key} (${config[key]}); the control plane's range must be outside the VPC's ranges`,
        fix: `pick a /28 outside ${config[key]}, like "172.16.0.0/28"`,
      },
    ];
  });
}

const bounds = (pool: PoolConfig) => ({
  ...(pool.minNodes !== undefined && { minNodes: pool.minNodes }),
  ...(pool.maxNodes !== undefined && { maxNodes: pool.maxNodes }),
});

/**
 * The `gcp` reference stack: the reference fleet (`stacks/agents.ts`, unchanged) on a private GKE cluster in its own
 * VPC, with GKE Sandbox (gVisor) nodes, Dataplane V2 as the network fabric, Workload Identity Federation for the agents
 * with GCP permissions, a locked CMEK audit bucket and the monitoring stack; a GPU pool with time-sharing on request.
 */
export async function gcpStack() {
  const config = loadStackConfig("agentcloud", GCP_CONFIG);
  const { project, region } = gcpLocation();
  const overlaps = masterRangeProblems(config);
  if (overlaps.length > 0) throw new ArgumentError(`stack "${pulumi.getStack()}" config`, overlaps);
  const name = config.clusterName;
  const vpc = new AgentVpcNetwork(name, {
    project,
    region,
    subnetCidr: config.subnetCidr,
    podsCidr: config.podsCidr,
    servicesCidr: config.servicesCidr,
    egress: config.egress as VpcEgressMode,
  });
  const authorized =
    config.masterAuthorizedNetworks.length > 0
      ? config.masterAuthorizedNetworks
      : [{ cidrBlock: config.subnetCidr, displayName: "cluster subnet" }];
  const cluster = new GkeAgentCluster(name, {
    project,
    location: region,
    clusterName: name,
    network: { network: vpc.networkName, subnetwork: vpc.subnetworkName },
    masterIpv4CidrBlock: config.masterIpv4CidrBlock,
    masterAuthorizedNetworks: authorized,
    releaseChannel: config.releaseChannel as (typeof GKE_RELEASE_CHANNELS)[number],
    fabric: config.dataplaneV2,
    deletionProtection: config.deletionProtection,
  });
  const poolBase = { cluster: cluster.clusterName, location: region, project, serviceAccount: cluster.nodeServiceAccountEmail };
  const sandbox = new GkeSandboxNodePool(`${name}-sandbox`, {
    ...poolBase,
    pool: "sandbox",
    ...(config.sandboxPool.machineType && { machineType: config.sandboxPool.machineType }),
    autoscaling: bounds(config.sandboxPool),
  });
  const gpu =
    config.gpuPool === false
      ? undefined
      : new GkeGpuNodePool(`${name}-gpu`, {
          ...poolBase,
          pool: "gpu",
          ...(config.gpuPool.machineType && { machineType: config.gpuPool.machineType }),
          ...(config.gpuPool.acceleratorType && { accelerator: { type: config.gpuPool.acceleratorType } }),
          ...(config.gpuPool.maxSharedClientsPerGpu !== undefined && { maxSharedClientsPerGpu: config.gpuPool.maxSharedClientsPerGpu }),
          autoscaling: bounds(config.gpuPool),
        });
  const fleet = referenceFleet({
    namespace: config.namespace,
    owner: config.owner,
    costCentre: config.costCentre,
    codeInterpreterWarmPool: config.codeInterpreterWarmPool,
    // The gateway reaches the remote DeepWiki server by FQDN egress, through Cloud NAT.
    remoteTools: gatewayReachesHosts(cluster.fabric) && config.egress === "nat",
  });
  const { number: projectNumber } = await organizations.getProject({ projectId: project });
  const identities = gcpFleetIdentities(`${name}-identity`, { project, projectNumber, agents: fleet.agents });
  const audit = new GcsAuditBucket(`${name}-audit`, { project, location: region, retentionDays: config.auditRetentionDays });
  // The audit pipeline: the gateway's access log, receipts and the cluster's audit logs into the locked bucket, and the
  // fleet's receipt-signing key.
  const shipping = new GcpAuditShipping(`${name}-audit-shipping`, {
    project,
    projectNumber,
    clusterName: name,
    location: region,
    workloadPool: `${project}.svc.id.goog`,
    bucketName: audit.bucketName,
    keyRing: audit.keyRingId,
    // Every agent with a cloud identity may sign its receipts' checkpoints with the fleet's key.
    signers: Object.values(identities).map((identity) => identity.member),
  });
  const cloud = new AgentCloud(
    "agentcloud",
    {
      platform: gkePlatform({
        provider: cluster.provider,
        cluster: cluster.ref,
        fabric: cluster.fabric,
        apiServer: cluster.apiServer,
        identity: gcpIdentityBinding({ project }),
        ...(gpu && { gpu: gpu.gpuPlatform }),
      }),
      ...fleet,
      observability: config.observability,
      audit: shipping.fleetAudit,
    },
    // The gvisor RuntimeClass exists once GKE Sandbox nodes do.
    { dependsOn: [sandbox, ...(gpu ? [gpu] : [])] },
  );
  return {
    project,
    region,
    network: vpc.networkName,
    cluster: cluster.clusterName,
    // The private endpoint: reach it from an authorised network (gcloud container clusters get-credentials --internal-ip).
    endpoint: cluster.endpoint,
    workloadPool: cluster.workloadPool,
    issuer: cluster.issuer,
    nodeServiceAccount: cluster.nodeServiceAccountEmail,
    auditBucket: audit.bucketName,
    agentIdentities: Object.keys(identities),
    namespaces: cloud.namespaces,
    runtimeClasses: cloud.runtimeClasses,
    platformRuntimeClasses: cloud.platformRuntimeClasses,
    agents: cloud.agents,
    networkFabric: cloud.networkFabric,
    gateway: cloud.gateway,
    observability: cloud.observability,
  };
}
