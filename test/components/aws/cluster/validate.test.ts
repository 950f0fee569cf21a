import { describe, expect, it } from "vitest";
import { checkEndpointPublicAccessCidrs, validateEksAgentClusterArgs } from "../../../../components/aws/cluster/validate";

const NETWORK = {
  vpcId: "vpc-1",
  cidrBlock: "10.0.0.0/16",
  subnetIds: ["subnet-a", "subnet-b"],
  availabilityZones: ["eu-west-1a", "eu-west-1b"],
  egress: "nat" as const,
};
const ARGS = { region: "eu-west-1", network: NETWORK };

describe("validateEksAgentClusterArgs", () => {
  it("accepts the defaults and every option", () => {
    expect(validateEksAgentClusterArgs(ARGS)).toEqual([]);
    expect(
      validateEksAgentClusterArgs({
        ...ARGS,
        clusterName: "agents_1",
        kubernetesVersion: "1.34",
        endpointPublicAccessCidrs: ["203.0.113.0/24"],
        admins: ["arn:aws:iam::123456789012:role/platform-admin", "arn:aws:iam::123456789012:user/ops/alice"],
        clusterCreatorAdmin: false,
        serviceIpv4Cidr: "192.168.0.0/16",
        systemNodes: { instanceTypes: ["m7i.xlarge", "m6i.xlarge"], minSize: 1, desiredSize: 2, maxSize: 4, diskSizeGiB: 80 },
        cilium: { encryption: "ipsec", operatorReplicas: 1 },
        controlPlaneLogRetentionDays: 90,
        tags: { team: "platform" },
      }),
    ).toEqual([]);
  });

  it("rejects a public endpoint open to 0.0.0.0/0, naming CIS EKS 5.4.2", () => {
    expect(checkEndpointPublicAccessCidrs("endpointPublicAccessCidrs", ["203.0.113.0/24", "0.0.0.0/0"])).toEqual([
      {
        argument: "endpointPublicAccessCidrs[1]",
        value: "0.0.0.0/0",
        problem: "opens the cluster's public API endpoint to every address on the internet (CIS Amazon EKS Benchmark 5.4.2)",
        fix: `list only the networks that administer the cluster, e.g. "203.0.113.0/24", or leave the list empty to keep the endpoint private`,
      },
    ]);
    expect(validateEksAgentClusterArgs({ ...ARGS, endpointPublicAccessCidrs: ["0.0.0.0/0"] }).map((p) => p.argument)).toEqual([
      "endpointPublicAccessCidrs[0]",
    ]);
    expect(checkEndpointPublicAccessCidrs("cidrs", ["203.0.113.1/24", "::/0"]).map((p) => [p.argument, p.problem])).toEqual([
      ["cidrs[0]", "must be an IPv4 CIDR block with its host bits zero"],
      ["cidrs[1]", "must be an IPv4 CIDR block with its host bits zero"],
    ]);
  });

  it("rejects a Service range that overlaps the VPC", () => {
    expect(validateEksAgentClusterArgs({ ...ARGS, serviceIpv4Cidr: "10.0.128.0/17" })).toEqual([
      {
        argument: "serviceIpv4Cidr",
        value: "10.0.128.0/17",
        problem: "overlaps the VPC's block 10.0.0.0/16",
        fix: "pick a Service range outside the VPC, e.g. 172.20.0.0/16 for a VPC in 10.0.0.0/8",
      },
    ]);
    // The default range overlaps a VPC in 172.16.0.0/12 that covers it.
    expect(validateEksAgentClusterArgs({ ...ARGS, network: { ...NETWORK, cidrBlock: "172.20.0.0/16" } }).map((p) => p.problem)).toEqual([
      "overlaps the VPC's block 172.20.0.0/16",
    ]);
    expect(validateEksAgentClusterArgs({ ...ARGS, serviceIpv4Cidr: "100.64.0.0/16" })).toEqual([
      {
        argument: "serviceIpv4Cidr",
        value: "100.64.0.0/16",
        problem: "must be a /12 to /24 block inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16 (EKS's Service range rules)",
        fix: `use e.g. "172.20.0.0/16"`,
      },
    ]);
  });

  it("rejects fewer than two zones, zones of another region and missing subnets", () => {
    expect(
      validateEksAgentClusterArgs({ ...ARGS, network: { ...NETWORK, availabilityZones: ["eu-west-1a"], subnetIds: ["subnet-a"] } }),
    ).toEqual([
      {
        argument: "network.availabilityZones",
        value: ["eu-west-1a"],
        problem: "must list at least two availability zones (EKS places its control-plane ENIs in subnets of two zones or more)",
        fix: `add a zone, e.g. ["eu-west-1a", "eu-west-1b"]`,
      },
    ]);
    expect(
      validateEksAgentClusterArgs({ ...ARGS, network: { ...NETWORK, availabilityZones: ["eu-west-1a", "us-east-1b"], subnetIds: ["s"] } }),
    ).toEqual([
      {
        argument: "network.availabilityZones[1]",
        value: "us-east-1b",
        problem: "is not in the region eu-west-1",
        fix: `use zones of eu-west-1, e.g. "eu-west-1a"`,
      },
      {
        argument: "network.subnetIds",
        value: "1 subnets",
        problem: "must hold one private subnet per availability zone",
        fix: "pass vpc.clusterNetwork (AgentVpc)",
      },
    ]);
    expect(validateEksAgentClusterArgs({ ...ARGS, network: { ...NETWORK, availabilityZones: [], subnetIds: [] } })[0].problem).toBe(
      "must list at least one availability zone (EKS needs subnets in two)",
    );
  });

  it("rejects versions out of standard support, bad names, admins, node sizes, Cilium settings it owns, retention", () => {
    expect(
      validateEksAgentClusterArgs({
        ...ARGS,
        region: "Ireland",
        clusterName: "-agents",
        kubernetesVersion: "1.31",
        admins: [
          "arn:aws:sts::123456789012:assumed-role/admin/session",
          "arn:aws:iam::123456789012:role/a",
          "arn:aws:iam::123456789012:role/a",
        ],
        clusterCreatorAdmin: "yes",
        systemNodes: { instanceTypes: [], minSize: 3, maxSize: 2, spot: true },
        cilium: { datapath: "overlay", encryption: "none" },
        controlPlaneLogRetentionDays: 10,
        extra: 1,
      }).map((p) => [p.argument, p.problem]),
    ).toEqual([
      ["extra", "is not an argument of EksAgentCluster"],
      ["region", "must be an AWS region name"],
      ["clusterName", "must be 1 to 100 letters, digits, - and _, starting with a letter or digit"],
      ["kubernetesVersion", "must be a Kubernetes minor version in EKS standard support (1.34 or later)"],
      ["admins[0]", "must be the ARN of an IAM role or user (an access entry's principal)"],
      ["admins[2]", "repeats an earlier admin"],
      ["clusterCreatorAdmin", "must be true or false"],
      ["systemNodes.spot", "is not a field of the system nodes"],
      ["systemNodes.instanceTypes", "must list one or more EC2 instance types"],
      ["systemNodes", "must have minSize <= desiredSize <= maxSize"],
      ["cilium.encryption", `must be one of "wireguard", "ipsec"`],
      [
        "cilium.datapath",
        "is set by EksAgentCluster (ENI datapath, CIDR rules that select the node's Pod Identity endpoint, kube-proxy kept as an EKS add-on)",
      ],
      ["controlPlaneLogRetentionDays", "must be a retention CloudWatch Logs accepts"],
    ]);
  });
});
