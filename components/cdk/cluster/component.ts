import { KubectlV35Layer } from "@aws-cdk/lambda-layer-kubectl-v35";
import { Aws, RemovalPolicy, Validations } from "aws-cdk-lib";
import * as ec2 from "aws-cdk-lib/aws-ec2";
import * as eks from "aws-cdk-lib/aws-eks-v2";
import * as iam from "aws-cdk-lib/aws-iam";
import * as kms from "aws-cdk-lib/aws-kms";
import * as logs from "aws-cdk-lib/aws-logs";
import { Construct } from "constructs";
import { parseIpv4Cidr } from "../../aws/vpc/cidr";
import { throwIfCdkProblems } from "../identity/argument-error";
import { launchTemplateSpec, nodeLaunchTemplate } from "../nodes/launch-template";
import { nodeRole } from "../nodes/node-role";
import {
  CDK_ADMIN_ACCESS_POLICY,
  CDK_CONTROL_PLANE_LOG_TYPES,
  CDK_DEFAULT_CONTROL_PLANE_LOG_RETENTION_DAYS,
  CDK_DEFAULT_FLOW_LOG_RETENTION_DAYS,
  CDK_DEFAULT_SYSTEM_NODES,
  CDK_DEFAULT_VPC_CIDR,
  CDK_EKS_KUBERNETES_VERSION,
  type AgentEksClusterProps,
} from "./spec";
import { validateAgentEksClusterProps } from "./validate";

/** The feature flag of `aws-cdk-lib/cx-api` that makes aws-eks-v2 create a native `AWS::IAM::OIDCProvider`. */
export const EKS_USE_NATIVE_OIDC_PROVIDER = "@aws-cdk/aws-eks:useNativeOidcProvider";

/** How the API endpoint is reached: private only, or private and public from an allowlist (never 0.0.0.0/0). */
export function endpointAccessOf(publicCidrs: readonly string[]): eks.EndpointAccess {
  return publicCidrs.length === 0 ? eks.EndpointAccess.PRIVATE : eks.EndpointAccess.PUBLIC_AND_PRIVATE.onlyFrom(...publicCidrs);
}

/** The public subnets' mask: small, since they hold only the NAT gateways (no public load balancers). */
function publicSubnetMask(vpcCidr: string): number {
  const prefix = parseIpv4Cidr(vpcCidr)?.prefix ?? 16;
  return prefix <= 20 ? 26 : 28;
}

/**
 * The EKS cluster of the agent cloud in CDK (`aws-cdk-lib/aws-eks-v2`), the twin of the Pulumi `AgentVpc` and
 * `EksAgentCluster`: a VPC whose nodes sit in private subnets (NAT egress, flow logs of all traffic to a KMS-encrypted
 * log group), an EKS cluster with a private API endpoint (public only from an explicit allowlist, never 0.0.0.0/0),
 * Secrets encrypted with a customer-managed KMS key (rotation on), all five control-plane log types, API
 * authentication with access entries for the admins, Kubernetes 1.35 with the kubectl v35 layer (for manifests and
 * charts), the Pod Identity agent add-on, the IAM OIDC provider (IRSA), and a system managed node group on AL2023 whose
 * launch template requires IMDSv2 (hop limit 1) and encrypts its gp3 volumes. Validates every property first.
 */
export class AgentEksCluster extends Construct {
  /** The VPC (nodes in its `PRIVATE_WITH_EGRESS` subnets; the public subnets hold the NAT gateways only). */
  readonly vpc: ec2.Vpc;
  /** The EKS cluster (`cluster.addManifest` and `addHelmChart` work: it has a kubectl provider). */
  readonly cluster: eks.Cluster;
  /** The customer-managed key that encrypts the cluster's Secrets. */
  readonly secretsKey: kms.Key;
  /** The customer-managed key that encrypts the flow-log and control-plane log groups. */
  readonly logsKey: kms.Key;
  /** The VPC's flow-log group. */
  readonly flowLogGroup: logs.LogGroup;
  /** The control-plane log group, when `clusterName` is given (else EKS creates it). */
  readonly controlPlaneLogGroup: logs.LogGroup | undefined;
  /** The cluster's IAM OIDC provider, for IRSA. */
  readonly openIdConnectProvider: iam.IOpenIdConnectProvider;
  /** The `eks-pod-identity-agent` add-on. */
  readonly podIdentityAgent: eks.IAddon;
  /** The nodes' IAM role (the system nodes'; pass it to `GpuNodegroup` and `SandboxNodegroup` to share it). */
  readonly nodeRole: iam.Role;
  /** The system managed node group. */
  readonly systemNodegroup: eks.Nodegroup;
  /** The system node group's launch template. */
  readonly systemLaunchTemplate: ec2.CfnLaunchTemplate;
  /** The cluster's name. */
  readonly clusterName: string;

