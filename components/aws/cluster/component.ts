import * as eks from "@pulumi/aws/eks";
import { getCallerIdentityOutput } from "@pulumi/aws/getCallerIdentity";
import { getPartitionOutput } from "@pulumi/aws/getPartition";
import * as iam from "@pulumi/aws/iam";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { NetworkFabric } from "../../kubernetes/network/fabric";
import { throwIfProblems } from "../../validation";
import { customerManagedKey } from "../kms";
import { launchTemplateRef, nodeLaunchTemplate } from "../nodes/launch-template";
import { nodeRole } from "../nodes/node-role";
import { encryptedLogGroup } from "../vpc/log-group";
import type { VpcEgress } from "../vpc/spec";
import { CILIUM_OPERATOR_SERVICE_ACCOUNT, ciliumOperatorPolicy, eksCiliumFabric, POD_IDENTITY_TRUST_POLICY } from "./fabric";
import { eksKubeconfig } from "./kubeconfig";
import {
  CILIUM_AGENT_NOT_READY_TAINT,
  DEFAULT_CONTROL_PLANE_LOG_RETENTION_DAYS,
  DEFAULT_SERVICE_CIDR,
  DEFAULT_SYSTEM_NODES,
  EKS_ADMIN_ACCESS_POLICY,
  EKS_CONTROL_PLANE_LOG_TYPES,
  EKS_KUBERNETES_VERSION,
  SYSTEM_NODE_AMI_TYPE,
  type EksAgentClusterArgs,
} from "./spec";
import { validateEksAgentClusterArgs } from "./validate";

/** EKS managed add-ons the cluster runs (no vpc-cni: Cilium manages the ENIs). */
export const EKS_ADDONS = ["coredns", "kube-proxy", "eks-pod-identity-agent", "aws-ebs-csi-driver"] as const;
/** ServiceAccount of the EBS CSI controller (the add-on's). */
export const EBS_CSI_SERVICE_ACCOUNT = "ebs-csi-controller-sa";
/** The default StorageClass the cluster gets: encrypted gp3 through the EBS CSI driver. */
export const GP3_STORAGE_CLASS = "gp3";

/**
 * The cluster's default StorageClass (pure): encrypted gp3 volumes from the EBS CSI driver, bound where the pod is
 * scheduled (zonal volumes), expandable. EKS marks no class default; monitoring's volumes need one.
 */
export function gp3StorageClass(): Record<string, unknown> {
  return {
    apiVersion: "storage.k8s.io/v1",
    kind: "StorageClass",
    metadata: { name: GP3_STORAGE_CLASS, annotations: { "storageclass.kubernetes.io/is-default-class": "true" } },
    provisioner: "ebs.csi.aws.com",
    parameters: { type: "gp3", encrypted: "true" },
    volumeBindingMode: "WaitForFirstConsumer",
    allowVolumeExpansion: true,
    reclaimPolicy: "Delete",
  };
}

/**
 * A private EKS cluster for agents: the API endpoint private (public only for an explicit allowlist, never
 * 0.0.0.0/0), Secrets encrypted with a customer-managed key, all five control-plane log types to an encrypted log
 * group, API authentication with access entries for the admins, a pinned Kubernetes version in standard support,
 * the IAM OIDC provider (IRSA), managed add-ons (CoreDNS, kube-proxy, Pod Identity agent, EBS CSI driver with its
 * own Pod Identity role), a system managed node group on AL2023 (IMDSv2 only, hop limit 1, encrypted gp3), Cilium in
 * ENI mode as the network fabric (its operator's EC2 role by Pod Identity), a default encrypted gp3 StorageClass,
 * and a Kubernetes provider that authenticates with `aws eks get-token`. Validates its arguments before creating anything.
 */
