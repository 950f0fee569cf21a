import { AWS_TAGS } from "../../vocabulary";

// The Pulumi side's pure binding, role names and policies (components/aws/identity/{binding,policies,spec}.ts reach no
// Pulumi), under the names the CDK constructs use: one implementation for both.
export {
  AWS_IP_FAMILIES as CDK_AWS_IP_FAMILIES,
  AWS_PARTITIONS as CDK_AWS_PARTITIONS,
  type AwsAgentIdentityMode as CdkAgentIdentityMode,
  type AwsIdentityBindingArgs as CdkAwsIdentityBindingArgs,
  type AwsIpFamily as CdkAwsIpFamily,
  type AwsPartition as CdkAwsPartition,
} from "../../aws/identity/spec";
export {
  IRSA_AUDIENCE as CDK_IRSA_AUDIENCE,
  IRSA_REGIONAL_STS_ANNOTATION as CDK_IRSA_REGIONAL_STS_ANNOTATION,
  IRSA_ROLE_ANNOTATION as CDK_IRSA_ROLE_ANNOTATION,
  POD_IDENTITY_PRINCIPAL as CDK_POD_IDENTITY_PRINCIPAL,
  awsAgentIdentityMode,
  awsAgentRoleName,
  awsIdentityBinding as cdkAwsIdentityBinding,
  awsPermissionsOf,
  bindAwsIdentity as bindCdkAwsIdentity,
} from "../../aws/identity/binding";
export {
  AGENT_POLICY_NAME as CDK_AGENT_POLICY_NAME,
  MAX_ROLE_INLINE_POLICY as CDK_MAX_ROLE_INLINE_POLICY,
  agentPermissionsPolicy,
} from "../../aws/identity/policies";

/** Longest an agent role's session lasts, in seconds (IAM's minimum, one hour), as on the Pulumi side. */
export const CDK_AGENT_ROLE_MAX_SESSION_SECONDS = 3600;

/**
 * Extra tags without agentcloud's own keys (`AWS_TAGS`): those are set by the constructs alone, so an extra tag can
 * neither fake a wildcard acknowledgement nor put the audit tag on a bucket that is not the audit bucket.
 */
export function extraTags(tags: Readonly<Record<string, string>> | undefined): [string, string][] {
  const reserved: readonly string[] = Object.values(AWS_TAGS);
  return Object.entries(tags ?? {}).filter(([key]) => !reserved.includes(key));
}
