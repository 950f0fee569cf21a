import * as cloudwatch from "@pulumi/aws/cloudwatch";
import type * as kms from "@pulumi/aws/kms";
import * as pulumi from "@pulumi/pulumi";
import { customerManagedKey } from "../kms";

/** Who the key policy of an encrypted log group names: the account and region. */
export interface AwsAccountContext {
  /** The partition, e.g. `aws`. */
  partition: pulumi.Input<string>;
  /** The account id. */
  accountId: pulumi.Input<string>;
  /** The region, e.g. `eu-west-1`. */
  region: pulumi.Input<string>;
}

/** Arguments of {@link encryptedLogGroup}. */
export interface EncryptedLogGroupArgs {
  /** The log group's name, e.g. `/aws/eks/agents/cluster`. */
  logGroupName: string;
  /** Days the logs are kept (a CloudWatch Logs retention value). */
  retentionInDays: number;
  /** What the logs are, for the key's description. */
  description: string;
  /** Account and region the key policy names. */
  account: AwsAccountContext;
  /**
   * Tags of the key and the log group.
   * @default {}
   */
  tags?: Record<string, string>;
}

/**
 * The key policy of a log group's key: the account administers it through IAM, and CloudWatch Logs in the region may
 * use it only for that log group (the `kms:EncryptionContext:aws:logs:arn` condition). Amazon CloudWatch Logs User
 * Guide, "Encrypt log data in CloudWatch Logs using AWS Key Management Service", step 2.
 */
export function logGroupKeyPolicy(logGroupName: string, account: AwsAccountContext): pulumi.Output<string> {
  return pulumi.all([account.partition, account.accountId, account.region]).apply(([partition, accountId, region]) =>
    JSON.stringify({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "AccountAdministersKey",
          Effect: "Allow",
          Principal: { AWS: `arn:${partition}:iam::${accountId}:root` },
          Action: "kms:*",
          Resource: "*",
        },
        {
          Sid: "CloudWatchLogsEncryptsThisLogGroup",
          Effect: "Allow",
          Principal: { Service: `logs.${region}.amazonaws.com` },
          Action: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
          Resource: "*",
          Condition: {
            ArnEquals: { "kms:EncryptionContext:aws:logs:arn": `arn:${partition}:logs:${region}:${accountId}:log-group:${logGroupName}` },
          },
        },
      ],
    }),
  );
}

/** What {@link encryptedLogGroup} creates. */
export interface EncryptedLogGroup {
  /** The log group. */
  logGroup: cloudwatch.LogGroup;
  /** The customer-managed key that encrypts it (its alias is created beside it). */
  key: kms.Key;
}

/**
 * A CloudWatch log group encrypted with its own customer-managed key (rotation on), with a retention. Children are
 * `${name}` (the log group) and `${name}-key` (the key and its alias); pass `{ parent: this }` in `opts`.
 */
export function encryptedLogGroup(name: string, args: EncryptedLogGroupArgs, opts: pulumi.CustomResourceOptions): EncryptedLogGroup {
  const tags = args.tags ?? {};
  const { key } = customerManagedKey(
    `${name}-key`,
    {
      description: `Encrypts ${args.description} (${args.logGroupName})`,
      policy: logGroupKeyPolicy(args.logGroupName, args.account),
      // One key per log group: the alias names the group, unique in the account and region.
      aliasName: `logs${args.logGroupName.replace(/[^A-Za-z0-9/_-]/g, "-")}`,
      tags,
    },
    opts,
  );
  const logGroup = new cloudwatch.LogGroup(
    name,
    { name: args.logGroupName, retentionInDays: args.retentionInDays, kmsKeyId: key.arn, tags },
    opts,
  );
  return { logGroup, key };
}
