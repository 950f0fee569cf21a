/**
 * What makes a workload an agent. A pod template is an agent's when any of these holds:
 * - its own labels carry `agentcloud.dev/agent` (any value);
 * - the object that carries it (the Deployment, CronJob, ...) carries that label;
 * - the object sits in an agent tenant namespace: a Namespace in the same stack labelled `agentcloud.dev/tenant`.
 * So removing the label does not make a workload in a tenant namespace an ordinary one. An object without
 * `metadata.namespace` is judged as being in `default` (where Kubernetes puts it when the provider sets none).
 */
import type { PolicyResource, StackValidationArgs } from "@pulumi/policy";
import { parseType } from "./kinds";
import { agentReasonOf, isStatedReason } from "./shared-rules";
import { podTemplatesOf, record, text, type PodTemplate } from "./pod-templates";
import { ANNOTATIONS, LABELS } from "./vocabulary";

const NAMESPACE_KINDS = { core: { Namespace: true } } as const;

/** A tenant Namespace: name, URN, labels and annotations. */
export interface TenantNamespace {
  name: string;
  urn: string;
  labels: Record<string, unknown>;
  annotations: Record<string, unknown>;
}

/** The Namespaces labelled `agentcloud.dev/tenant` (patches and list items too), in resource order, last one per name. */
export function tenantNamespaceObjects(resources: readonly PolicyResource[]): TenantNamespace[] {
  const byName = new Map<string, TenantNamespace>();
  for (const resource of resources) {
    const parsed = parseType(resource.type, NAMESPACE_KINDS);
    if (parsed === undefined) continue;
    const props = record(resource.props);
    const objects = parsed.variant === "list" ? (Array.isArray(props.items) ? (props.items as unknown[]) : []) : [props];
    for (const object of objects) {
      const metadata = record(record(object).metadata);
      const name = text(metadata.name) ?? (parsed.variant === "list" ? undefined : resource.name);
      const labels = record(metadata.labels);
      if (name === undefined || typeof labels[LABELS.tenant] !== "string") continue;
      byName.set(name, { name, urn: resource.urn, labels, annotations: record(metadata.annotations) });
    }
  }
  return [...byName.values()];
}

/** The Namespaces in the stack labelled as agent tenant namespaces (patches and list items too): name to URN. */
export function tenantNamespaces(resources: readonly PolicyResource[]): Map<string, string> {
  return new Map(tenantNamespaceObjects(resources).map((n) => [n.name, n.urn]));
}

/** Why a pod template is an agent's (for messages), or undefined when it is not. */
export function agentReason(template: PodTemplate, tenants: ReadonlyMap<string, string>): string | undefined {
  return agentReasonOf(template.metadata.labels, template.objectLabels, template.namespace, tenants);
}

/** An agent pod template and the resource it came from. */
export interface AgentTemplate {
  resource: PolicyResource;
  template: PodTemplate;
  /** Why it counts as an agent, e.g. `labelled agentcloud.dev/agent`. */
  why: string;
}

/** Every agent pod template in the stack, in resource order. */
export function agentTemplates(resources: readonly PolicyResource[]): AgentTemplate[] {
  const tenants = tenantNamespaces(resources);
  const found: AgentTemplate[] = [];
  for (const resource of resources) {
    for (const template of podTemplatesOf({ type: resource.type, name: resource.name, props: record(resource.props) })) {
      const why = agentReason(template, tenants);
      if (why !== undefined) found.push({ resource, template, why });
    }
  }
  return found;
}

/** Runs `check` on every agent pod template of the stack; not applicable when the stack has none. */
export function validateAgentTemplates(
  check: (agent: AgentTemplate, args: StackValidationArgs, report: (message: string) => void) => void,
): (args: StackValidationArgs, report: (message: string, urn?: string) => void) => void {
  return (args, report) => {
    const agents = agentTemplates(args.resources);
    if (agents.length === 0) {
      return args.notApplicable(`No pod template is labelled ${LABELS.agent} or sits in a namespace labelled ${LABELS.tenant}`);
    }
    for (const agent of agents) check(agent, args, (message) => report(message, agent.resource.urn));
  };
}

/** The annotation value of a sandbox opt-out on the pod template, or undefined when it has none. */
export function optOutAnnotation(template: PodTemplate): string | undefined {
  const value = template.metadata.annotations?.[ANNOTATIONS.unsafeNoSandbox];
  return typeof value === "string" ? value : undefined;
}

/** True when the pod template opted out of sandboxing with a reason (an empty or blank reason is no opt-out). */
export function hasValidOptOut(template: PodTemplate): boolean {
  return isStatedReason(optOutAnnotation(template));
}
