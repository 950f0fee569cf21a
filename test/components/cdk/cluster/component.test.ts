import { App, Stack } from "aws-cdk-lib";
import { Match, Template } from "aws-cdk-lib/assertions";
import { beforeAll, describe, expect, it } from "vitest";
import { EKS_CONTROL_PLANE_LOG_TYPES, EKS_KUBERNETES_VERSION } from "../../../../components/aws/cluster/spec";
import { NODE_METADATA_OPTIONS } from "../../../../components/aws/nodes/launch-template";
import { AgentEksCluster, CDK_CONTROL_PLANE_LOG_TYPES, CDK_EKS_KUBERNETES_VERSION } from "../../../../components/cdk/cluster";
import { CdkArgumentError } from "../../../../components/cdk/identity/argument-error";

const ENV = { account: "123456789012", region: "eu-west-1" };
const ADMIN = "arn:aws:iam::123456789012:role/platform-admin";

/** A stack with one AgentEksCluster; one synth per template, shared by the tests that read it. */
function synth(props: ConstructorParameters<typeof AgentEksCluster>[2]): { cluster: AgentEksCluster; template: Template } {
  const stack = new Stack(new App(), "Test", { env: ENV });
  const cluster = new AgentEksCluster(stack, "Eks", props);
  return { cluster, template: Template.fromStack(stack) };
}

