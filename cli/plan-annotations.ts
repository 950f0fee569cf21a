import { containsSecret, unwrapSecret } from "./secrets";

/**
 * The annotation keys the plan reads from any program's resources. The CLI runs any program and imports no
 * component, so it keeps its own copy of these keys; test/cli/plan-annotations.test.ts keeps them equal to
 * `ANNOTATIONS` in components/vocabulary.ts.
 */
export const PLAN_ANNOTATIONS = {
  /** On a `kubernetes:core/v1:ConfigMap`: the plan writes its data key of this name to `out/<stack>/<name>`. */
  planFile: "agentcloud.dev/plan-file",
  /** On any resource: a line the plan prints in the "Notes" section of its summary. */
  planNote: "agentcloud.dev/plan-note",
} as const;

/** One annotation of a resource: absent, held in a secret (its value is not shown), or its value. */
export type AnnotationRead = { kind: "absent" } | { kind: "secret" } | { kind: "value"; value: unknown };

/**
 * Reads `metadata.annotations[key]` from a resource's inputs. A secret on the way (the whole metadata, the
 * annotations or the value) makes the annotation `secret`: the plan never shows what a secret holds.
 */
export function readAnnotation(inputs: Record<string, unknown>, key: string): AnnotationRead {
  const metadata = unwrapSecret(inputs.metadata);
  if (metadata.value === null || typeof metadata.value !== "object") return { kind: "absent" };
  const annotations = unwrapSecret((metadata.value as Record<string, unknown>).annotations);
  if (annotations.value === null || typeof annotations.value !== "object") return { kind: "absent" };
  const raw = (annotations.value as Record<string, unknown>)[key];
  if (raw === undefined) return { kind: "absent" };
  const secret = metadata.secret || annotations.secret || containsSecret(raw);
  return secret ? { kind: "secret" } : { kind: "value", value: raw };
}

/**
 * The resources that carry annotation `key` (secret or not), sorted by URN, each with what {@link readAnnotation}
 * gives. Reads first and sorts the few it finds, so a fleet of thousands of resources costs one pass.
 */
export function annotated<R extends { urn: string; inputs: Record<string, unknown> }>(
  registrations: readonly R[],
  key: string,
): { registration: R; annotation: Exclude<AnnotationRead, { kind: "absent" }> }[] {
  const found: { registration: R; annotation: Exclude<AnnotationRead, { kind: "absent" }> }[] = [];
  for (const registration of registrations) {
    const annotation = readAnnotation(registration.inputs, key);
    if (annotation.kind !== "absent") found.push({ registration, annotation });
  }
  return found.sort((a, b) => a.registration.urn.localeCompare(b.registration.urn));
}
