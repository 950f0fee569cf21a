import { App, Stack } from "aws-cdk-lib";
import { Match, Template } from "aws-cdk-lib/assertions";
import * as ec2 from "aws-cdk-lib/aws-ec2";
import * as eks from "aws-cdk-lib/aws-eks-v2";
import * as iam from "aws-cdk-lib/aws-iam";
import * as kms from "aws-cdk-lib/aws-kms";
import { beforeAll, describe, expect, it } from "vitest";
import { gpuPoolParts, gpuPoolSharing } from "../../../../components/aws/nodes/gpu-pool";
import { sandboxPoolParts } from "../../../../components/aws/nodes/sandbox-pool";
import { DEFAULT_GVISOR_RELEASE, GVISOR_RELEASES_URL } from "../../../../components/aws/nodes/spec";
import { gvisorUserData } from "../../../../components/aws/nodes/user-data";
import {
  CDK_DEFAULT_GVISOR_RELEASE,
  CDK_GVISOR_RELEASES_URL,
  gpuNodegroupParts,
  gpuNodegroupSharing,
  GpuNodegroup,
  sandboxNodegroupParts,
  SandboxNodegroup,
} from "../../../../components/cdk/nodes";

const METADATA = { HttpEndpoint: "enabled", HttpTokens: "required", HttpPutResponseHopLimit: 1, InstanceMetadataTags: "disabled" };

/** A stack with a small VPC and an imported cluster: node groups synthesise without a whole EKS cluster. */
function clusterStack(): { stack: Stack; cluster: eks.ICluster } {
  const stack = new Stack(new App(), "Test", { env: { account: "123456789012", region: "eu-west-1" } });
  const vpc = new ec2.Vpc(stack, "Vpc", { availabilityZones: ["eu-west-1a", "eu-west-1b"], natGateways: 1 });
  return { stack, cluster: eks.Cluster.fromClusterAttributes(stack, "Cluster", { clusterName: "agents", vpc }) };
}

/** The user data of the only launch template, decoded. */
function userDataOf(template: Template): string {
  const lt = Object.values(template.findResources("AWS::EC2::LaunchTemplate"))[0] as {
    Properties: { LaunchTemplateData: { UserData: { "Fn::Base64": string } } };
  };
  return lt.Properties.LaunchTemplateData.UserData["Fn::Base64"];
}

describe("GpuNodegroup", () => {
  let gpu: GpuNodegroup;
  let template: Template;
  beforeAll(() => {
    const { stack, cluster } = clusterStack();
    gpu = new GpuNodegroup(stack, "Gpu", {
      cluster,
      pool: "l4",
      instanceTypes: ["g6.xlarge", "g6.2xlarge"],
      scaling: { minSize: 0, desiredSize: 1, maxSize: 4 },
    });
    template = Template.fromStack(stack);
  });

  it("runs the AL2023 NVIDIA AMI on GPU types, tainted nvidia.com/gpu and labelled for the pool", () => {
    template.resourceCountIs("AWS::EKS::Nodegroup", 1);
    template.hasResourceProperties("AWS::EKS::Nodegroup", {
      ClusterName: "agents",
      AmiType: "AL2023_x86_64_NVIDIA",
      CapacityType: "ON_DEMAND",
      InstanceTypes: ["g6.xlarge", "g6.2xlarge"],
      ScalingConfig: { MinSize: 0, DesiredSize: 1, MaxSize: 4 },
      Taints: [{ Key: "nvidia.com/gpu", Value: "true", Effect: "NO_SCHEDULE" }],
      Labels: { "agentcloud.dev/gpu": "true", "agentcloud.dev/gpu-pool": "l4", "nvidia.com/device-plugin.config": "l4" },
      Subnets: [{ Ref: Match.stringLikeRegexp("^VpcPrivateSubnet1") }, { Ref: Match.stringLikeRegexp("^VpcPrivateSubnet2") }],
      UpdateConfig: { MaxUnavailable: 1 },
    });
  });

  it("launches from a template with IMDSv2 (hop limit 1) and an encrypted 100 GiB gp3 root, and no user data", () => {
    template.hasResourceProperties("AWS::EC2::LaunchTemplate", {
      LaunchTemplateData: {
        MetadataOptions: METADATA,
        BlockDeviceMappings: [
          { DeviceName: "/dev/xvda", Ebs: { VolumeType: "gp3", Encrypted: true, DeleteOnTermination: true, VolumeSize: 100 } },
        ],
      },
    });
  });

  it("gives its nodes a role of their own with the worker, ECR pull-only and CNI policies", () => {
    template.hasResourceProperties("AWS::IAM::Role", {
      AssumeRolePolicyDocument: Match.objectLike({ Statement: [Match.objectLike({ Principal: { Service: "ec2.amazonaws.com" } })] }),
      ManagedPolicyArns: ["AmazonEKSWorkerNodePolicy", "AmazonEC2ContainerRegistryPullOnly", "AmazonEKS_CNI_Policy"].map((p) => ({
        "Fn::Join": ["", ["arn:", { Ref: "AWS::Partition" }, `:iam::aws:policy/${p}`]],
      })),
    });
  });

  it("exposes the pool's sharing entry and what agents with GPU shares need", () => {
    expect(gpu.pool).toBe("l4");
    expect(gpu.sharing).toEqual({ pool: "l4", replicas: 4, renameByDefault: false, devicePlugin: "chart" });
    expect(gpu.gpuPlatform).toEqual({
      resourceName: "nvidia.com/gpu",
      nodeSelector: { "agentcloud.dev/gpu": "true" },
      tolerations: [{ key: "nvidia.com/gpu", operator: "Exists", effect: "NoSchedule" }],
    });
  });
});

