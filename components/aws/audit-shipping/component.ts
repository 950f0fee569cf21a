import * as cloudwatch from "@pulumi/aws/cloudwatch";
import * as iam from "@pulumi/aws/iam";
import * as kinesis from "@pulumi/aws/kinesis";
import * as kms from "@pulumi/aws/kms";
import * as pulumi from "@pulumi/pulumi";
import { auditShipperSubject } from "../../kubernetes/audit/endpoint";
import type { FleetAuditOptions } from "../../blueprint/spec";
import { throwIfProblems, type ValidationProblem } from "../../validation";
import { AWS_TAGS } from "../../vocabulary";
import {
  CONTROL_PLANE_PREFIX,
  auditRoleName,
  firehoseDeliveryPermissions,
  logsToFirehosePermissions,
  serviceTrustPolicy,
  shipperPermissions,
  shipperTrustPolicy,
  signerPermissions,
  signingKeyPolicy,
} from "./documents";

/** Arguments of `AwsAuditShipping`. */
export interface AwsAuditShippingArgs {
  /** The EKS cluster's name: its control-plane log group is `/aws/eks/<name>/cluster`, and names are derived from it. */
  clusterName: string;
  /** The account id (12 digits). */
  accountId: string;
  /** The region. */
  region: string;
  /**
   * The partition.
   * @default "aws"
   */
  partition?: string;
  /** The cluster's IAM OIDC provider ARN (the shipper's IRSA trust). */
  oidcProviderArn: pulumi.Input<string>;
  /** The audit bucket's name (the WORM store: Object Lock COMPLIANCE). */
  bucketName: string;
  /** The audit bucket's ARN. */
  bucketArn: pulumi.Input<string>;
  /** The bucket's KMS key ARN (SSE-KMS). */
  bucketKeyArn: pulumi.Input<string>;
  /**
   * IAM role names of the agents allowed to sign receipt checkpoints with the fleet's key (each gets `kms:Sign` on it).
   * @default [] (the key exists; no agent signs yet)
   */
  signerRoleNames?: pulumi.Input<string>[];
  /**
   * Resources the control-plane subscription waits for (the cluster, which creates its log group).
   * @default []
   */
  after?: pulumi.Resource[];
}

/** Every problem with the plain arguments, at once. */
export function validateAwsAuditShippingArgs(args: AwsAuditShippingArgs): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  if (!/^\d{12}$/.test(args.accountId)) {
    problems.push({
      argument: "accountId",
      value: args.accountId,
      problem: "must be 12 digits",
      fix: "pass (await getCallerIdentity()).accountId",
    });
  }
  if (!/^[0-9A-Za-z][A-Za-z0-9_-]{0,99}$/.test(args.clusterName)) {
    problems.push({
      argument: "clusterName",
      value: args.clusterName,
      problem: "must be an EKS cluster name",
      fix: `use e.g. "agentcloud"`,
    });
  }
  if (!/^[a-z]{2}(-[a-z]+)+-\d$/.test(args.region)) {
    problems.push({ argument: "region", value: args.region, problem: "must be an AWS region", fix: `use e.g. "eu-west-1"` });
  }
  return problems;
}

/**
 * AWS's part of the audit pipeline (issue 13):
 * - the shipper's IRSA role, trusted only by its ServiceAccount, allowed only to add objects under `gateway/` and
 *   `receipts/` of the audit bucket (no read, delete or retention change);
 * - control-plane audit logs: a CloudWatch Logs subscription on `/aws/eks/<cluster>/cluster` into a Firehose delivery
 *   stream that writes them, encrypted, under `control-plane/` of the same bucket;
 * - the fleet's receipt-signing key: an AWS KMS Ed25519 key (`ECC_NIST_EDWARDS25519`, sign and verify only; the
 *   verifier checks Ed25519 checkpoints), which only roles tagged as an agent's may sign with.
 * `fleetAudit` is what `AgentCloud` takes as `audit`.
 */
export class AwsAuditShipping extends pulumi.ComponentResource {
  /** The `audit` options for `AgentCloud`: the S3 sink and the shipper's role annotation. */
  readonly fleetAudit: FleetAuditOptions;
  /** The shipper's role ARN. */
  readonly shipperRoleArn: pulumi.Output<string>;
  /** The control-plane delivery stream's ARN. */
  readonly deliveryStreamArn: pulumi.Output<string>;
  /** The receipt-signing key's ARN. */
  readonly signingKeyArn: pulumi.Output<string>;