describe("AgentEksCluster (defaults, one admin)", () => {
  let made: { cluster: AgentEksCluster; template: Template };
  beforeAll(() => {
    made = synth({ availabilityZones: ["eu-west-1a", "eu-west-1b"], admins: [ADMIN] });
  });

  it("keeps the API endpoint private, with Secrets encrypted by its own key and every control-plane log on", () => {
    made.template.resourceCountIs("AWS::EKS::Cluster", 1);
    made.template.hasResourceProperties("AWS::EKS::Cluster", {
      Version: "1.35",
      ResourcesVpcConfig: Match.objectLike({ EndpointPrivateAccess: true, EndpointPublicAccess: false }),
      EncryptionConfig: [
        { Provider: { KeyArn: { "Fn::GetAtt": [Match.stringLikeRegexp("^EksSecretsKey"), "Arn"] } }, Resources: ["secrets"] },
      ],
      Logging: {
        ClusterLogging: {
          EnabledTypes: [
            { Type: "api" },
            { Type: "audit" },
            { Type: "authenticator" },
            { Type: "controllerManager" },
            { Type: "scheduler" },
          ],
        },
      },
      AccessConfig: { AuthenticationMode: "API", BootstrapClusterCreatorAdminPermissions: true },
      ComputeConfig: { Enabled: false },
    });
    const cluster = Object.values(made.template.findResources("AWS::EKS::Cluster"))[0] as { Properties: Record<string, unknown> };
    expect((cluster.Properties.ResourcesVpcConfig as Record<string, unknown>).PublicAccessCidrs).toBeUndefined();
  });

  it("puts the control plane and the nodes in the private subnets of the configured zones", () => {
    made.template.resourceCountIs("AWS::EC2::Subnet", 4);
    made.template.resourceCountIs("AWS::EC2::NatGateway", 2);
    made.template.hasResourceProperties("AWS::EC2::Subnet", { AvailabilityZone: "eu-west-1a", MapPublicIpOnLaunch: false });
    made.template.hasResourceProperties("AWS::EC2::Subnet", { AvailabilityZone: "eu-west-1b", MapPublicIpOnLaunch: false });
    const privateSubnets = Object.keys(made.template.findResources("AWS::EC2::Subnet")).filter((id) => id.includes("private"));
    expect(privateSubnets).toHaveLength(2);
    const refs = privateSubnets.map((id) => ({ Ref: id }));
    made.template.hasResourceProperties("AWS::EKS::Cluster", { ResourcesVpcConfig: Match.objectLike({ SubnetIds: refs }) });
    made.template.hasResourceProperties("AWS::EKS::Nodegroup", { NodegroupName: "system", Subnets: refs });
    expect(made.cluster.vpc.privateSubnets.map((s) => s.availabilityZone)).toEqual(["eu-west-1a", "eu-west-1b"]);
  });

  it("logs every flow of the VPC to a log group encrypted with a rotating customer-managed key", () => {
    made.template.hasResourceProperties("AWS::EC2::FlowLog", {
      ResourceType: "VPC",
      TrafficType: "ALL",
      LogDestinationType: "cloud-watch-logs",
    });
    made.template.hasResourceProperties("AWS::Logs::LogGroup", {
      RetentionInDays: 365,
      KmsKeyId: { "Fn::GetAtt": [Match.stringLikeRegexp("^EksLogsKey"), "Arn"] },
    });
    made.template.resourceCountIs("AWS::Logs::LogGroup", 1); // no name: EKS makes the control-plane group
    const keys = Object.values(made.template.findResources("AWS::KMS::Key")) as { Properties: Record<string, unknown> }[];
    expect(keys.map((k) => k.Properties.EnableKeyRotation)).toEqual([true, true]);
  });

  it("gives the admins cluster-admin access entries", () => {
    made.template.hasResourceProperties("AWS::EKS::AccessEntry", {
      PrincipalArn: ADMIN,
      AccessPolicies: [
        {
          AccessScope: { Type: "cluster" },
          PolicyArn: {
            "Fn::Join": ["", ["arn:", { Ref: "AWS::Partition" }, ":eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy"]],
          },
        },
      ],
    });
  });

  it("runs the Pod Identity agent add-on and a native IAM OIDC provider for IRSA", () => {
    made.template.hasResourceProperties("AWS::EKS::Addon", { AddonName: "eks-pod-identity-agent" });
    made.template.resourceCountIs("AWS::IAM::OIDCProvider", 1);
    made.template.resourceCountIs("Custom::AWSCDKOpenIdConnectProvider", 0);
    made.template.hasResourceProperties("AWS::IAM::OIDCProvider", { ClientIdList: ["sts.amazonaws.com"] });
  });

  it("runs the system nodes on AL2023 from a launch template with IMDSv2 (hop limit 1) and encrypted gp3 volumes", () => {
    made.template.hasResourceProperties("AWS::EKS::Nodegroup", {
      NodegroupName: "system",
      AmiType: "AL2023_x86_64_STANDARD",
      InstanceTypes: ["m7i.large"],
      ScalingConfig: { MinSize: 2, DesiredSize: 2, MaxSize: 3 },
      LaunchTemplate: {
        Id: { Ref: Match.stringLikeRegexp("^EksSystemLaunchTemplate") },
        Version: { "Fn::GetAtt": [Match.stringLikeRegexp("^EksSystemLaunchTemplate"), "LatestVersionNumber"] },
      },
    });
    made.template.hasResourceProperties("AWS::EC2::LaunchTemplate", {
      LaunchTemplateData: {
        MetadataOptions: { HttpEndpoint: "enabled", HttpTokens: "required", HttpPutResponseHopLimit: 1, InstanceMetadataTags: "disabled" },
        BlockDeviceMappings: [
          { DeviceName: "/dev/xvda", Ebs: { VolumeType: "gp3", Encrypted: true, DeleteOnTermination: true, VolumeSize: 50 } },
        ],
      },
    });
  });

  it("gives the kubectl provider the v35 layer, so manifests and Helm charts can be applied", () => {
    made.template.hasResourceProperties("AWS::Lambda::LayerVersion", { Description: Match.stringLikeRegexp("kubectl") });
    expect(made.cluster.cluster.kubectlProvider).toBeDefined();
  });
});

