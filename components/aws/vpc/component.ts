import * as ec2 from "@pulumi/aws/ec2";
import { getCallerIdentityOutput } from "@pulumi/aws/getCallerIdentity";
import { getPartitionOutput } from "@pulumi/aws/getPartition";
import { getRegionOutput } from "@pulumi/aws/getRegion";
import * as iam from "@pulumi/aws/iam";
import * as pulumi from "@pulumi/pulumi";
import { throwIfProblems } from "../../validation";
import { encryptedLogGroup, type AwsAccountContext } from "./log-group";
import { planVpc } from "./plan";
import {
  DEFAULT_FLOW_LOG_RETENTION_DAYS,
  VPC_INTERFACE_ENDPOINT_SERVICES,
  type AgentVpcArgs,
  type NatGatewayMode,
  type VpcEgress,
} from "./spec";
import { validateAgentVpcArgs } from "./validate";

/** What an EKS cluster needs of its VPC: known values for validation, outputs for the resources. */
export interface ClusterNetwork {
  /** The VPC's id. */
  vpcId: pulumi.Input<string>;
  /** The VPC's block (plain, for overlap checks). */
  cidrBlock: string;
  /** Private subnets the cluster's ENIs and the nodes go in, one per zone. */
  subnetIds: pulumi.Input<string>[];
  /** The zones of those subnets. */
  availabilityZones: string[];
  /** How nodes reach the internet. */
  egress: VpcEgress;
}

/**
 * A VPC for an agent cluster: private subnets for the nodes (no public addresses), public subnets that hold only
 * the NAT gateways, or, with `egress: "none"`, no route out at all and the VPC endpoints nodes need; flow logs of all
 * traffic to a log group encrypted with a customer-managed key; the default security group stripped of its rules
 * (CIS AWS Foundations 5.4). Validates its arguments (zones, address plan, overlaps) before creating anything.
 */
export class AgentVpc extends pulumi.ComponentResource {
  /** The VPC's id. */
  readonly vpcId: pulumi.Output<string>;
  /** The VPC's block. */
  readonly cidrBlock: pulumi.Output<string>;
  /** Private subnet ids, in zone order. */
  readonly privateSubnetIds: pulumi.Output<string[]>;
  /** Public subnet ids (NAT gateways only), in zone order; empty with `egress: "none"`. */
  readonly publicSubnetIds: pulumi.Output<string[]>;
  /** Route tables of the private subnets, in zone order. */
  readonly privateRouteTableIds: pulumi.Output<string[]>;
  /** The flow logs' log group. */
  readonly flowLogGroupName: pulumi.Output<string>;
  /** The availability zones. */
  readonly availabilityZones: pulumi.Output<string[]>;
  /** What an `EksAgentCluster` takes of this VPC (plain values and outputs). */
  readonly clusterNetwork: ClusterNetwork;

