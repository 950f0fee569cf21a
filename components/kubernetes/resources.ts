import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { BuiltObject, KubernetesObject } from "./objects";

// Each class takes its own args type; `never` accepts them all, and the object is each kind's args.
type Ctor = new (name: string, args: never, opts?: pulumi.CustomResourceOptions) => pulumi.CustomResource;

// Typed classes, so each object registers as its real type token (the engine and policies key on it).
const TYPED: Record<string, Ctor> = {
  "v1/Namespace": k8s.core.v1.Namespace,
  "v1/ServiceAccount": k8s.core.v1.ServiceAccount,
  "v1/Service": k8s.core.v1.Service,
  "v1/ConfigMap": k8s.core.v1.ConfigMap,
  "v1/ResourceQuota": k8s.core.v1.ResourceQuota,
  "v1/LimitRange": k8s.core.v1.LimitRange,
  "apps/v1/Deployment": k8s.apps.v1.Deployment,
  "apps/v1/StatefulSet": k8s.apps.v1.StatefulSet,
  "apps/v1/DaemonSet": k8s.apps.v1.DaemonSet,
  "policy/v1/PodDisruptionBudget": k8s.policy.v1.PodDisruptionBudget,
  "networking.k8s.io/v1/NetworkPolicy": k8s.networking.v1.NetworkPolicy,
  "node.k8s.io/v1/RuntimeClass": k8s.node.v1.RuntimeClass,
  "scheduling.k8s.io/v1/PriorityClass": k8s.scheduling.v1.PriorityClass,
  "rbac.authorization.k8s.io/v1/ClusterRole": k8s.rbac.v1.ClusterRole,
  "rbac.authorization.k8s.io/v1/ClusterRoleBinding": k8s.rbac.v1.ClusterRoleBinding,
  "rbac.authorization.k8s.io/v1/Role": k8s.rbac.v1.Role,
  "rbac.authorization.k8s.io/v1/RoleBinding": k8s.rbac.v1.RoleBinding,
  "apiextensions.k8s.io/v1/CustomResourceDefinition": k8s.apiextensions.v1.CustomResourceDefinition,
  "admissionregistration.k8s.io/v1/ValidatingAdmissionPolicy": k8s.admissionregistration.v1.ValidatingAdmissionPolicy,
  "admissionregistration.k8s.io/v1/ValidatingAdmissionPolicyBinding": k8s.admissionregistration.v1.ValidatingAdmissionPolicyBinding,
};

/**
 * Registers a builder's object as its typed Pulumi resource (custom resources of unknown kinds as
 * `CustomResource`). The one place that turns built objects into Pulumi resources.
 */
export function kubernetesResource(name: string, object: KubernetesObject, opts: pulumi.CustomResourceOptions): pulumi.CustomResource {
  if (!object.apiVersion || !object.kind) throw new Error(`object for ${name} has no apiVersion/kind`);
  const Typed = TYPED[`${object.apiVersion}/${object.kind}`];
  if (Typed) return new Typed(name, object as never, opts);
  return new k8s.apiextensions.CustomResource(name, object as k8s.apiextensions.CustomResourceArgs, opts);
}

/**
 * Registers a builder's list under `parent`: each object as `${name}-${role}`, after the objects its `dependsOn`
 * roles name (registered first when they come later in the list; otherwise in list order), and after `after`
 * (resources outside the list, e.g. a Helm release). Returns the resources by role, for outputs.
 */
