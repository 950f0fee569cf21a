import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import {
  CILIUM_ENI_OPERATOR_ACTIONS,
  EksAgentCluster,
  eksAgentCloudPlatform,
  eksTokenIssuer,
  gp3StorageClass,
} from "../../../../components/aws/cluster";
import { lateBoundPlaceholder } from "../../../../components/blueprint/spec";
import { ArgumentError } from "../../../../components/validation";
import { record, recordRejection, type Recorded } from "../../../helpers/pulumi";
import { invalidObjects } from "../../../helpers/schema";

const ACCOUNT = "123456789012";
const NETWORK = {
  vpcId: "vpc-1",
  cidrBlock: "10.0.0.0/16",
  subnetIds: ["subnet-a", "subnet-b"],
  availabilityZones: ["eu-west-1a", "eu-west-1b"],
  egress: "nat" as const,
};
const ARGS = { region: "eu-west-1", network: NETWORK, clusterName: "agents" };
const POD_IDENTITY_TRUST = {
  Version: "2012-10-17",
  Statement: [
    {
      Sid: "AllowEksAuthToAssumeRoleForPodIdentity",
      Effect: "Allow",
      Principal: { Service: "pods.eks.amazonaws.com" },
      Action: ["sts:AssumeRole", "sts:TagSession"],
    },
  ],
};

/** The inputs of the one registration of `type` named `name`. */
function inputsOf(rec: Recorded, type: string, name: string): Record<string, unknown> {
  const found = rec.ofType(type).filter((r) => r.name === name);
  expect(found).toHaveLength(1);
  return found[0].inputs;
}
const CLUSTER = "aws:eks/cluster:Cluster";
const ROLE = "aws:iam/role:Role";
const ATTACHMENT = "aws:iam/rolePolicyAttachment:RolePolicyAttachment";

function resolved<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => output.apply(resolve));
}

