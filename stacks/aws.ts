import { getCallerIdentity } from "@pulumi/aws/getCallerIdentity";
import { getPartition } from "@pulumi/aws/getPartition";
import * as pulumi from "@pulumi/pulumi";
import { S3AuditBucket } from "../components/aws/audit/component";
import { defaultAuditBucketName } from "../components/aws/audit/resolve";
import { AwsAuditShipping } from "../components/aws/audit-shipping/component";
import { AUDIT_DEFAULT_RETENTION_DAYS, AUDIT_MAXIMUM_RETENTION_DAYS, AUDIT_MINIMUM_RETENTION_DAYS } from "../components/aws/audit/spec";
import { EksAgentCluster } from "../components/aws/cluster/component";
import { eksCiliumFabric } from "../components/aws/cluster/fabric";
import { eksAgentCloudPlatform, eksTokenIssuer, type EksPlatformExtras } from "../components/aws/cluster/platform";
import {
  DEFAULT_CONTROL_PLANE_LOG_RETENTION_DAYS,
  DEFAULT_SERVICE_CIDR,
  EKS_KUBERNETES_VERSION,
  type EksAgentClusterArgs,
  type EksCiliumOptions,
  type EksSystemNodes,
} from "../components/aws/cluster/spec";
import { validateEksAgentClusterArgs } from "../components/aws/cluster/validate";
import { awsIdentityBinding } from "../components/aws/identity/binding";
import { agentIdentities } from "../components/aws/identity/component";
import type { AwsIdentityBindingArgs, AwsPartition } from "../components/aws/identity/spec";
import { EksGpuNodePool, EksSandboxNodePool, gpuPoolSharing } from "../components/aws/nodes";
import type { EksGpuNodePoolArgs, EksSandboxNodePoolArgs } from "../components/aws/nodes/spec";
import { validateEksGpuNodePoolArgs, validateEksSandboxNodePoolArgs } from "../components/aws/nodes/validate";
import { AgentVpc } from "../components/aws/vpc/component";
import {
  DEFAULT_FLOW_LOG_RETENTION_DAYS,
  DEFAULT_VPC_CIDR,
  type AgentVpcArgs,
  type NatGatewayMode,
  type VpcEgress,
} from "../components/aws/vpc/spec";
import { validateAgentVpcArgs } from "../components/aws/vpc/validate";
import { AgentCloud } from "../components/blueprint/component";
import { validateAgentCloudArgs } from "../components/blueprint/validate";
import { GpuSharing } from "../components/kubernetes/gpu-sharing/component";
import { gpuPlatform, resolveGpuSharing } from "../components/kubernetes/gpu-sharing/resolve";
import { ArgumentError, checkInteger, throwIfProblems, type ValidationProblem } from "../components/validation";
import { referenceFleet } from "./agents";
import { loadStackConfig, type ConfigKey } from "./config";
import { FLEET_CONFIG } from "./fleet-config";

/** The GPU pool's settings in config: `EksGpuNodePool`'s arguments without what the stack wires in. */
export type AwsGpuPoolConfig = Omit<EksGpuNodePoolArgs, "clusterName" | "subnetIds" | "nodeRoleArn" | "kmsKeyArn" | "tags">;
/** A sandbox pool's settings in config: `EksSandboxNodePool`'s arguments without what the stack wires in. */
export type AwsSandboxPoolConfig = Omit<
  EksSandboxNodePoolArgs,
  "clusterName" | "subnetIds" | "nodeRoleArn" | "kmsKeyArn" | "tags" | "runtime" | "cluster"
>;

/** The GPU pool unless configured: scaled to zero (no GPU cost until `desiredSize` is raised), four shares per GPU. */
export const DEFAULT_AWS_GPU_POOL: AwsGpuPoolConfig = { scaling: { minSize: 0, desiredSize: 0, maxSize: 2 } };

