import type { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { meetsRequirement } from "../lib/selectors";
import { strictConfigSchema } from "../lib/config-schema";
import { podSecurityStandards } from "../lib/frameworks";
import { describeObject, isGatewayLabelled, objectsOf, type KubeObject } from "../lib/gateway";
import { OBJECT_NAME, shown } from "../lib/messages";
import { containersOf, podTemplatesOf, record, text, type PodTemplate } from "../lib/pod-templates";
import { GATEWAY, LABELS } from "../lib/vocabulary";

const WITH_REPLICAS = ["Deployment", "StatefulSet", "ReplicaSet", "ReplicationController"];
const PDB = { policy: { PodDisruptionBudget: true } } as const;
const SERVICE_ACCOUNT = { core: { ServiceAccount: true } } as const;
const RESOURCES = ["requests.cpu", "requests.memory", "limits.cpu", "limits.memory"];

/** A gateway pod template, the resource and the object that carry it. */
interface GatewayWorkload {
  resource: PolicyResource;
  template: PodTemplate;
  object: Record<string, unknown>;
  /** The template's path prefix in the resource (`items[<i>].` for a list item). */
  prefix: string;
}

function gatewayWorkloads(resources: readonly PolicyResource[]): GatewayWorkload[] {
  const found: GatewayWorkload[] = [];
  for (const resource of resources) {
    const props = record(resource.props);
    const templates = podTemplatesOf({ type: resource.type, name: resource.name, props });
    const items = Array.isArray(props.items) ? (props.items as unknown[]) : [];
    templates.forEach((template, i) => {
      if (!isGatewayLabelled(template.objectLabels) && !isGatewayLabelled(record(template.metadata.labels))) return;
      const list = template.specPath.startsWith("items[");
      found.push({ resource, template, object: list ? record(items[i]) : props, prefix: list ? `items[${i}].` : "" });
    });
  }
  return found;
}

/** True when a label selector (`matchLabels`, `matchExpressions`) selects pods with `labels`; an empty selector selects all. */
function selects(selector: unknown, labels: Record<string, unknown>): boolean {
  if (selector === undefined || selector === null) return false;
  const { matchLabels, matchExpressions } = record(selector);
  const byLabel = Object.entries(record(matchLabels)).every(([k, v]) => labels[k] === v);
  const byExpression = (Array.isArray(matchExpressions) ? (matchExpressions as unknown[]) : []).every((item) => {
    const { key, operator, values } = record(item);
    const value = typeof key === "string" ? labels[key] : undefined;
    const list = Array.isArray(values) ? (values as unknown[]) : [];
    return meetsRequirement(operator, list, value);
  });
  return byLabel && byExpression;
}

/** True when the budget lets every selected pod be evicted at once (minAvailable 0, maxUnavailable 100%). */
function toothless(pdb: KubeObject): boolean {
  const { minAvailable, maxUnavailable } = record(pdb.object.spec);
  return minAvailable === 0 || minAvailable === "0%" || maxUnavailable === "100%";
}

function quantity(value: unknown): boolean {
  return (typeof value === "string" && value !== "") || typeof value === "number";
}

/**
 * The gateway sees every tool call of the fleet: its pods run like agentcloud's own workloads (restricted, read-only,
 * no API token, bounded), and it stays up through node drains (two replicas and a PodDisruptionBudget).
 */
export const hardened: StackValidationPolicy = {
  name: "agentcloud-gateway-hardened",
  description:
    `Workloads labelled ${LABELS.component}: ${GATEWAY.component} (the MCP gateway) must run 2 or more replicas, set ` +
    "automountServiceAccountToken to false (in the pod spec, or leave it unset under a ServiceAccount of the stack that " +
    "sets it false), and give every container and init container readOnlyRootFilesystem: true, runAsNonRoot (container " +
    "or pod), allowPrivilegeEscalation: false, capabilities.drop ALL and cpu and memory requests and limits; a policy " +
    "PodDisruptionBudget in their namespace must select their pods and keep one up.",
  enforcementLevel: "mandatory",
  severity: "high",
  configSchema: strictConfigSchema(),
  framework: podSecurityStandards("Restricted: Privilege Escalation (spec.containers[*].securityContext.allowPrivilegeEscalation)"),
  tags: [
    "pss:restricted",
    "pss-restricted:privilege-escalation",
    "pss-restricted:running-as-non-root",
    "pss-restricted:capabilities",
    "cis-eks-1.7:4.1.6",
    "cis-eks-1.7:4.2.5",
    "cis-eks-1.7:4.2.6",
    "owasp-agentic-top10:ASI08",
    "beyond-pss",
  ],
  remediationSteps:
    "Run the gateway as agentcloud's McpGateway renders it: a Deployment with replicas >= 2, automountServiceAccountToken: " +
    "false, containers with securityContext {readOnlyRootFilesystem: true, runAsNonRoot: true, allowPrivilegeEscalation: " +
    "false, capabilities: {drop: [ALL]}} and resources {requests: {cpu, memory}, limits: {cpu, memory}}, and a " +
    "policy/v1 PodDisruptionBudget with minAvailable: 1 selecting its pods.",
  validateStack: (args, report) => {
    const workloads = gatewayWorkloads(args.resources);
    if (workloads.length === 0) {
      return args.notApplicable(`No workload is labelled ${LABELS.component}: ${GATEWAY.component}`);
    }
    const budgets = args.resources.flatMap((r) => objectsOf(r, PDB)).filter((p) => !toothless(p));
    const accounts = args.resources.flatMap((r) => objectsOf(r, SERVICE_ACCOUNT));
    for (const { resource, template, object, prefix } of workloads) {
      const name = `${describeObject(template)} is the MCP gateway and`;
      const say = (problem: string) => report(`${name} ${problem}`, resource.urn);
      const namespace = template.namespace ?? "default";
      if (WITH_REPLICAS.includes(template.kind.replace(/Patch$/, ""))) {
        const replicas = record(object.spec).replicas;
        if (typeof replicas !== "number" || replicas < 2) {
          const found =
            typeof replicas === "number"
              ? `${replicas}`
              : replicas === undefined || replicas === null
                ? "unset, which means 1"
                : "not a number";
          say(`must set ${prefix}spec.replicas to 2 or more (found ${found}), so one pod serves while another restarts.`);
        }
      }
      const automount = template.spec.automountServiceAccountToken;
      const accountName = text(template.spec.serviceAccountName) ?? "default";
      const account = accounts.find((a) => a.name === accountName && (a.namespace ?? "default") === namespace);
      if (automount === true || (automount !== false && account?.object.automountServiceAccountToken !== false)) {
        say(`must set ${template.specPath}.automountServiceAccountToken to false (it needs no Kubernetes API token).`);
      }
      const podRunAsNonRoot = record(template.spec.securityContext).runAsNonRoot;
      for (const ref of containersOf(template.spec).filter((c) => c.role !== "ephemeral container")) {
        const which = `its ${ref.role} "${ref.name}" must`;
        const context = record(ref.container.securityContext);
        if (context.readOnlyRootFilesystem !== true) say(`${which} set securityContext.readOnlyRootFilesystem to true.`);
        const nonRoot = context.runAsNonRoot ?? podRunAsNonRoot;
        if (nonRoot !== true) say(`${which} run as non-root: set securityContext.runAsNonRoot to true (container or pod).`);
        if (context.allowPrivilegeEscalation !== false) say(`${which} set securityContext.allowPrivilegeEscalation to false.`);
        const drop = record(context.capabilities).drop;
        if (!(Array.isArray(drop) && drop.includes("ALL"))) say(`${which} drop ALL capabilities (securityContext.capabilities.drop).`);
        const resources = record((ref.container as unknown as Record<string, unknown>).resources);
        const missing = RESOURCES.filter((path) => {
          const [group, key] = path.split(".");
          return !quantity(record(resources[group])[key]);
        });
        if (missing.length > 0) say(`${which} set cpu and memory requests and limits (missing resources.${missing.join(", resources.")}).`);
      }
      const labels = record(template.metadata.labels);
      const covered = budgets.some((b) => (b.namespace ?? "default") === namespace && selects(record(b.object.spec).selector, labels));
      if (!covered) {
        say(
          `has no PodDisruptionBudget in namespace ${shown(namespace, OBJECT_NAME, "(unnamed)")} that selects its pods and keeps one up; add a policy/v1 ` +
            "PodDisruptionBudget with minAvailable: 1 and a selector matching its pod labels.",
        );
      }
    }
  },
};
