/**
 * How the pack recognises Kubernetes resources from their Pulumi type token, whatever registered them: typed
 * resources (`kubernetes:apps/v1:Deployment`), their `...Patch` and `...List` variants, `apiextensions.CustomResource`
 * (`kubernetes:<apiVersion>:<kind>`, so a core Pod is `kubernetes:v1:Pod`) and `CustomResourcePatch` (`...Patch`).
 */

/**
 * Every pod-bearing kind, by API group (`core` for the legacy group) and kind, with where its pod template
 * (`{metadata, spec}`) sits in the object; `[]` is the object itself. Every version of a group matches, so removed
 * beta versions (`extensions/v1beta1 Deployment`, `batch/v1beta1 CronJob`, ...) are judged like the current ones.
 * test/policies/lib/kinds.test.ts fails when `@pulumi/kubernetes` has a pod-bearing type this table lacks.
 */
export const POD_BEARING: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>> = {
  core: { Pod: [], PodTemplate: ["template"], ReplicationController: ["spec", "template"] },
  apps: {
    Deployment: ["spec", "template"],
    StatefulSet: ["spec", "template"],
    DaemonSet: ["spec", "template"],
    ReplicaSet: ["spec", "template"],
  },
  extensions: { Deployment: ["spec", "template"], DaemonSet: ["spec", "template"], ReplicaSet: ["spec", "template"] },
  batch: { Job: ["spec", "template"], CronJob: ["spec", "jobTemplate", "spec", "template"] },
  // agent-sandbox v0.5.6 CRDs: spec.podTemplate.{metadata,spec} in every served version.
  "agents.x-k8s.io": { Sandbox: ["spec", "podTemplate"] },
  "extensions.agents.x-k8s.io": { SandboxTemplate: ["spec", "podTemplate"] },
};

/** A Kubernetes type token taken apart. */
export interface KubernetesType {
  /** API group, `core` for the legacy group (`v1` and `core/v1` both). */
  group: string;
  /** API version without the group, e.g. `v1beta1`. */
  version: string;
  /** The kind the object has (the token's kind without `Patch` or `List`), e.g. `Deployment`. */
  kind: string;
  /** `object` for a whole object, `patch` for a `...Patch` (judged as a whole object), `list` for a `...List`. */
  variant: "object" | "patch" | "list";
  /** The kind as the token spells it (`DeploymentPatch`), for messages. */
  tokenKind: string;
}

/** A type token's group, version and kind parts, or undefined for a token that is not a Kubernetes object. */
export function typeParts(type: string): { group: string; version: string; tokenKind: string } | undefined {
  const match = /^kubernetes:(?:([^:/]+)\/)?([^:/]+):([A-Za-z0-9]+)$/.exec(type);
  if (match === null) return undefined;
  return { group: match[1] ?? "core", version: match[2], tokenKind: match[3] };
}

/** The entry of a table keyed by group and kind, matched case-insensitively (the engine does not normalise case). */
export function lookup<T>(
  table: Readonly<Record<string, Readonly<Record<string, T>>>>,
  group: string,
  kind: string,
): [string, T] | undefined {
  const groupKey = Object.keys(table).find((g) => g.toLowerCase() === group.toLowerCase());
  if (groupKey === undefined) return undefined;
  const kinds = table[groupKey];
  const kindKey = Object.keys(kinds).find((k) => k.toLowerCase() === kind.toLowerCase());
  return kindKey === undefined ? undefined : [kindKey, kinds[kindKey]];
}

/**
 * Parses a type token against a table of kinds: a token whose kind is in the table is an object; one whose kind is a
 * table kind plus `Patch` or `List` is that variant. Undefined when the kind is not in the table.
 */
export function parseType(type: string, table: Readonly<Record<string, Readonly<Record<string, unknown>>>>): KubernetesType | undefined {
  const token = typeParts(type);
  if (token === undefined) return undefined;
  const { group, version, tokenKind } = token;
  const exact = lookup(table, group, tokenKind);
  if (exact !== undefined) return { group, version, kind: exact[0], variant: "object", tokenKind };
  for (const [suffix, variant] of [
    ["Patch", "patch"],
    ["List", "list"],
  ] as const) {
    if (!tokenKind.endsWith(suffix)) continue;
    const base = lookup(table, group, tokenKind.slice(0, -suffix.length));
    if (base !== undefined) return { group, version, kind: base[0], variant, tokenKind };
  }
  return undefined;
}

/** Where the pod template sits in objects of this type, or undefined when the type bears no pods. */
export function podTemplatePath(type: string): { parsed: KubernetesType; path: readonly string[] } | undefined {
  const parsed = parseType(type, POD_BEARING);
  if (parsed === undefined) return undefined;
  return { parsed, path: lookup(POD_BEARING, parsed.group, parsed.kind)![1] };
}

/** Every pod-bearing kind, for not-applicable reasons and docs. */
export const POD_BEARING_KINDS: readonly string[] = [...new Set(Object.values(POD_BEARING).flatMap((kinds) => Object.keys(kinds)))];
