import type { Registration } from "./mock-runtime";
import { annotated, PLAN_ANNOTATIONS } from "./plan-annotations";
import { REDACTED } from "./secrets";

/**
 * Longest note the summary prints, in characters; longer ones are cut and end with "...". Room for a fabric's
 * enforcement sentence (about 280 characters) with an acknowledgement's reason.
 */
export const PLAN_NOTE_MAX = 500;

/**
 * A note as the summary prints it: control characters and runs of whitespace become one space (a note is one
 * line, and cannot move the cursor or colour the console), trimmed, cut at {@link PLAN_NOTE_MAX} characters.
 */
export function normalizeNote(text: string): string {
  const line = text.replace(/[\s\u0000-\u001f\u007f-\u009f]+/g, " ").trim();
  const chars = Array.from(line); // by code point, so a cut never splits a surrogate pair
  if (chars.length <= PLAN_NOTE_MAX) return line;
  const kept = chars.slice(0, PLAN_NOTE_MAX - 3).join("");
  return `${kept.trimEnd()}...`;
}

/**
 * The notes a program adds to its plan summary: the `agentcloud.dev/plan-note` annotation of every resource, in
 * URN order, normalized ({@link normalizeNote}), blank, non-string and repeated notes dropped. A note held in a
 * secret (one secret value in `metadata` makes all of it secret) reads `[secret]`. Pure.
 */
export function planNotes(registrations: readonly Registration[]): string[] {
  const notes = new Set<string>();
  for (const { annotation } of annotated(registrations, PLAN_ANNOTATIONS.planNote)) {
    if (annotation.kind === "secret") {
      notes.add(REDACTED);
      continue;
    }
    if (typeof annotation.value !== "string") continue;
    const line = normalizeNote(annotation.value);
    if (line !== "") notes.add(line);
  }
  return [...notes];
}

/** The "Notes" section of the summary: a heading and one indented line per note; nothing without notes. */
export function noteSummaryLines(notes: readonly string[]): string[] {
  return notes.length === 0 ? [] : ["", "Notes:", ...notes.map((n) => `  ${n}`)];
}