  constructor(name: string, args: AgentVpcArgs, opts: pulumi.ComponentResourceOptions = {}) {
    throwIfProblems(`AgentVpc "${name}"`, validateAgentVpcArgs(args));
    super("agentcloud:aws:AgentVpc", name, {}, opts);
    const parent = { parent: this };
    const plan = planVpc(args);
    const egress: VpcEgress = args.egress ?? "nat";
    const natMode: NatGatewayMode = args.natGateways ?? "single";
    const tags = args.tags ?? {};
    const zones = args.availabilityZones;
    const partition = getPartitionOutput({}, parent);
    const account: AwsAccountContext = {
      partition: partition.partition,
      accountId: getCallerIdentityOutput({}, parent).accountId,
      region: getRegionOutput({}, parent).region,
    };

    const vpc = new ec2.Vpc(
      `${name}-vpc`,
      { cidrBlock: plan.cidrBlock, enableDnsSupport: true, enableDnsHostnames: true, tags: { ...tags, Name: name } },
      parent,
    );
    // No rules: nothing may use the default security group by accident.
    new ec2.DefaultSecurityGroup(`${name}-default-sg`, { vpcId: vpc.id, ingress: [], egress: [], tags }, parent);

    const privateSubnets = zones.map(
      (zone, i) =>
        new ec2.Subnet(
          `${name}-private-${zone}`,
          {
            vpcId: vpc.id,
            availabilityZone: zone,
            cidrBlock: plan.privateSubnetCidrs[i],
            mapPublicIpOnLaunch: false,
            // Internal load balancers only (AWS Load Balancer Controller subnet discovery).
            tags: { ...tags, Name: `${name}-private-${zone}`, "kubernetes.io/role/internal-elb": "1" },
          },
          parent,
        ),
    );
    const privateRouteTables = zones.map(
      (zone) =>
        new ec2.RouteTable(`${name}-private-${zone}`, { vpcId: vpc.id, tags: { ...tags, Name: `${name}-private-${zone}` } }, parent),
    );
    zones.forEach(
      (zone, i) =>
        new ec2.RouteTableAssociation(
          `${name}-private-${zone}`,
          { subnetId: privateSubnets[i].id, routeTableId: privateRouteTables[i].id },
          parent,
        ),
    );

    let publicSubnets: ec2.Subnet[] = [];
    if (egress === "nat") {
      const igw = new ec2.InternetGateway(`${name}-igw`, { vpcId: vpc.id, tags: { ...tags, Name: name } }, parent);
      const publicRouteTable = new ec2.RouteTable(`${name}-public`, { vpcId: vpc.id, tags: { ...tags, Name: `${name}-public` } }, parent);
      new ec2.Route(
        `${name}-public-default`,
        { routeTableId: publicRouteTable.id, destinationCidrBlock: "0.0.0.0/0", gatewayId: igw.id },
        parent,
      );
      publicSubnets = zones.map((zone, i) => {
        const subnet = new ec2.Subnet(
          `${name}-public-${zone}`,
          {
            vpcId: vpc.id,
            availabilityZone: zone,
            cidrBlock: plan.publicSubnetCidrs[i],
            // Only NAT gateways live here, and they take Elastic IPs.
            mapPublicIpOnLaunch: false,
            tags: { ...tags, Name: `${name}-public-${zone}` },
          },
          parent,
        );
        new ec2.RouteTableAssociation(`${name}-public-${zone}`, { subnetId: subnet.id, routeTableId: publicRouteTable.id }, parent);
        return subnet;
      });
      const natZones = natMode === "per-zone" ? zones : zones.slice(0, 1);
      const nats = natZones.map((zone, i) => {
        const eip = new ec2.Eip(`${name}-nat-${zone}`, { domain: "vpc", tags: { ...tags, Name: `${name}-nat-${zone}` } }, parent);
        return new ec2.NatGateway(
          `${name}-nat-${zone}`,
          {
            allocationId: eip.id,
            subnetId: publicSubnets[i].id,
            connectivityType: "public",
            tags: { ...tags, Name: `${name}-nat-${zone}` },
          },
          { parent: this, dependsOn: [igw] },
        );
      });
      zones.forEach(
        (zone, i) =>
          new ec2.Route(
            `${name}-private-${zone}-default`,
            {
              routeTableId: privateRouteTables[i].id,
              destinationCidrBlock: "0.0.0.0/0",
              natGatewayId: nats[natMode === "per-zone" ? i : 0].id,
            },
            parent,
          ),
      );
    } else {
      const endpointSg = new ec2.SecurityGroup(
        `${name}-endpoints`,
        {
          vpcId: vpc.id,
          description: "HTTPS from the VPC to its interface endpoints",
          ingress: [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: [plan.cidrBlock], description: "HTTPS from the VPC" }],
          egress: [],
          tags: { ...tags, Name: `${name}-endpoints` },
        },
        parent,
      );
      for (const service of VPC_INTERFACE_ENDPOINT_SERVICES) {
        new ec2.VpcEndpoint(
          `${name}-${service.replace(/\./g, "-")}`,
          {
            vpcId: vpc.id,
            serviceName: pulumi.interpolate`${partition.reverseDnsPrefix}.${account.region}.${service}`,
            vpcEndpointType: "Interface",
            privateDnsEnabled: true,
            subnetIds: privateSubnets.map((s) => s.id),
            securityGroupIds: [endpointSg.id],
            tags: { ...tags, Name: `${name}-${service}` },
          },
          parent,
        );
      }
      new ec2.VpcEndpoint(
        `${name}-s3`,
        {
          vpcId: vpc.id,
          serviceName: pulumi.interpolate`${partition.reverseDnsPrefix}.${account.region}.s3`,
          vpcEndpointType: "Gateway",
          routeTableIds: privateRouteTables.map((t) => t.id),
          tags: { ...tags, Name: `${name}-s3` },
        },
        parent,
      );
    }

