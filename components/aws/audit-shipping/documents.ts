import { createHash } from "node:crypto";

/** An IAM policy document (the fields agentcloud writes). */
export interface PolicyDocument {
  /** Always `2012-10-17`. */
  Version: "2012-10-17";
  /** The statements. */
  Statement: PolicyStatement[];
}

/** One IAM policy statement. */
export interface PolicyStatement {
  /** Statement id. */
  Sid: string;
  /** Allow or Deny. */
  Effect: "Allow" | "Deny";
  /** Who (trust policies only). */
  Principal?: Record<string, string>;
  /** Actions. */
  Action: string | string[];
  /** Resources (permission policies only). */
  Resource?: string | string[];
  /** Conditions. */
  Condition?: Record<string, Record<string, string | string[]>>;
}

/** Key prefixes the shipper writes under (Fluent Bit's `s3_key_format` starts with the stream). */
export const SHIPPER_KEY_PREFIXES = ["gateway", "receipts"] as const;
/** Key prefix of the control-plane audit logs Firehose delivers. */
export const CONTROL_PLANE_PREFIX = "control-plane";

/** An IAM role name ≤ 64 characters: `<prefix>-<purpose>`, shortened with a hash when too long. */
export function auditRoleName(prefix: string, purpose: string): string {
  const full = `${prefix}-${purpose}`;
  if (full.length <= 64) return full;
  const hash = createHash("sha256").update(full).digest("hex").slice(0, 8);
  return `${full.slice(0, 55)}-${hash}`;
}

/** Trust of the shipper's IRSA role: that one ServiceAccount's tokens, for STS, from the cluster's OIDC provider. */
export function shipperTrustPolicy(oidcProviderArn: string, subject: string): PolicyDocument {
  const issuer = oidcProviderArn.slice(oidcProviderArn.indexOf("oidc-provider/") + "oidc-provider/".length);
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "AuditShipperServiceAccount",
        Effect: "Allow",
        Principal: { Federated: oidcProviderArn },
        Action: "sts:AssumeRoleWithWebIdentity",
        Condition: { StringEquals: { [`${issuer}:sub`]: subject, [`${issuer}:aud`]: "sts.amazonaws.com" } },
      },
    ],
  };
}

/**
 * The shipper may add objects under its prefixes and have them encrypted with the bucket's key: no read, no delete,
 * no listing, no retention change (Object Lock COMPLIANCE refuses those anyway).
 */
export function shipperPermissions(bucketArn: string, keyArn: string): PolicyDocument {
  return {
    Version: "2012-10-17",
    Statement: [
      { Sid: "PutAuditObjects", Effect: "Allow", Action: "s3:PutObject", Resource: SHIPPER_KEY_PREFIXES.map((p) => `${bucketArn}/${p}/*`) },
      { Sid: "EncryptWithBucketKey", Effect: "Allow", Action: "kms:GenerateDataKey", Resource: keyArn },
    ],
  };
}

/** Trust of a service's role, only on behalf of this account (the confused-deputy condition AWS documents). */
export function serviceTrustPolicy(service: string, accountId: string, sourceArn?: string): PolicyDocument {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "ServiceForThisAccount",
        Effect: "Allow",
        Principal: { Service: service },
        Action: "sts:AssumeRole",
        Condition: {
          StringEquals: { "aws:SourceAccount": accountId },
          ...(sourceArn !== undefined && { ArnLike: { "aws:SourceArn": sourceArn } }),
        },
      },
    ],
  };
}

/** Firehose delivers control-plane logs into its prefix of the bucket (the S3 actions its docs list) with the key. */
export function firehoseDeliveryPermissions(bucketArn: string, keyArn: string, region: string): PolicyDocument {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "DeliverControlPlaneLogs",
        Effect: "Allow",
        Action: ["s3:AbortMultipartUpload", "s3:GetBucketLocation", "s3:ListBucket", "s3:ListBucketMultipartUploads", "s3:PutObject"],
        Resource: [bucketArn, `${bucketArn}/${CONTROL_PLANE_PREFIX}/*`],
      },
      {
        Sid: "EncryptWithBucketKey",
        Effect: "Allow",
        Action: ["kms:GenerateDataKey", "kms:Decrypt"],
        Resource: keyArn,
        Condition: { StringEquals: { "kms:ViaService": `s3.${region}.amazonaws.com` } },
      },
    ],
  };
}

/** CloudWatch Logs may put the subscription's records into that one delivery stream. */
export function logsToFirehosePermissions(streamArn: string): PolicyDocument {
  return {
    Version: "2012-10-17",
    Statement: [
      { Sid: "PutIntoAuditStream", Effect: "Allow", Action: ["firehose:PutRecord", "firehose:PutRecordBatch"], Resource: streamArn },
    ],
  };
}

/**
 * Key policy of the fleet's receipt-signing key: the account administers it through IAM, but only roles tagged as an
 * agent's (`agentcloud.dev/agent`) may sign with it, whatever IAM grants. The private key never leaves KMS: AWS KMS has
 * no export operation for asymmetric private keys, and the key's origin is KMS itself (no imported material exists).
 */
export function signingKeyPolicy(partition: string, accountId: string, agentTag: string): PolicyDocument {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "AccountAdministersThroughIam",
        Effect: "Allow",
        Principal: { AWS: `arn:${partition}:iam::${accountId}:root` },
        Action: "kms:*",
        Resource: "*",
      },
      {
        Sid: "OnlyAgentsSign",
        Effect: "Deny",
        Principal: { AWS: "*" },
        Action: "kms:Sign",
        Resource: "*",
        Condition: { Null: { [`aws:PrincipalTag/${agentTag}`]: "true" } },
      },
    ],
  };
}

/** What an agent's role needs to sign checkpoints: sign with that one key, and read its public key. */
export function signerPermissions(keyArn: string): PolicyDocument {
  return {
    Version: "2012-10-17",
    Statement: [{ Sid: "SignReceiptCheckpoints", Effect: "Allow", Action: ["kms:Sign", "kms:GetPublicKey"], Resource: keyArn }],
  };
}
