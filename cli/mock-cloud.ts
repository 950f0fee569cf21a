import * as pulumi from "@pulumi/pulumi";
import { awsCallResult, awsComputedOutputs } from "./mock-cloud-aws";
import { gcpCallResult, gcpComputedOutputs } from "./mock-cloud-gcp";

/**
 * What the offline plan answers for outputs a cloud computes (ARNs, endpoints, e-mail addresses) and for lookups that
 * need credentials (account, project, zones): deterministic placeholders derived from names and config, so programs
 * that interpolate them plan, and policies see whole values. Nothing here is a real account or endpoint.
 */
export interface CloudContext {
  /** The stack's config (`aws:region`, `gcp:project`, ...). */
  config: Record<string, string>;
}

function context(): CloudContext {
  return { config: pulumi.runtime.allConfig() };
}

/** Computed outputs of a custom resource, merged over its echoed inputs (empty for anything not cloud). */
export function computedOutputs(type: string, name: string, inputs: Record<string, unknown>): Record<string, unknown> {
  if (type.startsWith("aws:")) return awsComputedOutputs(type, name, inputs, context());
  if (type.startsWith("gcp:")) return gcpComputedOutputs(type, name, inputs, context());
  return {};
}

/** The result of a provider function (`aws.getCallerIdentity`, ...), or undefined to echo its inputs. */
export function callResult(token: string, inputs: Record<string, unknown>): Record<string, unknown> | undefined {
  if (token.startsWith("aws:")) return awsCallResult(token, inputs, context());
  if (token.startsWith("gcp:")) return gcpCallResult(token, inputs, context());
  return undefined;
}
