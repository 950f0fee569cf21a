import type { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { entry, outputsOf, shipperReleases, type FluentBitSection, type ShipperRelease } from "../lib/audit";
import { strictConfigSchema } from "../lib/config-schema";
import { owaspAgenticTop10 } from "../lib/frameworks";
import { isRecord, record, text } from "../lib/pod-templates";
import { AUDIT } from "../lib/vocabulary";

const BUCKET = "aws:s3/bucket:Bucket";
const OBJECT_LOCK = "aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration";
const OBJECT_LOCK_V2 = "aws:s3/bucketObjectLockConfigurationV2:BucketObjectLockConfigurationV2";
const GCS_BUCKET = "gcp:storage/bucket:Bucket";
const SINK = "gcp:logging/projectSink:ProjectSink";

/** True when the stack has an S3 bucket named `name` whose default retention is COMPLIANCE (a child resource or inline). */
function lockedS3Bucket(resources: readonly PolicyResource[], name: string): boolean {
  const bucket = resources.find((r) => r.type === BUCKET && record(r.props).bucket === name);
  if (bucket === undefined || record(bucket.props).objectLockEnabled !== true) return false;
  const inline = record(record(bucket.props).objectLockConfiguration);
  const modes = [
    ...resources
      .filter((r) => (r.type === OBJECT_LOCK || r.type === OBJECT_LOCK_V2) && record(r.props).bucket === name)
      .map((r) => r.props),
    ...(isRecord(inline.rule) ? [inline] : []),
  ].map((c) => record(record(record(c).rule).defaultRetention).mode);
  return modes.includes("COMPLIANCE");
}

/** Problems of one S3 output, as sentences. */
function s3Problems(resources: readonly PolicyResource[], output: FluentBitSection): string[] {
  const bucket = entry(output, "bucket");
  const problems: string[] = [];
  if (bucket === undefined || !lockedS3Bucket(resources, bucket)) {
    problems.push(
      `writes to S3 bucket ${JSON.stringify(bucket ?? "(none)")}, which is not a bucket of this stack with Object Lock in COMPLIANCE mode`,
    );
  }
  if (entry(output, "send_content_md5") !== "true") {
    problems.push("does not set send_content_md5 true, without which an Object Lock bucket refuses its uploads");
  }
  return problems;
}

/** True when a log sink of the stack routes the audit log into a GCS bucket of the stack with a locked retention policy. */
function lockedLogSink(resources: readonly PolicyResource[]): boolean {
  return resources.some((sink) => {
    if (sink.type !== SINK) return false;
    const props = record(sink.props);
    const filter = text(props.filter) ?? "";
    const destination = /^storage\.googleapis\.com\/(.+)$/.exec(text(props.destination) ?? "");
    if (destination === null || !filter.includes(`/logs/${AUDIT.logName}"`) || props.disabled === true) return false;
    return resources.some(
      (b) => b.type === GCS_BUCKET && record(b.props).name === destination[1] && record(record(b.props).retentionPolicy).isLocked === true,
    );
  });
}

/** Problems of one release: what each of its outputs lacks, or that it has no cloud output at all. */
function releaseProblems(resources: readonly PolicyResource[], release: ShipperRelease): string[] {
  const outputs = outputsOf(release).filter((o) => ["s3", "stackdriver"].includes(entry(o, "name") ?? ""));
  if (outputs.length === 0) return [`${release.label} has no s3 or stackdriver output, so it ships audit records to no WORM store.`];
  return outputs.flatMap((output) => {
    const name = `${release.label} output ${JSON.stringify(entry(output, "alias") ?? entry(output, "name"))}`;
    if (entry(output, "name") === "s3") return s3Problems(resources, output).map((p) => `${name} ${p}.`);
    return lockedLogSink(resources)
      ? []
      : [
          `${name} writes to Cloud Logging, but no log sink of this stack routes the ${AUDIT.logName} log into a GCS bucket ` +
            "of this stack with a locked retention policy.",
        ];
  });
}

/**
 * What the agents did must outlive anyone's wish to rewrite it: a stack on AWS or GCP ships the gateway's access log
 * and the agents' receipts with the audit pipeline (Fluent Bit) into a bucket nobody can rewrite while retained — S3
 * with Object Lock in COMPLIANCE mode, or a GCS bucket with a locked retention policy through a log sink.
 */
export const pipelineRequired: StackValidationPolicy = {
  name: "agentcloud-audit-pipeline-required",
  description:
    `A stack with AWS or GCP resources holds an audit pipeline: a Helm release of ${AUDIT.chart} whose s3 output writes ` +
    "(with send_content_md5 true) to an S3 bucket of the stack with Object Lock in COMPLIANCE mode, or whose stackdriver " +
    `output writes the ${AUDIT.logName} log that a log sink of the stack routes into a GCS bucket with a locked retention policy.`,
  enforcementLevel: "mandatory",
  severity: "high",
  configSchema: strictConfigSchema(),
  framework: owaspAgenticTop10("ASI09 Human-Agent Trust Exploitation: keep a record of what agents did that nobody can rewrite"),
  tags: ["owasp-agentic-top10:ASI09", "owasp-agentic-top10:ASI10", "nsa-cisa-k8s-hardening-1.2:logging-threat-detection"],
  remediationSteps:
    "Give AgentCloud audit options from the cloud layer: AwsAuditShipping's fleetAudit with S3AuditBucket on AWS, " +
    "GcpAuditShipping's fleetAudit with GcsAuditBucket on GCP. With your own shipper, write to a bucket with Object Lock " +
    "in COMPLIANCE mode (and send_content_md5 true), or through a log sink into a GCS bucket whose retention policy is locked.",
  validateStack: (args, report) => {
    const cloud = args.resources.some((r) => r.type.startsWith("aws:") || r.type.startsWith("gcp:"));
    if (!cloud) return args.notApplicable("No AWS or GCP resources: the audit pipeline's WORM store is a cloud bucket");
    const releases = shipperReleases(args.resources);
    if (releases.length === 0) {
      return report(
        `The stack has AWS or GCP resources but no audit pipeline: no Helm release of ${AUDIT.chart}; give AgentCloud ` +
          "audit options (AwsAuditShipping or GcpAuditShipping's fleetAudit).",
      );
    }
    for (const release of releases) for (const problem of releaseProblems(args.resources, release)) report(problem, release.resource.urn);
  },
};
