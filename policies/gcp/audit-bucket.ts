import type { ResourceValidationPolicy } from "@pulumi/policy";
import { strictConfigSchema } from "../lib/config-schema";
import { cisGcpFoundations } from "../lib/frameworks";
import { GCP_TYPES, propsOf, shownName } from "../lib/gcp";
import { record } from "../lib/pod-templates";
import { GCP_LABELS } from "../lib/vocabulary";

/** The policy's settings. */
export interface AuditBucketConfig {
  /** Days an audit bucket's locked retention policy must keep each object, at least. */
  minimumRetentionDays?: number;
}

const DEFAULT_MINIMUM_DAYS = 90;
const DAY_SECONDS = 86_400;

/** Seconds as a whole number, from a number or a string of digits (9.x types retentionPeriod as a string). */
function seconds(value: unknown): number | undefined {
  if (typeof value === "number" && Number.isInteger(value) && value >= 0) return value;
  if (typeof value === "string" && /^\d{1,12}$/.test(value)) return Number(value);
  return undefined;
}

/** `90 days`, `1 day`, `0.5 days`. */
function days(secondsValue: number): string {
  const value = Math.round((secondsValue / DAY_SECONDS) * 100) / 100;
  return `${value} ${value === 1 ? "day" : "days"}`;
}

/**
 * The audit record outlives whoever would want it gone: a locked retention policy keeps every object for the period,
 * access is by IAM only and never public, and the objects are encrypted with a key the project controls.
 */
export const auditBucket: ResourceValidationPolicy = {
  name: "agentcloud-gcp-audit-bucket",
  description:
    `Every Cloud Storage bucket labelled ${GCP_LABELS.audit}: "true" has a locked retention policy ` +
    "(retentionPolicy.isLocked true) whose retentionPeriod (seconds) is at least minimumRetentionDays (default " +
    `${DEFAULT_MINIMUM_DAYS}), uniformBucketLevelAccess true, publicAccessPrevention "enforced" and a Cloud KMS key ` +
    "as encryption.defaultKmsKeyName (CMEK).",
  enforcementLevel: "mandatory",
  severity: "high",
  configSchema: strictConfigSchema({
    minimumRetentionDays: {
      type: "integer",
      minimum: 1,
      default: DEFAULT_MINIMUM_DAYS,
      description: "Days an audit bucket's locked retention policy must keep each object, at least.",
    },
  }),
  framework: cisGcpFoundations(
    "2.3 Ensure That Retention Policies on Cloud Storage Buckets Used for Exporting Logs Are Configured Using Bucket Lock",
  ),
  tags: [
    "cis-gcp-3.0:2.3",
    "cis-gcp-3.0:5.1",
    "cis-gcp-3.0:5.2",
    "owasp-agentic-top10:ASI10",
    "nsa-cisa-k8s-hardening-1.2:logging-threat-detection",
  ],
  remediationSteps:
    `Set retentionPolicy {retentionPeriod: "<days × 86400>", isLocked: true}, uniformBucketLevelAccess: true, ` +
    'publicAccessPrevention: "enforced" and encryption.defaultKmsKeyName to a Cloud KMS key on which the Cloud ' +
    "Storage service agent holds roles/cloudkms.cryptoKeyEncrypterDecrypter (agentcloud's GcsAuditBucket does). " +
    "Locking is irreversible: the period can then only grow.",
  validateResource: (args, report) => {
    if (args.type !== GCP_TYPES.bucket) {
      return args.notApplicable("Policy only applies to Cloud Storage buckets (gcp:storage/bucket:Bucket)");
    }
    const props = propsOf(args);
    if (record(props.labels)[GCP_LABELS.audit] !== "true") {
      return args.notApplicable(`The bucket is not labelled ${GCP_LABELS.audit}: "true"`);
    }
    const who = `Cloud Storage bucket ${shownName(args)} is an audit bucket (${GCP_LABELS.audit}: "true") and`;
    const minimumDays = args.getConfig<AuditBucketConfig>().minimumRetentionDays ?? DEFAULT_MINIMUM_DAYS;
    const minimum = minimumDays * DAY_SECONDS;
    const retentionFix = `set retentionPolicy.retentionPeriod to "${minimum}" (${days(minimum)}) or more`;
    const retention = props.retentionPolicy;
    if (retention === undefined || retention === null) {
      report(`${who} has no retentionPolicy, so its objects can be deleted at once; ${retentionFix} with isLocked: true.`);
    } else {
      const { isLocked, retentionPeriod } = record(retention);
      if (isLocked !== true) {
        report(`${who} does not set retentionPolicy.isLocked to true, so its retention can be shortened or removed; set it to true.`);
      }
      const kept = seconds(retentionPeriod);
      if (kept === undefined) {
        report(`${who} sets retentionPolicy.retentionPeriod to a value that is not a number of seconds; ${retentionFix}.`);
      } else if (kept < minimum) {
        report(
          `${who} keeps objects for ${days(kept)} (retentionPolicy.retentionPeriod), under the minimum of ${days(minimum)}; ` +
            `${retentionFix}.`,
        );
      }
    }
    if (props.uniformBucketLevelAccess !== true) {
      report(`${who} does not set uniformBucketLevelAccess to true, so object ACLs can grant access IAM does not show; set it to true.`);
    }
    if (props.publicAccessPrevention !== "enforced") {
      report(`${who} does not set publicAccessPrevention to "enforced", so it can be made public; set it to "enforced".`);
    }
    const key = record(props.encryption).defaultKmsKeyName;
    if (typeof key !== "string" || key === "") {
      report(
        `${who} does not set encryption.defaultKmsKeyName, so its objects are not encrypted with a Cloud KMS key the ` +
          "project controls; set it to a Cloud KMS key (CMEK).",
      );
    }
  },
};
