import type { NetworkFabric } from "../../kubernetes/network/fabric";
import { ciliumFabric } from "../../kubernetes/network/fabrics";
import type { EksCiliumOptions } from "./spec";

/**
 * The EKS network fabric: Cilium in ENI mode, replacing the VPC CNI. Chaining with the VPC CNI
 * (`cni.chainingMode=aws-cni`) is not used: Cilium's chaining guide warns that L7 policy may not work there
 * (cilium/cilium #12454), and FQDN egress needs the L7 DNS proxy. ENI mode keeps WireGuard, the L7 proxy and
 * `socketLB.hostNamespaceOnly` (what gVisor and Kata pods need), and pods keep VPC addresses. CIDR rules select
 * node addresses (`policy-cidr-match-mode: nodes`) so an agent under Pod Identity reaches 169.254.170.23:80 on its
 * node (cilium/cilium #34387). Sources: Cilium 1.20 docs, "Installation using Helm" (EKS tab) and "ENI" IPAM.
 */
export function eksCiliumFabric(options: EksCiliumOptions = {}): NetworkFabric {
  return ciliumFabric({ ...options, datapath: "eks-eni", cidrSelectsNodes: true });
}

/** Namespace and ServiceAccount of the Cilium operator (the chart's `serviceAccounts.operator.name`). */
export const CILIUM_OPERATOR_SERVICE_ACCOUNT = {
  /** The operator's namespace. */
  namespace: "kube-system",
  /** The operator's ServiceAccount (the chart's default `serviceAccounts.operator.name`). */
  name: "cilium-operator",
} as const;

/**
 * EC2 actions the Cilium operator needs in ENI mode: Cilium 1.20 docs, "ENI" IPAM, "Required Privileges" (with ENI
 * garbage collection on, its default: `DescribeTags`). Not `UnassignPrivateIpAddresses`: releasing excess addresses
 * (`eni.awsReleaseExcessIPs`) stays off. EC2 does not scope these by resource, so the statement's resource is `*`.
 */
export const CILIUM_ENI_OPERATOR_ACTIONS = [
  "ec2:AssignPrivateIpAddresses",
  "ec2:AttachNetworkInterface",
  "ec2:CreateNetworkInterface",
  "ec2:CreateTags",
  "ec2:DeleteNetworkInterface",
  "ec2:DescribeInstanceTypes",
  "ec2:DescribeNetworkInterfaces",
  "ec2:DescribeRouteTables",
  "ec2:DescribeSecurityGroups",
  "ec2:DescribeSubnets",
  "ec2:DescribeTags",
  "ec2:DescribeVpcs",
  "ec2:ModifyNetworkInterfaceAttribute",
] as const;

/** The inline policy of the Cilium operator's role (JSON). */
export function ciliumOperatorPolicy(): string {
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: [{ Sid: "CiliumEniIpam", Effect: "Allow", Action: [...CILIUM_ENI_OPERATOR_ACTIONS], Resource: "*" }],
  });
}

/**
 * The trust policy of a role that EKS Pod Identity hands to pods (Amazon EKS User Guide, "Create IAM role with trust
 * policy required by EKS Pod Identity").
 */
export const POD_IDENTITY_TRUST_POLICY = JSON.stringify({
  Version: "2012-10-17",
  Statement: [
    {
      Sid: "AllowEksAuthToAssumeRoleForPodIdentity",
      Effect: "Allow",
      Principal: { Service: "pods.eks.amazonaws.com" },
      Action: ["sts:AssumeRole", "sts:TagSession"],
    },
  ],
});
