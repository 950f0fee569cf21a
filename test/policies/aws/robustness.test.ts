import { describe, expect, it } from "vitest";
import { awsPolicies } from "../../../policies/aws/pack";
import { registration, violations } from "../helpers";
import { ROLE_NAME, agentRole, auditBucket, cluster, kmsKey, launchTemplate, nodeGroup, rolePolicy } from "./objects";

describe("the AWS policies on odd inputs", () => {
  it("judge nulls, wrong types and empty objects without throwing, failing closed", async () => {
    const regs = [
      cluster((i) => {
        i.vpcConfig = null;
        i.encryptionConfig = "secrets";
        i.enabledClusterLogTypes = "api";
      }),
      launchTemplate("odd", (i) => (i.metadataOptions = null)),
      nodeGroup("odd-group", undefined, (i) => {
        i.launchTemplate = "odd";
        i.amiType = 5;
        i.instanceTypes = [null, "p4d.24xlarge"];
        i.taints = [null, "nvidia.com/gpu"];
      }),
      ...auditBucket({
        objectLock: (i) => (i.rule = null),
        encryption: (i) => (i.rules = null),
        publicAccessBlock: (i) => (i.blockPublicAcls = "true"),
      }),
      registration("aws:s3/bucket:Bucket", "tagless", { bucket: "x", tags: null }),
      agentRole(
        (i) =>
          (i.inlinePolicies = [
            null,
            { policy: null },
            { policy: { Statement: [null, { Effect: "Allow", Action: [5], Resource: null }] } },
          ]),
      ),
      rolePolicy(null),
      registration("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "odd-attach", { role: ROLE_NAME, policyArn: null }),
      kmsKey("odd-key", (i) => ((i.keyUsage = 5), (i.enableKeyRotation = "true"))),
    ];
    const found = await violations(awsPolicies, regs);
    const of = (name: string) => found.filter((v) => v.policy === name).map((v) => v.message);
    expect(of("agentcloud-aws-eks-private-endpoint")).toHaveLength(2);
    expect(of("agentcloud-aws-eks-secrets-encryption")).toHaveLength(2);
    expect(of("agentcloud-aws-eks-control-plane-logs")).toHaveLength(1);
    expect(of("agentcloud-aws-node-imdsv2")).toEqual([
      'Launch template "odd-res" leaves metadataOptions.httpPutResponseHopLimit unset (the AMI decides; AMIs that require IMDSv2 set 2, which ' +
        'lets pods reach the node\'s credentials); set metadataOptions {httpTokens: "required", httpPutResponseHopLimit: 1}.',
      'Launch template "odd-res" leaves metadataOptions.httpTokens unset (the AMI decides; EC2\'s default "optional" accepts ' +
        'IMDSv1); set metadataOptions {httpTokens: "required", httpPutResponseHopLimit: 1}.',
      'EKS node group "odd-group" uses no launch template, so its nodes get EKS\'s default metadata options; launch it from a ' +
        'template with metadataOptions {httpTokens: "required", httpPutResponseHopLimit: 1}, referenced by launchTemplate.name.',
    ]);
    expect(of("agentcloud-aws-gpu-node-taint")).toEqual([
      'EKS node group "odd-group" has NVIDIA GPUs (its instance types include NVIDIA GPU types ("p4d.24xlarge")) but no ' +
        'nvidia.com/gpu taint; add {key: "nvidia.com/gpu", effect: "NO_SCHEDULE"}.',
    ]);
    expect(of("agentcloud-aws-audit-bucket")).toEqual([
      'Audit bucket "audit-bucket": its BucketObjectLockConfiguration "audit-object-lock" sets no rule.defaultRetention.mode; ' +
        'set rule.defaultRetention to {mode: "COMPLIANCE", days: 90} or more.',
      'Audit bucket "audit-bucket": its BucketObjectLockConfiguration "audit-object-lock" sets no whole number of ' +
        'rule.defaultRetention.days or years; set rule.defaultRetention to {mode: "COMPLIANCE", days: 90} or more.',
      'Audit bucket "audit-bucket": its BucketPublicAccessBlock "audit-public-access-block" does not set blockPublicAcls to ' +
        "true; set all four (blockPublicAcls, blockPublicPolicy, ignorePublicAcls, restrictPublicBuckets) to true.",
      'Audit bucket "audit-bucket": its BucketServerSideEncryptionConfiguration "audit-encryption" encrypts with no SSE-KMS ' +
        'algorithm, not SSE-KMS; set applyServerSideEncryptionByDefault.sseAlgorithm to "aws:kms" with a customer-managed kmsMasterKeyId.',
    ]);
    const role = of("agentcloud-aws-agent-role-no-wildcards");
    expect(role.filter((m) => m.includes("not IAM policy JSON"))).toHaveLength(3);
    expect(role.filter((m) => m.includes("wildcard actions (unreadable)"))).toHaveLength(1);
    expect(role.filter((m) => m.includes("wildcard resources (unreadable)"))).toHaveLength(1);
    expect(role.filter((m) => m.includes('managed policy of an unreadable ARN (RolePolicyAttachment "odd-attach")'))).toHaveLength(1);
    expect(of("agentcloud-aws-kms-key-rotation")).toEqual([
      'KMS key "odd-key" is a symmetric encryption key without automatic rotation; set enableKeyRotation to true.',
    ]);
  });
});
