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