  constructor(scope: Construct, id: string, props: AgentEksClusterProps) {
    throwIfCdkProblems(`AgentEksCluster "${id}"`, validateAgentEksClusterProps(props));
    super(scope, id);
    // The IAM OIDC provider as a native AWS::IAM::OIDCProvider, not the deprecated custom resource (aws-eks-v2 README,
    // "OIDC provider"); set before any child exists, as construct context must be.
    this.node.setContext(EKS_USE_NATIVE_OIDC_PROVIDER, true);
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    const vpcCidr = props.vpcCidr ?? CDK_DEFAULT_VPC_CIDR;
    const nodes = { ...CDK_DEFAULT_SYSTEM_NODES, ...(props.systemNodes ?? {}) };

    this.logsKey = new kms.Key(this, "LogsKey", {
      description: "Encrypts the agentcloud VPC flow logs and EKS control-plane logs",
      enableKeyRotation: true,
      removalPolicy,
    });
    // CloudWatch Logs encrypts with the key only for log groups of this account and region (AWS CloudWatch Logs
    // User Guide, "Encrypt log data in CloudWatch Logs using AWS KMS", step 2).
    this.logsKey.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal(`logs.${Aws.REGION}.amazonaws.com`)],
        actions: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
        resources: ["*"],
        conditions: {
          ArnLike: { "kms:EncryptionContext:aws:logs:arn": `arn:${Aws.PARTITION}:logs:${Aws.REGION}:${Aws.ACCOUNT_ID}:log-group:*` },
        },
      }),
    );
    this.flowLogGroup = new logs.LogGroup(this, "FlowLogs", {
      encryptionKey: this.logsKey,
      retention: (props.flowLogRetentionDays ?? CDK_DEFAULT_FLOW_LOG_RETENTION_DAYS) as logs.RetentionDays,
      removalPolicy,
    });
    this.vpc = new ec2.Vpc(this, "Vpc", {
      ipAddresses: ec2.IpAddresses.cidr(vpcCidr),
      availabilityZones: [...props.availabilityZones],
      natGateways: props.natGateways ?? props.availabilityZones.length,
      subnetConfiguration: [
        { name: "public", subnetType: ec2.SubnetType.PUBLIC, cidrMask: publicSubnetMask(vpcCidr), mapPublicIpOnLaunch: false },
        { name: "private", subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      ],
      flowLogs: {
        all: { destination: ec2.FlowLogDestination.toCloudWatchLogs(this.flowLogGroup), trafficType: ec2.FlowLogTrafficType.ALL },
      },
      restrictDefaultSecurityGroup: true,
    });

    this.secretsKey = new kms.Key(this, "SecretsKey", {
      description: "Encrypts the Secrets of the agentcloud EKS cluster",
      enableKeyRotation: true,
      removalPolicy,
    });
    // EKS writes to this name; creating it first sets the key and retention (as the Pulumi EksAgentCluster does).
    this.controlPlaneLogGroup =
      props.clusterName === undefined
        ? undefined
        : new logs.LogGroup(this, "ControlPlaneLogs", {
            logGroupName: `/aws/eks/${props.clusterName}/cluster`,
            encryptionKey: this.logsKey,
            retention: (props.controlPlaneLogRetentionDays ?? CDK_DEFAULT_CONTROL_PLANE_LOG_RETENTION_DAYS) as logs.RetentionDays,
            removalPolicy,
          });
    const publicCidrs = props.endpointPublicAccessCidrs ?? [];
    this.cluster = new eks.Cluster(this, "Resource", {
      ...(props.clusterName !== undefined && { clusterName: props.clusterName }),
      version: eks.KubernetesVersion.of(props.kubernetesVersion ?? CDK_EKS_KUBERNETES_VERSION),
      vpc: this.vpc,
      vpcSubnets: [{ subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS }],
      endpointAccess: endpointAccessOf(publicCidrs),
      secretsEncryptionKey: this.secretsKey,
      clusterLogging: CDK_CONTROL_PLANE_LOG_TYPES.map((t) => t as eks.ClusterLoggingTypes),
      kubectlProviderOptions: { kubectlLayer: new KubectlV35Layer(this, "KubectlLayer") },
      // No Auto Mode and no default capacity: the system node group below, on agentcloud's launch template.
      defaultCapacityType: eks.DefaultCapacityType.NODEGROUP,
      defaultCapacity: 0,
      bootstrapClusterCreatorAdminPermissions: props.clusterCreatorAdmin ?? true,
      removalPolicy,
    });
    if (this.controlPlaneLogGroup) this.cluster.node.addDependency(this.controlPlaneLogGroup);
    this.clusterName = this.cluster.clusterName;
    Validations.of(this.cluster).acknowledge({
      id: "CloudFormation-Validate::W9009",
      reason: 'aws-eks-v2 sets EncryptionConfig Resources to ["secrets"], the only value EKS accepts for envelope encryption of Secrets',
    });
    (props.admins ?? []).forEach((arn, i) => {
      this.cluster.grantAccess(`Admin${i}`, arn, [
        eks.AccessPolicy.fromAccessPolicyName(CDK_ADMIN_ACCESS_POLICY, { accessScopeType: eks.AccessScopeType.CLUSTER }),
      ]);
    });
    this.podIdentityAgent = this.cluster.eksPodIdentityAgent!;
    this.openIdConnectProvider = this.cluster.openIdConnectProvider;

    this.nodeRole = nodeRole(this, "NodeRole");
    this.systemLaunchTemplate = nodeLaunchTemplate(this, "SystemLaunchTemplate", {
      volumes: [{ deviceName: "/dev/xvda", sizeGiB: nodes.diskSizeGiB }],
    });
    this.systemNodegroup = new eks.Nodegroup(this, "SystemNodegroup", {
      cluster: this.cluster,
      nodegroupName: "system",
      nodeRole: this.nodeRole,
      subnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      amiType: eks.NodegroupAmiType.AL2023_X86_64_STANDARD,
      capacityType: eks.CapacityType.ON_DEMAND,
      instanceTypes: nodes.instanceTypes.map((t) => new ec2.InstanceType(t)),
      minSize: nodes.minSize,
      desiredSize: nodes.desiredSize,
      maxSize: nodes.maxSize,
      launchTemplateSpec: launchTemplateSpec(this.systemLaunchTemplate),
      maxUnavailable: 1,
      enableNodeAutoRepair: true,
    });
  }
}
