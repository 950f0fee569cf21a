import { CfnJson, Fn, Stack, Token, Validations, type StackProps } from "aws-cdk-lib";
import * as secretsmanager from "aws-cdk-lib/aws-secretsmanager";
import type { Construct, IConstruct } from "constructs";
import { buildFleetKubernetes } from "../blueprint/fleet-objects";
import { lateBoundPlaceholder, type AgentCloudSpec } from "../blueprint/spec";
import { validateAgentCloudArgs } from "../blueprint/validate";
import { buildGpuSharing } from "../kubernetes/gpu-sharing/build";
import { gpuPlatform, resolveGpuSharing } from "../kubernetes/gpu-sharing/resolve";
import { DEVICE_PLUGIN_RELEASE } from "../kubernetes/gpu-sharing/spec";
import { devicePluginValues } from "../kubernetes/gpu-sharing/values";
import { ciliumFabric } from "../kubernetes/network/fabrics";
import type { ValidationProblem } from "../validation/problems";
import { throwIfCdkProblems } from "./identity/argument-error";
import { UPSTREAM } from "../vocabulary";
import { AuditBucket } from "./audit";
import { AgentEksCluster, type AgentEksClusterProps } from "./cluster";
import { agentIdentities, cdkAwsIdentityBinding, type AgentIdentity } from "./identity";
import { applyFleetKubernetes, type AppliedFleetKubernetes } from "./kubernetes";
import { GpuNodegroup, SandboxNodegroup, type GpuNodegroupProps, type SandboxNodegroupProps } from "./nodes";

/** The fleet, declared exactly as for the Pulumi `AgentCloud` (the same types): tenants, agents, tools, gateway, observability. */
export type AgentCloudFleet = Pick<AgentCloudSpec, "tenants" | "agents" | "tools" | "gateway" | "observability">;

/** The GPU pool's settings: `GpuNodegroup`'s props without what the stack wires in. */
export type AgentCloudGpuPool = Omit<GpuNodegroupProps, "cluster" | "nodeRole" | "subnets">;
/** A sandbox pool's settings: `SandboxNodegroup`'s props without what the stack wires in. */
export type AgentCloudSandboxPool = Omit<SandboxNodegroupProps, "cluster" | "nodeRole" | "subnets" | "runtime">;

/** The GPU pool unless configured: scaled to zero (no GPU cost until `desiredSize` is raised), as the Pulumi `aws` stack. */
export const DEFAULT_CDK_GPU_POOL: AgentCloudGpuPool = { scaling: { minSize: 0, desiredSize: 0, maxSize: 2 } };

/** The EKS OIDC issuer id's late-bound key, as the Pulumi EKS platform names it (`EKS_OIDC_ID`). */
export const CDK_EKS_OIDC_ID = "eks-oidc-id";

/** Props of {@link AgentCloudStack}: the fleet plus the AWS choices. */
export interface AgentCloudStackProps extends StackProps, AgentCloudFleet {
  /** Availability zones of the VPC and the cluster (two or more, in the stack's region; put them in `cdk.json`'s context). */
  availabilityZones: string[];
  /**
   * The EKS cluster's name (agent role names and session tags derive from it).
   * @default "agentcloud"
   */
  clusterName?: string;
  /**
   * IAM role or user ARNs given cluster admin (access entries).
   * @default []
   */
  admins?: string[];
  /**
   * CIDRs that may reach the public API endpoint; empty keeps the endpoint private (never `0.0.0.0/0`).
   * @default []
   */
  endpointPublicAccessCidrs?: string[];
  /**
   * The system node group.
   * @default - `AgentEksCluster`'s: two m7i.large
   */
  systemNodes?: AgentEksClusterProps["systemNodes"];
  /**
   * The GPU node pool with time-slicing, or `false` for none.
   * @default DEFAULT_CDK_GPU_POOL (scaled to zero)
   */
  gpuPool?: AgentCloudGpuPool | false;
  /**
   * The gVisor sandbox node pool (where agents under gVisor run).
   * @default {} (`SandboxNodegroup`'s defaults)
   */
  gvisorPool?: AgentCloudSandboxPool;
  /**
   * The Kata sandbox node pool (instances with `/dev/kvm`) and kata-deploy, or `false` for none.
   * @default false
   */
  kataPool?: AgentCloudSandboxPool | false;
  /**
   * Days every audit record is locked (Object Lock COMPLIANCE).
   * @default 365
   */
  auditRetentionDays?: number;
}

