import type { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { agentIamScoped } from "./agent-iam-scoped";
import { auditBucket } from "./audit-bucket";
import { gpuNodeTaint } from "./gpu-node-taint";
import { nodeServiceAccount } from "./node-service-account";
import { privateCluster } from "./private-cluster";
import { sandboxGvisor } from "./sandbox-gvisor";
import { secretsEncryption } from "./secrets-encryption";
import { shieldedNodes } from "./shielded-nodes";
import { workloadIdentity } from "./workload-identity";

/** The GCP policies, in report order (policies/all.ts appends them to the pack). */
export const gcpPolicies: (ResourceValidationPolicy | StackValidationPolicy)[] = [
  privateCluster,
  workloadIdentity,
  agentIamScoped,
  secretsEncryption,
  shieldedNodes,
  nodeServiceAccount,
  sandboxGvisor,
  gpuNodeTaint,
  auditBucket,
];
