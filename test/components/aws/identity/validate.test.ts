import { describe, expect, it } from "vitest";
import {
  checkAwsAgentDeclaration,
  validateAgentIdentitiesArgs,
  validateAgentIdentityArgs,
  validateAwsIdentityBindingArgs,
} from "../../../../components/aws/identity";

const IMAGE = "ghcr.io/acme/agent:1.0.0";

describe("validateAwsIdentityBindingArgs", () => {
  it("accepts an account, region and cluster, with a partition and IP family", () => {
    expect(validateAwsIdentityBindingArgs({ accountId: "123456789012", region: "us-gov-west-1", clusterName: "agent_cloud-1" })).toEqual(
      [],
    );
    expect(
      validateAwsIdentityBindingArgs({
        accountId: "123456789012",
        region: "cn-north-1",
        clusterName: "c",
        partition: "aws-cn",
        ipFamily: "ipv6",
      }),
    ).toEqual([]);
  });

  it("reports every bad field at once", () => {
    expect(
      validateAwsIdentityBindingArgs({
        accountId: 123456789012,
        region: "eu-west",
        clusterName: "-c",
        partition: "aws-eu",
        ipFamily: "dual",
      }),
    ).toEqual([
      {
        argument: "accountId",
        value: 123456789012,
        problem: "must be a 12-digit AWS account id",
        fix: `use the account's id, e.g. "123456789012" from getCallerIdentity()`,
      },
      { argument: "region", value: "eu-west", problem: "must be an AWS region name", fix: `use a region like "eu-west-1"` },
      {
        argument: "clusterName",
        value: "-c",
        problem: "must be an EKS cluster name (1 to 100 letters, digits, '-' and '_', starting with a letter or digit)",
        fix: `use the cluster's name, e.g. "agentcloud"`,
      },
      {
        argument: "partition",
        value: "aws-eu",
        problem: `must be one of "aws", "aws-cn", "aws-us-gov"`,
        fix: "set partition to one of those",
      },
      { argument: "ipFamily", value: "dual", problem: `must be one of "ipv4", "ipv6"`, fix: "set ipFamily to one of those" },
    ]);
    expect(validateAwsIdentityBindingArgs("x")).toEqual([
      { argument: "binding", value: "x", problem: "must be an object", fix: "use { accountId, region, clusterName }" },
    ]);
  });
});

describe("checkAwsAgentDeclaration", () => {
  it("accepts IAM actions and ARNs (wildcards are the agent's own check), and ignores other clouds", () => {
    expect(
      checkAwsAgentDeclaration({
        namespace: "agents",
        image: IMAGE,
        cloudPermissions: [
          { cloud: "aws", actions: ["s3:GetObject", "bedrock:Invoke*", "*"], resources: ["arn:aws:s3:::b/k", "*"] },
          { cloud: "gcp", actions: ["roles/owner"], resources: ["anything"] },
        ],
        unsafeBroadCloudPermissions: { reason: "reads the corpus: every key under /reports per ticket SEC-12 @ 2026" },
      }),
    ).toEqual([]);
  });

  it("checks ARNs against the binding's partition", () => {
    const declaration = {
      namespace: "agents",
      image: IMAGE,
      cloudPermissions: [{ cloud: "aws" as const, actions: ["s3:GetObject"], resources: ["arn:aws:s3:::b/k"] }],
    };
    expect(checkAwsAgentDeclaration(declaration, "aws-cn")).toEqual([
      {
        argument: "cloudPermissions[0].resources[0]",
        value: "arn:aws:s3:::b/k",
        problem: `must be an ARN in the aws-cn partition ("arn:aws-cn:<service>:<region>:<account>:<resource>")`,
        fix: `use an ARN like "arn:aws-cn:s3:::bucket/reports/latest.json"`,
      },
    ]);
  });

  it("rejects permissions whose inline policy exceeds IAM's 10,240 characters", () => {
    const resources = Array.from({ length: 300 }, (_, i) => `arn:aws:s3:::corpus/reports/${String(i).padStart(4, "0")}.json`);
    expect(
      checkAwsAgentDeclaration({
        namespace: "agents",
        image: IMAGE,
        cloudPermissions: [{ cloud: "aws", actions: ["s3:GetObject"], resources }],
      }),
    ).toEqual([
      {
        argument: "cloudPermissions",
        value: "12116 characters",
        problem: "make an IAM policy longer than the 10240 characters IAM allows a role inline",
        fix: "list fewer resources (a narrower prefix) or split the agent",
      },
    ]);
  });
});

describe("the OIDC provider ARN", () => {
  const binding = { accountId: "123456789012", region: "eu-west-1", clusterName: "agentcloud" };
  const declaration = {
    namespace: "agents",
    image: IMAGE,
    cloudPermissions: [{ cloud: "aws" as const, actions: ["s3:GetObject"], resources: ["arn:aws:s3:::b/k"] }],
  };
  const bad = {
    argument: "oidcProviderArn",
    value: "oidc.eks.eu-west-1.amazonaws.com/id/ABC",
    problem: "must be an IAM OIDC provider ARN",
    fix: `pass the cluster's iam.OpenIdConnectProvider arn ("arn:aws:iam::123456789012:oidc-provider/oidc.eks...")`,
  };

  it("accepts a provider ARN and rejects an issuer URL in its place, for one agent and for a fleet", () => {
    const ok = "arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/ABC";
    expect(validateAgentIdentityArgs({ binding, agent: { name: "a", namespace: "agents", declaration }, oidcProviderArn: ok })).toEqual([]);
    expect(
      validateAgentIdentityArgs({ binding, agent: { name: "a", namespace: "agents", declaration }, oidcProviderArn: bad.value }),
    ).toEqual([bad]);
    expect(validateAgentIdentitiesArgs({ binding, agents: { a: declaration }, oidcProviderArn: bad.value })).toEqual([bad]);
  });
});
