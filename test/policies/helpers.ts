/** Synthetic registrations for policy tests: resources as the engine hands their inputs to policies. */
import type { NetworkPolicySpec } from "kubernetes-types/networking/v1";
import type { PodSpec } from "kubernetes-types/core/v1";
import type { ObjectMeta } from "kubernetes-types/meta/v1";
import type { Registration } from "../../cli/mock-runtime";
import { evaluatePolicies, type AnyPolicy, type PolicyPackConfig, type Violation } from "../../cli/policy-harness";

/** A pod template (`{metadata, spec}`) as it sits inside a workload. */
export interface PodTemplateInput {
  metadata: ObjectMeta;
  spec: PodSpec;
}

/** A custom-resource registration with an engine-shaped URN. */
export function registration(type: string, name: string, inputs: Record<string, unknown>): Registration {
  return { type, name, urn: `urn:pulumi:test::test::${type}::${name}`, custom: true, dependencies: [], inputs };
}

/** A fresh pod template that passes every policy: a sandboxed, restricted agent named `agent`. */
export function compliantAgentTemplate(agent = "coder"): PodTemplateInput {
  return {
    metadata: { labels: { "agentcloud.dev/agent": agent } },
    spec: {
      runtimeClassName: "gvisor",
      automountServiceAccountToken: false,
      securityContext: { runAsNonRoot: true, runAsUser: 65532, seccompProfile: { type: "RuntimeDefault" } },
      containers: [
        {
          name: "agent",
          image: "ghcr.io/example/coder:1.0.0",
          securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] } },
        },
      ],
    },
  };
}

/** The compliant agent template, changed in place by `mutate`. */
export function agentTemplate(mutate?: (template: PodTemplateInput) => void, agent = "coder"): PodTemplateInput {
  const template = compliantAgentTemplate(agent);
  mutate?.(template);
  return template;
}

/** The compliant template without the agent label: an ordinary, restricted workload. */
export function plainTemplate(mutate?: (template: PodTemplateInput) => void): PodTemplateInput {
  return agentTemplate((t) => {
    t.metadata = { labels: { "app.kubernetes.io/name": "web" } };
    delete t.spec.runtimeClassName;
    mutate?.(t);
  });
}

export type PodKind =
  | "Pod"
  | "PodTemplate"
  | "ReplicationController"
  | "Deployment"
  | "StatefulSet"
  | "DaemonSet"
  | "ReplicaSet"
  | "Job"
  | "CronJob"
  | "SandboxTemplate"
  | "Sandbox";

const API_VERSIONS: Record<PodKind, string> = {
  Pod: "v1",
  PodTemplate: "v1",
  ReplicationController: "v1",
  Deployment: "apps/v1",
  StatefulSet: "apps/v1",
  DaemonSet: "apps/v1",
  ReplicaSet: "apps/v1",
  Job: "batch/v1",
  CronJob: "batch/v1",
  SandboxTemplate: "extensions.agents.x-k8s.io/v1beta1",
  Sandbox: "agents.x-k8s.io/v1beta1",
};

/** The Pulumi name fixtures give an object whose metadata.name is `name`: deliberately different. */
export function pulumiName(name: string): string {
  return `res-${name}`;
}

/**
 * Wraps a pod template the way each kind carries it (written out here, independent of the policies' own table), in
 * namespace `namespace` (default `apps`, not a tenant namespace), registered under {@link pulumiName}.
 */
export function workload(
  kind: PodKind,
  name: string,
  template: PodTemplateInput,
  apiVersion = API_VERSIONS[kind],
  namespace = "apps",
): Registration {
  const type = `kubernetes:${apiVersion === "v1" ? "core/v1" : apiVersion}:${kind}`;
  const metadata = { name, namespace };
  const selector = { matchLabels: template.metadata.labels };
  let spec: Record<string, unknown>;
  switch (kind) {
    case "Pod":
      return registration(type, pulumiName(name), {
        apiVersion,
        kind,
        metadata: { ...metadata, ...template.metadata },
        spec: template.spec,
      });
    case "PodTemplate":
      return registration(type, pulumiName(name), { apiVersion, kind, metadata, template });
    case "ReplicationController":
      spec = { selector: template.metadata.labels, template };
      break;
    case "Deployment":
    case "StatefulSet":
    case "DaemonSet":
    case "ReplicaSet":
      spec = { selector, template };
      break;
    case "Job":
      spec = { template: { ...template, spec: { ...template.spec, restartPolicy: "Never" } } };
      break;
    case "CronJob":
      spec = {
        schedule: "0 * * * *",
        jobTemplate: { spec: { template: { ...template, spec: { ...template.spec, restartPolicy: "Never" } } } },
      };
      break;
    case "SandboxTemplate":
    case "Sandbox":
      spec = { podTemplate: template };
      break;
  }
  return registration(type, pulumiName(name), { apiVersion, kind, metadata, spec });
}

