import * as iam from "@pulumi/aws/iam";
import type * as pulumi from "@pulumi/pulumi";

/** Arguments of {@link nodeRole}. */
export interface NodeRoleArgs {
  /**
   * Attach `AmazonEKS_CNI_Policy`: the VPC CNI's `aws-node` pods use the node role unless the add-on has its own role
   * (IRSA or Pod Identity). Turn it off when the vpc-cni add-on gets a role of its own, or the nodes run no VPC CNI.
   * @default true
   */
  cniPolicy?: boolean;
  /**
   * Tags of the role.
   * @default {}
   */
  tags?: Record<string, string>;
}

/** The node role and its managed-policy attachments. */
export interface NodeRole {
  /** The IAM role the nodes' instance profile uses. */
  role: iam.Role;
  /** One attachment per managed policy; node groups should depend on them. */
  attachments: iam.RolePolicyAttachment[];
}

/**
 * AWS managed policies of an EKS node role (Amazon EKS User Guide, "Amazon EKS node IAM role"): the kubelet's EC2
 * describe calls and the Pod Identity agent (`AmazonEKSWorkerNodePolicy`), image pulls from ECR
 * (`AmazonEC2ContainerRegistryPullOnly`, pull-only since October 2024, instead of the older `ReadOnly`), and the
 * VPC CNI's ENI management (`AmazonEKS_CNI_Policy`, where the CNI runs on the node role).
 */
export const NODE_ROLE_POLICIES = {
  /** `AmazonEKSWorkerNodePolicy`: the kubelet's EC2 describe calls and the Pod Identity agent. */
  worker: "arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy",
  /** `AmazonEC2ContainerRegistryPullOnly`: image pulls from ECR. */
  ecrPull: "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryPullOnly",
  /** `AmazonEKS_CNI_Policy`: the VPC CNI's ENI management, where the CNI runs on the node role. */
  cni: "arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy",
} as const;

/** The trust policy of a node role: EC2 instances assume it. */
export const NODE_ASSUME_ROLE_POLICY = JSON.stringify({
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }],
});

/** The managed policy ARNs a node role gets for these arguments (pure). */
export function nodeRolePolicyArns(args: NodeRoleArgs = {}): string[] {
  return [NODE_ROLE_POLICIES.worker, NODE_ROLE_POLICIES.ecrPull, ...(args.cniPolicy === false ? [] : [NODE_ROLE_POLICIES.cni])];
}

/**
 * An IAM role for EKS nodes (`name`) with the AWS managed policies nodes need, each attached as `${name}-<policy>`.
 * Pass `{ parent: this }` in `opts`.
 */
export function nodeRole(name: string, args: NodeRoleArgs, opts: pulumi.CustomResourceOptions): NodeRole {
  const role = new iam.Role(
    name,
    {
      assumeRolePolicy: NODE_ASSUME_ROLE_POLICY,
      description: "EKS nodes (kubelet, image pulls, VPC CNI)",
      tags: { ...(args.tags ?? {}) },
    },
    opts,
  );
  const attachments = nodeRolePolicyArns(args).map(
    (policyArn) => new iam.RolePolicyAttachment(`${name}-${policyArn.split("/").pop()!}`, { role: role.name, policyArn }, opts),
  );
  return { role, attachments };
}
