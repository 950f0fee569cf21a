import { describe, expect, it } from "vitest";
import { pipelineRequired } from "../../../policies/audit/pipeline-required";
import { messages, registration, violations } from "../helpers";
import { BUCKET, LOGGING_SINK, S3_SINK, lockedBucket, lockedSink, shipper, vpc } from "./objects";

describe("agentcloud-audit-pipeline-required", () => {
  it("passes a shipper writing to a COMPLIANCE-locked S3 bucket, or through a sink into a locked GCS bucket", async () => {
    expect(await messages(pipelineRequired, [vpc, shipper(S3_SINK), ...lockedBucket()])).toEqual([]);
    expect(
      await messages(pipelineRequired, [registration("gcp:compute/network:Network", "n", {}), shipper(LOGGING_SINK), ...lockedSink()]),
    ).toEqual([]);
  });

  it("is not applicable to a stack without cloud resources (local)", async () => {
    const found = await violations([pipelineRequired], [registration("kubernetes:core/v1:Namespace", "ns", { metadata: { name: "a" } })]);
    expect(found).toEqual([]);
  });

  it("flags a cloud stack without the shipper, as mandatory and high", async () => {
    const found = await violations([pipelineRequired], [vpc, ...lockedBucket()]);
    expect(found.map((v) => [v.message, v.enforcementLevel, v.severity])).toEqual([
      [
        "The stack has AWS or GCP resources but no audit pipeline: no Helm release of fluent-bit; give AgentCloud audit options (AwsAuditShipping or GcpAuditShipping's fleetAudit).",
        "mandatory",
        "high",
      ],
    ]);
  });

  it("flags an S3 output to a bucket not locked in COMPLIANCE mode, or without Content-MD5", async () => {
    const output = 'Helm Release "agentcloud-audit" output "audit-store"';
    expect(await messages(pipelineRequired, [vpc, shipper(S3_SINK), ...lockedBucket("GOVERNANCE")])).toEqual([
      `${output} writes to S3 bucket "${BUCKET}", which is not a bucket of this stack with Object Lock in COMPLIANCE mode.`,
    ]);
    const noMd5 = shipper(S3_SINK, (v) => (v.config.outputs = v.config.outputs.replace(/\n\s+send_content_md5\s+true/, "")));
    expect(await messages(pipelineRequired, [vpc, noMd5, ...lockedBucket()])).toEqual([
      `${output} does not set send_content_md5 true, without which an Object Lock bucket refuses its uploads.`,
    ]);
    expect(await messages(pipelineRequired, [vpc, shipper(S3_SINK)])).toEqual([
      `${output} writes to S3 bucket "${BUCKET}", which is not a bucket of this stack with Object Lock in COMPLIANCE mode.`,
    ]);
  });

  it("flags a Cloud Logging output with no sink into a locked bucket, and a shipper with no cloud output", async () => {
    expect(await messages(pipelineRequired, [vpc, shipper(LOGGING_SINK), ...lockedSink(false)])).toEqual([
      'Helm Release "agentcloud-audit" output "audit-store" writes to Cloud Logging, but no log sink of this stack routes the agentcloud-audit log into a GCS bucket of this stack with a locked retention policy.',
    ]);
    const stdoutOnly = shipper(S3_SINK, (v) => (v.config.outputs = "[OUTPUT]\n    Name stdout\n    Match *\n"));
    expect(await messages(pipelineRequired, [vpc, stdoutOnly, ...lockedBucket()])).toEqual([
      'Helm Release "agentcloud-audit" has no s3 or stackdriver output, so it ships audit records to no WORM store.',
    ]);
  });
});