describe("GpuNodegroup on Bottlerocket", () => {
  it("time-slices through Bottlerocket's settings, with a data volume on /dev/xvdb encrypted by the given key", () => {
    const { stack, cluster } = clusterStack();
    const key = new kms.Key(stack, "Key", { enableKeyRotation: true });
    const role = new iam.Role(stack, "Role", { assumedBy: new iam.ServicePrincipal("ec2.amazonaws.com") });
    const gpu = new GpuNodegroup(stack, "Gpu", {
      cluster,
      nodeRole: role,
      amiType: "BOTTLEROCKET_x86_64_NVIDIA",
      timeSlicing: { replicas: 2, renameByDefault: true },
      diskSizeGiB: 200,
      encryptionKey: key,
      capacityType: "SPOT",
    });
    const template = Template.fromStack(stack);
    template.hasResourceProperties("AWS::EKS::Nodegroup", {
      AmiType: "BOTTLEROCKET_x86_64_NVIDIA",
      CapacityType: "SPOT",
      Labels: { "agentcloud.dev/gpu": "true", "agentcloud.dev/gpu-pool": "gpu" },
      NodeRole: { "Fn::GetAtt": [Match.stringLikeRegexp("^Role"), "Arn"] },
    });
    expect(Object.keys(template.findResources("AWS::IAM::Role")).filter((id) => id.startsWith("GpuNodeRole"))).toEqual([]);
    const kmsArn = { "Fn::GetAtt": [Match.stringLikeRegexp("^Key"), "Arn"] };
    template.hasResourceProperties("AWS::EC2::LaunchTemplate", {
      LaunchTemplateData: Match.objectLike({
        MetadataOptions: METADATA,
        BlockDeviceMappings: [
          { DeviceName: "/dev/xvda", Ebs: { VolumeType: "gp3", Encrypted: true, DeleteOnTermination: true, KmsKeyId: kmsArn } },
          {
            DeviceName: "/dev/xvdb",
            Ebs: { VolumeType: "gp3", Encrypted: true, DeleteOnTermination: true, VolumeSize: 200, KmsKeyId: kmsArn },
          },
        ],
      }),
    });
    expect(userDataOf(template)).toBe(
      [
        "[settings.kubelet-device-plugins.nvidia]",
        `device-sharing-strategy = "time-slicing"`,
        "",
        "[settings.kubelet-device-plugins.nvidia.time-slicing]",
        "replicas = 2",
        "rename-by-default = true",
        "fail-requests-greater-than-one = true",
        "",
      ].join("\n"),
    );
    expect(gpu.gpuPlatform.resourceName).toBe("nvidia.com/gpu.shared");
    expect(gpu.sharing.devicePlugin).toBe("platform");
  });
});

