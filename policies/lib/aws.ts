/**
 * How the AWS policies read `@pulumi/aws` 7.x resources: type tokens, tags, names in messages, links between a resource
 * and the resources that configure it (by name: ids and ARNs are unknown in a real preview), and IAM policy documents.
 */
import type { PolicyResource } from "@pulumi/policy";
import { record } from "./pod-templates";

/** The type tokens the AWS policies judge. Lists hold a resource and its deprecated `...V2` alias. */
export const AWS_TYPES = {
  cluster: "aws:eks/cluster:Cluster",
  nodeGroup: "aws:eks/nodeGroup:NodeGroup",
  launchTemplate: "aws:ec2/launchTemplate:LaunchTemplate",
  bucket: ["aws:s3/bucket:Bucket", "aws:s3/bucketV2:BucketV2"],
  objectLock: [
    "aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration",
    "aws:s3/bucketObjectLockConfigurationV2:BucketObjectLockConfigurationV2",
  ],
  versioning: ["aws:s3/bucketVersioning:BucketVersioning", "aws:s3/bucketVersioningV2:BucketVersioningV2"],
  encryption: [
    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
    "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2",
  ],
  publicAccessBlock: ["aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock"],
  role: "aws:iam/role:Role",
  rolePolicy: "aws:iam/rolePolicy:RolePolicy",
  rolePolicyAttachment: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
  policyAttachment: "aws:iam/policyAttachment:PolicyAttachment",
  policy: "aws:iam/policy:Policy",
  key: "aws:kms/key:Key",
} as const;

/** The NVIDIA GPU taint key (a copy of `GPU_TAINT_KEY` in components/vocabulary.ts; test/policies/aws checks they agree). */
export const GPU_TAINT_KEY = "nvidia.com/gpu";

/** `Label "pulumi-name"`: AWS resources are named by their Pulumi resource name, never by a property value. */
export function describeAws(label: string, name: string): string {
  return `${label} ${JSON.stringify(name)}`;
}

/** True when the type is the token, or one of the tokens. */
export function isType(type: string, tokens: string | readonly string[]): boolean {
  return typeof tokens === "string" ? type === tokens : tokens.includes(type);
}

/** The stack's resources of a type (or of any of several types). */
export function resourcesOf(resources: readonly PolicyResource[], tokens: string | readonly string[]): PolicyResource[] {
  return resources.filter((r) => isType(r.type, tokens));
}

/** A tag's value when it is a string, else undefined. */
export function tag(props: unknown, key: string): string | undefined {
  const value = record(record(props).tags)[key];
  return typeof value === "string" ? value : undefined;
}

/** The resources of a type whose `field` input is exactly `name` (a bucket's children by `bucket`, a role's by `role`). */
export function linkedByName(
  resources: readonly PolicyResource[],
  tokens: string | readonly string[],
  field: string,
  name: string,
): PolicyResource[] {
  return resourcesOf(resources, tokens).filter((r) => record(r.props)[field] === name);
}

/** A list input's items, or `[]` when it is not a list. */
export function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

// The IAM document reading is shared with the CDK gate.
export { hasWildcard, iamStatements, type IamStatement } from "./shared-rules";

/** An IAM action (`s3:GetObject`, `s3:Get*`, `*`): safe to show in messages. */
export const IAM_ACTION = /^(\*|[a-zA-Z0-9-]{1,40}:[A-Za-z0-9*?]{1,128})$/;

/** An ARN or `*`: safe to show in messages. */
export const ARN = /^(\*|arn:[a-z-]{1,20}:[a-z0-9-]{0,40}:[a-z0-9-]{0,30}:(\d{12}|aws)?:[A-Za-z0-9*?/:._+=,@-]{1,512})$/;

/** An S3 bucket name. */
export const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/** An EC2 launch template name. */
export const LAUNCH_TEMPLATE_NAME = /^[a-zA-Z0-9().\-/_]{3,128}$/;