/** Problems of the stack's own props (the cluster's, the pools' and the fleet's are checked by their own validators). */
export function validateAgentCloudStackProps(props: Partial<AgentCloudStackProps>): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  for (const key of ["account", "region"] as const) {
    const value = props.env?.[key];
    if (typeof value !== "string" || value === "" || Token.isUnresolved(value)) {
      problems.push({
        argument: `env.${key}`,
        value,
        problem: "must be given (agent role ARNs and the OIDC issuer in the Kubernetes objects are derived from it at synth)",
        fix: `set env: { account: "111122223333", region: "eu-west-1" } (e.g. from cdk.json's context)`,
      });
    }
  }
  const agents = Object.values(props.agents ?? {});
  if (props.kataPool === false || props.kataPool === undefined) {
    const kata = Object.entries(props.agents ?? {}).filter(([, a]) => (a.sandbox ?? "gvisor").startsWith("kata"));
    for (const [name, agent] of kata) {
      problems.push({
        argument: `agents.${name}.sandbox`,
        value: agent.sandbox,
        problem: "runs under Kata, but the stack has no Kata pool",
        fix: "set kataPool (instances with /dev/kvm), or run the agent under gvisor",
      });
    }
  }
  if (props.gpuPool === false && agents.some((a) => (a.resources?.gpu ?? 0) > 0)) {
    problems.push({
      argument: "gpuPool",
      value: false,
      problem: "is off, but an agent of the fleet asks for GPU shares",
      fix: "set gpuPool (or leave it unset for the default pool scaled to zero), or remove the agents' gpu",
    });
  }
  return problems;
}

/**
 * The agent cloud on EKS as one CDK stack, from the same fleet declaration as the Pulumi `AgentCloud`: a VPC and a
 * private EKS cluster (`AgentEksCluster`), GPU and sandbox node groups, and the fleet's Kubernetes objects and Helm
 * charts from the same pure builders (`buildFleetKubernetes`), applied through the cluster's kubectl provider.
 */
export class AgentCloudStack extends Stack {
  /** The cluster, its VPC, KMS key and system nodes. */
  readonly cluster: AgentEksCluster;
  /** The GPU pool, when there is one. */
  readonly gpuPool: GpuNodegroup | undefined;
  /** The gVisor sandbox pool. */
  readonly gvisorPool: SandboxNodegroup;
  /** The Kata sandbox pool, when there is one. */
  readonly kataPool: SandboxNodegroup | undefined;
  /** Each agent's AWS identity (agents with `cloud: "aws"` permissions), by agent key. */
  readonly identities: Record<string, AgentIdentity>;
  /** The audit bucket (Object Lock COMPLIANCE) and its access-log bucket. */
  readonly audit: AuditBucket;
  /** The fleet's manifests and Helm charts. */
  readonly kubernetes: AppliedFleetKubernetes;