describe("SandboxNodegroup", () => {
  it("bootstraps gVisor through nodeadm user data on AL2023, tainted and labelled for the gvisor runtime", () => {
    const { stack, cluster } = clusterStack();
    const pool = new SandboxNodegroup(stack, "Gvisor", { cluster, runtime: "gvisor" });
    const template = Template.fromStack(stack);
    template.hasResourceProperties("AWS::EKS::Nodegroup", {
      AmiType: "AL2023_x86_64_STANDARD",
      InstanceTypes: ["m7i.large"],
      ScalingConfig: { MinSize: 1, DesiredSize: 1, MaxSize: 2 },
      Labels: { "agentcloud.dev/sandbox": "gvisor" },
      Taints: [{ Key: "agentcloud.dev/sandbox", Value: "gvisor", Effect: "NO_SCHEDULE" }],
    });
    template.hasResourceProperties("AWS::EC2::LaunchTemplate", {
      LaunchTemplateData: Match.objectLike({
        MetadataOptions: METADATA,
        BlockDeviceMappings: [
          { DeviceName: "/dev/xvda", Ebs: { VolumeType: "gp3", Encrypted: true, DeleteOnTermination: true, VolumeSize: 50 } },
        ],
      }),
    });
    // The Pulumi pools' builder: the checked download of the pinned release, then the nodeadm NodeConfig with runsc.
    const userData = userDataOf(template);
    expect(userData).toBe(
      gvisorUserData({ containerdConfigVersion: 3, download: { release: "20260921.0", baseUrl: GVISOR_RELEASES_URL } }),
    );
    expect(userData).toContain(`URL="https://storage.googleapis.com/gvisor/releases/release/20260921.0/x86_64"`);
    expect(userData).toContain(
      `      [plugins."io.containerd.cri.v1.runtime".containerd.runtimes.runsc]\n      runtime_type = "io.containerd.runsc.v1"\n`,
    );
    expect(pool.runtime).toBe("gvisor");
  });

  it("turns on nested virtualisation for Kata on c8i types, with no user data", () => {
    const { stack, cluster } = clusterStack();
    new SandboxNodegroup(stack, "Kata", { cluster, runtime: "kata" });
    const template = Template.fromStack(stack);
    template.hasResourceProperties("AWS::EKS::Nodegroup", {
      AmiType: "AL2023_x86_64_STANDARD",
      InstanceTypes: ["c8i.2xlarge"],
      Labels: { "agentcloud.dev/sandbox": "kata" },
      Taints: [{ Key: "agentcloud.dev/sandbox", Value: "kata", Effect: "NO_SCHEDULE" }],
    });
    template.hasResourceProperties("AWS::EC2::LaunchTemplate", {
      LaunchTemplateData: {
        MetadataOptions: METADATA,
        CpuOptions: { NestedVirtualization: "enabled" },
        BlockDeviceMappings: [
          { DeviceName: "/dev/xvda", Ebs: { VolumeType: "gp3", Encrypted: true, DeleteOnTermination: true, VolumeSize: 50 } },
        ],
      },
    });
  });

  it("leaves the CPU options alone for Kata on bare metal", () => {
    const parts = sandboxNodegroupParts({ cluster: {} as eks.ICluster, runtime: "kata", instanceTypes: ["m7i.metal-24xl"] });
    expect(parts.launchTemplate).toEqual({ volumes: [{ deviceName: "/dev/xvda", sizeGiB: 50 }] });
  });
});

describe("the CDK node groups mirror the Pulumi pools", () => {
  const cluster = {} as eks.ICluster;
  const base = { clusterName: "agents", subnetIds: ["subnet-1"] };

  it("pins the same gVisor release and download URL", () => {
    expect(CDK_DEFAULT_GVISOR_RELEASE).toBe(DEFAULT_GVISOR_RELEASE);
    expect(CDK_GVISOR_RELEASES_URL).toBe(GVISOR_RELEASES_URL);
  });

  it("gives GPU pools the same AMI, types, labels, taint, volumes, user data and sharing", () => {
    for (const amiType of ["AL2023_x86_64_NVIDIA", "BOTTLEROCKET_x86_64_NVIDIA"] as const) {
      const cdk = gpuNodegroupParts({ cluster, pool: "gpu", amiType, timeSlicing: { replicas: 8 } });
      const pulumi = gpuPoolParts({ ...base, amiType, timeSlicing: { replicas: 8 } }, "gpu");
      expect({ ...cdk, taints: cdk.taints.map((t) => ({ ...t })) }).toEqual({ ...pulumi, instanceTypes: [...pulumi.instanceTypes] });
      expect(gpuNodegroupSharing({ pool: "gpu", amiType, timeSlicing: { replicas: 8 } })).toEqual(
        gpuPoolSharing({ ...base, amiType, timeSlicing: { replicas: 8 } }, "gpu"),
      );
    }
  });

  it("gives sandbox pools the same AMI, types, labels, taints, volumes, user data and CPU options", () => {
    const sha512 = { runsc: "a".repeat(128), containerdShim: "b".repeat(128) };
    const gvisor = { release: "20260101.0", sha512, containerdConfigVersion: 2 as const };
    const cdk = sandboxNodegroupParts({ cluster, runtime: "gvisor", gvisor });
    const pulumi = sandboxPoolParts({ ...base, runtime: "gvisor", gvisor });
    expect(cdk.launchTemplate.userData).toBe(pulumi.launchTemplate.userData);
    expect({ amiType: cdk.amiType, instanceTypes: cdk.instanceTypes, labels: cdk.labels, taints: cdk.taints }).toEqual({
      amiType: pulumi.amiType,
      instanceTypes: pulumi.instanceTypes,
      labels: pulumi.labels,
      taints: pulumi.taints,
    });
    const kata = sandboxNodegroupParts({ cluster, runtime: "kata" });
    const pulumiKata = sandboxPoolParts({ ...base, runtime: "kata" });
    expect(kata.launchTemplate).toEqual({ volumes: pulumiKata.launchTemplate.volumes, nestedVirtualization: true });
    expect(pulumiKata.launchTemplate.cpuOptions).toEqual({ nestedVirtualization: true });
  });
});
