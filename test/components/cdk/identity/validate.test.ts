import { describe, expect, it } from "vitest";
import { checkAwsAgentDeclaration } from "../../../../components/aws/identity";
import type { AgentDeclaration } from "../../../../components/blueprint/spec";
import { checkCdkAwsAgentDeclaration, validateAgentIdentityProps } from "../../../../components/cdk/identity";

const IMAGE = "ghcr.io/acme/agent:1.0.0";

function declaration(extra: Partial<AgentDeclaration>): AgentDeclaration {
  return { namespace: "agents", image: IMAGE, ...extra };
}

const BAD: AgentDeclaration[] = [
  declaration({
    cloudPermissions: [{ cloud: "aws", actions: ["GetObject", "s3:Get Object"], resources: ["bucket", "arn:aws-cn:s3:::b"] }],
  }),
  declaration({
    cloudPermissions: [{ cloud: "aws", actions: ["s3:*"], resources: ["*"] }],
    unsafeBroadCloudPermissions: { reason: "needs everything; really!" },
  }),
  declaration({
    cloudPermissions: [
      { cloud: "aws", actions: ["s3:GetObject"], resources: Array.from({ length: 400 }, (_, i) => `arn:aws:s3:::corpus/${i}/*`) },
    ],
  }),
  declaration({ cloudPermissions: [{ cloud: "gcp", actions: ["nope"], resources: ["nope"] }] }),
];

describe("CDK identity validation", () => {
  it("checks declarations exactly as the Pulumi side does", () => {
    for (const d of BAD) {
      for (const partition of ["aws", "aws-cn"] as const)
        expect(checkCdkAwsAgentDeclaration(d, partition)).toEqual(checkAwsAgentDeclaration(d, partition));
    }
    expect(checkCdkAwsAgentDeclaration(BAD[2])).toEqual([
      {
        argument: "cloudPermissions",
        value: `${JSON.stringify({ Version: "2012-10-17", Statement: [{ Sid: "Permission0", Effect: "Allow", Action: ["s3:GetObject"], Resource: BAD[2].cloudPermissions![0].resources }] }).length} characters`,
        problem: "make an IAM policy longer than the 10240 characters IAM allows a role inline",
        fix: "list fewer resources (a narrower prefix) or split the agent",
      },
    ]);
  });

  it("reports every problem of the props at once", () => {
    expect(
      validateAgentIdentityProps({
        clusterName: "agentcloud",
        partition: "aws-eu",
        tags: { team: 1 },
        agent: {
          name: "reader",
          namespace: "agents",
          declaration: declaration({ cloudPermissions: [{ cloud: "gcp", actions: ["roles/x"], resources: ["//x"] }] }),
        },
      }),
    ).toEqual([
      {
        argument: "partition",
        value: "aws-eu",
        problem: `must be one of "aws", "aws-cn", "aws-us-gov"`,
        fix: "set partition to one of those",
      },
      { argument: "tags", value: { team: 1 }, problem: "must be an object of string values", fix: `use { team: "platform" }` },
      {
        argument: "agent.declaration.cloudPermissions",
        value: [{ cloud: "gcp", actions: ["roles/x"], resources: ["//x"] }],
        problem: `has no cloud: "aws" permission, so the agent needs no AWS role`,
        fix: `declare a cloud: "aws" permission, or create no AgentIdentity for this agent`,
      },
      {
        argument: "oidcProvider",
        value: undefined,
        problem: "is required for an agent under gVisor, which gets its AWS credentials through IRSA",
        fix: "pass the cluster's OIDC provider (AgentEksCluster's openIdConnectProvider)",
      },
    ]);
    expect(validateAgentIdentityProps({ clusterName: "agentcloud", agent: "reader" })).toEqual([
      {
        argument: "agent",
        value: "reader",
        problem: "must be { name, namespace, declaration }",
        fix: "pass the agent's name, namespace and declaration",
      },
    ]);
  });

  it("accepts a Pod Identity agent without an OIDC provider", () => {
    const agent = {
      name: "kata",
      namespace: "agents",
      declaration: declaration({
        sandbox: "kata-qemu",
        cloudPermissions: [{ cloud: "aws", actions: ["s3:GetObject"], resources: ["arn:aws:s3:::c/*"] }],
      }),
    };
    expect(validateAgentIdentityProps({ clusterName: "agentcloud", agent })).toEqual([]);
  });
});
