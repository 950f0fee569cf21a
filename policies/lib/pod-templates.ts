/**
 * Finds the pod templates inside any pod-bearing Kubernetes resource, as the engine hands its inputs to policies
 * (`{apiVersion, kind, metadata, spec}`), so each policy judges pods the same way whatever wraps them. A `...Patch`
 * is judged as the whole object it would become (the plan writes it as one); a `...List` yields one template per item.
 */
import type { ReportViolation, ResourceValidation, ResourceValidationArgs } from "@pulumi/policy";
import type { Container, EphemeralContainer, PodSpec } from "kubernetes-types/core/v1";
import type { ObjectMeta } from "kubernetes-types/meta/v1";
import { POD_BEARING_KINDS, podTemplatePath } from "./kinds";

/** A resource as policies see it: type token, Pulumi name and inputs. */
export interface ResourceInputs {
  type: string;
  name: string;
  props: Record<string, unknown>;
}

/** A pod template found in a resource, with what messages need to name it. */
export interface PodTemplate {
  /** Kind as the type token spells it (`Deployment`, `DeploymentPatch`), or the item kind inside a `...List`. */
  kind: string;
  /** `metadata.name` of the object, else its Pulumi name (`<name>[<i>]` for a list item). */
  name: string;
  /** `metadata.namespace` of the object, when it sets one. */
  namespace?: string;
  /** Labels of the object that carries the template (the workload's own, not the template's). */
  objectLabels: Record<string, unknown>;
  /** The pod template's metadata (the object's own for a Pod). */
  metadata: ObjectMeta;
  spec: PodSpec;
  /** Path of the pod spec in the resource, e.g. `spec.template.spec`, for messages. */
  specPath: string;
}

export type ContainerRole = "container" | "init container" | "ephemeral container";

/** One container of a pod spec, with its role for messages. */
export interface ContainerRef {
  role: ContainerRole;
  name: string;
  container: Container | EphemeralContainer;
}

/** True for a plain object (not null, not an array). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The value when it is a plain object, else `{}`. */
export function record(value: unknown): Record<string, unknown> {
  return isRecord(value) ? value : {};
}

/** A non-empty string, else undefined. */
export function text(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}

function templateAt(object: Record<string, unknown>, path: readonly string[], kind: string, name: string, prefix: string): PodTemplate {
  let template: Record<string, unknown> = object;
  for (const key of path) template = record(template[key]);
  const metadata = record(object.metadata);
  return {
    kind,
    name: text(metadata.name) ?? name,
    namespace: text(metadata.namespace),
    objectLabels: record(metadata.labels),
    metadata: record(template.metadata),
    spec: record(template.spec) as unknown as PodSpec,
    specPath: [...prefix.split(".").filter((p) => p !== ""), ...path, "spec"].join("."),
  };
}

/** Every pod template of a pod-bearing resource (one per item of a list), or `[]` for any other type. */
export function podTemplatesOf(resource: ResourceInputs): PodTemplate[] {
  const found = podTemplatePath(resource.type);
  if (found === undefined) return [];
  const { parsed, path } = found;
  if (parsed.variant !== "list") return [templateAt(resource.props, path, parsed.tokenKind, resource.name, "")];
  const items = Array.isArray(resource.props.items) ? (resource.props.items as unknown[]) : [];
  return items.map((item, i) => templateAt(record(item), path, parsed.kind, `${resource.name}[${i}]`, `items[${i}]`));
}

/** `Deployment "coder"`: how messages name a resource. */
export function describeTemplate(template: PodTemplate): string {
  return `${template.kind} "${template.name}"`;
}

/** `Deployment "coder" init container "setup"`: how messages name a container. */
export function describeContainer(template: PodTemplate, ref: ContainerRef): string {
  return `${describeTemplate(template)} ${ref.role} "${ref.name}"`;
}

/** Every container of a pod spec: containers, then initContainers, then ephemeralContainers. */
export function containersOf(spec: PodSpec): ContainerRef[] {
  const groups: [ContainerRole, string, unknown][] = [
    ["container", "containers", spec.containers],
    ["init container", "initContainers", spec.initContainers],
    ["ephemeral container", "ephemeralContainers", spec.ephemeralContainers],
  ];
  const refs: ContainerRef[] = [];
  for (const [role, field, list] of groups) {
    if (!Array.isArray(list)) continue;
    list.forEach((item: unknown, i) => {
      const container = record(item) as unknown as Container;
      refs.push({ role, name: text(container.name) ?? `${field}[${i}]`, container });
    });
  }
  return refs;
}

/** The kinds a pod policy applies to, for not-applicable reasons. */
export const POD_KINDS_TEXT = POD_BEARING_KINDS.join(", ");

/** A resource validation that runs `check` on every pod template of every pod-bearing resource. */
export function validatePodTemplates(
  check: (template: PodTemplate, args: ResourceValidationArgs, report: ReportViolation) => void,
): ResourceValidation {
  return (args, report) => {
    const templates = podTemplatesOf(args);
    if (templates.length === 0) return args.notApplicable(`Policy only applies to pod-bearing resources (${POD_KINDS_TEXT})`);
    for (const template of templates) check(template, args, report);
  };
}
