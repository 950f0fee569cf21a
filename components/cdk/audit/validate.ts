import type { ValidationProblem } from "../../validation/problems";
import { isRecord } from "../../validation/values";
import { checkAuditBucketOptions, checkS3BucketName } from "../../aws/audit/rules";

// The audit bucket's rules are the Pulumi side's (components/aws/audit/rules.ts reaches no Pulumi): one implementation.

/** The Pulumi side's `checkS3BucketName`, under the name the CDK constructs use. */
export const checkCdkS3BucketName = checkS3BucketName;

/** Problems with {@link AuditBucketProps}, all at once: names, retention (at least the minimum), transition, log retention, tags. */
export function validateAuditBucketProps(props: unknown): ValidationProblem[] {
  if (props === undefined) return [];
  if (!isRecord(props)) return [{ argument: "props", value: props, problem: "must be an object", fix: "pass { retentionDays }" }];
  const problems: ValidationProblem[] = [];
  if (props.bucketName !== undefined) problems.push(...checkCdkS3BucketName("bucketName", props.bucketName));
  if (props.logBucketName !== undefined) problems.push(...checkCdkS3BucketName("logBucketName", props.logBucketName));
  problems.push(...checkAuditBucketOptions(props, props.bucketName, props.logBucketName));
  return problems;
}