/** The `aws` stack's config keys (documented in Pulumi.aws.yaml); `aws:region` is read from the AWS provider's. */
export const AWS_CONFIG = {
  availabilityZones: {
    type: "array",
    default: [],
    description: "availability zones of the VPC and the cluster (two or more, in aws:region)",
  } as ConfigKey<string[]>,
  vpcCidr: { type: "string", default: DEFAULT_VPC_CIDR, description: "the VPC's IPv4 block" } as ConfigKey<string>,
  egress: {
    type: "string",
    default: "nat",
    description: `how nodes reach the internet: nat, or none (VPC endpoints only)`,
  } as ConfigKey<string>,
  natGateways: { type: "string", default: "single", description: "NAT gateways: single, or per-zone" } as ConfigKey<string>,
  flowLogRetentionDays: {
    type: "integer",
    default: DEFAULT_FLOW_LOG_RETENTION_DAYS,
    description: "days the VPC flow logs are kept",
  } as ConfigKey<number>,
  clusterName: { type: "string", default: "agentcloud", description: "the EKS cluster's name" } as ConfigKey<string>,
  kubernetesVersion: {
    type: "string",
    default: EKS_KUBERNETES_VERSION,
    description: "Kubernetes minor version (EKS standard support)",
  } as ConfigKey<string>,
  endpointPublicAccessCidrs: {
    type: "array",
    default: [],
    description: "CIDRs that may reach the public API endpoint; empty keeps it private (never 0.0.0.0/0)",
  } as ConfigKey<string[]>,
  admins: { type: "array", default: [], description: "IAM role or user ARNs given cluster admin (access entries)" } as ConfigKey<string[]>,
  clusterCreatorAdmin: {
    type: "boolean",
    default: true,
    description: "give the identity running `pulumi up` cluster admin (it deploys the Kubernetes objects)",
  } as ConfigKey<boolean>,
  serviceCidr: { type: "string", default: DEFAULT_SERVICE_CIDR, description: "the Services' address range" } as ConfigKey<string>,
  systemNodes: {
    type: "object",
    default: {},
    description: "the system node group: {instanceTypes, minSize, desiredSize, maxSize, diskSizeGiB}",
  } as ConfigKey<EksSystemNodes>,
  cilium: {
    type: "object",
    default: {},
    description: "Cilium (ENI mode): {encryption, nodeEncryption, operatorReplicas}",
  } as ConfigKey<EksCiliumOptions>,
  controlPlaneLogRetentionDays: {
    type: "integer",
    default: DEFAULT_CONTROL_PLANE_LOG_RETENTION_DAYS,
    description: "days the control-plane logs are kept",
  } as ConfigKey<number>,
  gpuPool: {
    type: "object-or-false",
    default: DEFAULT_AWS_GPU_POOL,
    description:
      "the GPU node pool with time-slicing: {pool, instanceTypes, amiType, scaling: {minSize, desiredSize, maxSize}, timeSlicing: {replicas, renameByDefault}, diskSizeGiB, capacityType}, or false for none",
  } as ConfigKey<AwsGpuPoolConfig | false>,
  gvisorPool: {
    type: "object",
    default: {},
    description:
      "the gVisor sandbox node pool (the reference fleet runs there): {instanceTypes, scaling, gvisor, diskSizeGiB, capacityType}",
  } as ConfigKey<AwsSandboxPoolConfig>,
  kataPool: {
    type: "object-or-false",
    default: false,
    description:
      "the Kata sandbox node pool (bare metal or nested virtualisation) with kata-deploy: {instanceTypes, scaling, diskSizeGiB, capacityType}, or false for none",
  } as ConfigKey<AwsSandboxPoolConfig | false>,
  auditRetentionDays: {
    type: "integer",
    default: AUDIT_DEFAULT_RETENTION_DAYS,
    description: `days every audit record is locked (Object Lock COMPLIANCE; at least ${AUDIT_MINIMUM_RETENTION_DAYS})`,
  } as ConfigKey<number>,
  namespace: FLEET_CONFIG.namespace,
  owner: FLEET_CONFIG.owner,
  costCentre: FLEET_CONFIG.costCentre,
  codeInterpreterWarmPool: FLEET_CONFIG.codeInterpreterWarmPool,
  observability: FLEET_CONFIG.observability,
};

/** The `aws` stack's config values. */
export type AwsConfig = { [K in keyof typeof AWS_CONFIG]: (typeof AWS_CONFIG)[K]["default"] };

/** Config keys the VPC's and the cluster's arguments come from, where the names differ. */
const KEY_OF_ARGUMENT: Record<string, string> = {
  cidrBlock: "agentcloud:vpcCidr",
  "network.availabilityZones": "agentcloud:availabilityZones",
  serviceIpv4Cidr: "agentcloud:serviceCidr",
  region: "aws:region",
};

