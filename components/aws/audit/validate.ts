import type { ValidationProblem } from "../../validation/problems";
import { checkOneOf, isRecord } from "../../validation/values";
import { checkAwsAccountId, checkAwsRegion } from "../identity/validate";
import { AWS_PARTITIONS } from "../identity/spec";
import { defaultAuditBucketName, defaultAuditLogBucketName } from "./resolve";
import { checkAuditBucketOptions, checkS3BucketName } from "./rules";

export { checkS3BucketName } from "./rules";

/** Problems with {@link S3AuditBucketArgs}, all at once: names, retention (at least the minimum), transition, log retention. */
export function validateS3AuditBucketArgs(args: unknown): ValidationProblem[] {
  if (!isRecord(args)) return [{ argument: "args", value: args, problem: "must be an object", fix: "pass { accountId, region }" }];
  const problems = [...checkAwsAccountId("accountId", args.accountId), ...checkAwsRegion("region", args.region)];
  if (args.partition !== undefined) problems.push(...checkOneOf("partition", args.partition, AWS_PARTITIONS));
  const names = problems.length === 0 ? { account: args.accountId as string, region: args.region as string } : undefined;
  const bucket = args.bucketName ?? (names && defaultAuditBucketName(names.account, names.region));
  const logBucket = args.logBucketName ?? (names && defaultAuditLogBucketName(names.account, names.region));
  // Defaults are checked too (a long region could overflow them); without a valid account and region there are none.
  if (bucket !== undefined) problems.push(...checkS3BucketName("bucketName", bucket));
  if (logBucket !== undefined) problems.push(...checkS3BucketName("logBucketName", logBucket));
  problems.push(...checkAuditBucketOptions(args, bucket, logBucket));
  return problems;
}
