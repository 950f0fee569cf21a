import type { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { AWS_TYPES, BUCKET_NAME, describeAws, linkedByName, list, resourcesOf, tag } from "../lib/aws";
import { strictConfigSchema } from "../lib/config-schema";
import { cisAwsFoundations } from "../lib/frameworks";
import { shown, shownIfKnown } from "../lib/messages";
import { isRecord, record, text } from "../lib/pod-templates";
import { DEFAULT_MINIMUM_RETENTION_DAYS, dayCount, retentionDays } from "../lib/shared-rules";
import { AWS_TAGS } from "../lib/vocabulary";

/** The policy's settings. */
export interface AuditBucketConfig {
  /** Days an audit record must stay locked by the bucket's default retention. */
  minimumRetentionDays?: number;
}

/** The minimum by default: the same as components/aws/audit's AUDIT_MINIMUM_RETENTION_DAYS. */
const DEFAULT_MINIMUM_DAYS = DEFAULT_MINIMUM_RETENTION_DAYS;
const PUBLIC_ACCESS_BLOCKS = ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"] as const;
const KMS_ALGORITHMS = ["aws:kms", "aws:kms:dsse"];

/** One source of a setting: a child resource linked by name, or the bucket's own (deprecated) inline field. */
interface Source {
  /** The setting's object (the child's inputs, or the inline field's value). */
  config: Record<string, unknown>;
  /** How messages name it: `its BucketVersioning "x"`, or `its inline versioning`. */
  where: string;
  /** True for the bucket's own inline field (its shape differs from the child resource's). */
  inline: boolean;
}

/** The child resources of `tokens` whose `bucket` is the bucket's name, then the inline field when the bucket sets it. */
function sources(
  resources: readonly PolicyResource[],
  bucket: PolicyResource,
  name: string | undefined,
  tokens: readonly string[],
  inline: string,
): Source[] {
  const children = name === undefined ? [] : linkedByName(resources, tokens, "bucket", name);
  const found: Source[] = children.map((c) => ({
    config: record(c.props),
    where: describeAws(`its ${c.type.split(":")[2]}`, c.name),
    inline: false,
  }));
  const own = record(bucket.props)[inline];
  if (isRecord(own)) found.push({ config: own, where: `its inline ${inline}`, inline: true });
  return found;
}

const days = dayCount;

/** Problems of one Object Lock configuration's default retention, as message fragments. */
function retentionProblems(source: Source, minimumDays: number): string[] {
  const retention = record(record(source.config.rule).defaultRetention);
  const problems: string[] = [];
  if (retention.mode !== "COMPLIANCE") {
    problems.push(
      retention.mode === undefined
        ? `${source.where} sets no rule.defaultRetention.mode`
        : `${source.where} sets rule.defaultRetention.mode to ${shownIfKnown(retention.mode, ["GOVERNANCE"], "a value other than COMPLIANCE")}, which users with s3:BypassGovernanceRetention can override`,
    );
  }
  const { days: d, years: y } = retention;
  const kept = retentionDays(d, y);
  if (kept === undefined) {
    problems.push(`${source.where} sets no whole number of rule.defaultRetention.days or years`);
  } else if (kept < minimumDays) {
    problems.push(`${source.where} locks records for ${days(kept)} by default, under the minimum of ${days(minimumDays)}`);
  }
  return problems;
}

/**
 * The audit bucket holds the fleet's sealed record of what agents did: nobody may delete or rewrite it while it is
 * retained, the root user included (Object Lock in COMPLIANCE mode), every version is kept, it is encrypted with a key
 * the account controls, and it can never become public. Its settings live in separate resources, linked to it by the
 * bucket's name (ids and ARNs are unknown in a real preview); a missing one is a violation.
 */
export const auditBucket: StackValidationPolicy = {
  name: "agentcloud-aws-audit-bucket",
  description:
    `Every S3 bucket tagged ${AWS_TAGS.audit}: "true" has an explicit name (bucket), objectLockEnabled true, and, in ` +
    "resources whose bucket is that name: an Object Lock configuration with rule.defaultRetention in COMPLIANCE mode for " +
    "at least minimumRetentionDays (default 90) days (or years), versioning Enabled, default encryption SSE-KMS " +
    "(aws:kms or aws:kms:dsse) with a kmsMasterKeyId, and a public access block with all four settings true. The " +
    "deprecated inline Bucket fields (objectLockConfiguration, versioning, serverSideEncryptionConfiguration) count too.",
  enforcementLevel: "mandatory",
  severity: "high",
  configSchema: strictConfigSchema({
    minimumRetentionDays: {
      type: "integer",
      minimum: 1,
      default: DEFAULT_MINIMUM_DAYS,
      description: "Days an audit record must stay locked by the audit bucket's default retention (COMPLIANCE mode).",
    },
  }),
  framework: cisAwsFoundations("2.1.4 Ensure that S3 Buckets are configured with 'Block public access (bucket settings)'"),
  tags: ["cis-aws-3.0:2.1.4", "owasp-agentic-top10:ASI10", "nsa-cisa-k8s-hardening-1.2:logging-threat-detection"],
  remediationSteps:
    "Use agentcloud's S3AuditBucket, or give the bucket an explicit name and objectLockEnabled: true, and add, each with " +
    'bucket: <the bucket\'s name>: BucketObjectLockConfiguration {rule: {defaultRetention: {mode: "COMPLIANCE", days: 90 or ' +
    'more}}}, BucketVersioning {versioningConfiguration: {status: "Enabled"}}, BucketServerSideEncryptionConfiguration ' +
    '{rules: [{applyServerSideEncryptionByDefault: {sseAlgorithm: "aws:kms", kmsMasterKeyId: <customer-managed key ARN>}}]} ' +
    "and BucketPublicAccessBlock with blockPublicAcls, blockPublicPolicy, ignorePublicAcls and restrictPublicBuckets true.",
  validateStack: (args, report) => {
    const buckets = resourcesOf(args.resources, AWS_TYPES.bucket).filter((b) => tag(b.props, AWS_TAGS.audit) === "true");
    if (buckets.length === 0) return args.notApplicable(`No S3 bucket tagged ${AWS_TAGS.audit}: "true" in the stack`);
    const minimumDays = args.getConfig<AuditBucketConfig>().minimumRetentionDays ?? DEFAULT_MINIMUM_DAYS;
    for (const bucket of buckets) {
      const props = record(bucket.props);
      const who = describeAws("Audit bucket", bucket.name);
      const say = (message: string) => report(`${who} ${message}`, bucket.urn);
      // A child's problem: `Audit bucket "x": its BucketVersioning "y" ...`.
      const about = (message: string) => report(`${who}: ${message}`, bucket.urn);
      const name = text(props.bucket);
      const link = name === undefined ? "" : ` whose bucket is ${shown(name, BUCKET_NAME, "its name")}`;
      if (name === undefined) {
        say("sets no bucket name (bucket), so the resources that configure it cannot be found by name; give it an explicit name.");
      }
      if (props.objectLockEnabled !== true) say("does not set objectLockEnabled to true, so its records can be deleted; set it to true.");

      const locks = sources(args.resources, bucket, name, AWS_TYPES.objectLock, "objectLockConfiguration");
      if (locks.length === 0) {
        say(
          `has no Object Lock configuration (an ${AWS_TYPES.objectLock[0]}${link}); add one with rule.defaultRetention ` +
            `{mode: "COMPLIANCE", days: ${minimumDays}} or more.`,
        );
      }
      for (const problem of locks.flatMap((l) => retentionProblems(l, minimumDays))) {
        about(`${problem}; set rule.defaultRetention to {mode: "COMPLIANCE", days: ${minimumDays}} or more.`);
      }

      const versionings = sources(args.resources, bucket, name, AWS_TYPES.versioning, "versioning");
      if (versionings.length === 0) {
        say(
          `has no versioning configuration (an ${AWS_TYPES.versioning[0]}${link}); add one with versioningConfiguration.status "Enabled".`,
        );
      }
      for (const v of versionings) {
        const enabled = v.inline ? v.config.enabled === true : record(v.config.versioningConfiguration).status === "Enabled";
        if (!enabled) about(`${v.where} does not enable versioning; set versioningConfiguration.status to "Enabled".`);
      }

      const encryptions = sources(args.resources, bucket, name, AWS_TYPES.encryption, "serverSideEncryptionConfiguration");
      if (encryptions.length === 0) {
        say(
          `has no default encryption configuration (an ${AWS_TYPES.encryption[0]}${link}); add one with ` +
            'applyServerSideEncryptionByDefault {sseAlgorithm: "aws:kms", kmsMasterKeyId: <customer-managed key ARN>}.',
        );
      }
      for (const e of encryptions) {
        const rules = e.inline ? [e.config.rule] : list(e.config.rules);
        const defaults = rules.map((r) => record(record(r).applyServerSideEncryptionByDefault));
        const algorithm = defaults.map((d) => d.sseAlgorithm).find((a) => a !== undefined);
        if (!defaults.some((d) => KMS_ALGORITHMS.includes(d.sseAlgorithm as string))) {
          about(
            `${e.where} encrypts with ${shownIfKnown(algorithm, ["AES256"], "no SSE-KMS algorithm")}, not SSE-KMS; set ` +
              'applyServerSideEncryptionByDefault.sseAlgorithm to "aws:kms" with a customer-managed kmsMasterKeyId.',
          );
        } else if (!defaults.some((d) => KMS_ALGORITHMS.includes(d.sseAlgorithm as string) && text(d.kmsMasterKeyId) !== undefined)) {
          about(
            `${e.where} uses SSE-KMS with no kmsMasterKeyId, so the AWS managed key aws/s3 encrypts it; set ` +
              "applyServerSideEncryptionByDefault.kmsMasterKeyId to a customer-managed key.",
          );
        }
      }

      const blocks = name === undefined ? [] : linkedByName(args.resources, AWS_TYPES.publicAccessBlock, "bucket", name);
      if (blocks.length === 0) {
        say(`has no public access block (an ${AWS_TYPES.publicAccessBlock[0]}${link}); add one with all four settings true.`);
      }
      for (const block of blocks) {
        const off = PUBLIC_ACCESS_BLOCKS.filter((setting) => record(block.props)[setting] !== true);
        if (off.length > 0) {
          about(
            `${describeAws("its BucketPublicAccessBlock", block.name)} does not set ${off.join(", ")} to true; set all four ` +
              `(${PUBLIC_ACCESS_BLOCKS.join(", ")}) to true.`,
          );
        }
      }
    }
  },
};
