import * as iam from "aws-cdk-lib/aws-iam";
import type { Construct } from "constructs";

/**
 * The AWS managed policies of an agentcloud node role: the kubelet's describe calls and the Pod Identity agent
 * (`AmazonEKSWorkerNodePolicy`), image pulls only from ECR (`AmazonEC2ContainerRegistryPullOnly`, narrower than
 * ReadOnly), and the VPC CNI's ENI management (`AmazonEKS_CNI_Policy`: on the CDK cluster the VPC CNI runs on the node role).
 */
export const CDK_NODE_ROLE_POLICIES = ["AmazonEKSWorkerNodePolicy", "AmazonEC2ContainerRegistryPullOnly", "AmazonEKS_CNI_Policy"] as const;

/** An IAM role EKS nodes run as (`id`, a child of `scope`): EC2 assumes it; {@link CDK_NODE_ROLE_POLICIES} attached. */
export function nodeRole(scope: Construct, id: string): iam.Role {
  return new iam.Role(scope, id, {
    assumedBy: new iam.ServicePrincipal("ec2.amazonaws.com"),
    description: "EKS nodes of agentcloud",
    managedPolicies: CDK_NODE_ROLE_POLICIES.map((name) => iam.ManagedPolicy.fromAwsManagedPolicyName(name)),
  });
}