  constructor(scope: Construct, id: string, props: AgentCloudStackProps) {
    throwIfCdkProblems(`AgentCloudStack "${id}"`, validateAgentCloudStackProps(props));
    const clusterName = props.clusterName ?? "agentcloud";
    const gpuProps = props.gpuPool === false ? undefined : (props.gpuPool ?? DEFAULT_CDK_GPU_POOL);
    const kataProps = props.kataPool === false ? undefined : props.kataPool;

    // The fleet on this platform is checked before any construct, the stack included, is created; env is concrete
    // (checked above).
    const { account, region } = props.env as { account: string; region: string };
    const oidcId = lateBoundPlaceholder(CDK_EKS_OIDC_ID);
    const issuer = `https://oidc.eks.${region}.amazonaws.com/id/${oidcId}`;
    const gpuSharingPool = gpuProps && { pool: gpuProps.pool ?? "gpu", ...(gpuProps.timeSlicing && { timeSlicing: gpuProps.timeSlicing }) };
    const sharing = gpuSharingPool && resolveGpuSharing({ pools: [gpuSharingPool] });
    const spec: AgentCloudSpec = {
      platform: {
        // AgentCloud's Kubernetes provider: here the cluster's kubectl provider applies the objects (applyFleetKubernetes).
        provider: "aws-eks-v2 kubectl provider",
        name: "eks",
        // The EKS fabric the Pulumi stack uses (`eksCiliumFabric`): Cilium in ENI mode, CIDR rules selecting nodes.
        network: ciliumFabric({ datapath: "eks-eni", cidrSelectsNodes: true }),
        tokenIssuer: { issuer, jwks: { url: `${issuer}/keys` } },
        // Its value is a token of the cluster, created below; only the key is needed to build the objects.
        lateBound: { [oidcId]: undefined },
        identity: cdkAwsIdentityBinding({ accountId: account, region, clusterName }),
        installKata: kataProps !== undefined,
        ...(sharing && { gpu: gpuPlatform(sharing.resourceName) }),
      },
      tenants: props.tenants,
      agents: props.agents,
      ...(props.tools && { tools: props.tools }),
      ...(props.gateway && { gateway: props.gateway }),
      ...(props.observability !== undefined && { observability: props.observability }),
    };
    // AgentCloud's own checks of the whole fleet on this platform (buildFleetKubernetes assumes a valid spec).
    throwIfCdkProblems(`AgentCloudStack "${id}" fleet`, validateAgentCloudArgs(spec));
    const fleet = buildFleetKubernetes(spec);
    super(scope, id, props);

    this.cluster = new AgentEksCluster(this, "Cluster", {
      availabilityZones: props.availabilityZones,
      clusterName,
      ...(props.admins && { admins: props.admins }),
      ...(props.endpointPublicAccessCidrs && { endpointPublicAccessCidrs: props.endpointPublicAccessCidrs }),
      ...(props.systemNodes && { systemNodes: props.systemNodes }),
    });
    const cluster = this.cluster.cluster;
    const pool = { cluster, nodeRole: this.cluster.nodeRole };
    this.gpuPool = gpuProps && new GpuNodegroup(this, "GpuPool", { ...gpuProps, ...pool });
    this.gvisorPool = new SandboxNodegroup(this, "GvisorPool", { ...(props.gvisorPool ?? {}), ...pool, runtime: "gvisor" });
    this.kataPool = kataProps && new SandboxNodegroup(this, "KataPool", { ...kataProps, ...pool, runtime: "kata" });
    this.identities = agentIdentities(this, "Agents", {
      agents: props.agents,
      clusterName,
      oidcProvider: this.cluster.openIdConnectProvider,
    });
    // Pod Identity associations need the cluster's Pod Identity agent add-on.
    for (const identity of Object.values(this.identities)) identity.association?.node.addDependency(this.cluster.podIdentityAgent);
    this.audit = new AuditBucket(this, "Audit", {
      ...(props.auditRetentionDays !== undefined && { retentionDays: props.auditRetentionDays }),
    });
    if (sharing) {
      // The GPU sharing set-up (the Pulumi `GpuSharing`): its namespace and the NVIDIA device plugin with time-slicing.
      const namespace = cluster.addManifest("GpuSharingNamespace", ...buildGpuSharing(sharing).map((o) => o.object));
      const chart = cluster.addHelmChart("GpuDevicePlugin", {
        chart: UPSTREAM.nvidiaDevicePlugin.chart,
        repository: UPSTREAM.nvidiaDevicePlugin.repo,
        version: UPSTREAM.nvidiaDevicePlugin.version,
        release: DEVICE_PLUGIN_RELEASE,
        namespace: sharing.namespace,
        values: { ...devicePluginValues(sharing) },
      });
      chart.node.addDependency(namespace);
    }

    // Grafana's admin password: generated in Secrets Manager (the Pulumi side uses random.RandomPassword).
    const generatedSecretValues: Record<string, string> = {};
    for (const generated of fleet.generatedSecrets) {
      const secret = new secretsmanager.Secret(this, `Generated-${generated.id}`, {
        description: `agentcloud ${generated.namespace}/${generated.name} ${generated.generatedKey}`,
        generateSecretString: { passwordLength: generated.length, excludePunctuation: true },
      });
      generatedSecretValues[generated.id] = secret.secretValue.unsafeUnwrap();
      Validations.of(secret).acknowledge({
        id: "AwsSolutions::AwsSolutions-SMG4",
        reason: `${generated.namespace}/${generated.name} is copied once into a Kubernetes Secret the chart reads at start; rotating it in Secrets Manager alone would not reach Grafana`,
      });
    }
    acknowledgeNagFindings(this.cluster);
    // https://oidc.eks.<region>.amazonaws.com/id/<id>: the id is the fifth part when split on "/". Through CfnJson (the
    // custom resource C3's IRSA trust already uses) so the manifests hold a plain Fn::GetAtt the gate can read.
    const oidcIssuerId = Token.asString(
      new CfnJson(this, "OidcIssuerId", { value: Fn.select(4, Fn.split("/", cluster.clusterOpenIdConnectIssuerUrl)) }).value,
    );
    this.kubernetes = applyFleetKubernetes(this, "Fleet", cluster, fleet, {
      generatedSecretValues,
      lateBound: { [oidcId]: oidcIssuerId },
    });
  }
}

