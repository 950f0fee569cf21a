import * as ec2 from "aws-cdk-lib/aws-ec2";
import * as eks from "aws-cdk-lib/aws-eks-v2";
import type * as iam from "aws-cdk-lib/aws-iam";
import type { Construct } from "constructs";
import { launchTemplateSpec, nodeLaunchTemplate, type NodeLaunchTemplateProps } from "./launch-template";
import { nodeRole } from "./node-role";
import { DEFAULT_NODEGROUP_SCALING, type AgentNodegroupBaseProps } from "./spec";

/** A node taint as the CDK spells it (`eks.TaintEffect`: `NO_SCHEDULE`, ...). */
export interface NodegroupTaint {
  /** The taint's key. */
  readonly key: string;
  /** The taint's value. */
  readonly value: string;
  /** The taint's effect. */
  readonly effect: eks.TaintEffect;
}

/** What differs between node groups: AMI type, instance types, labels, taints and the launch template. */
export interface NodegroupParts {
  /** The AMI type. */
  readonly amiType: eks.NodegroupAmiType;
  /** The instance types. */
  readonly instanceTypes: readonly string[];
  /** Node labels. */
  readonly labels: Record<string, string>;
  /** Node taints. */
  readonly taints: readonly NodegroupTaint[];
  /** The launch template's volumes, user data and CPU options. */
  readonly launchTemplate: NodeLaunchTemplateProps;
}

/** The resources {@link createNodegroup} makes. */
export interface NodegroupResources {
  /** The managed node group (`Resource`). */
  readonly nodegroup: eks.Nodegroup;
  /** Its launch template (`LaunchTemplate`). */
  readonly launchTemplate: ec2.CfnLaunchTemplate;
  /** The nodes' role (`props.nodeRole`, or `NodeRole` of its own). */
  readonly nodeRole: iam.IRole;
}

/**
 * A node group's launch template (`LaunchTemplate`), role (`NodeRole`, unless given) and managed node group
 * (`Resource`, in the private subnets, updated one node at a time), children of `scope`.
 */
export function createNodegroup(scope: Construct, base: AgentNodegroupBaseProps, parts: NodegroupParts): NodegroupResources {
  const launchTemplate = nodeLaunchTemplate(scope, "LaunchTemplate", {
    ...parts.launchTemplate,
    ...(base.encryptionKey !== undefined && { encryptionKey: base.encryptionKey }),
  });
  const role = base.nodeRole ?? nodeRole(scope, "NodeRole");
  const scaling = base.scaling ?? DEFAULT_NODEGROUP_SCALING;
  const nodegroup = new eks.Nodegroup(scope, "Resource", {
    cluster: base.cluster,
    nodeRole: role,
    subnets: base.subnets ?? { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
    amiType: parts.amiType,
    instanceTypes: parts.instanceTypes.map((t) => new ec2.InstanceType(t)),
    capacityType: base.capacityType === "SPOT" ? eks.CapacityType.SPOT : eks.CapacityType.ON_DEMAND,
    minSize: scaling.minSize,
    desiredSize: scaling.desiredSize,
    maxSize: scaling.maxSize,
    labels: { ...parts.labels },
    taints: parts.taints.map((t) => ({ ...t })),
    launchTemplateSpec: launchTemplateSpec(launchTemplate),
    maxUnavailable: 1,
    enableNodeAutoRepair: true,
  });
  return { nodegroup, launchTemplate, nodeRole: role };
}
