import * as kms from "@pulumi/aws/kms";
import type * as pulumi from "@pulumi/pulumi";

/** Arguments of {@link customerManagedKey}. */
export interface CustomerManagedKeyArgs {
  /** What the key protects (the key's description). */
  description: string;
  /**
   * The key policy (JSON). Services that use the key through their own principal (CloudWatch Logs, Firehose) need a
   * statement here.
   * @default - AWS's default key policy: the account's IAM policies decide who may use the key
   */
  policy?: pulumi.Input<string>;
  /**
   * Days before a deleted key is destroyed (7 to 30).
   * @default 30
   */
  deletionWindowInDays?: number;
  /**
   * Tags of the key (e.g. `AWS_TAGS.audit` on an audit bucket's key, which policies look for).
   * @default {}
   */
  tags?: Record<string, string>;
  /**
   * The alias, without `alias/`: unique per account and region, so name it after the stack's own resources.
   * @default - the key's logical name
   */
  aliasName?: string;
}

/** What {@link customerManagedKey} creates. */
export interface CustomerManagedKey {
  /** The key (rotation on). */
  key: kms.Key;
  /** Its alias, `alias/<aliasName>`. */
  alias: kms.Alias;
}

/**
 * A symmetric customer-managed KMS key with automatic yearly rotation on (CIS AWS Foundations 3.6) and an alias
 * (`alias/<aliasName>`): what every encrypted agentcloud resource on AWS uses (EKS Secrets, flow logs, audit buckets).
 */
export function customerManagedKey(name: string, args: CustomerManagedKeyArgs, opts: pulumi.CustomResourceOptions): CustomerManagedKey {
  const key = new kms.Key(
    name,
    {
      description: args.description,
      enableKeyRotation: true,
      deletionWindowInDays: args.deletionWindowInDays ?? 30,
      ...(args.policy !== undefined && { policy: args.policy }),
      ...(args.tags !== undefined && { tags: args.tags }),
    },
    opts,
  );
  const alias = new kms.Alias(`${name}-alias`, { name: `alias/${args.aliasName ?? name}`, targetKeyId: key.keyId }, opts);
  return { key, alias };
}
