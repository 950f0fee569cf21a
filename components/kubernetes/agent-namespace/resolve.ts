import {
  DEFAULT_CONTAINER_LIMITS,
  DEFAULT_TENANT_QUOTA,
  type AgentNamespaceSpec,
  type ContainerLimits,
  type ContainerResources,
  type NamespaceQuota,
} from "./spec";

/** The LimitRange entries, in the order validation reports them. */
export const LIMIT_KINDS = ["default", "defaultRequest", "max"] as const;

/** The quota and container limits of a spec with every default applied. */
export interface ResolvedAgentNamespace {
  /** The ResourceQuota. */
  quota: Required<NamespaceQuota>;
  /** The LimitRange's container defaults and maximum. */
  limits: Record<keyof ContainerLimits, Required<ContainerResources>>;
}

/** Applies the quota and limit defaults; validation and the builder both read this, so they agree on defaults. */
export function resolveAgentNamespace(spec: AgentNamespaceSpec): ResolvedAgentNamespace {
  const limits = Object.fromEntries(LIMIT_KINDS.map((k) => [k, { ...DEFAULT_CONTAINER_LIMITS[k], ...spec.limits?.[k] }])) as Record<
    keyof ContainerLimits,
    Required<ContainerResources>
  >;
  return { quota: { ...DEFAULT_TENANT_QUOTA, ...spec.quota }, limits };
}
