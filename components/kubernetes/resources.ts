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
 * roles name (registered first when they come later in the list; otherwise in list order). Returns the resources
 * by role, for outputs.
 */
export function registerObjects(
  name: string,
  objects: readonly BuiltObject[],
  parent: pulumi.Resource,
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
    const opts: pulumi.CustomResourceOptions = {
      parent,
      ...(dependsOn.length > 0 && { dependsOn: dependsOn.map((d) => registered.get(d)!) }),
    };
    registered.set(role, kubernetesResource(`${name}-${role}`, object, opts));
  }
  return registered;
}
