import type { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";

/** The AWS policies, in report order (policies/all.ts appends them to the pack). */
export const awsPolicies: (ResourceValidationPolicy | StackValidationPolicy)[] = [];
