import * as eks from "@pulumi/aws/eks";
import type * as ec2 from "@pulumi/aws/ec2";
import * as pulumi from "@pulumi/pulumi";
import { launchTemplateRef, nodeLaunchTemplate, type NodeLaunchTemplateArgs } from "./launch-template";
import { nodeRole } from "./node-role";
import { DEFAULT_POOL_SCALING, type EksNodePoolBaseArgs } from "./spec";

/** A Kubernetes taint as an EKS node group takes it. */
export interface NodeGroupTaint {
  /** Taint key. */
  key: string;
  /** Taint value. */
  value: string;
  /** EKS's spelling of the effect. */
  effect: "NO_SCHEDULE" | "NO_EXECUTE" | "PREFER_NO_SCHEDULE";
}

/** What one agentcloud node pool is made of, besides its base arguments. */
export interface PoolParts {
  /** EKS AMI type (`CUSTOM` with an AMI id in the launch template). */
  amiType: string;
  /** Instance types. */
  instanceTypes: readonly string[];
  /** Node labels. */
  labels: Record<string, string>;
  /** Node taints. */
  taints: NodeGroupTaint[];
  /** The launch template's arguments. */
  launchTemplate: NodeLaunchTemplateArgs;
}

/** The resources of one pool. */
export interface PoolResources {
  /** The managed node group. */
  nodeGroup: eks.NodeGroup;
  /** Its launch template. */
  launchTemplate: ec2.LaunchTemplate;
  /** The nodes' IAM role (given, or created as `${name}-role`). */
  nodeRoleArn: pulumi.Output<string>;
}

/** The `kubectl taint` spelling of an EKS taint (`key=value:NoSchedule`). */
export function kubeletTaint(t: NodeGroupTaint): string {
  const effect = { NO_SCHEDULE: "NoSchedule", NO_EXECUTE: "NoExecute", PREFER_NO_SCHEDULE: "PreferNoSchedule" }[t.effect];
  return `${t.key}=${t.value}:${effect}`;
}

/**
 * A pool's launch template (`${name}-launch-template`), role (`${name}-role`, unless given) and managed node group
 * (`${name}-node-group`, in the given private subnets, updated one node at a time), children of `parent`.
 */
export function createPool(parent: pulumi.Resource, name: string, base: EksNodePoolBaseArgs, parts: PoolParts): PoolResources {
  const tags = { ...(base.tags ?? {}) };
  const launchTemplate = nodeLaunchTemplate(
    `${name}-launch-template`,
    { ...parts.launchTemplate, tags, templateName: pulumi.interpolate`${base.clusterName}-${name}` },
    { parent },
  );
  const role = base.nodeRoleArn === undefined ? nodeRole(`${name}-role`, { tags }, { parent }) : undefined;
  const nodeRoleArn = role ? role.role.arn : pulumi.output(base.nodeRoleArn!);
  const scaling = base.scaling ?? DEFAULT_POOL_SCALING;
  const nodeGroup = new eks.NodeGroup(
    `${name}-node-group`,
    {
      clusterName: base.clusterName,
      nodeRoleArn,
      subnetIds: base.subnetIds,
      amiType: parts.amiType,
      instanceTypes: [...parts.instanceTypes],
      capacityType: base.capacityType ?? "ON_DEMAND",
      scalingConfig: { minSize: scaling.minSize, desiredSize: scaling.desiredSize, maxSize: scaling.maxSize },
      updateConfig: { maxUnavailable: 1 },
      labels: parts.labels,
      taints: parts.taints,
      launchTemplate: launchTemplateRef(launchTemplate),
      tags,
    },
    { parent, dependsOn: role ? role.attachments : [] },
  );
  return { nodeGroup, launchTemplate, nodeRoleArn };
}