/** A problem of a component's argument, named by the config key it came from. */
function asConfigProblem(p: ValidationProblem, prefix = ""): ValidationProblem {
  const path = `${prefix}${p.argument}`;
  const mapped = Object.entries(KEY_OF_ARGUMENT).find(([arg]) => path === arg || path.startsWith(`${arg}[`) || path.startsWith(`${arg}.`));
  return { ...p, argument: mapped ? `${mapped[1]}${path.slice(mapped[0].length)}` : `agentcloud:${path}` };
}

/** The parts the config describes, validated together: every problem names its config key. */
export interface AwsStackPlan {
  /** The region (`aws:region`). */
  region: string;
  /** `AgentVpc`'s arguments. */
  vpc: AgentVpcArgs;
  /** `EksAgentCluster`'s arguments, without the network (the VPC's). */
  cluster: Omit<EksAgentClusterArgs, "network">;
  /** The GPU pool, or undefined for none. */
  gpuPool?: AwsGpuPoolConfig;
  /** The gVisor pool. */
  gvisorPool: AwsSandboxPoolConfig;
  /** The Kata pool, or undefined for none. */
  kataPool?: AwsSandboxPoolConfig;
}

/**
 * The stack's parts from its config, with every problem of every part reported at once, named by config key (the
 * components' own validators, run on the arguments the config makes), before any resource is created.
 */
export function awsStackPlan(config: AwsConfig, region: string | undefined): AwsStackPlan {
  const problems: ValidationProblem[] = [];
  if (region === undefined || region === "") {
    problems.push({
      argument: "aws:region",
      value: region,
      problem: "must be set (the region of every resource)",
      fix: "pulumi config set aws:region eu-west-1",
    });
  }
  const vpc: AgentVpcArgs = {
    availabilityZones: config.availabilityZones,
    cidrBlock: config.vpcCidr,
    egress: config.egress as VpcEgress,
    natGateways: config.natGateways as NatGatewayMode,
    flowLogRetentionDays: config.flowLogRetentionDays,
  };
  const cluster: Omit<EksAgentClusterArgs, "network"> = {
    region: region ?? "",
    clusterName: config.clusterName,
    kubernetesVersion: config.kubernetesVersion,
    endpointPublicAccessCidrs: config.endpointPublicAccessCidrs,
    admins: config.admins,
    clusterCreatorAdmin: config.clusterCreatorAdmin,
    serviceIpv4Cidr: config.serviceCidr,
    systemNodes: config.systemNodes,
    cilium: config.cilium,
    controlPlaneLogRetentionDays: config.controlPlaneLogRetentionDays,
  };
  problems.push(...validateAgentVpcArgs(vpc).map((p) => asConfigProblem(p)));
  const zones = Array.isArray(config.availabilityZones) ? config.availabilityZones : [];
  const network = {
    vpcId: "",
    cidrBlock: config.vpcCidr,
    subnetIds: zones.map(() => ""),
    availabilityZones: zones,
    egress: vpc.egress ?? "nat",
  };
  const clusterProblems = validateEksAgentClusterArgs({ ...cluster, ...(region ? {} : { region: "eu-west-1" }), network })
    .map((p) => asConfigProblem(p))
    // The VPC's check already named a bad VPC block or malformed zones; without aws:region no zone is checked against it.
    .filter((p) => !problems.some((q) => q.argument === p.argument && q.problem === p.problem))
    .filter((p) => region || !p.problem.startsWith("is not in the region"));
  problems.push(...clusterProblems);

  const stub = { clusterName: config.clusterName, subnetIds: ["subnet"] };
  const gpuPool = config.gpuPool === false ? undefined : config.gpuPool;
  if (gpuPool) {
    problems.push(...validateEksGpuNodePoolArgs({ ...gpuPool, ...stub }).map((p) => asConfigProblem(p, "gpuPool.")));
  }
  // A custom AMI gets the cluster from the stack (nodeadm needs it); its outputs stand in as placeholders here.
  const nodeadm = (p: AwsSandboxPoolConfig) =>
    p.gvisor?.imageId !== undefined
      ? { cluster: { apiServerEndpoint: "https://cluster", certificateAuthority: "ca", cidr: config.serviceCidr } }
      : {};
  problems.push(
    ...validateEksSandboxNodePoolArgs({ ...config.gvisorPool, ...stub, ...nodeadm(config.gvisorPool), runtime: "gvisor" }).map((p) =>
      asConfigProblem(p, "gvisorPool."),
    ),
  );
  if (vpc.egress === "none" && config.gvisorPool.gvisor?.imageId === undefined && config.gvisorPool.gvisor?.baseUrl === undefined) {
    problems.push({
      argument: "agentcloud:gvisorPool.gvisor",
      value: config.gvisorPool.gvisor,
      problem: "downloads gVisor from storage.googleapis.com at boot, which egress none cannot reach",
      fix: `give gvisor.imageId (an AMI with runsc) or gvisor.baseUrl (a mirror reached through the S3 gateway endpoint), or set agentcloud:egress to nat`,
    });
  }
  const kataPool = config.kataPool === false ? undefined : config.kataPool;
  if (kataPool) {
    problems.push(...validateEksSandboxNodePoolArgs({ ...kataPool, ...stub, runtime: "kata" }).map((p) => asConfigProblem(p, "kataPool.")));
  }
  if (config.auditRetentionDays < AUDIT_MINIMUM_RETENTION_DAYS) {
    problems.push({
      argument: "agentcloud:auditRetentionDays",
      value: config.auditRetentionDays,
      problem: `must be at least ${AUDIT_MINIMUM_RETENTION_DAYS} days`,
      fix: `set it to ${AUDIT_MINIMUM_RETENTION_DAYS} or more, e.g. ${AUDIT_DEFAULT_RETENTION_DAYS}`,
    });
  } else {
    problems.push(
      ...checkInteger(
        "agentcloud:auditRetentionDays",
        config.auditRetentionDays,
        AUDIT_MINIMUM_RETENTION_DAYS,
        AUDIT_MAXIMUM_RETENTION_DAYS,
      ),
    );
  }
  if (problems.length > 0) throw new ArgumentError(`stack "${pulumi.getStack()}" config`, problems);
  return {
    region: region as string,
    vpc,
    cluster,
    gvisorPool: config.gvisorPool,
    ...(gpuPool && { gpuPool }),
    ...(kataPool && { kataPool }),
  };
}

