import type { ObjectMeta } from "kubernetes-types/meta/v1";

// The builder layer's object types. No Pulumi here, not even types: builders import this module, and only
// resources.ts turns its objects into Pulumi resources.

/**
 * A Kubernetes object as a pure builder returns it. Built-in kinds are typed with `kubernetes-types` (whose
 * interfaces all fit this one); custom resources with an interface that extends it.
 */
export interface KubernetesObject {
  /** API group and version, e.g. `apps/v1`. */
  apiVersion?: string;
  /** Resource kind, e.g. `Deployment`. */
  kind?: string;
  /** Object metadata. */
  metadata?: ObjectMeta;
}

/**
 * One object a builder hands to its component: the component registers it as `${name}-${role}`, after the objects
 * whose roles it lists in `dependsOn`.
 */
export interface BuiltObject<T extends KubernetesObject = KubernetesObject> {
  /** Suffix of the object's Pulumi resource name (e.g. `namespace`, `service-account`); unique within one list. */
  role: string;
  /** The Kubernetes object. */
  object: T;
  /** Roles of objects in the same list that must exist first (e.g. the Namespace an object lives in). */
  dependsOn?: readonly string[];
}

/** The object of `role` in a builder's list; throws when there is none (a builder bug, or a wrong role). */
export function objectOf<T extends KubernetesObject = KubernetesObject>(objects: readonly BuiltObject[], role: string): T {
  const found = objects.find((o) => o.role === role);
  if (!found) throw new Error(`no object with role "${role}" (roles: ${objects.map((o) => o.role).join(", ")})`);
  return found.object as T;
}
