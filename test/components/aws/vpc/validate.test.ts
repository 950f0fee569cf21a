import { describe, expect, it } from "vitest";
import { planVpc } from "../../../../components/aws/vpc/plan";
import { validateAgentVpcArgs } from "../../../../components/aws/vpc/validate";

const ZONES = ["eu-west-1a", "eu-west-1b", "eu-west-1c"];

describe("AgentVpc address plan", () => {
  it("puts private subnets in the first eighths and public /24s in the last eighth of the VPC", () => {
    expect(planVpc({ availabilityZones: ZONES })).toEqual({
      cidrBlock: "10.0.0.0/16",
      privateSubnetCidrs: ["10.0.0.0/19", "10.0.32.0/19", "10.0.64.0/19"],
      publicSubnetCidrs: ["10.0.224.0/24", "10.0.225.0/24", "10.0.226.0/24"],
    });
    expect(planVpc({ availabilityZones: ZONES.slice(0, 2), cidrBlock: "10.8.0.0/20" })).toEqual({
      cidrBlock: "10.8.0.0/20",
      privateSubnetCidrs: ["10.8.0.0/23", "10.8.2.0/23"],
      publicSubnetCidrs: ["10.8.14.0/28", "10.8.14.16/28"],
    });
  });

  it("keeps explicit subnets as given", () => {
    const plan = planVpc({ availabilityZones: ["eu-west-1a"], privateSubnetCidrs: ["10.0.0.0/18"], publicSubnetCidrs: ["10.0.255.0/24"] });
    expect(plan.privateSubnetCidrs).toEqual(["10.0.0.0/18"]);
    expect(plan.publicSubnetCidrs).toEqual(["10.0.255.0/24"]);
  });
});

describe("validateAgentVpcArgs", () => {
  it("accepts the defaults and every option", () => {
    expect(validateAgentVpcArgs({ availabilityZones: ZONES })).toEqual([]);
    expect(
      validateAgentVpcArgs({
        availabilityZones: ZONES,
        cidrBlock: "10.20.0.0/16",
        egress: "none",
        natGateways: "per-zone",
        flowLogRetentionDays: 90,
        reservedCidrs: [{ name: "the cluster's service CIDR", cidr: "172.20.0.0/16" }],
        tags: { team: "platform" },
      }),
    ).toEqual([]);
  });

  it("rejects an empty zone list (AZ count 0)", () => {
    expect(validateAgentVpcArgs({ availabilityZones: [] })).toEqual([
      {
        argument: "availabilityZones",
        value: [],
        problem: "must list at least one availability zone (EKS needs subnets in two)",
        fix: `list the zones, e.g. ["eu-west-1a", "eu-west-1b", "eu-west-1c"] (aws ec2 describe-availability-zones)`,
      },
    ]);
  });

  it("rejects malformed and repeated zones", () => {
    expect(validateAgentVpcArgs({ availabilityZones: ["eu-west-1a", "eu-west-1", "eu-west-1a"] })).toEqual([
      {
        argument: "availabilityZones[1]",
        value: "eu-west-1",
        problem: "must be an availability zone name",
        fix: `use a name like "eu-west-1a"`,
      },
      { argument: "availabilityZones[2]", value: "eu-west-1a", problem: "repeats an earlier zone", fix: "list each zone once" },
    ]);
  });

  it("rejects overlapping subnets and subnets outside the VPC, every one at once", () => {
    expect(
      validateAgentVpcArgs({
        availabilityZones: ["eu-west-1a", "eu-west-1b"],
        privateSubnetCidrs: ["10.0.0.0/19", "10.0.16.0/20"],
        publicSubnetCidrs: ["10.0.224.0/24", "10.1.0.0/24"],
      }),
    ).toEqual([
      {
        argument: "publicSubnetCidrs[1]",
        value: "10.1.0.0/24",
        problem: "is not inside the VPC's block 10.0.0.0/16",
        fix: "use a block inside cidrBlock",
      },
      {
        argument: "privateSubnetCidrs[1]",
        value: "10.0.16.0/20",
        problem: "overlaps privateSubnetCidrs[0] (10.0.0.0/19)",
        fix: "give every subnet its own block",
      },
    ]);
  });

  it("rejects default subnets that overlap given ones", () => {
    expect(validateAgentVpcArgs({ availabilityZones: ["eu-west-1a"], privateSubnetCidrs: ["10.0.224.0/19"] })).toEqual([
      {
        argument: "publicSubnetCidrs[0] (default)",
        value: "10.0.224.0/24",
        problem: "overlaps privateSubnetCidrs[0] (10.0.224.0/19)",
        fix: "give every subnet its own block",
      },
    ]);
  });

  it("rejects a VPC that overlaps a reserved block (the cluster's Service range)", () => {
    expect(
      validateAgentVpcArgs({
        availabilityZones: ZONES,
        cidrBlock: "172.20.0.0/16",
        reservedCidrs: [{ name: "the cluster's service CIDR", cidr: "172.20.0.0/16" }],
      }),
    ).toEqual([
      {
        argument: "cidrBlock",
        value: "172.20.0.0/16",
        problem: "overlaps the cluster's service CIDR (172.20.0.0/16)",
        fix: "pick blocks that do not overlap, e.g. a VPC in 10.0.0.0/8 and the Service range in 172.20.0.0/16",
      },
    ]);
  });

  it("rejects bad blocks, sizes, modes, retention, subnet counts and unknown arguments", () => {
    expect(
      validateAgentVpcArgs({
        availabilityZones: ["eu-west-1a", "eu-west-1b"],
        cidrBlock: "10.0.0.1/16",
        privateSubnetCidrs: ["10.0.0.0/19"],
        egress: "internet",
        natGateways: "two",
        flowLogRetentionDays: 100,
        tags: { team: 1 },
        subnets: 2,
      }).map((p) => [p.argument, p.problem]),
    ).toEqual([
      ["subnets", "is not an argument of AgentVpc"],
      ["cidrBlock", "must be an IPv4 CIDR block with its host bits zero"],
      ["privateSubnetCidrs", "must list one subnet per availability zone (2)"],
      ["egress", `must be one of "nat", "none"`],
      ["natGateways", `must be one of "single", "per-zone"`],
      ["flowLogRetentionDays", "must be a retention CloudWatch Logs accepts"],
      ["tags", "must map tag keys to strings"],
    ]);
    expect(validateAgentVpcArgs({ availabilityZones: ZONES, cidrBlock: "10.0.0.0/24" })).toEqual([
      {
        argument: "cidrBlock",
        value: "10.0.0.0/24",
        problem: "is too small for the default subnets (they need /20 or larger)",
        fix: `use a larger block like "10.0.0.0/16", or give privateSubnetCidrs and publicSubnetCidrs`,
      },
    ]);
    expect(validateAgentVpcArgs({ availabilityZones: ZONES, cidrBlock: "10.0.0.0/8" }).map((p) => p.problem)).toEqual([
      "must be from /16 to /28 (the VPC sizes AWS allows)",
    ]);
  });
});
