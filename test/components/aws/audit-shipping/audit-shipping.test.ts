import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { AwsAuditShipping, auditRoleName, type AwsAuditShippingArgs } from "../../../../components/aws/audit-shipping";
import { ArgumentError, formatProblem } from "../../../../components/validation";
import { record, recordRejection } from "../../../helpers/pulumi";

const OIDC = "arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/ABC";
const ARGS: AwsAuditShippingArgs = {
  clusterName: "agentcloud",
  accountId: "123456789012",
  region: "eu-west-1",
  oidcProviderArn: OIDC,
  bucketName: "agentcloud-audit-123456789012-eu-west-1",
  bucketArn: "arn:aws:s3:::agentcloud-audit-123456789012-eu-west-1",
  bucketKeyArn: "arn:aws:kms:eu-west-1:123456789012:key/bucket",
  signerRoleNames: [pulumi.output("agentcloud-agents-research-assistant-1a2b3c4d")],
};
const BUCKET = "arn:aws:s3:::agentcloud-audit-123456789012-eu-west-1";

describe("AwsAuditShipping", () => {
  it("gives the shipper an IRSA role for its one ServiceAccount that may only add gateway and receipt objects", async () => {
    let audit: AwsAuditShipping | undefined;
    const rec = await record(() => {
      audit = new AwsAuditShipping("audit", ARGS);
    });
    const role = rec.named("audit-shipper").inputs as { name: string; assumeRolePolicy: string };
    expect(role.name).toBe("agentcloud-audit-shipper");
    expect(JSON.parse(role.assumeRolePolicy)).toEqual({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "AuditShipperServiceAccount",
          Effect: "Allow",
          Principal: { Federated: OIDC },
          Action: "sts:AssumeRoleWithWebIdentity",
          Condition: {
            StringEquals: {
              "oidc.eks.eu-west-1.amazonaws.com/id/ABC:sub": "system:serviceaccount:agentcloud-audit:agentcloud-audit-shipper",
              "oidc.eks.eu-west-1.amazonaws.com/id/ABC:aud": "sts.amazonaws.com",
            },
          },
        },
      ],
    });
    const policy = rec.named("audit-shipper-policy").inputs as { role: string; policy: string };
    expect(policy.role).toBe("agentcloud-audit-shipper");
    expect(JSON.parse(policy.policy).Statement).toEqual([
      { Sid: "PutAuditObjects", Effect: "Allow", Action: "s3:PutObject", Resource: [`${BUCKET}/gateway/*`, `${BUCKET}/receipts/*`] },
      {
        Sid: "EncryptWithBucketKey",
        Effect: "Allow",
        Action: "kms:GenerateDataKey",
        Resource: "arn:aws:kms:eu-west-1:123456789012:key/bucket",
      },
    ]);
    expect(audit!.fleetAudit).toEqual({
      sink: { kind: "s3", bucket: "agentcloud-audit-123456789012-eu-west-1", region: "eu-west-1" },
      serviceAccountAnnotations: { "eks.amazonaws.com/role-arn": "arn:aws:iam::123456789012:role/agentcloud-audit-shipper" },
    });
  });

  it("subscribes the control-plane log group to a Firehose stream that writes under control-plane/ of the bucket", async () => {
    const rec = await record(() => {
      new AwsAuditShipping("audit", ARGS);
    });
    const subscription = rec.named("audit-control-plane-subscription").inputs;
    expect(subscription).toMatchObject({
      logGroup: "/aws/eks/agentcloud/cluster",
      filterPattern: "",
      name: "agentcloud-control-plane-audit",
    });
    const stream = rec.named("audit-control-plane").inputs as any;
    expect(stream.destination).toBe("extended_s3");
    expect(stream.extendedS3Configuration).toMatchObject({
      bucketArn: BUCKET,
      kmsKeyArn: "arn:aws:kms:eu-west-1:123456789012:key/bucket",
      prefix: "control-plane/agentcloud/!{timestamp:yyyy/MM/dd}/",
    });
    const trust = JSON.parse((rec.named("audit-logs-role").inputs as { assumeRolePolicy: string }).assumeRolePolicy);
    expect(trust.Statement[0]).toMatchObject({
      Principal: { Service: "logs.eu-west-1.amazonaws.com" },
      Condition: {
        StringEquals: { "aws:SourceAccount": "123456789012" },
        ArnLike: { "aws:SourceArn": "arn:aws:logs:eu-west-1:123456789012:*" },
      },
    });
  });

  it("creates an Ed25519 sign-only key that only roles tagged as agents may sign with, and lets the signers sign", async () => {
    const rec = await record(() => {
      new AwsAuditShipping("audit", ARGS);
    });
    const key = rec.named("audit-signing-key").inputs as any;
    expect(key).toMatchObject({ keyUsage: "SIGN_VERIFY", customerMasterKeySpec: "ECC_NIST_EDWARDS25519" });
    expect(key).not.toHaveProperty("enableKeyRotation");
    expect(JSON.parse(key.policy).Statement[1]).toEqual({
      Sid: "OnlyAgentsSign",
      Effect: "Deny",
      Principal: { AWS: "*" },
      Action: "kms:Sign",
      Resource: "*",
      Condition: { Null: { "aws:PrincipalTag/agentcloud.dev/agent": "true" } },
    });
    const signer = rec.named("audit-signer-0").inputs as { role: string; policy: string };
    expect(signer.role).toBe("agentcloud-agents-research-assistant-1a2b3c4d");
    expect(JSON.parse(signer.policy).Statement[0].Action).toEqual(["kms:Sign", "kms:GetPublicKey"]);
  });

  it("rejects a bad account, cluster name and region before creating anything", async () => {
    const { error, rec } = await recordRejection(
      () => new AwsAuditShipping("audit", { ...ARGS, accountId: "1234", clusterName: "-x", region: "eu" }),
    );
    expect(rec.registrations).toEqual([]);
    expect(error).toBeInstanceOf(ArgumentError);
    expect((error as ArgumentError).problems.map(formatProblem)).toEqual([
      'accountId: must be 12 digits (got "1234"); fix: pass (await getCallerIdentity()).accountId',
      'clusterName: must be an EKS cluster name (got "-x"); fix: use e.g. "agentcloud"',
      'region: must be an AWS region (got "eu"); fix: use e.g. "eu-west-1"',
    ]);
  });

  it("keeps role names within IAM's 64 characters", () => {
    expect(auditRoleName("a".repeat(60), "audit-shipper")).toHaveLength(64);
    expect(auditRoleName("agentcloud", "audit-shipper")).toBe("agentcloud-audit-shipper");
  });
});