export function registerObjects(
  name: string,
  objects: readonly BuiltObject[],
  parent: pulumi.Resource,
  after: readonly pulumi.Resource[] = [],
): Map<string, pulumi.CustomResource> {
  const roles = new Set<string>();
  for (const { role, dependsOn = [] } of objects) {
    if (roles.has(role)) throw new Error(`${name}: role "${role}" is built twice`);
    roles.add(role);
    const unknown = dependsOn.filter((d) => !objects.some((o) => o.role === d));
    if (unknown.length > 0) throw new Error(`${name}: "${role}" depends on unknown roles ${unknown.join(", ")}`);
  }
  const registered = new Map<string, pulumi.CustomResource>();
  const pending = [...objects];
  while (pending.length > 0) {
    const next = pending.findIndex((o) => (o.dependsOn ?? []).every((d) => registered.has(d)));
    if (next < 0) throw new Error(`${name}: dependency cycle among ${pending.map((o) => o.role).join(", ")}`);
    const [{ role, object, dependsOn = [] }] = pending.splice(next, 1);
    const deps = [...after, ...dependsOn.map((d) => registered.get(d)!)];
    const opts: pulumi.CustomResourceOptions = { parent, ...(deps.length > 0 && { dependsOn: deps }) };
    registered.set(role, kubernetesResource(`${name}-${role}`, object, opts));
  }
  return registered;
}

/**
 * {@link registerObjects} for a list built from a value only known later (another resource's output). `shape` is the
 * list built from a stand-in value: the same roles, kinds and top-level fields. Each field of each object is taken
 * from `objects`, so every resource also depends on whatever `objects` depends on (e.g. the Namespace resource).
 */
export function registerDeferredObjects(
  name: string,
  shape: readonly BuiltObject[],
  objects: pulumi.Output<readonly BuiltObject[]>,
  parent: pulumi.Resource,
): Map<string, pulumi.CustomResource> {
  const deferred = shape.map(({ role, object, dependsOn }) => {
    const fields = Object.keys(object).filter((key) => key !== "apiVersion" && key !== "kind");
    const field = (key: string) => objects.apply((list) => (list.find((o) => o.role === role)?.object as Record<string, unknown>)[key]);
    // Resource args take an Input per field; apiVersion and kind stay plain, since they pick the resource class.
    const inputs = { apiVersion: object.apiVersion, kind: object.kind, ...Object.fromEntries(fields.map((key) => [key, field(key)])) };
    return { role, dependsOn, object: inputs };
  });
  return registerObjects(name, deferred, parent);
}

/** Replaces every placeholder in every string of `value` (deeply) by its value. */
function replaceDeep(value: unknown, values: ReadonlyMap<string, string>): unknown {
  if (typeof value === "string") {
    let out = value;
    for (const [placeholder, v] of values) out = out.split(placeholder).join(v);
    return out;
  }
  if (Array.isArray(value)) return value.map((v) => replaceDeep(v, values));
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, replaceDeep(v, values)]));
  }
  return value;
}

/**
 * Objects with late-bound values (`AgentCloudPlatform.lateBound`: placeholder to a value the cloud knows only once it
 * has created something) put in: each top-level field that holds a placeholder becomes an output of the values, the
 * others stay plain. Hashes the builders took over such a field (a config checksum) keep the placeholder: the value
 * changes only when the cloud resource is replaced, which replaces the objects too.
 */
export function bindLateValues(
  objects: readonly BuiltObject[],
  lateBound: Readonly<Record<string, pulumi.Input<string>>> = {},
): BuiltObject[] {
  const placeholders = Object.keys(lateBound);
  if (placeholders.length === 0) return [...objects];
  const resolved = pulumi.all(placeholders.map((p) => lateBound[p])).apply((vs) => new Map(placeholders.map((p, i) => [p, vs[i]])));
  return objects.map((built) => {
    const object = built.object as Record<string, unknown>;
    const late = (v: unknown) => placeholders.some((p) => JSON.stringify(v)?.includes(p));
    if (!late(object)) return built;
    const fields = Object.entries(object).map(([key, v]): [string, unknown] =>
      key === "apiVersion" || key === "kind" || !late(v) ? [key, v] : [key, resolved.apply((values) => replaceDeep(v, values))],
    );
    return { ...built, object: Object.fromEntries(fields) };
  });
}