/**
 * The `aws` reference stack: a VPC and a private EKS cluster with Cilium (ENI mode), a GPU pool with time-slicing,
 * gVisor (and optionally Kata) sandbox pools, per-agent AWS identities (IRSA under gVisor), an Object Lock audit
 * bucket with its pipeline (shipper, control-plane logs, receipt-signing key), and the reference fleet
 * (`stacks/agents.ts`, the same as `local`) through `AgentCloud`.
 */
export async function awsStack() {
  const config = loadStackConfig("agentcloud", AWS_CONFIG);
  const plan = awsStackPlan(config, new pulumi.Config("aws").get("region"));
  const { accountId } = await getCallerIdentity();
  const partition = (await getPartition()).partition as AwsPartition;
  const tags = { "agentcloud.dev/stack": pulumi.getStack() };
  const fleet = referenceFleet({
    namespace: config.namespace,
    owner: config.owner,
    costCentre: config.costCentre,
    codeInterpreterWarmPool: config.codeInterpreterWarmPool,
  });
  const binding: AwsIdentityBindingArgs = { accountId, region: plan.region, clusterName: config.clusterName, partition };
  const gpuName = `${config.clusterName}-gpu`;
  const gpuSharing = plan.gpuPool && [gpuPoolSharing({ ...plan.gpuPool, clusterName: config.clusterName, subnetIds: [] }, gpuName)];
  const extras: EksPlatformExtras = {
    identity: awsIdentityBinding(binding),
    installKata: plan.kataPool !== undefined,
    ...(gpuSharing && { gpu: gpuPlatform(resolveGpuSharing({ pools: gpuSharing }).resourceName) }),
  };
  // The fleet on this platform, checked before any cloud resource: AgentCloud itself would find its problems only
  // after the VPC and the cluster were registered.
  const fleetProblems = validateAgentCloudArgs({
    platform: { provider: {}, name: "eks", network: eksCiliumFabric(config.cilium), tokenIssuer: eksTokenIssuer(plan.region), ...extras },
    ...fleet,
    observability: config.observability,
  }).map((p) =>
    p.argument === "platform.installKata"
      ? {
          ...p,
          argument: "agentcloud:kataPool",
          fix: "set agentcloud:kataPool to false, or run an agent of the fleet under a Kata runtime",
        }
      : p,
  );
  throwIfProblems(`stack "${pulumi.getStack()}" fleet`, fleetProblems);

  const vpc = new AgentVpc(config.clusterName, { ...plan.vpc, tags });
  const cluster = new EksAgentCluster(config.clusterName, { ...plan.cluster, network: vpc.clusterNetwork, tags });
  const pool = { clusterName: cluster.clusterName, subnetIds: vpc.privateSubnetIds, nodeRoleArn: cluster.nodeRoleArn, tags };

  const gpuPool = plan.gpuPool && new EksGpuNodePool(gpuName, { ...plan.gpuPool, ...pool });
  const gpu = gpuPool && new GpuSharing("gpu-sharing", { pools: [gpuPool.sharing] }, { provider: cluster.provider });
  // nodeadm on a custom AMI (gvisor.imageId) joins the cluster by itself: EKS bootstraps only its own AMIs.
  const nodeadm = (p: AwsSandboxPoolConfig) =>
    p.gvisor?.imageId !== undefined
      ? { cluster: { apiServerEndpoint: cluster.endpoint, certificateAuthority: cluster.certificateAuthority, cidr: config.serviceCidr } }
      : {};
  new EksSandboxNodePool(`${config.clusterName}-gvisor`, { ...plan.gvisorPool, ...pool, ...nodeadm(plan.gvisorPool), runtime: "gvisor" });
  if (plan.kataPool) new EksSandboxNodePool(`${config.clusterName}-kata`, { ...plan.kataPool, ...pool, runtime: "kata" });
  const identities = agentIdentities("agent", { agents: fleet.agents, binding, oidcProviderArn: cluster.oidcProviderArn, tags });
  const bucketName = defaultAuditBucketName(accountId, plan.region);
  const audit = new S3AuditBucket("audit", {
    accountId,
    region: plan.region,
    partition,
    bucketName,
    retentionDays: config.auditRetentionDays,
    tags,
  });
  // The audit pipeline: the gateway's access log and agents' receipts (shipper, IRSA) and the control-plane logs
  // (CloudWatch Logs to Firehose) into the locked bucket, and the fleet's receipt-signing key.
  const shipping = new AwsAuditShipping("audit-shipping", {
    clusterName: config.clusterName,
    accountId,
    region: plan.region,
    partition,
    oidcProviderArn: cluster.oidcProviderArn,
    bucketName,
    bucketArn: audit.bucketArn,
    bucketKeyArn: audit.kmsKeyArn,
    // Every agent with a cloud identity may sign its receipts' checkpoints with the fleet's key.
    signerRoleNames: Object.values(identities).map((identity) => identity.roleName),
    after: [cluster],
  });

  const cloud = new AgentCloud(
    "agentcloud",
    {
      platform: eksAgentCloudPlatform(cluster, { ...extras, ...(gpu && { gpu: gpu.gpuPlatform }) }),
      ...fleet,
      observability: config.observability,
      audit: shipping.fleetAudit,
    },
    // No dependsOn on the node pools: the fabric's Cilium (installed by AgentCloud) must come up while the managed
    // node groups do, since their nodes turn Ready only once a CNI runs (a node group waiting for it fails with
    // NodeCreationFailure: terraform-aws-modules/terraform-aws-eks #3446). Agents' pods wait for their sandbox nodes
    // by their node selectors; IRSA credentials are fetched (and retried) at run time.
  );
  return {
    namespaces: cloud.namespaces,
    runtimeClasses: cloud.runtimeClasses,
    platformRuntimeClasses: cloud.platformRuntimeClasses,
    agents: cloud.agents,
    networkFabric: cloud.networkFabric,
    gateway: cloud.gateway,
    observability: cloud.observability,
    clusterName: cluster.clusterName,
    clusterEndpoint: cluster.endpoint,
    oidcIssuer: cluster.oidcIssuer,
    vpcId: vpc.vpcId,
    auditBucket: audit.bucketName,
    receiptSigningKey: shipping.signingKeyArn,
    agentRoles: Object.fromEntries(Object.entries(identities).map(([key, identity]) => [key, identity.roleArn])),
  };
}
