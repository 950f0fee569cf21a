import type { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";

/** The GCP policies, in report order (policies/all.ts appends them to the pack). */
export const gcpPolicies: (ResourceValidationPolicy | StackValidationPolicy)[] = [];
