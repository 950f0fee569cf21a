import type { ResourceValidationPolicy } from "@pulumi/policy";
import { kubernetesDeprecationGuide } from "../lib/frameworks";
import { lookup, typeParts } from "../lib/kinds";
import { REMOVED_APIS } from "../lib/removed-apis";
import { record, text } from "../lib/pod-templates";
import { strictConfigSchema } from "../lib/config-schema";

/** The removed API a type token names (also as `...Patch`, `...List` or a CustomResource), or undefined. */
export function removedApi(type: string): { apiVersion: string; kind: string; removedIn: string; use: string } | undefined {
  const parts = typeParts(type);
  if (parts === undefined) return undefined;
  const apiVersion = `${parts.group}/${parts.version}`;
  for (const kind of [parts.tokenKind, parts.tokenKind.replace(/(Patch|List)$/, "")]) {
    const found = lookup(REMOVED_APIS, apiVersion, kind);
    if (found !== undefined)
      return {
        apiVersion: Object.keys(REMOVED_APIS).find((k) => k.toLowerCase() === apiVersion.toLowerCase())!,
        kind: found[0],
        removedIn: found[1][0],
        use: found[1][1],
      };
  }
  return undefined;
}

/** A removed API version cannot be applied, and a policy that judged it as current would judge the wrong object. */
export const noRemovedApis: ResourceValidationPolicy = {
  name: "agentcloud-kubernetes-no-removed-apis",
  description: "Resources must not use an API version that Kubernetes no longer serves (extensions/v1beta1, batch/v1beta1 CronJob, ...).",
  enforcementLevel: "mandatory",
  severity: "high",
  framework: kubernetesDeprecationGuide("Removed APIs by release"),
  tags: ["k8s-deprecation-guide:removed-apis"],
  remediationSteps:
    "Move the resource to the API version the message names, and check the migration notes in the Deprecated API Migration Guide.",
  configSchema: strictConfigSchema(),
  validateResource: (args, report) => {
    const removed = removedApi(args.type);
    if (removed === undefined) return args.notApplicable("Policy only applies to resources of removed API versions");
    report(
      `${args.type.slice(args.type.lastIndexOf(":") + 1)} "${text(record(args.props.metadata).name) ?? args.name}" uses ${removed.apiVersion} ${removed.kind}, which Kubernetes ` +
        `stopped serving in v${removed.removedIn}; use ${removed.use} instead.`,
    );
  },
};
