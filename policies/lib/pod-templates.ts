/**
 * Finds the pod template inside any pod-bearing Kubernetes resource, as the engine hands its inputs to policies
 * (`{apiVersion, kind, metadata, spec}`), so each policy judges pods the same way whatever wraps them.
 */
import type { ReportViolation, ResourceValidation, ResourceValidationArgs } from "@pulumi/policy";
import type { Container, EphemeralContainer, PodSpec } from "kubernetes-types/core/v1";
import type { ObjectMeta } from "kubernetes-types/meta/v1";
import { ANNOTATIONS, LABELS } from "../../components/vocabulary";

/** Where the pod template (`{metadata, spec}`) sits in each pod-bearing type's inputs; `[]` is the resource itself. */
export const POD_TEMPLATE_PATHS: Readonly<Record<string, readonly string[]>> = {
  "kubernetes:core/v1:Pod": [],
  "kubernetes:apps/v1:Deployment": ["spec", "template"],
  "kubernetes:apps/v1:StatefulSet": ["spec", "template"],
  "kubernetes:apps/v1:DaemonSet": ["spec", "template"],
  "kubernetes:apps/v1:ReplicaSet": ["spec", "template"],
  "kubernetes:batch/v1:Job": ["spec", "template"],
  "kubernetes:batch/v1:CronJob": ["spec", "jobTemplate", "spec", "template"],
  // agent-sandbox v0.5.6 CRDs: spec.podTemplate.{metadata,spec} in both served versions.
  "kubernetes:agents.x-k8s.io/v1beta1:Sandbox": ["spec", "podTemplate"],
  "kubernetes:agents.x-k8s.io/v1alpha1:Sandbox": ["spec", "podTemplate"],
  "kubernetes:extensions.agents.x-k8s.io/v1beta1:SandboxTemplate": ["spec", "podTemplate"],
  "kubernetes:extensions.agents.x-k8s.io/v1alpha1:SandboxTemplate": ["spec", "podTemplate"],
};

/** A pod template found in a resource, with what messages need to name it. */
export interface PodTemplate {
  /** Kind from the type token, e.g. `Deployment`. */
  kind: string;
  /** `metadata.name` of the resource, else its Pulumi name. */
  name: string;
  /** The pod template's metadata (the resource's own for a Pod). */
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

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function record(value: unknown): Record<string, unknown> {
  return isRecord(value) ? value : {};
}

/** The pod template of a pod-bearing resource, or undefined for any other type. */
export function podTemplateOf(resource: { type: string; name: string; props: Record<string, unknown> }): PodTemplate | undefined {
  const path = POD_TEMPLATE_PATHS[resource.type];
  if (path === undefined) return undefined;
  let template: Record<string, unknown> = resource.props;
  for (const key of path) template = record(template[key]);
  const resourceName = record(resource.props.metadata).name;
  return {
    kind: resource.type.slice(resource.type.lastIndexOf(":") + 1),
    name: typeof resourceName === "string" && resourceName !== "" ? resourceName : resource.name,
    metadata: record(template.metadata) as ObjectMeta,
    spec: record(template.spec) as unknown as PodSpec,
    specPath: [...path, "spec"].join("."),
  };
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
      const name = typeof container.name === "string" && container.name !== "" ? container.name : `${field}[${i}]`;
      refs.push({ role, name, container });
    });
  }
  return refs;
}

/** True when the pod template carries the agent label (any value). */
export function isAgent(template: PodTemplate): boolean {
  return typeof template.metadata.labels?.[LABELS.agent] === "string";
}

/** The stated reason of an explicit sandbox opt-out on the pod template, or undefined when it has none. */
export function sandboxOptOutReason(template: PodTemplate): string | undefined {
  const reason = template.metadata.annotations?.[ANNOTATIONS.unsafeNoSandbox];
  return typeof reason === "string" ? reason : undefined;
}

/** The kinds a pod policy applies to, for not-applicable reasons. */
const POD_KINDS = [...new Set(Object.keys(POD_TEMPLATE_PATHS).map((t) => t.slice(t.lastIndexOf(":") + 1)))].join(", ");

/** A resource validation that runs `check` on the pod template of every pod-bearing resource. */
export function validatePodTemplates(
  check: (template: PodTemplate, args: ResourceValidationArgs, report: ReportViolation) => void,
): ResourceValidation {
  return (args, report) => {
    const template = podTemplateOf(args);
    if (template === undefined) return args.notApplicable(`Policy only applies to pod-bearing resources (${POD_KINDS})`);
    check(template, args, report);
  };
}

/** Like {@link validatePodTemplates}, for pod templates labelled as agents only. */
export function validateAgentPodTemplates(
  check: (template: PodTemplate, args: ResourceValidationArgs, report: ReportViolation) => void,
): ResourceValidation {
  return validatePodTemplates((template, args, report) => {
    if (!isAgent(template)) return args.notApplicable(`Policy only applies to pod templates labelled ${LABELS.agent}`);
    check(template, args, report);
  });
}