describe("EksAgentCluster", () => {
  it("registers the cluster, its keys, logs, roles, OIDC provider, system nodes, add-ons and provider", async () => {
    const rec = await record(() => void new EksAgentCluster("eks", { ...ARGS, admins: [`arn:aws:iam::${ACCOUNT}:role/platform-admin`] }));
    const component = rec.named("eks");
    expect([component.type, component.custom]).toEqual(["agentcloud:aws:EksAgentCluster", false]);
    expect(
      rec.registrations
        .filter((r) => r.parent === component.urn)
        .map((r) => `${r.type} ${r.name}`)
        .sort(),
    ).toEqual([
      "aws:cloudwatch/logGroup:LogGroup eks-control-plane-logs",
      "aws:ec2/launchTemplate:LaunchTemplate eks-system",
      "aws:eks/accessEntry:AccessEntry eks-admin-0",
      "aws:eks/accessPolicyAssociation:AccessPolicyAssociation eks-admin-0-policy",
      "aws:eks/addon:Addon eks-aws-ebs-csi-driver",
      "aws:eks/addon:Addon eks-coredns",
      "aws:eks/addon:Addon eks-eks-pod-identity-agent",
      "aws:eks/addon:Addon eks-kube-proxy",
      "aws:eks/cluster:Cluster eks-cluster",
      "aws:eks/nodeGroup:NodeGroup eks-system",
      "aws:eks/podIdentityAssociation:PodIdentityAssociation eks-cilium-operator",
      "aws:iam/openIdConnectProvider:OpenIdConnectProvider eks-oidc",
      "aws:iam/role:Role eks-cilium-operator",
      "aws:iam/role:Role eks-cluster",
      "aws:iam/role:Role eks-ebs-csi",
      "aws:iam/role:Role eks-node",
      "aws:iam/rolePolicy:RolePolicy eks-cilium-operator",
      "aws:iam/rolePolicyAttachment:RolePolicyAttachment eks-cluster",
      "aws:iam/rolePolicyAttachment:RolePolicyAttachment eks-ebs-csi",
      "aws:iam/rolePolicyAttachment:RolePolicyAttachment eks-node-AmazonEC2ContainerRegistryPullOnly",
      "aws:iam/rolePolicyAttachment:RolePolicyAttachment eks-node-AmazonEKSWorkerNodePolicy",
      "aws:kms/alias:Alias eks-control-plane-logs-key-alias",
      "aws:kms/alias:Alias eks-secrets-alias",
      "aws:kms/key:Key eks-control-plane-logs-key",
      "aws:kms/key:Key eks-secrets",
      "kubernetes:storage.k8s.io/v1:StorageClass eks-gp3",
      "pulumi:providers:kubernetes eks-k8s",
    ]);
  });

  it("the cluster: private endpoint only, Secrets encrypted with its own rotating key, all five logs, API auth, pinned 1.35", async () => {
    const rec = await record(() => void new EksAgentCluster("eks", ARGS));
    expect(inputsOf(rec, CLUSTER, "eks-cluster")).toEqual({
      name: "agents",
      version: "1.35",
      roleArn: `arn:aws:iam::${ACCOUNT}:role/eks-cluster`,
      vpcConfig: { subnetIds: ["subnet-a", "subnet-b"], endpointPrivateAccess: true, endpointPublicAccess: false },
      encryptionConfig: { provider: { keyArn: `arn:aws:kms:eu-west-1:${ACCOUNT}:key/eks-secrets-id` }, resources: ["secrets"] },
      enabledClusterLogTypes: ["api", "audit", "authenticator", "controllerManager", "scheduler"],
      accessConfig: { authenticationMode: "API", bootstrapClusterCreatorAdminPermissions: true },
      bootstrapSelfManagedAddons: false,
      kubernetesNetworkConfig: { ipFamily: "ipv4", serviceIpv4Cidr: "172.20.0.0/16" },
      upgradePolicy: { supportType: "STANDARD" },
      tags: {},
    });
    expect(inputsOf(rec, "aws:kms/key:Key", "eks-secrets")).toMatchObject({
      enableKeyRotation: true,
      description: "Encrypts the Secrets of EKS cluster agents",
    });
    expect(inputsOf(rec, "aws:kms/alias:Alias", "eks-secrets-alias")).toEqual({
      name: "alias/agents-eks-secrets",
      targetKeyId: "eks-secrets-id",
    });
    expect(inputsOf(rec, "aws:kms/alias:Alias", "eks-control-plane-logs-key-alias").name).toBe("alias/logs/aws/eks/agents/cluster");
    expect(rec.named("eks-control-plane-logs").inputs).toEqual({
      name: "/aws/eks/agents/cluster",
      retentionInDays: 365,
      kmsKeyId: `arn:aws:kms:eu-west-1:${ACCOUNT}:key/eks-control-plane-logs-key-id`,
      tags: {},
    });
    expect(JSON.parse(inputsOf(rec, ROLE, "eks-cluster").assumeRolePolicy as string)).toEqual({
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Principal: { Service: "eks.amazonaws.com" }, Action: ["sts:AssumeRole", "sts:TagSession"] }],
    });
    expect(inputsOf(rec, ATTACHMENT, "eks-cluster")).toEqual({
      role: "eks-cluster",
      policyArn: "arn:aws:iam::aws:policy/AmazonEKSClusterPolicy",
    });
    expect(rec.named("eks-oidc").inputs).toEqual({
      url: expect.stringMatching(/^https:\/\/oidc\.eks\.eu-west-1\.amazonaws\.com\/id\/[0-9A-F]{32}$/),
      clientIdLists: ["sts.amazonaws.com"],
      tags: {},
    });
  });

  it("opens the public endpoint only to an explicit allowlist, and gives admins access entries with the cluster admin policy", async () => {
    const admin = `arn:aws:iam::${ACCOUNT}:role/platform-admin`;
    const rec = await record(
      () =>
        void new EksAgentCluster("eks", {
          ...ARGS,
          endpointPublicAccessCidrs: ["203.0.113.0/24"],
          admins: [admin],
          clusterCreatorAdmin: false,
        }),
    );
    const cluster = inputsOf(rec, CLUSTER, "eks-cluster");
    expect(cluster.vpcConfig).toEqual({
      subnetIds: ["subnet-a", "subnet-b"],
      endpointPrivateAccess: true,
      endpointPublicAccess: true,
      publicAccessCidrs: ["203.0.113.0/24"],
    });
    expect(cluster.accessConfig).toEqual({ authenticationMode: "API", bootstrapClusterCreatorAdminPermissions: false });
    expect(rec.named("eks-admin-0").inputs).toEqual({ clusterName: "agents", principalArn: admin, type: "STANDARD", tags: {} });
    expect(rec.named("eks-admin-0-policy").inputs).toEqual({
      clusterName: "agents",
      principalArn: admin,
      policyArn: "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy",
      accessScope: { type: "cluster" },
    });
  });

  it("the system node group: AL2023 in the private subnets, a named launch template with IMDSv2 only, hop limit 1, encrypted gp3", async () => {
    const rec = await record(
      () =>
        void new EksAgentCluster("eks", {
          ...ARGS,
          systemNodes: { instanceTypes: ["m7i.xlarge"], minSize: 1, desiredSize: 1, maxSize: 2, diskSizeGiB: 80 },
        }),
    );
    const nodeGroup = rec.ofType("aws:eks/nodeGroup:NodeGroup")[0].inputs;
    expect(nodeGroup).toEqual({
      clusterName: "agents",
      nodeGroupName: "system",
      version: "1.35",
      nodeRoleArn: `arn:aws:iam::${ACCOUNT}:role/eks-node`,
      subnetIds: ["subnet-a", "subnet-b"],
      amiType: "AL2023_x86_64_STANDARD",
      capacityType: "ON_DEMAND",
      instanceTypes: ["m7i.xlarge"],
      scalingConfig: { minSize: 1, desiredSize: 1, maxSize: 2 },
      launchTemplate: { name: "agents-system", version: "1" },
      taints: [{ key: "node.cilium.io/agent-not-ready", value: "true", effect: "NO_EXECUTE" }],
      updateConfig: { maxUnavailable: 1 },
      nodeRepairConfig: { enabled: true },
      tags: {},
    });
    const template = rec.ofType("aws:ec2/launchTemplate:LaunchTemplate")[0].inputs;
    expect(template.name).toBe("agents-system");
    expect(template.metadataOptions).toEqual({
      httpEndpoint: "enabled",
      httpTokens: "required",
      httpPutResponseHopLimit: 1,
      instanceMetadataTags: "disabled",
    });
    expect(template.blockDeviceMappings).toEqual([
      { deviceName: "/dev/xvda", ebs: { volumeType: "gp3", encrypted: "true", deleteOnTermination: "true", volumeSize: 80 } },
    ]);
    // No VPC CNI on the nodes: the node role has no AmazonEKS_CNI_Policy.
    expect(
      rec
        .ofType("aws:iam/rolePolicyAttachment:RolePolicyAttachment")
        .map((r) => r.inputs.policyArn)
        .sort(),
    ).toEqual([
      "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryPullOnly",
      "arn:aws:iam::aws:policy/AmazonEKSClusterPolicy",
      "arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy",
      "arn:aws:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy",
    ]);
  });

  it("add-ons: CoreDNS, kube-proxy, the Pod Identity agent, EBS CSI with its own Pod Identity role; no vpc-cni", async () => {
    const rec = await record(() => void new EksAgentCluster("eks", ARGS));
    const addons = rec.ofType("aws:eks/addon:Addon").map((r) => r.inputs);
    expect(addons.map((a) => a.addonName).sort()).toEqual(["aws-ebs-csi-driver", "coredns", "eks-pod-identity-agent", "kube-proxy"]);
    expect(addons.find((a) => a.addonName === "aws-ebs-csi-driver")).toEqual({
      clusterName: "agents",
      addonName: "aws-ebs-csi-driver",
      resolveConflictsOnCreate: "OVERWRITE",
      podIdentityAssociations: [{ roleArn: `arn:aws:iam::${ACCOUNT}:role/eks-ebs-csi`, serviceAccount: "ebs-csi-controller-sa" }],
      tags: {},
    });
    const role = (n: string) => rec.ofType("aws:iam/role:Role").find((r) => r.name === n)!.inputs;
    expect(JSON.parse(role("eks-ebs-csi").assumeRolePolicy as string)).toEqual(POD_IDENTITY_TRUST);
    expect(JSON.parse(role("eks-cilium-operator").assumeRolePolicy as string)).toEqual(POD_IDENTITY_TRUST);
    expect(rec.ofType("aws:iam/rolePolicyAttachment:RolePolicyAttachment").find((r) => r.name === "eks-ebs-csi")!.inputs.policyArn).toBe(
      "arn:aws:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy",
    );
  });

  it("Cilium's operator gets exactly the EC2 actions of Cilium's ENI IPAM page, by Pod Identity in kube-system", async () => {
    const rec = await record(() => void new EksAgentCluster("eks", ARGS));
    expect(JSON.parse(rec.ofType("aws:iam/rolePolicy:RolePolicy")[0].inputs.policy as string)).toEqual({
      Version: "2012-10-17",
      Statement: [{ Sid: "CiliumEniIpam", Effect: "Allow", Action: [...CILIUM_ENI_OPERATOR_ACTIONS], Resource: "*" }],
    });
    expect(CILIUM_ENI_OPERATOR_ACTIONS).toHaveLength(13);
    expect(rec.ofType("aws:eks/podIdentityAssociation:PodIdentityAssociation")[0].inputs).toEqual({
      clusterName: "agents",
      namespace: "kube-system",
      serviceAccount: "cilium-operator",
      roleArn: `arn:aws:iam::${ACCOUNT}:role/eks-cilium-operator`,
      tags: {},
    });
  });

  it("the provider authenticates with aws eks get-token against the cluster's endpoint and CA; a default encrypted gp3 class", async () => {
    const rec = await record(() => void new EksAgentCluster("eks", ARGS));
    const provider = rec.named("eks-k8s").inputs;
    expect(provider.enableServerSideApply).toBe("true");
    const kubeconfig = JSON.parse(provider.kubeconfig as string);
    expect(kubeconfig.clusters).toEqual([
      {
        name: "agents",
        cluster: {
          server: expect.stringMatching(/^https:\/\/[0-9A-F]{32}\.gr7\.eu-west-1\.eks\.amazonaws\.com$/),
          "certificate-authority-data": Buffer.from("offline CA of agents").toString("base64"),
        },
      },
    ]);
    expect(kubeconfig.users[0].user.exec).toEqual({
      apiVersion: "client.authentication.k8s.io/v1beta1",
      command: "aws",
      args: ["eks", "get-token", "--cluster-name", "agents", "--region", "eu-west-1", "--output", "json"],
    });
    const storageClass = rec.kind("StorageClass");
    expect(storageClass).toEqual([gp3StorageClass()]);
    expect(await invalidObjects(storageClass)).toEqual([]);
  });

  it("makes the EKS platform: Cilium in ENI mode, the cluster's OIDC issuer late-bound into the token issuer", async () => {
    let cluster: EksAgentCluster | undefined;
    await record(() => {
      cluster = new EksAgentCluster("eks", { ...ARGS, cilium: { operatorReplicas: 1 } });
    });
    const platform = eksAgentCloudPlatform(cluster!, { installKata: false });
    const placeholder = lateBoundPlaceholder("eks-oidc-id");
    expect(platform.name).toBe("eks");
    expect(platform.installKata).toBe(false);
    expect(platform.tokenIssuer).toEqual({
      issuer: `https://oidc.eks.eu-west-1.amazonaws.com/id/${placeholder}`,
      jwks: { url: `https://oidc.eks.eu-west-1.amazonaws.com/id/${placeholder}/keys` },
    });
    expect(eksTokenIssuer("us-east-2").issuer).toBe(`https://oidc.eks.us-east-2.amazonaws.com/id/${placeholder}`);
    // Without egress the public OIDC endpoint is out of reach: the same keys, from the API server.
    expect(eksTokenIssuer("us-east-2", true)).toEqual({
      issuer: `https://oidc.eks.us-east-2.amazonaws.com/id/${placeholder}`,
      jwks: { url: "https://kubernetes.default.svc.cluster.local/openid/v1/jwks" },
    });
    const id = await resolved(pulumi.output(platform.lateBound![placeholder]));
    const issuer = await resolved(cluster!.oidcIssuer);
    expect(issuer).toBe(`https://oidc.eks.eu-west-1.amazonaws.com/id/${id}`);
    expect(id).toMatch(/^[0-9A-F]{32}$/);
    expect(platform.network.kind).toBe("cilium");
    expect(platform.network.release!.values).toMatchObject({
      eni: { enabled: true },
      ipam: { mode: "eni" },
      routingMode: "native",
      egressMasqueradeInterfaces: "eth+",
      policyCIDRMatchMode: ["nodes"],
      kubeProxyReplacement: false,
      l7Proxy: true,
      socketLB: { hostNamespaceOnly: true },
      encryption: { enabled: true, type: "wireguard", nodeEncryption: false },
      operator: { replicas: 1, prometheus: { enabled: true } },
    });
  });

  it("rejects bad arguments with every problem before creating anything", async () => {
    const { error, rec } = await recordRejection(
      () =>
        new EksAgentCluster("eks", {
          ...ARGS,
          network: { ...NETWORK, availabilityZones: [], subnetIds: [] },
          endpointPublicAccessCidrs: ["0.0.0.0/0"],
          serviceIpv4Cidr: "10.0.0.0/16",
        }),
    );
    expect(error).toBeInstanceOf(ArgumentError);
    expect((error as ArgumentError).message).toBe(
      [
        `EksAgentCluster "eks" has 3 invalid arguments:`,
        `  - network.availabilityZones: must list at least one availability zone (EKS needs subnets in two) (got []); fix: list the zones, e.g. ["eu-west-1a", "eu-west-1b", "eu-west-1c"] (aws ec2 describe-availability-zones)`,
        `  - endpointPublicAccessCidrs[0]: opens the cluster's public API endpoint to every address on the internet (CIS Amazon EKS Benchmark 5.4.2) (got "0.0.0.0/0"); fix: list only the networks that administer the cluster, e.g. "203.0.113.0/24", or leave the list empty to keep the endpoint private`,
        `  - serviceIpv4Cidr: overlaps the VPC's block 10.0.0.0/16 (got "10.0.0.0/16"); fix: pick a Service range outside the VPC, e.g. 172.20.0.0/16 for a VPC in 10.0.0.0/8`,
      ].join("\n"),
    );
    expect(rec.registrations).toEqual([]);
  });
});
