import { describe, expect, it } from "vitest";
import * as pulumiSide from "../../../../components/aws/identity";
import type { AgentDeclaration } from "../../../../components/blueprint/spec";
import {
  agentPermissionsPolicy,
  awsAgentIdentityMode,
  awsAgentRoleName,
  awsPermissionsOf,
  bindCdkAwsIdentity,
  CDK_AGENT_POLICY_NAME,
  CDK_AGENT_ROLE_MAX_SESSION_SECONDS,
  CDK_AWS_IP_FAMILIES,
  CDK_AWS_PARTITIONS,
  CDK_IRSA_AUDIENCE,
  CDK_IRSA_REGIONAL_STS_ANNOTATION,
  CDK_IRSA_ROLE_ANNOTATION,
  CDK_MAX_ROLE_INLINE_POLICY,
  CDK_POD_IDENTITY_PRINCIPAL,
  cdkAwsIdentityBinding,
} from "../../../../components/cdk/identity";

// The CDK copies must stay equal to the Pulumi side's (they exist only because those files reach @pulumi/pulumi).
const IMAGE = "ghcr.io/acme/agent:1.0.0";
const AWS_READ = { cloud: "aws" as const, actions: ["s3:GetObject"], resources: ["arn:aws:s3:::corpus/*"] };
const GCP_READ = {
  cloud: "gcp" as const,
  actions: ["roles/storage.objectViewer"],
  resources: ["//storage.googleapis.com/projects/_/buckets/c"],
};

function declaration(extra: Partial<AgentDeclaration>): AgentDeclaration {
  return { namespace: "agents", image: IMAGE, ...extra };
}

describe("the CDK identity names agree with the Pulumi side's", () => {
  it("constants", () => {
    expect([CDK_IRSA_AUDIENCE, CDK_POD_IDENTITY_PRINCIPAL, CDK_IRSA_ROLE_ANNOTATION, CDK_IRSA_REGIONAL_STS_ANNOTATION]).toEqual([
      pulumiSide.IRSA_AUDIENCE,
      pulumiSide.POD_IDENTITY_PRINCIPAL,
      pulumiSide.IRSA_ROLE_ANNOTATION,
      pulumiSide.IRSA_REGIONAL_STS_ANNOTATION,
    ]);
    expect([CDK_AGENT_POLICY_NAME, CDK_AGENT_ROLE_MAX_SESSION_SECONDS, CDK_MAX_ROLE_INLINE_POLICY]).toEqual([
      pulumiSide.AGENT_POLICY_NAME,
      pulumiSide.AGENT_ROLE_MAX_SESSION_SECONDS,
      pulumiSide.MAX_ROLE_INLINE_POLICY,
    ]);
    expect([...CDK_AWS_PARTITIONS]).toEqual([...pulumiSide.AWS_PARTITIONS]);
    expect([...CDK_AWS_IP_FAMILIES]).toEqual([...pulumiSide.AWS_IP_FAMILIES]);
  });

  it("role names, short and cut at 64 characters", () => {
    const cases: [string, string, string][] = [
      ["agentcloud", "agents", "research-assistant"],
      ["a", "b", "c"],
      ["a-very-long-cluster-name-for-the-platform", "a-very-long-tenant-namespace", "a-very-long-agent-name-indeed"],
      ["cluster_", "ns", "agent-with-trailing-"],
    ];
    for (const [c, n, a] of cases) expect(awsAgentRoleName(c, n, a)).toBe(pulumiSide.awsAgentRoleName(c, n, a));
    expect(awsAgentRoleName("agentcloud", "agents", "research-assistant")).toBe("agentcloud-agents-research-assistant-c49287e6");
    expect(awsAgentRoleName(...cases[2]).length).toBe(64);
  });

  it("permissions, mode and inline policy", () => {
    const d = declaration({ cloudPermissions: [GCP_READ, AWS_READ], sandbox: "kata-qemu" });
    expect(awsPermissionsOf(d)).toEqual(pulumiSide.awsPermissionsOf(d));
    expect(awsPermissionsOf(d)).toEqual([AWS_READ]);
    for (const sandbox of [undefined, "gvisor", "kata-qemu", "kata-clh"] as const) {
      expect(awsAgentIdentityMode({ sandbox })).toBe(pulumiSide.awsAgentIdentityMode({ sandbox }));
    }
    expect(agentPermissionsPolicy([AWS_READ, AWS_READ])).toBe(pulumiSide.agentPermissionsPolicy([AWS_READ, AWS_READ]));
  });

  it("the binding gives every agent what awsIdentityBinding gives it", () => {
    const bindings = [
      { accountId: "123456789012", region: "eu-west-1", clusterName: "agentcloud" },
      {
        accountId: "123456789012",
        region: "cn-north-1",
        clusterName: "agentcloud",
        partition: "aws-cn" as const,
        ipFamily: "ipv6" as const,
      },
    ];
    const declarations = [
      declaration({ cloudPermissions: [AWS_READ] }),
      declaration({ cloudPermissions: [AWS_READ], sandbox: "kata-qemu" }),
      declaration({ cloudPermissions: [GCP_READ] }),
      declaration({}),
    ];
    for (const b of bindings) {
      const cdk = cdkAwsIdentityBinding(b);
      const pulumi = pulumiSide.awsIdentityBinding(b);
      expect(cdk.endpoints).toEqual(pulumi.endpoints);
      for (const d of declarations) {
        const target = { name: "reader", namespace: "agents", declaration: d };
        expect(cdk.bind(target)).toEqual(pulumi.bind(target));
        expect(bindCdkAwsIdentity(b, target)).toEqual(pulumiSide.bindAwsIdentity(b, target));
      }
    }
    expect(cdkAwsIdentityBinding(bindings[0]).bind({ name: "reader", namespace: "agents", declaration: declarations[0] })).toEqual({
      serviceAccountAnnotations: {
        "eks.amazonaws.com/role-arn": `arn:aws:iam::123456789012:role/${awsAgentRoleName("agentcloud", "agents", "reader")}`,
        "eks.amazonaws.com/sts-regional-endpoints": "true",
      },
      egress: ["sts.eu-west-1.amazonaws.com"],
    });
  });
});