/** One cdk-nag finding acknowledged on one construct, with why it is acceptable there. */
interface NagAcknowledgement {
  /** The construct (and its children) the finding is on. */
  on: IConstruct | undefined;
  /** The finding's id, as cdk-nag prints it. */
  id: string;
  /** Why it is acceptable or what compensates. */
  reason: string;
}

const MANAGED = "AwsSolutions::AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/";

/**
 * The AwsSolutions findings on what EKS and aws-eks-v2 require, each acknowledged on the one construct that has it
 * (never the stack), with the reason. Everything else stays a failing finding.
 */
function acknowledgeNagFindings(eksCluster: AgentEksCluster): void {
  const cluster = eksCluster.cluster;
  const kubectl = cluster.kubectlProvider;
  const handler = kubectl?.node.tryFindChild("Handler");
  const framework = kubectl?.node.tryFindChild("Provider")?.node.tryFindChild("framework-onEvent");
  const kubectlLambda =
    "aws-eks-v2's kubectl provider, which applies the fleet's manifests and charts from the cluster's private subnets (the endpoint is private)";
  const acknowledgements: NagAcknowledgement[] = [
    {
      on: cluster.role,
      id: `${MANAGED}AmazonEKSClusterPolicy]`,
      reason:
        "the EKS cluster service role: EKS requires this AWS-managed policy (Amazon EKS User Guide, Amazon EKS cluster IAM role), which AWS keeps to the service's needs",
    },
    ...["AmazonEKSWorkerNodePolicy", "AmazonEC2ContainerRegistryPullOnly", "AmazonEKS_CNI_Policy"].map((policy) => ({
      on: eksCluster.nodeRole,
      id: `${MANAGED}${policy}]`,
      reason: `the node role shared by the managed node groups: ${policy} is one of the policies EKS nodes need (Amazon EKS User Guide, Amazon EKS node IAM role); agent pods cannot use it (IMDSv2 with hop limit 1) and get their own least-privilege roles`,
    })),
    ...["service-role/AWSLambdaBasicExecutionRole", "service-role/AWSLambdaVPCAccessExecutionRole"].map((policy) => ({
      on: kubectl,
      id: `${MANAGED}${policy}]`,
      reason: `the Lambda roles of ${kubectlLambda}: ${policy.split("/")[1]} gives it its logs and its network interfaces in the VPC, nothing else`,
    })),
    {
      on: handler,
      id: `${MANAGED}AmazonEC2ContainerRegistryReadOnly]`,
      reason: `the handler role of ${kubectlLambda}: read-only ECR access, for charts pulled from ECR as OCI artifacts`,
    },
    {
      on: handler,
      id: 'AwsSolutions::AwsSolutions-IAM4[Policy::{"Fn::If":["ClusterKubectlProviderHandlerHasEcrPublic78825EA1",{"Fn::Join":["",["arn:",{"Ref":"AWS::Partition"},":iam::aws:policy/AmazonElasticContainerRegistryPublicReadOnly"]]},{"Ref":"AWS::NoValue"}]}]',
      reason: `the handler role of ${kubectlLambda}: read-only ECR Public access, only in partitions that have ECR Public`,
    },
    {
      on: handler,
      id: "AwsSolutions::AwsSolutions-L1",
      reason: `the handler of ${kubectlLambda}: its runtime is pinned by aws-cdk-lib to match the kubectl layer and moves with aws-cdk-lib`,
    },
    {
      on: framework,
      id: "AwsSolutions::AwsSolutions-IAM5[Resource::<ClusterKubectlProviderHandler27822AE4.Arn>:*]",
      reason: `the custom-resource framework of ${kubectlLambda}: it may invoke the versions of that one handler function (<arn>:*), nothing else`,
    },
  ];
  for (const { on, id, reason } of acknowledgements) if (on) Validations.of(on).acknowledge({ id, reason });
}