  constructor(name: string, args: AwsAuditShippingArgs, opts: pulumi.ComponentResourceOptions = {}) {
    throwIfProblems(`AwsAuditShipping "${name}"`, validateAwsAuditShippingArgs(args));
    super("agentcloud:aws:AwsAuditShipping", name, {}, opts);
    const partition = args.partition ?? "aws";
    const child = { parent: this };
    const tags = { [AWS_TAGS.audit]: "true" };
    const shipperName = auditRoleName(args.clusterName, "audit-shipper");
    const shipper = new iam.Role(
      `${name}-shipper`,
      {
        name: shipperName,
        description: "agentcloud audit shipper (Fluent Bit): adds gateway and receipt objects to the audit bucket",
        assumeRolePolicy: pulumi
          .output(args.oidcProviderArn)
          .apply((arn) => JSON.stringify(shipperTrustPolicy(arn, auditShipperSubject()))),
        tags,
      },
      child,
    );
    new iam.RolePolicy(
      `${name}-shipper-policy`,
      {
        role: shipperName,
        name: "agentcloud-audit-shipper",
        policy: pulumi.all([args.bucketArn, args.bucketKeyArn]).apply(([bucket, key]) => JSON.stringify(shipperPermissions(bucket, key))),
      },
      { ...child, dependsOn: [shipper] },
    );

    const firehoseRoleName = auditRoleName(args.clusterName, "audit-firehose");
    const firehoseRole = new iam.Role(
      `${name}-firehose-role`,
      {
        name: firehoseRoleName,
        assumeRolePolicy: JSON.stringify(serviceTrustPolicy("firehose.amazonaws.com", args.accountId)),
        tags,
      },
      child,
    );
    const firehosePolicy = new iam.RolePolicy(
      `${name}-firehose-policy`,
      {
        role: firehoseRoleName,
        name: "agentcloud-audit-delivery",
        policy: pulumi
          .all([args.bucketArn, args.bucketKeyArn])
          .apply(([bucket, key]) => JSON.stringify(firehoseDeliveryPermissions(bucket, key, args.region))),
      },
      { ...child, dependsOn: [firehoseRole] },
    );
    const stream = new kinesis.FirehoseDeliveryStream(
      `${name}-control-plane`,
      {
        name: `${args.clusterName}-control-plane-audit`,
        destination: "extended_s3",
        serverSideEncryption: { enabled: true, keyType: "AWS_OWNED_CMK" },
        extendedS3Configuration: {
          roleArn: firehoseRole.arn,
          bucketArn: args.bucketArn,
          kmsKeyArn: args.bucketKeyArn,
          prefix: `${CONTROL_PLANE_PREFIX}/${args.clusterName}/!{timestamp:yyyy/MM/dd}/`,
          errorOutputPrefix: `${CONTROL_PLANE_PREFIX}-errors/${args.clusterName}/!{firehose:error-output-type}/!{timestamp:yyyy/MM/dd}/`,
          bufferingInterval: 300,
          bufferingSize: 64,
          // CloudWatch Logs subscriptions deliver gzip-compressed batches already.
          compressionFormat: "UNCOMPRESSED",
        },
        tags,
      },
      { ...child, dependsOn: [firehosePolicy] },
    );

    const logGroup = `/aws/eks/${args.clusterName}/cluster`;
    const logsRoleName = auditRoleName(args.clusterName, "audit-logs");
    const logsRole = new iam.Role(
      `${name}-logs-role`,
      {
        name: logsRoleName,
        assumeRolePolicy: JSON.stringify(
          serviceTrustPolicy(
            `logs.${args.region}.amazonaws.com`,
            args.accountId,
            `arn:${partition}:logs:${args.region}:${args.accountId}:*`,
          ),
        ),
        tags,
      },
      child,
    );
    const logsPolicy = new iam.RolePolicy(
      `${name}-logs-policy`,
      {
        role: logsRoleName,
        name: "agentcloud-audit-subscription",
        policy: stream.arn.apply((arn) => JSON.stringify(logsToFirehosePermissions(arn))),
      },
      { ...child, dependsOn: [logsRole] },
    );
    new cloudwatch.LogSubscriptionFilter(
      `${name}-control-plane-subscription`,
      {
        name: "agentcloud-control-plane-audit",
        logGroup,
        // Every event of every control-plane log type (api, audit, authenticator, controllerManager, scheduler).
        filterPattern: "",
        destinationArn: stream.arn,
        roleArn: logsRole.arn,
      },
      { ...child, dependsOn: [logsPolicy, ...(args.after ?? [])] },
    );

    const signingKey = new kms.Key(
      `${name}-signing-key`,
      {
        description: `agentcloud receipt checkpoints of ${args.clusterName} (Ed25519, sign and verify only)`,
        keyUsage: "SIGN_VERIFY",
        customerMasterKeySpec: "ECC_NIST_EDWARDS25519",
        deletionWindowInDays: 30,
        policy: JSON.stringify(signingKeyPolicy(partition, args.accountId, AWS_TAGS.agent)),
        tags,
      },
      child,
    );
    new kms.Alias(`${name}-signing-key-alias`, { name: `alias/${args.clusterName}-receipts`, targetKeyId: signingKey.keyId }, child);
    (args.signerRoleNames ?? []).forEach((role, i) => {
      new iam.RolePolicy(
        `${name}-signer-${i}`,
        { role, name: "agentcloud-receipt-signing", policy: signingKey.arn.apply((arn) => JSON.stringify(signerPermissions(arn))) },
        child,
      );
    });

    this.fleetAudit = {
      sink: { kind: "s3", bucket: args.bucketName, region: args.region },
      serviceAccountAnnotations: { "eks.amazonaws.com/role-arn": `arn:${partition}:iam::${args.accountId}:role/${shipperName}` },
    };
    this.shipperRoleArn = shipper.arn;
    this.deliveryStreamArn = stream.arn;
    this.signingKeyArn = signingKey.arn;
    this.registerOutputs({
      shipperRoleArn: this.shipperRoleArn,
      deliveryStreamArn: this.deliveryStreamArn,
      signingKeyArn: this.signingKeyArn,
    });
  }
}