    const logGroupName = `/agentcloud/${name}/vpc-flow-logs`;
    const { logGroup } = encryptedLogGroup(
      `${name}-flow-logs`,
      {
        logGroupName,
        retentionInDays: args.flowLogRetentionDays ?? DEFAULT_FLOW_LOG_RETENTION_DAYS,
        description: `the flow logs of VPC ${name}`,
        account,
        tags,
      },
      parent,
    );
    const flowLogRole = new iam.Role(
      `${name}-flow-logs`,
      {
        description: `Delivers the flow logs of VPC ${name} to CloudWatch Logs`,
        assumeRolePolicy: pulumi.all([account.partition, account.accountId, account.region]).apply(([p, accountId, region]) =>
          JSON.stringify({
            Version: "2012-10-17",
            Statement: [
              {
                Effect: "Allow",
                Principal: { Service: "vpc-flow-logs.amazonaws.com" },
                Action: "sts:AssumeRole",
                // Confused-deputy guard (Amazon VPC User Guide, "IAM role for publishing flow logs to CloudWatch Logs").
                Condition: {
                  StringEquals: { "aws:SourceAccount": accountId },
                  ArnLike: { "aws:SourceArn": `arn:${p}:ec2:${region}:${accountId}:vpc-flow-log/*` },
                },
              },
            ],
          }),
        ),
        tags,
      },
      parent,
    );
    new iam.RolePolicy(
      `${name}-flow-logs`,
      {
        role: flowLogRole.name,
        policy: logGroup.arn.apply((arn) =>
          JSON.stringify({
            Version: "2012-10-17",
            Statement: [
              {
                Effect: "Allow",
                Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogGroups", "logs:DescribeLogStreams"],
                Resource: [arn, `${arn}:*`],
              },
            ],
          }),
        ),
      },
      parent,
    );
    new ec2.FlowLog(
      `${name}-flow-logs`,
      {
        vpcId: vpc.id,
        trafficType: "ALL",
        logDestinationType: "cloud-watch-logs",
        logDestination: logGroup.arn,
        iamRoleArn: flowLogRole.arn,
        maxAggregationInterval: 60,
        tags: { ...tags, Name: `${name}-flow-logs` },
      },
      parent,
    );

    this.vpcId = vpc.id;
    this.cidrBlock = pulumi.output(plan.cidrBlock);
    this.privateSubnetIds = pulumi.all(privateSubnets.map((s) => s.id));
    this.publicSubnetIds = pulumi.all(publicSubnets.map((s) => s.id));
    this.privateRouteTableIds = pulumi.all(privateRouteTables.map((t) => t.id));
    this.flowLogGroupName = logGroup.name;
    this.availabilityZones = pulumi.output([...zones]);
    this.clusterNetwork = {
      vpcId: vpc.id,
      cidrBlock: plan.cidrBlock,
      subnetIds: privateSubnets.map((s) => s.id),
      availabilityZones: [...zones],
      egress,
    };
    this.registerOutputs({
      vpcId: this.vpcId,
      cidrBlock: this.cidrBlock,
      privateSubnetIds: this.privateSubnetIds,
      publicSubnetIds: this.publicSubnetIds,
      privateRouteTableIds: this.privateRouteTableIds,
      flowLogGroupName: this.flowLogGroupName,
      availabilityZones: this.availabilityZones,
    });
  }
}
