import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { AgentVpc } from "../../../../components/aws/vpc";
import { ArgumentError } from "../../../../components/validation";
import { record, recordRejection } from "../../../helpers/pulumi";

const ZONES = ["eu-west-1a", "eu-west-1b"];
const ACCOUNT = "123456789012";

function resolved<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => output.apply(resolve));
}

describe("AgentVpc", () => {
  it("with NAT: private subnets without public addresses, NAT-only public subnets, one NAT gateway, routes", async () => {
    let vpc: AgentVpc | undefined;
    const rec = await record(() => {
      vpc = new AgentVpc("net", { availabilityZones: ZONES, tags: { team: "platform" } });
    });
    const component = rec.named("net");
    expect([component.type, component.custom]).toEqual(["agentcloud:aws:AgentVpc", false]);
    expect(
      rec.registrations
        .filter((r) => r.parent === component.urn)
        .map((r) => `${r.type} ${r.name}`)
        .sort(),
    ).toEqual([
      "aws:cloudwatch/logGroup:LogGroup net-flow-logs",
      "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup net-default-sg",
      "aws:ec2/eip:Eip net-nat-eu-west-1a",
      "aws:ec2/flowLog:FlowLog net-flow-logs",
      "aws:ec2/internetGateway:InternetGateway net-igw",
      "aws:ec2/natGateway:NatGateway net-nat-eu-west-1a",
      "aws:ec2/route:Route net-private-eu-west-1a-default",
      "aws:ec2/route:Route net-private-eu-west-1b-default",
      "aws:ec2/route:Route net-public-default",
      "aws:ec2/routeTable:RouteTable net-private-eu-west-1a",
      "aws:ec2/routeTable:RouteTable net-private-eu-west-1b",
      "aws:ec2/routeTable:RouteTable net-public",
      "aws:ec2/routeTableAssociation:RouteTableAssociation net-private-eu-west-1a",
      "aws:ec2/routeTableAssociation:RouteTableAssociation net-private-eu-west-1b",
      "aws:ec2/routeTableAssociation:RouteTableAssociation net-public-eu-west-1a",
      "aws:ec2/routeTableAssociation:RouteTableAssociation net-public-eu-west-1b",
      "aws:ec2/subnet:Subnet net-private-eu-west-1a",
      "aws:ec2/subnet:Subnet net-private-eu-west-1b",
      "aws:ec2/subnet:Subnet net-public-eu-west-1a",
      "aws:ec2/subnet:Subnet net-public-eu-west-1b",
      "aws:ec2/vpc:Vpc net-vpc",
      "aws:iam/role:Role net-flow-logs",
      "aws:iam/rolePolicy:RolePolicy net-flow-logs",
      "aws:kms/alias:Alias net-flow-logs-key-alias",
      "aws:kms/key:Key net-flow-logs-key",
    ]);
    const inputs = (name: string, type?: string) => (type ? rec.ofType(type).find((r) => r.name === name)! : rec.named(name)).inputs;
    expect(inputs("net-vpc")).toEqual({
      cidrBlock: "10.0.0.0/16",
      enableDnsSupport: true,
      enableDnsHostnames: true,
      tags: { team: "platform", Name: "net" },
    });
    expect(inputs("net-private-eu-west-1a", "aws:ec2/subnet:Subnet")).toEqual({
      vpcId: "net-vpc-id",
      availabilityZone: "eu-west-1a",
      cidrBlock: "10.0.0.0/19",
      mapPublicIpOnLaunch: false,
      tags: { team: "platform", Name: "net-private-eu-west-1a", "kubernetes.io/role/internal-elb": "1" },
    });
    for (const subnet of rec.ofType("aws:ec2/subnet:Subnet")) expect(subnet.inputs.mapPublicIpOnLaunch).toBe(false);
    expect(inputs("net-public-eu-west-1b", "aws:ec2/subnet:Subnet").cidrBlock).toBe("10.0.225.0/24");
    expect(inputs("net-private-eu-west-1b-default")).toEqual({
      routeTableId: "net-private-eu-west-1b-id",
      destinationCidrBlock: "0.0.0.0/0",
      natGatewayId: "net-nat-eu-west-1a-id",
    });
    expect(inputs("net-nat-eu-west-1a", "aws:ec2/natGateway:NatGateway")).toMatchObject({
      allocationId: "net-nat-eu-west-1a-id",
      subnetId: "net-public-eu-west-1a-id",
      connectivityType: "public",
    });
    expect(inputs("net-default-sg")).toEqual({ vpcId: "net-vpc-id", ingress: [], egress: [], tags: { team: "platform" } });
    expect(rec.ofType("aws:ec2/vpcEndpoint:VpcEndpoint")).toEqual([]);

    expect(await resolved(vpc!.privateSubnetIds)).toEqual(["net-private-eu-west-1a-id", "net-private-eu-west-1b-id"]);
    expect(await resolved(vpc!.publicSubnetIds)).toEqual(["net-public-eu-west-1a-id", "net-public-eu-west-1b-id"]);
    expect(await resolved(vpc!.cidrBlock)).toBe("10.0.0.0/16");
    expect(vpc!.clusterNetwork).toMatchObject({ cidrBlock: "10.0.0.0/16", availabilityZones: ZONES, egress: "nat" });
    expect(vpc!.clusterNetwork.subnetIds).toHaveLength(2);
  });

  it("one NAT gateway per zone when asked, each zone's private route through its own", async () => {
    const rec = await record(() => void new AgentVpc("net", { availabilityZones: ZONES, natGateways: "per-zone" }));
    expect(rec.ofType("aws:ec2/natGateway:NatGateway").map((r) => r.name)).toEqual(["net-nat-eu-west-1a", "net-nat-eu-west-1b"]);
    expect(rec.named("net-private-eu-west-1b-default").inputs.natGatewayId).toBe("net-nat-eu-west-1b-id");
  });

  it("flow logs of all traffic to a KMS-encrypted log group with retention; the key admits CloudWatch Logs for that group only", async () => {
    const rec = await record(() => void new AgentVpc("net", { availabilityZones: ZONES, flowLogRetentionDays: 90 }));
    const logGroup = rec.ofType("aws:cloudwatch/logGroup:LogGroup")[0].inputs;
    expect(logGroup).toEqual({
      name: "/agentcloud/net/vpc-flow-logs",
      retentionInDays: 90,
      kmsKeyId: `arn:aws:kms:eu-west-1:${ACCOUNT}:key/net-flow-logs-key-id`,
      tags: {},
    });
    const key = rec.ofType("aws:kms/key:Key")[0].inputs;
    expect(key.enableKeyRotation).toBe(true);
    expect(rec.ofType("aws:kms/alias:Alias")[0].inputs).toEqual({
      name: "alias/logs/agentcloud/net/vpc-flow-logs",
      targetKeyId: "net-flow-logs-key-id",
    });
    expect(JSON.parse(key.policy as string)).toEqual({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "AccountAdministersKey",
          Effect: "Allow",
          Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
          Action: "kms:*",
          Resource: "*",
        },
        {
          Sid: "CloudWatchLogsEncryptsThisLogGroup",
          Effect: "Allow",
          Principal: { Service: "logs.eu-west-1.amazonaws.com" },
          Action: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
          Resource: "*",
          Condition: {
            ArnEquals: {
              "kms:EncryptionContext:aws:logs:arn": `arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:/agentcloud/net/vpc-flow-logs`,
            },
          },
        },
      ],
    });
    const flowLog = rec.ofType("aws:ec2/flowLog:FlowLog")[0].inputs;
    expect(flowLog).toEqual({
      vpcId: "net-vpc-id",
      trafficType: "ALL",
      logDestinationType: "cloud-watch-logs",
      logDestination: `arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:/agentcloud/net/vpc-flow-logs`,
      iamRoleArn: `arn:aws:iam::${ACCOUNT}:role/net-flow-logs`,
      maxAggregationInterval: 60,
      tags: { Name: "net-flow-logs" },
    });
    const role = rec.ofType("aws:iam/role:Role")[0].inputs;
    expect(JSON.parse(role.assumeRolePolicy as string).Statement).toEqual([
      {
        Effect: "Allow",
        Principal: { Service: "vpc-flow-logs.amazonaws.com" },
        Action: "sts:AssumeRole",
        Condition: {
          StringEquals: { "aws:SourceAccount": ACCOUNT },
          ArnLike: { "aws:SourceArn": `arn:aws:ec2:eu-west-1:${ACCOUNT}:vpc-flow-log/*` },
        },
      },
    ]);
    const logGroupArn = `arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:/agentcloud/net/vpc-flow-logs`;
    expect(JSON.parse(rec.ofType("aws:iam/rolePolicy:RolePolicy")[0].inputs.policy as string).Statement).toEqual([
      {
        Effect: "Allow",
        Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogGroups", "logs:DescribeLogStreams"],
        Resource: [logGroupArn, `${logGroupArn}:*`],
      },
    ]);
  });

  it("without egress: no internet gateway or NAT, interface endpoints with private DNS behind a 443-from-the-VPC group, S3 gateway", async () => {
    const rec = await record(() => void new AgentVpc("net", { availabilityZones: ZONES, egress: "none" }));
    expect(rec.ofType("aws:ec2/internetGateway:InternetGateway")).toEqual([]);
    expect(rec.ofType("aws:ec2/natGateway:NatGateway")).toEqual([]);
    expect(rec.ofType("aws:ec2/route:Route")).toEqual([]);
    expect(rec.ofType("aws:ec2/subnet:Subnet").map((s) => s.name)).toEqual(["net-private-eu-west-1a", "net-private-eu-west-1b"]);
    const endpoints = rec.ofType("aws:ec2/vpcEndpoint:VpcEndpoint").map((r) => r.inputs);
    expect(endpoints.map((e) => `${e.vpcEndpointType as string} ${e.serviceName as string}`).sort()).toEqual([
      "Gateway com.amazonaws.eu-west-1.s3",
      "Interface com.amazonaws.eu-west-1.ec2",
      "Interface com.amazonaws.eu-west-1.ecr.api",
      "Interface com.amazonaws.eu-west-1.ecr.dkr",
      "Interface com.amazonaws.eu-west-1.eks",
      "Interface com.amazonaws.eu-west-1.eks-auth",
      "Interface com.amazonaws.eu-west-1.logs",
      "Interface com.amazonaws.eu-west-1.sts",
    ]);
    const gateway = endpoints.find((e) => e.vpcEndpointType === "Gateway")!;
    for (const e of endpoints.filter((x) => x !== gateway)) {
      expect(e).toMatchObject({
        privateDnsEnabled: true,
        subnetIds: ["net-private-eu-west-1a-id", "net-private-eu-west-1b-id"],
        securityGroupIds: ["net-endpoints-id"],
      });
    }
    expect(gateway.routeTableIds).toEqual(["net-private-eu-west-1a-id", "net-private-eu-west-1b-id"]);
    expect(rec.named("net-endpoints").inputs).toMatchObject({
      ingress: [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["10.0.0.0/16"], description: "HTTPS from the VPC" }],
      egress: [],
    });
  });

  it("rejects bad arguments with every problem before creating anything", async () => {
    const { error, rec } = await recordRejection(() => new AgentVpc("net", { availabilityZones: [], egress: "open" as "nat" }));
    expect(error).toBeInstanceOf(ArgumentError);
    expect((error as ArgumentError).message).toBe(
      [
        `AgentVpc "net" has 2 invalid arguments:`,
        `  - availabilityZones: must list at least one availability zone (EKS needs subnets in two) (got []); fix: list the zones, e.g. ["eu-west-1a", "eu-west-1b", "eu-west-1c"] (aws ec2 describe-availability-zones)`,
        `  - egress: must be one of "nat", "none" (got "open"); fix: set egress to one of those`,
      ].join("\n"),
    );
    expect(rec.registrations).toEqual([]);
  });
});
