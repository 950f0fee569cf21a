import { describe, expect, it } from "vitest";
import { evaluatePolicies } from "../../../../cli/policy-harness";
import { AgentIdentity } from "../../../../components/aws/identity";
import { S3AuditBucket } from "../../../../components/aws/audit";
import { policies } from "../../../../policies/all";
import { record } from "../../../helpers/pulumi";

// What the pack says about the AWS identity and audit resources as the components register them: nothing, and an
// audit bucket below the policy's configured minimum is the one thing it reports.

const IMAGE = "ghcr.io/acme/agent:1.0.0";
const BINDING = { accountId: "123456789012", region: "eu-west-1", clusterName: "agentcloud" };
const OIDC = "arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/ABC";

async function registrations(retentionDays?: number) {
  const rec = await record(() => {
    new S3AuditBucket("audit", { accountId: "123456789012", region: "eu-west-1", ...(retentionDays !== undefined && { retentionDays }) });
    const read = { cloud: "aws" as const, actions: ["s3:GetObject"], resources: ["arn:aws:s3:::corpus/reports/latest.json"] };
    new AgentIdentity("reader", {
      binding: BINDING,
      agent: { name: "reader", namespace: "agents", declaration: { namespace: "agents", image: IMAGE, cloudPermissions: [read] } },
      oidcProviderArn: OIDC,
    });
    new AgentIdentity("coder", {
      binding: BINDING,
      agent: {
        name: "coder",
        namespace: "agents",
        declaration: { namespace: "agents", image: IMAGE, sandbox: "kata-qemu", cloudPermissions: [read] },
      },
    });
    new AgentIdentity("lister", {
      binding: BINDING,
      agent: {
        name: "lister",
        namespace: "agents",
        declaration: {
          namespace: "agents",
          image: IMAGE,
          cloudPermissions: [{ cloud: "aws", actions: ["s3:List*"], resources: ["arn:aws:s3:::corpus"] }],
          unsafeBroadCloudPermissions: { reason: "lists every prefix of the corpus" },
        },
      },
      oidcProviderArn: OIDC,
    });
  });
  return rec.registrations;
}

// The bucket and identities alone, without the shipper that writes to the bucket (AgentCloud's audit pipeline).
const NO_SHIPPER = { "agentcloud-audit-pipeline-required": "disabled" } as const;

describe("the policy pack on S3AuditBucket and AgentIdentity", () => {
  it("reports nothing on their default shapes (an acknowledged broad grant included)", async () => {
    const { violations } = await evaluatePolicies(policies, await registrations(), NO_SHIPPER);
    expect(violations.map((v) => `${v.policy}: ${v.message}`)).toEqual([]);
  });

  it("holds the bucket to the pack's configured minimum retention, which can be above the component's", async () => {
    const { violations } = await evaluatePolicies(policies, await registrations(90), {
      ...NO_SHIPPER,
      "agentcloud-aws-audit-bucket": { minimumRetentionDays: 180 },
    });
    expect(violations.map((v) => [v.policy, v.resourceName])).toEqual([["agentcloud-aws-audit-bucket", "audit-bucket"]]);
  });
});