/** The same registration under another type token (a `...Patch`, or a CustomResource's `kubernetes:<apiVersion>:<kind>`). */
export function retype(reg: Registration, type: string): Registration {
  return { ...reg, type, urn: `urn:pulumi:test::test::${type}::${reg.name}` };
}

/** A `<Kind>List` holding `items` (each a workload's inputs). */
export function list(type: string, name: string, items: Registration[]): Registration {
  return registration(type, pulumiName(name), { apiVersion: "v1", kind: "List", items: items.map((i) => i.inputs) });
}

/** An agent Deployment from the compliant template, changed by `mutate`. */
export function agentDeployment(name = "coder", mutate?: (template: PodTemplateInput) => void): Registration {
  return workload("Deployment", name, agentTemplate(mutate));
}

/** A ServiceAccount, with automountServiceAccountToken when given. */
export function serviceAccount(name: string, automount?: boolean): Registration {
  const inputs: Record<string, unknown> = { apiVersion: "v1", kind: "ServiceAccount", metadata: { name, namespace: "team-a" } };
  if (automount !== undefined) inputs.automountServiceAccountToken = automount;
  return registration("kubernetes:core/v1:ServiceAccount", pulumiName(name), inputs);
}

/** A RuntimeClass with a handler (none when undefined). */
export function runtimeClass(name: string, handler?: string): Registration {
  const inputs: Record<string, unknown> = { apiVersion: "node.k8s.io/v1", kind: "RuntimeClass", metadata: { name } };
  if (handler !== undefined) inputs.handler = handler;
  return registration("kubernetes:node.k8s.io/v1:RuntimeClass", pulumiName(name), inputs);
}

/** The RuntimeClasses agentcloud's SandboxRuntimes renders: gvisor (runsc) and the Kata classes (handler = name). */
export function sandboxRuntimeClasses(): Registration[] {
  return [
    runtimeClass("gvisor", "runsc"),
    runtimeClass("kata-qemu", "kata-qemu"),
    runtimeClass("kata-clh", "kata-clh"),
    runtimeClass("kata-fc", "kata-fc"),
  ];
}

/** A Namespace, optionally a tenant namespace. */
export function namespace(name: string, tenant?: string): Registration {
  const labels: Record<string, string> = { "app.kubernetes.io/managed-by": "agentcloud" };
  if (tenant !== undefined) labels["agentcloud.dev/tenant"] = tenant;
  return registration("kubernetes:core/v1:Namespace", pulumiName(name), {
    apiVersion: "v1",
    kind: "Namespace",
    metadata: { name, labels },
  });
}

/** The default-deny policy agentcloud renders: all pods, both directions, DNS egress to the kube-dns pods only. */
export function defaultDenySpec(): NetworkPolicySpec {
  return {
    podSelector: {},
    policyTypes: ["Ingress", "Egress"],
    egress: [
      {
        to: [
          {
            namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "kube-system" } },
            podSelector: { matchLabels: { "k8s-app": "kube-dns" } },
          },
        ],
        ports: [
          { protocol: "UDP", port: 53 },
          { protocol: "TCP", port: 53 },
        ],
      },
    ],
  };
}

/** A NetworkPolicy in a namespace. */
export function networkPolicy(name: string, namespaceName: string, spec: NetworkPolicySpec): Registration {
  return registration("kubernetes:networking.k8s.io/v1:NetworkPolicy", pulumiName(name), {
    apiVersion: "networking.k8s.io/v1",
    kind: "NetworkPolicy",
    metadata: { name, namespace: namespaceName },
    spec,
  });
}

/** Every violation of `policies` over `registrations`. */
export async function violations(
  policies: AnyPolicy[],
  registrations: Registration[],
  config: PolicyPackConfig = {},
): Promise<Violation[]> {
  return (await evaluatePolicies(policies, registrations, config)).violations;
}

/** The messages of every violation of one policy, in report order. */
export async function messages(policy: AnyPolicy, registrations: Registration[], config: PolicyPackConfig = {}): Promise<string[]> {
  return (await violations([policy], registrations, config)).map((v) => v.message);
}