describe("AgentEksCluster with a public endpoint allowlist", () => {
  it("opens the public endpoint to the listed CIDRs only, keeps private access, and honours the other settings", () => {
    const { template } = synth({
      availabilityZones: ["eu-west-1a", "eu-west-1b", "eu-west-1c"],
      endpointPublicAccessCidrs: ["203.0.113.0/24"],
      natGateways: 1,
      clusterName: "agents",
      clusterCreatorAdmin: false,
      systemNodes: { instanceTypes: ["m7i.xlarge"], minSize: 3, desiredSize: 3, maxSize: 5, diskSizeGiB: 80 },
      flowLogRetentionDays: 90,
      controlPlaneLogRetentionDays: 731,
    });
    template.hasResourceProperties("AWS::EKS::Cluster", {
      Name: "agents",
      ResourcesVpcConfig: Match.objectLike({
        EndpointPrivateAccess: true,
        EndpointPublicAccess: true,
        PublicAccessCidrs: ["203.0.113.0/24"],
      }),
      AccessConfig: { AuthenticationMode: "API", BootstrapClusterCreatorAdminPermissions: false },
    });
    template.resourceCountIs("AWS::EC2::NatGateway", 1);
    template.resourceCountIs("AWS::EC2::Subnet", 6);
    template.hasResourceProperties("AWS::Logs::LogGroup", { RetentionInDays: 90 });
    // Named cluster: its control-plane log group exists before the cluster, encrypted, with a retention.
    template.hasResourceProperties("AWS::Logs::LogGroup", {
      LogGroupName: "/aws/eks/agents/cluster",
      RetentionInDays: 731,
      KmsKeyId: { "Fn::GetAtt": [Match.stringLikeRegexp("^EksLogsKey"), "Arn"] },
    });
    const logGroupId = Object.keys(
      template.findResources("AWS::Logs::LogGroup", { Properties: { LogGroupName: "/aws/eks/agents/cluster" } }),
    )[0];
    template.hasResource("AWS::EKS::Cluster", { DependsOn: Match.arrayWith([logGroupId]) });
    template.hasResourceProperties("AWS::EKS::Nodegroup", {
      InstanceTypes: ["m7i.xlarge"],
      ScalingConfig: { MinSize: 3, DesiredSize: 3, MaxSize: 5 },
    });
    template.hasResourceProperties("AWS::EC2::LaunchTemplate", {
      LaunchTemplateData: Match.objectLike({ BlockDeviceMappings: [Match.objectLike({ Ebs: Match.objectLike({ VolumeSize: 80 }) })] }),
    });
  });
});

describe("AgentEksCluster validation", () => {
  it("refuses 0.0.0.0/0 and other problems with one error listing each, before any construct is created", () => {
    const stack = new Stack(new App(), "Test", { env: ENV });
    const make = () =>
      new AgentEksCluster(stack, "Eks", {
        availabilityZones: ["eu-west-1a"],
        endpointPublicAccessCidrs: ["0.0.0.0/0"],
        admins: ["arn:aws:iam::123456789012:root"],
      });
    expect(make).toThrow(CdkArgumentError);
    expect(make).toThrow(
      [
        `AgentEksCluster "Eks" has 3 invalid arguments:`,
        `  - availabilityZones: must list at least two availability zones (EKS places its control-plane ENIs in subnets of two zones or more) (got ["eu-west-1a"]); fix: add a zone, e.g. ["eu-west-1a", "eu-west-1b"]`,
        `  - endpointPublicAccessCidrs[0]: opens the cluster's public API endpoint to every address on the internet (CIS Amazon EKS Benchmark 5.4.2) (got "0.0.0.0/0"); fix: list only the networks that administer the cluster, e.g. "203.0.113.0/24", or leave the list empty to keep the endpoint private`,
        `  - admins[0]: must be the ARN of an IAM role or user (an access entry's principal) (got "arn:aws:iam::123456789012:root"); fix: use e.g. "arn:aws:iam::123456789012:role/platform-admin" (for an assumed-role session, the role's ARN)`,
      ].join("\n"),
    );
    expect(stack.node.children).toEqual([]);
  });
});

describe("AgentEksCluster mirrors the Pulumi EksAgentCluster", () => {
  it("pins the same Kubernetes version, log types and node metadata options", () => {
    expect(CDK_EKS_KUBERNETES_VERSION).toBe(EKS_KUBERNETES_VERSION);
    expect([...CDK_CONTROL_PLANE_LOG_TYPES]).toEqual([...EKS_CONTROL_PLANE_LOG_TYPES]);
    expect(NODE_METADATA_OPTIONS).toEqual({
      httpEndpoint: "enabled",
      httpTokens: "required",
      httpPutResponseHopLimit: 1,
      instanceMetadataTags: "disabled",
    });
  });
});
