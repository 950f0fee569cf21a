import { AWS_TAGS, dayCount, retentionDays } from "../../../../policies/lib/shared-rules";
import type { CfnTemplate, GateSettings, RuleFinding } from "../spec";
import { props, record, resourcesOf, tag } from "../template";

/**
 * The audit bucket holds the fleet's sealed record of what agents did: nobody may delete or rewrite it while it is
 * retained, the root user included (Object Lock in COMPLIANCE mode), for at least the minimum retention (the pack's
 * agentcloud-aws-audit-bucket, whose retention arithmetic this shares).
 */
export function auditBucket(template: CfnTemplate, settings: GateSettings): RuleFinding[] {
  const found: RuleFinding[] = [];
  const minimum = settings.minimumRetentionDays;
  const fix =
    `set ObjectLockEnabled to true and ObjectLockConfiguration.Rule.DefaultRetention to {Mode: "COMPLIANCE", Days: ${minimum}} ` +
    `or more (aws-s3: objectLockEnabled: true, objectLockDefaultRetention: ObjectLockRetention.compliance(Duration.days(${minimum})))`;
  for (const { id, resource } of resourcesOf(template, "AWS::S3::Bucket")) {
    if (tag(resource, AWS_TAGS.audit) !== "true") continue;
    const bucket = props(resource);
    const say = (location: string, problem: string) => found.push({ logicalId: id, location: `Properties/${location}`, problem, fix });
    if (bucket.ObjectLockEnabled !== true) {
      say("ObjectLockEnabled", "is an audit bucket that does not set ObjectLockEnabled to true, so its records can be deleted");
    }
    const retention = record(record(record(bucket.ObjectLockConfiguration).Rule).DefaultRetention);
    if (Object.keys(retention).length === 0) {
      say(
        "ObjectLockConfiguration",
        "is an audit bucket with no ObjectLockConfiguration.Rule.DefaultRetention, so new records are not locked",
      );
      continue;
    }
    if (retention.Mode !== "COMPLIANCE") {
      say(
        "ObjectLockConfiguration/Rule/DefaultRetention/Mode",
        retention.Mode === "GOVERNANCE"
          ? 'is an audit bucket whose default retention is in "GOVERNANCE" mode, which users with s3:BypassGovernanceRetention can override'
          : "is an audit bucket whose default retention is not in COMPLIANCE mode",
      );
    }
    const kept = retentionDays(retention.Days, retention.Years);
    if (kept === undefined) {
      say(
        "ObjectLockConfiguration/Rule/DefaultRetention",
        "is an audit bucket whose default retention sets no whole number of Days or Years",
      );
    } else if (kept < minimum) {
      say(
        "ObjectLockConfiguration/Rule/DefaultRetention",
        `is an audit bucket that locks records for ${dayCount(kept)} by default, under the minimum of ${dayCount(minimum)}`,
      );
    }
  }
  return found;
}
