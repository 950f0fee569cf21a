// The smallest agentcloud on EKS: copy this folder, set the config, `pulumi up --policy-pack <agentcloud>/policies`.
// A VPC (private subnets, one NAT gateway), a private EKS cluster with Cilium, one gVisor node, one agent whose AWS
// permissions become an IAM role of its own (IRSA, since it runs under gVisor), and the locked audit bucket its
// records go to. In your project
// `npm install agentcloud`; here "agentcloud" maps to the sources (tsconfig.json `paths`).
import { getCallerIdentity } from "@pulumi/aws/getCallerIdentity";
import * as pulumi from "@pulumi/pulumi";
import { AgentCloud, type AgentDeclaration } from "agentcloud";
import {
  AgentVpc,
  AwsAuditShipping,
  agentIdentities,
  awsIdentityBinding,
  defaultAuditBucketName,
  EksAgentCluster,
  eksAgentCloudPlatform,
  EksSandboxNodePool,
  S3AuditBucket,
  type AwsIdentityBindingArgs,
} from "agentcloud/aws";

const config = new pulumi.Config();
const region = new pulumi.Config("aws").require("region");
const clusterName = "agents";

// The agent: gVisor, a Bedrock model it may invoke (nothing else in AWS), no tools, no other egress.
const agents: Record<string, AgentDeclaration> = {
  "support-agent": {
    namespace: "support",
    image: config.require("image"),
    sandbox: "gvisor",
    resources: { cpu: "250m", memory: "512Mi" },
    cloudPermissions: [
      { cloud: "aws", actions: ["bedrock:InvokeModel"], resources: [`arn:aws:bedrock:${region}::foundation-model/amazon.nova-pro-v1:0`] },
    ],
  },
};

export = (async () => {
  const { accountId } = await getCallerIdentity();
  const vpc = new AgentVpc(clusterName, { availabilityZones: config.requireObject<string[]>("availabilityZones") });
  const cluster = new EksAgentCluster(clusterName, {
    region,
    network: vpc.clusterNetwork,
    endpointPublicAccessCidrs: config.getObject<string[]>("endpointPublicAccessCidrs") ?? [],
    // One small system node; the agent gets a node of its own below.
    systemNodes: { minSize: 1, desiredSize: 1, maxSize: 2 },
    cilium: { operatorReplicas: 1 },
  });
  // Nodes with runsc, labelled and tainted for gVisor pods only.
  new EksSandboxNodePool(`${clusterName}-gvisor`, {
    runtime: "gvisor",
    clusterName: cluster.clusterName,
    subnetIds: vpc.privateSubnetIds,
    nodeRoleArn: cluster.nodeRoleArn,
  });
  // The agent's IAM role, trusted only by its ServiceAccount; the binding puts the role on that ServiceAccount.
  const binding: AwsIdentityBindingArgs = { accountId, region, clusterName };
  const roles = agentIdentities("agent", { agents, binding, oidcProviderArn: cluster.oidcProviderArn });
  // Where the gateway's access log, the agent's receipts and the cluster's audit logs go: a bucket nobody can empty
  // before the retention ends (Object Lock COMPLIANCE, 365 days).
  const bucketName = defaultAuditBucketName(accountId, region);
  const bucket = new S3AuditBucket("audit", { accountId, region, bucketName });
  const shipping = new AwsAuditShipping("audit-shipping", {
    clusterName,
    accountId,
    region,
    oidcProviderArn: cluster.oidcProviderArn,
    bucketName,
    bucketArn: bucket.bucketArn,
    bucketKeyArn: bucket.kmsKeyArn,
    after: [cluster],
  });
  const cloud = new AgentCloud(
    "agentcloud",
    {
      platform: eksAgentCloudPlatform(cluster, { identity: awsIdentityBinding(binding) }),
      tenants: { support: { owner: "support-team", costCentre: "cc-4242" } },
      agents,
      audit: shipping.fleetAudit,
    },
    // Not after the node pool: Cilium (installed by AgentCloud) must come up while the nodes do, or they never turn Ready.
  );
  return {
    clusterName: cluster.clusterName,
    // Private unless endpointPublicAccessCidrs opened it: `aws eks update-kubeconfig --name agents` from inside the VPC.
    clusterEndpoint: cluster.endpoint,
    agentRole: roles["support-agent"].roleArn,
    auditBucket: bucket.bucketName,
    serviceAccount: cloud.agents.apply((a) => a["support-agent"].serviceAccount),
  };
})();