export class EksAgentCluster extends pulumi.ComponentResource {
  /** The EKS cluster's name. */
  readonly clusterName: pulumi.Output<string>;
  /** The cluster's ARN. */
  readonly clusterArn: pulumi.Output<string>;
  /** The API server endpoint (private unless an allowlist opened the public one). */
  readonly endpoint: pulumi.Output<string>;
  /** The cluster CA (base64). */
  readonly certificateAuthority: pulumi.Output<string>;
  /** The cluster's OIDC issuer URL. */
  readonly oidcIssuer: pulumi.Output<string>;
  /** The id part of the OIDC issuer (after `/id/`). */
  readonly oidcIssuerId: pulumi.Output<string>;
  /** The IAM OIDC provider's ARN (for IRSA trust policies). */
  readonly oidcProviderArn: pulumi.Output<string>;
  /** The security group EKS made for the cluster. */
  readonly clusterSecurityGroupId: pulumi.Output<string>;
  /** The node role's ARN (shared with the other node pools). */
  readonly nodeRoleArn: pulumi.Output<string>;
  /** The KMS key that encrypts Secrets. */
  readonly secretsKeyArn: pulumi.Output<string>;
  /** The Kubernetes version. */
  readonly kubernetesVersion: pulumi.Output<string>;
  /** The Kubernetes provider for the cluster (`aws eks get-token`). */
  readonly provider: k8s.Provider;
  /** The network fabric: Cilium in ENI mode (`eksCiliumFabric`). */
  readonly networkFabric: NetworkFabric;
  /** The region (plain). */
  readonly region: string;
  /** The cluster's name (plain). */
  readonly name: string;
  /** How the VPC's nodes reach the internet (plain): without egress the gateway reads the JWKS in the cluster. */
  readonly egress: VpcEgress;

