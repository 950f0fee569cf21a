import type { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { agentRoleNoWildcards } from "./agent-role-no-wildcards";
import { auditBucket } from "./audit-bucket";
import { eksControlPlaneLogs } from "./eks-control-plane-logs";
import { eksPrivateEndpoint } from "./eks-private-endpoint";
import { eksSecretsEncryption } from "./eks-secrets-encryption";
import { gpuNodeTaint } from "./gpu-node-taint";
import { kmsKeyRotation } from "./kms-key-rotation";
import { nodeImdsv2 } from "./node-imdsv2";

/** The AWS policies, in report order (policies/all.ts appends them to the pack). */
export const awsPolicies: (ResourceValidationPolicy | StackValidationPolicy)[] = [
  eksPrivateEndpoint,
  eksSecretsEncryption,
  eksControlPlaneLogs,
  nodeImdsv2,
  gpuNodeTaint,
  auditBucket,
  agentRoleNoWildcards,
  kmsKeyRotation,
];
