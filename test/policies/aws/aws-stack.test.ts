import { resolve } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { loadProjectStack, type ProjectStack } from "../../../cli/project";
import type { Registration } from "../../../cli/mock-runtime";
import type { AnyPolicy } from "../../../cli/policy-harness";
import { awsPolicies } from "../../../policies/aws/pack";
import { awsStack } from "../../../stacks/aws";
import { record } from "../../helpers/pulumi";
import { messages, violations } from "../helpers";

// The AWS policies over what the aws reference stack registers with Pulumi.aws.yaml's config: the stack passes, and
// each weakened setting is reported, so the policies do judge the stack's resources as its components register them.
let stack: ProjectStack;
let registrations: Registration[];

beforeAll(async () => {
  stack = loadProjectStack(resolve(__dirname, "../../.."), "aws");
  registrations = (
    await record(async () => {
      await awsStack();
    }, stack.config)
  ).registrations;
});

const policy = (name: string): AnyPolicy => awsPolicies.find((p) => p.name === name)!;

/** The stack's registrations with the one named `name` (of type `type`) changed by `mutate`. */
function changed(type: string, name: string, mutate: (inputs: Record<string, any>) => void): Registration[] {
  const copy = structuredClone(registrations);
  const target = copy.find((r) => r.type === type && r.name === name);
  if (target === undefined) throw new Error(`no ${type} ${name} in the aws stack`);
  mutate(target.inputs);
  return copy;
}

describe("the AWS policies over the aws reference stack", () => {
  it("find nothing, under the stack's own policy config", async () => {
    const found = (await violations(awsPolicies, registrations, stack.policyConfig)).map((v) => `${v.policy}: ${v.message}`);
    expect(found).toEqual([]);
  });

  it("judge the cluster: a public endpoint, no Secrets encryption, a missing log type", async () => {
    const regs = changed("aws:eks/cluster:Cluster", "agentcloud-cluster", (i) => {
      i.vpcConfig.endpointPublicAccess = true;
      delete i.encryptionConfig;
      i.enabledClusterLogTypes = i.enabledClusterLogTypes.filter((t: string) => t !== "audit");
    });
    expect(await messages(policy("agentcloud-aws-eks-private-endpoint"), regs)).toEqual([
      'EKS cluster "agentcloud-cluster" turns on vpcConfig.endpointPublicAccess with no vpcConfig.publicAccessCidrs, so the API ' +
        "server answers every address (EKS's default 0.0.0.0/0); set vpcConfig.endpointPublicAccess to false, or list only your " +
        "operators' networks in vpcConfig.publicAccessCidrs.",
    ]);
    expect(await messages(policy("agentcloud-aws-eks-secrets-encryption"), regs)).toEqual([
      'EKS cluster "agentcloud-cluster" sets no encryptionConfig, so its Secrets are encrypted only with an AWS-owned key; set ' +
        'encryptionConfig to {resources: ["secrets"], provider: {keyArn: <a customer-managed KMS key ARN>}}.',
    ]);
    expect(await messages(policy("agentcloud-aws-eks-control-plane-logs"), regs)).toEqual([
      'EKS cluster "agentcloud-cluster" does not enable control-plane log type "audit" in enabledClusterLogTypes; enable all ' +
        'five: "api", "audit", "authenticator", "controllerManager", "scheduler".',
    ]);
  });

  it("judge the system nodes' launch template and the GPU pool's taint", async () => {
    const regs = changed(
      "aws:ec2/launchTemplate:LaunchTemplate",
      "agentcloud-system",
      (i) => (i.metadataOptions.httpPutResponseHopLimit = 2),
    );
    const settings = 'metadataOptions {httpTokens: "required", httpPutResponseHopLimit: 1}';
    // Only the findings about the system nodes: the baseline is checked above.
    const system = (await messages(policy("agentcloud-aws-node-imdsv2"), regs)).filter((m) => m.includes('"agentcloud-system"'));
    expect(system).toEqual([
      `Launch template "agentcloud-system" sets metadataOptions.httpPutResponseHopLimit to 2, which lets pods reach the node's credentials; set ${settings}.`,
      `EKS node group "agentcloud-system" launches from launch template "agentcloud-system", which does not require IMDSv2 with hop limit 1; set ${settings} on it.`,
    ]);
    const untainted = changed("aws:eks/nodeGroup:NodeGroup", "agentcloud-gpu-node-group", (i) => delete i.taints);
    expect(await messages(policy("agentcloud-aws-gpu-node-taint"), untainted)).toEqual([
      'EKS node group "agentcloud-gpu-node-group" has NVIDIA GPUs (its amiType "AL2023_x86_64_NVIDIA" is an NVIDIA AMI) but no ' +
        'nvidia.com/gpu taint; add {key: "nvidia.com/gpu", effect: "NO_SCHEDULE"}.',
    ]);
  });

  it("judge the audit bucket's retention and the keys' rotation", async () => {
    const regs = changed(
      "aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration",
      "audit-object-lock",
      (i) => (i.rule.defaultRetention.days = 30),
    );
    expect(await messages(policy("agentcloud-aws-audit-bucket"), regs)).toEqual([
      'Audit bucket "audit-bucket": its BucketObjectLockConfiguration "audit-object-lock" locks records for 30 days by default, ' +
        'under the minimum of 90 days; set rule.defaultRetention to {mode: "COMPLIANCE", days: 90} or more.',
    ]);
    const unrotated = changed("aws:kms/key:Key", "audit-key", (i) => (i.enableKeyRotation = false));
    expect(await messages(policy("agentcloud-aws-kms-key-rotation"), unrotated)).toEqual([
      'KMS key "audit-key" is a symmetric encryption key without automatic rotation; set enableKeyRotation to true.',
    ]);
  });

  it("judge research-assistant's IRSA role", async () => {
    const regs = changed("aws:iam/rolePolicy:RolePolicy", "agent-agents-research-assistant-policy", (i) => {
      const document = JSON.parse(i.policy);
      document.Statement[0].Action = ["bedrock:*"];
      i.policy = JSON.stringify(document);
    });
    expect(await messages(policy("agentcloud-aws-agent-role-no-wildcards"), regs)).toEqual([
      'Agent IAM role "agent-agents-research-assistant-role" allows wildcard actions "bedrock:*" in RolePolicy ' +
        '"agent-agents-research-assistant-policy" Statement[0]; name the specific actions and resources the agent needs, or ' +
        "declare the agent's unsafeBroadCloudPermissions with the reason (agentcloud tags the role " +
        "agentcloud.dev/unsafe-broad-cloud-permissions).",
    ]);
  });
});
