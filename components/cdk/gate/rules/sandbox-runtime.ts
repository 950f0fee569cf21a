import {
  ANNOTATIONS,
  LABELS,
  POD_BEARING,
  agentReasonOf,
  isStatedReason,
  runtimeClassVerdict,
} from "../../../../policies/lib/shared-rules";
import type { CfnTemplate, GateSettings, RuleFinding } from "../spec";
import { isObject, list, props, record, resourcesOf, textOf } from "../template";

/** The custom resource aws-eks-v2's (and aws-eks's) KubernetesManifest synthesises; `Manifest` is its objects as JSON. */
export const MANIFEST_TYPE = "Custom::AWSCDK-EKS-KubernetesResource";

/** The Kubernetes objects of one manifest resource, or undefined when its Manifest is not readable JSON. */
function objectsOf(manifest: unknown): Record<string, unknown>[] | undefined {
  const text = textOf(manifest);
  if (text === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  const top = Array.isArray(parsed) ? parsed : [parsed];
  // A `List` (kind `List`, `DeploymentList`, ...) holds its objects in `items`.
  return top
    .filter(isObject)
    .flatMap((o) => (typeof o.kind === "string" && o.kind.endsWith("List") ? list(o.items).filter(isObject) : [o]));
}

/** `apps/v1` → `apps`; `v1` → `core`. */
function groupOf(apiVersion: unknown): string | undefined {
  if (typeof apiVersion !== "string") return undefined;
  return apiVersion.includes("/") ? apiVersion.split("/")[0] : "core";
}

/**
 * Agent code is untrusted: every agent pod template in the cluster's manifests runs under a sandbox RuntimeClass
 * unless it opted out with a reason (the pack's agentcloud-sandbox-runtime-class-required, whose agent test, opt-out
 * test and runtime verdict this shares). Helm charts' rendered objects are not in the template and are not judged.
 */
export function sandboxRuntime(template: CfnTemplate, settings: GateSettings): RuleFinding[] {
  const found: RuleFinding[] = [];
  const manifests = resourcesOf(template, MANIFEST_TYPE).map(({ id, resource }) => ({ id, objects: objectsOf(props(resource).Manifest) }));
  const tenants = new Set<string>();
  for (const object of manifests.flatMap((m) => m.objects ?? [])) {
    const metadata = record(object.metadata);
    if (object.kind === "Namespace" && typeof metadata.name === "string" && typeof record(metadata.labels)[LABELS.tenant] === "string") {
      tenants.add(metadata.name);
    }
  }
  const allowed = settings.sandboxRuntimes.join(", ");
  for (const { id, objects } of manifests) {
    if (objects === undefined) {
      found.push({
        logicalId: id,
        location: "Properties/Manifest",
        problem:
          "has a Manifest that is not readable JSON (an intrinsic other than Ref, Fn::GetAtt, Fn::Join or Fn::Sub), so its pod templates cannot be checked",
        fix: "build the manifest from plain values and Ref / Fn::GetAtt tokens only",
      });
      continue;
    }
    objects.forEach((object, i) => {
      const group = groupOf(object.apiVersion);
      const kind = typeof object.kind === "string" ? object.kind : undefined;
      const path = group === undefined || kind === undefined ? undefined : POD_BEARING[group]?.[kind];
      if (path === undefined) return;
      const metadata = record(object.metadata);
      let pod: Record<string, unknown> = object;
      for (const key of path) pod = record(pod[key]);
      const podMetadata = record(pod.metadata);
      const namespace = typeof metadata.namespace === "string" && metadata.namespace !== "" ? metadata.namespace : undefined;
      const why = agentReasonOf(podMetadata.labels, metadata.labels, namespace, tenants);
      if (why === undefined || isStatedReason(record(podMetadata.annotations)[ANNOTATIONS.unsafeNoSandbox])) return;
      const field = [...path, "spec", "runtimeClassName"].join(".");
      const name = typeof metadata.name === "string" ? metadata.name : `Manifest[${i}]`;
      const subject = `holds ${kind} "${name}"${namespace === undefined ? "" : ` in namespace "${namespace}"`}, an agent (${why}),`;
      const runtimeClass = record(pod.spec).runtimeClassName;
      const verdict = runtimeClassVerdict(runtimeClass, settings.sandboxRuntimes);
      if (verdict === undefined) return;
      found.push({
        logicalId: id,
        location: "Properties/Manifest",
        problem:
          verdict === "unset"
            ? `${subject} that sets no ${field}, so it runs without a sandbox`
            : `${subject} whose ${field} ${JSON.stringify(runtimeClass)} is not a sandbox RuntimeClass`,
        fix:
          `set ${field} to a sandbox RuntimeClass (${allowed}), or, if the agent truly cannot be sandboxed, annotate its pod ` +
          `template with ${ANNOTATIONS.unsafeNoSandbox}: "<reason>" (agentcloud's unsafeNoSandbox option)`,
      });
    });
  }
  return found;
}