  constructor(name: string, args: EksAgentClusterArgs, opts: pulumi.ComponentResourceOptions = {}) {
    throwIfProblems(`EksAgentCluster "${name}"`, validateEksAgentClusterArgs(args));
    super("agentcloud:aws:EksAgentCluster", name, {}, opts);
    const parent = { parent: this };
    const tags = args.tags ?? {};
    const clusterName = args.clusterName ?? name;
    const nodes = { ...DEFAULT_SYSTEM_NODES, ...(args.systemNodes ?? {}) };
    const publicCidrs = args.endpointPublicAccessCidrs ?? [];
    const partition = getPartitionOutput({}, parent).partition;
    const accountId = getCallerIdentityOutput({}, parent).accountId;
    const account = { partition, accountId, region: args.region };
    this.region = args.region;
    this.name = clusterName;
    this.egress = args.network.egress;
    this.networkFabric = eksCiliumFabric(args.cilium);

    const clusterRole = new iam.Role(
      `${name}-cluster`,
      {
        description: `EKS control plane of ${clusterName}`,
        assumeRolePolicy: JSON.stringify({
          Version: "2012-10-17",
          Statement: [{ Effect: "Allow", Principal: { Service: "eks.amazonaws.com" }, Action: ["sts:AssumeRole", "sts:TagSession"] }],
        }),
        tags,
      },
      parent,
    );
    const clusterPolicy = new iam.RolePolicyAttachment(
      `${name}-cluster`,
      { role: clusterRole.name, policyArn: pulumi.interpolate`arn:${partition}:iam::aws:policy/AmazonEKSClusterPolicy` },
      parent,
    );
    const { key: secretsKey } = customerManagedKey(
      `${name}-secrets`,
      { description: `Encrypts the Secrets of EKS cluster ${clusterName}`, aliasName: `${clusterName}-eks-secrets`, tags },
      parent,
    );
    // EKS writes to this name; creating it first sets the key and retention.
    const { logGroup } = encryptedLogGroup(
      `${name}-control-plane-logs`,
      {
        logGroupName: `/aws/eks/${clusterName}/cluster`,
        retentionInDays: args.controlPlaneLogRetentionDays ?? DEFAULT_CONTROL_PLANE_LOG_RETENTION_DAYS,
        description: `the control-plane logs of EKS cluster ${clusterName}`,
        account,
        tags,
      },
      parent,
    );

    const cluster = new eks.Cluster(
      `${name}-cluster`,
      {
        name: clusterName,
        version: args.kubernetesVersion ?? EKS_KUBERNETES_VERSION,
        roleArn: clusterRole.arn,
        vpcConfig: {
          subnetIds: args.network.subnetIds,
          endpointPrivateAccess: true,
          endpointPublicAccess: publicCidrs.length > 0,
          ...(publicCidrs.length > 0 && { publicAccessCidrs: publicCidrs }),
        },
        encryptionConfig: { provider: { keyArn: secretsKey.arn }, resources: ["secrets"] },
        enabledClusterLogTypes: [...EKS_CONTROL_PLANE_LOG_TYPES],
        accessConfig: { authenticationMode: "API", bootstrapClusterCreatorAdminPermissions: args.clusterCreatorAdmin ?? true },
        // No aws-node (VPC CNI), kube-proxy or CoreDNS from EKS's bootstrap: Cilium takes the ENIs, the rest are add-ons.
        bootstrapSelfManagedAddons: false,
        kubernetesNetworkConfig: { ipFamily: "ipv4", serviceIpv4Cidr: args.serviceIpv4Cidr ?? DEFAULT_SERVICE_CIDR },
        // No extended support: its surcharge, and a version past standard support is upgraded instead.
        upgradePolicy: { supportType: "STANDARD" },
        tags,
      },
      { parent: this, dependsOn: [clusterPolicy, logGroup] },
    );
    const issuer = cluster.identities.apply((ids) => ids[0]?.oidcs?.[0]?.issuer ?? "");

    const oidc = new iam.OpenIdConnectProvider(`${name}-oidc`, { url: issuer, clientIdLists: ["sts.amazonaws.com"], tags }, parent);

    const admins = (args.admins ?? []).map((principalArn, i) => {
      const entry = new eks.AccessEntry(`${name}-admin-${i}`, { clusterName: cluster.name, principalArn, type: "STANDARD", tags }, parent);
      return new eks.AccessPolicyAssociation(
        `${name}-admin-${i}-policy`,
        {
          clusterName: cluster.name,
          principalArn,
          policyArn: pulumi.interpolate`arn:${partition}:eks::aws:cluster-access-policy/${EKS_ADMIN_ACCESS_POLICY}`,
          accessScope: { type: "cluster" },
        },
        { parent: this, dependsOn: [entry] },
      );
    });

    // Nodes run no VPC CNI, so the node role needs no AmazonEKS_CNI_Policy; the Cilium operator has its own role.
    const role = nodeRole(`${name}-node`, { cniPolicy: false, tags }, parent);
    // Named, so the node group names it and policies can follow the link in a preview (ids are unknown there).
    const launchTemplate = nodeLaunchTemplate(
      `${name}-system`,
      {
        volumes: [{ deviceName: "/dev/xvda", sizeGiB: nodes.diskSizeGiB }],
        tags: { ...tags, Name: `${clusterName}-system` },
        templateName: `${clusterName}-system`,
      },
      parent,
    );
    const systemNodes = new eks.NodeGroup(
      `${name}-system`,
      {
        clusterName: cluster.name,
        nodeGroupName: "system",
        version: cluster.version,
        nodeRoleArn: role.role.arn,
        subnetIds: args.network.subnetIds,
        amiType: SYSTEM_NODE_AMI_TYPE,
        capacityType: "ON_DEMAND",
        instanceTypes: nodes.instanceTypes,
        scalingConfig: { minSize: nodes.minSize, desiredSize: nodes.desiredSize, maxSize: nodes.maxSize },
        launchTemplate: launchTemplateRef(launchTemplate),
        taints: [{ ...CILIUM_AGENT_NOT_READY_TAINT }],
        updateConfig: { maxUnavailable: 1 },
        nodeRepairConfig: { enabled: true },
        tags,
      },
      { parent: this, dependsOn: role.attachments },
    );

    const podIdentityAgent = new eks.Addon(
      `${name}-eks-pod-identity-agent`,
      { clusterName: cluster.name, addonName: "eks-pod-identity-agent", resolveConflictsOnCreate: "OVERWRITE", tags },
      parent,
    );
    const ciliumRole = new iam.Role(
      `${name}-cilium-operator`,
      { description: `Cilium operator of ${clusterName}: ENI and address allocation`, assumeRolePolicy: POD_IDENTITY_TRUST_POLICY, tags },
      parent,
    );
    new iam.RolePolicy(
      `${name}-cilium-operator`,
      { role: ciliumRole.name, name: "cilium-eni-ipam", policy: ciliumOperatorPolicy() },
      parent,
    );
    const ciliumIdentity = new eks.PodIdentityAssociation(
      `${name}-cilium-operator`,
      {
        clusterName: cluster.name,
        namespace: CILIUM_OPERATOR_SERVICE_ACCOUNT.namespace,
        serviceAccount: CILIUM_OPERATOR_SERVICE_ACCOUNT.name,
        roleArn: ciliumRole.arn,
        tags,
      },
      // Not after the agent add-on: it runs on nodes, and the association is a control-plane record.
      parent,
    );
    const ebsRole = new iam.Role(
      `${name}-ebs-csi`,
      { description: `EBS CSI driver of ${clusterName}`, assumeRolePolicy: POD_IDENTITY_TRUST_POLICY, tags },
      parent,
    );
    const ebsPolicy = new iam.RolePolicyAttachment(
      `${name}-ebs-csi`,
      { role: ebsRole.name, policyArn: pulumi.interpolate`arn:${partition}:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy` },
      parent,
    );
    // CoreDNS and the EBS CSI controller need nodes; the versions are EKS's defaults for the cluster's version.
    const afterNodes = { parent: this, dependsOn: [systemNodes] };
    new eks.Addon(
      `${name}-coredns`,
      { clusterName: cluster.name, addonName: "coredns", resolveConflictsOnCreate: "OVERWRITE", tags },
      afterNodes,
    );
    new eks.Addon(
      `${name}-kube-proxy`,
      { clusterName: cluster.name, addonName: "kube-proxy", resolveConflictsOnCreate: "OVERWRITE", tags },
      parent,
    );
    const ebsCsi = new eks.Addon(
      `${name}-aws-ebs-csi-driver`,
      {
        clusterName: cluster.name,
        addonName: "aws-ebs-csi-driver",
        resolveConflictsOnCreate: "OVERWRITE",
        podIdentityAssociations: [{ roleArn: ebsRole.arn, serviceAccount: EBS_CSI_SERVICE_ACCOUNT }],
        tags,
      },
      { parent: this, dependsOn: [systemNodes, podIdentityAgent, ebsPolicy] },
    );

    this.provider = new k8s.Provider(
      `${name}-k8s`,
      {
        kubeconfig: pulumi
          .all([cluster.name, cluster.endpoint, cluster.certificateAuthority])
          .apply(([n, endpoint, ca]) =>
            eksKubeconfig({ clusterName: n, endpoint, certificateAuthority: ca.data ?? "", region: args.region }),
          ),
        enableServerSideApply: true,
      },
      // Cilium's operator must find its Pod Identity association when it starts, and admins their access. Not the
      // node groups: the CNI (Cilium, from this provider) must install while they come up, since their nodes turn Ready
      // only once it runs (a managed node group without a CNI fails: terraform-aws-modules/terraform-aws-eks #3446).
      { parent: this, dependsOn: [ciliumIdentity, ...admins] },
    );
    new k8s.storage.v1.StorageClass(`${name}-gp3`, gp3StorageClass() as unknown as k8s.storage.v1.StorageClassArgs, {
      parent: this,
      provider: this.provider,
      dependsOn: [ebsCsi],
    });

    this.clusterName = cluster.name;
    this.clusterArn = cluster.arn;
    this.endpoint = cluster.endpoint;
    this.certificateAuthority = cluster.certificateAuthority.apply((ca) => ca.data ?? "");
    this.oidcIssuer = issuer;
    this.oidcIssuerId = issuer.apply((url) => url.split("/id/")[1] ?? "");
    this.oidcProviderArn = oidc.arn;
    this.clusterSecurityGroupId = cluster.vpcConfig.apply((v) => v.clusterSecurityGroupId ?? "");
    this.nodeRoleArn = role.role.arn;
    this.secretsKeyArn = secretsKey.arn;
    this.kubernetesVersion = cluster.version;
    this.registerOutputs({
      clusterName: this.clusterName,
      clusterArn: this.clusterArn,
      endpoint: this.endpoint,
      certificateAuthority: this.certificateAuthority,
      oidcIssuer: this.oidcIssuer,
      oidcIssuerId: this.oidcIssuerId,
      oidcProviderArn: this.oidcProviderArn,
      clusterSecurityGroupId: this.clusterSecurityGroupId,
      nodeRoleArn: this.nodeRoleArn,
      secretsKeyArn: this.secretsKeyArn,
      kubernetesVersion: this.kubernetesVersion,
    });
  }
}
