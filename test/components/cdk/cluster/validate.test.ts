import { describe, expect, it } from "vitest";
import { checkEndpointPublicAccessCidrs, validateEksAgentClusterArgs } from "../../../../components/aws/cluster/validate";
import { checkPublicEndpointCidrs, validateAgentEksClusterProps } from "../../../../components/cdk/cluster";

const ZONES = ["eu-west-1a", "eu-west-1b"];

describe("validateAgentEksClusterProps", () => {
  it("accepts two zones alone and a full set of valid props", () => {
    expect(validateAgentEksClusterProps({ availabilityZones: ZONES })).toEqual([]);
    expect(
      validateAgentEksClusterProps({
        availabilityZones: [...ZONES, "eu-west-1c"],
        vpcCidr: "10.20.0.0/20",
        natGateways: 1,
        clusterName: "agents_prod-1",
        kubernetesVersion: "1.34",
        endpointPublicAccessCidrs: ["203.0.113.0/24", "198.51.100.7/32"],
        admins: ["arn:aws:iam::123456789012:role/platform-admin", "arn:aws-us-gov:iam::123456789012:user/ops"],
        clusterCreatorAdmin: false,
        systemNodes: { instanceTypes: ["m7i.xlarge"], minSize: 1, desiredSize: 2, maxSize: 4, diskSizeGiB: 100 },
        flowLogRetentionDays: 731,
        controlPlaneLogRetentionDays: 3653,
      }),
    ).toEqual([]);
  });

  it("refuses an endpoint open to every address, with the Pulumi cluster's message", () => {
    const problems = validateAgentEksClusterProps({
      availabilityZones: ZONES,
      endpointPublicAccessCidrs: ["203.0.113.0/24", "0.0.0.0/0", "10.0.0.1/8"],
    });
    expect(problems).toEqual([
      {
        argument: "endpointPublicAccessCidrs[1]",
        value: "0.0.0.0/0",
        problem: "opens the cluster's public API endpoint to every address on the internet (CIS Amazon EKS Benchmark 5.4.2)",
        fix: `list only the networks that administer the cluster, e.g. "203.0.113.0/24", or leave the list empty to keep the endpoint private`,
      },
      {
        argument: "endpointPublicAccessCidrs[2]",
        value: "10.0.0.1/8",
        problem: "must be an IPv4 CIDR block with its host bits zero",
        fix: `use your network's block, e.g. "203.0.113.0/24"`,
      },
    ]);
    for (const value of [["0.0.0.0/0", "nope"], "0.0.0.0/0"]) {
      expect(checkPublicEndpointCidrs("endpointPublicAccessCidrs", value)).toEqual(
        checkEndpointPublicAccessCidrs("endpointPublicAccessCidrs", value),
      );
    }
  });

  it("reports every other problem at once", () => {
    const problems = validateAgentEksClusterProps({
      availabilityZones: ["eu-west-1a", "eu-west-1a"],
      vpcCidr: "8.8.0.0/16",
      natGateways: 3,
      clusterName: "-bad",
      kubernetesVersion: "1.30",
      admins: "arn:aws:iam::123456789012:role/a",
      clusterCreatorAdmin: "yes",
      systemNodes: { instanceTypes: ["m7g.large"], minSize: 3, maxSize: 2, gpu: true },
      flowLogRetentionDays: 10,
      controlPlaneLogRetentionDays: 0,
      region: "eu-west-1",
    });
    expect(problems.map((p) => `${p.argument}: ${p.problem}`)).toEqual([
      "region: is not a property of AgentEksCluster",
      "availabilityZones[1]: repeats an earlier zone",
      "vpcCidr: must be a /16 to /24 IPv4 block inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16",
      "natGateways: must be a whole number from 1 to 2",
      "clusterName: must be 1 to 100 letters, digits, - and _, starting with a letter or digit",
      "kubernetesVersion: must be a Kubernetes minor version in EKS standard support (1.34 or later)",
      "admins: must be a list of IAM role or user ARNs",
      "clusterCreatorAdmin: must be true or false",
      "systemNodes.gpu: is not a field of the system nodes",
      "systemNodes.instanceTypes[0]: is an arm64 (Graviton) type, and these nodes run x86_64 AMIs",
      "systemNodes: must have minSize <= desiredSize <= maxSize",
      "flowLogRetentionDays: must be a retention CloudWatch Logs accepts",
      "controlPlaneLogRetentionDays: must be a retention CloudWatch Logs accepts",
    ]);
  });

  it("uses the Pulumi cluster's messages for the rules both share", () => {
    const shared = {
      clusterName: "-bad",
      kubernetesVersion: "1.30",
      admins: ["arn:aws:iam::123456789012:root", "x"],
      clusterCreatorAdmin: 1,
    };
    const cdk = validateAgentEksClusterProps({ availabilityZones: ZONES, ...shared });
    const pulumi = validateEksAgentClusterArgs({
      region: "eu-west-1",
      network: { availabilityZones: ZONES, subnetIds: ["subnet-1", "subnet-2"], cidrBlock: "10.0.0.0/16" },
      ...shared,
    });
    expect(cdk).toEqual(pulumi);
  });
});
