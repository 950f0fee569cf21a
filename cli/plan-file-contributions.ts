import type { Registration } from "./mock-runtime";
import { annotated, PLAN_ANNOTATIONS } from "./plan-annotations";
import { RESERVED_PLAN_NAMES } from "./plan-outputs";
import { REDACTED, redactSecrets } from "./secrets";

/** The only resource type whose {@link PLAN_ANNOTATIONS.planFile} annotation the plan reads. */
export const PLAN_FILE_TYPE = "kubernetes:core/v1:ConfigMap";

/** Extensions a plan file may have: text formats a reader or CI step opens as they are. */
export const PLAN_FILE_EXTENSIONS = [".json", ".md", ".mmd", ".txt", ".yaml"] as const;

/** Longest plan file name. */
export const PLAN_FILE_NAME_MAX = 100;

/** One reason the plan cannot write a contributed file. */
export interface PlanFileProblem {
  /** The resources concerned (two or more when they claim the same file). */
  urns: string[];
  /** The annotation's value: the file asked for. */
  file: unknown;
  /** What is wrong. */
  problem: string;
  /** How to fix it. */
  fix: string;
}

/** The files the program contributes to its plan folder, and every problem with them. */
export interface PlanFileContributions {
  /** File name to content, secrets redacted; complete only when `problems` is empty. */
  files: Record<string, string>;
  problems: PlanFileProblem[];
}

const KEY = PLAN_ANNOTATIONS.planFile;
const EXAMPLE = '"agent-graph.mmd"';

function shown(value: unknown): string {
  // JSON.stringify gives undefined only for undefined, functions and symbols, none of which a registration holds.
  const text = JSON.stringify(value) ?? "undefined";
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** Why `name` is not a plain file name directly in the plan folder, or undefined when it is one. */
function nameProblem(name: string): string | undefined {
  if (name === "") return "it is empty";
  if (name.includes("\0")) return "it contains a NUL character";
  if (/[/\\]/.test(name)) return 'it contains a path separator ("/" or "\\")';
  if (name.includes("..")) return 'it contains ".."';
  if (name.startsWith(".")) return 'it starts with "." (hidden files and the plan\'s staging folders use such names)';
  if (name.length > PLAN_FILE_NAME_MAX) return `it is longer than ${PLAN_FILE_NAME_MAX} characters`;
  if (!/^[A-Za-z0-9._-]+$/.test(name)) return 'it has characters other than letters, digits, ".", "_" and "-"';
  return undefined;
}

function extension(name: string): string {
  const dot = name.lastIndexOf(".");
  return dot <= 0 ? "" : name.slice(dot).toLowerCase();
}

/** Checks the file name; returns its problems (at most one). */
function fileNameProblems(urn: string, name: string): PlanFileProblem[] {
  const fileName = JSON.stringify(name);
  const invalid = nameProblem(name);
  if (invalid) {
    return [
      {
        urns: [urn],
        file: name,
        problem: `plan file ${fileName} is not a plain file name: ${invalid}`,
        fix: `name a file directly in the plan folder with letters, digits, ".", "_" and "-", e.g. ${EXAMPLE}`,
      },
    ];
  }
  // Case-insensitive: on macOS and Windows "Resources.json" would overwrite the plan's own file.
  const reserved = RESERVED_PLAN_NAMES.find((r) => r.toLowerCase() === name.toLowerCase());
  if (reserved) {
    return [
      {
        urns: [urn],
        file: name,
        problem: `plan file ${fileName} is one of the plan's own outputs (${RESERVED_PLAN_NAMES.join(", ")})`,
        fix: `choose another name, e.g. ${EXAMPLE}`,
      },
    ];
  }
  const ext = extension(name);
  if (!(PLAN_FILE_EXTENSIONS as readonly string[]).includes(ext)) {
    return [
      {
        urns: [urn],
        file: name,
        problem: `plan file ${fileName} has ${ext ? `the extension ${ext}` : "no extension"}, which the plan does not write`,
        fix: `use one of ${PLAN_FILE_EXTENSIONS.join(", ")}, e.g. ${EXAMPLE}`,
      },
    ];
  }
  return [];
}

/** Reads `data[name]`; returns the content (secrets as {@link REDACTED}) or the problem. */
function content(r: Registration, name: string): { text: string } | { problem: PlanFileProblem } {
  const data = redactSecrets(r.inputs.data);
  if (data === REDACTED) return { text: REDACTED };
  const fileName = JSON.stringify(name);
  const entries = data !== null && typeof data === "object" && !Array.isArray(data) ? (data as Record<string, unknown>) : {};
  const value = entries[name];
  const binary = r.inputs.binaryData as Record<string, unknown> | undefined;
  if (value === undefined) {
    const keys = Object.keys(entries).sort();
    const inBinary = binary !== null && typeof binary === "object" && binary[name] !== undefined;
    return {
      problem: {
        urns: [r.urn],
        file: name,
        problem: inBinary
          ? `data has no key ${fileName}: it is in binaryData, and plan files are text`
          : `data has no key ${fileName} (${keys.length > 0 ? `its keys: ${keys.join(", ")}` : "it has no data"})`,
        fix: `put the file's text under data[${fileName}], or set ${KEY} to the key that holds it`,
      },
    };
  }
  if (typeof value !== "string") {
    return {
      problem: {
        urns: [r.urn],
        file: name,
        problem: `data[${fileName}] is ${shown(value)}, not a string`,
        fix: `give data[${fileName}] the file's text as a string`,
      },
    };
  }
  return { text: value };
}

/**
 * The files a program contributes to its plan folder: each `kubernetes:core/v1:ConfigMap` annotated
 * `agentcloud.dev/plan-file: <file>` contributes its `data[<file>]` as `<plan folder>/<file>`. Reports every
 * problem at once, in URN order: an annotation on another type, a file name that is not a plain name with an
 * allowed extension or that is one of the plan's own outputs, a missing or non-string data key, and two resources
 * claiming one file (names that differ only in case are one file on macOS and Windows). Pure.
 */
export function planFileContributions(registrations: readonly Registration[]): PlanFileContributions {
  const problems: PlanFileProblem[] = [];
  const files: Record<string, string> = {};
  const claims = new Map<string, { urn: string; name: string }[]>();
  for (const { registration: r, annotation } of annotated(registrations, KEY)) {
    const name = annotation.kind === "secret" ? REDACTED : annotation.value;
    if (r.type !== PLAN_FILE_TYPE) {
      problems.push({
        urns: [r.urn],
        file: name,
        problem: `${KEY} is read only on ${PLAN_FILE_TYPE} resources, not on ${r.type}`,
        fix: `put the file's text in a ConfigMap's data and annotate that ConfigMap, or remove the annotation`,
      });
      continue;
    }
    if (annotation.kind === "secret") {
      problems.push({
        urns: [r.urn],
        file: name,
        problem: `${KEY} is held in a secret (one secret value in metadata makes all of it secret), so the plan cannot name a file by it`,
        fix: "keep secret values out of this ConfigMap's metadata",
      });
      continue;
    }
    if (typeof name !== "string") {
      problems.push({
        urns: [r.urn],
        file: name,
        problem: `${KEY} is ${shown(name)}, not a file name`,
        fix: `set it to a plain file name, e.g. ${EXAMPLE}`,
      });
      continue;
    }
    const nameProblems = fileNameProblems(r.urn, name);
    problems.push(...nameProblems);
    const read = content(r, name);
    if ("problem" in read) problems.push(read.problem);
    if (nameProblems.length > 0) continue;
    const claim = claims.get(name.toLowerCase()) ?? [];
    claim.push({ urn: r.urn, name });
    claims.set(name.toLowerCase(), claim);
    if ("text" in read) files[name] = read.text;
  }
  for (const key of [...claims.keys()].sort()) {
    const claim = claims.get(key)!;
    if (claim.length < 2) continue;
    const names = [...new Set(claim.map((c) => c.name))];
    problems.push({
      urns: claim.map((c) => c.urn),
      file: claim[0].name,
      problem:
        names.length === 1
          ? `${claim.length} resources claim plan file ${JSON.stringify(names[0])}`
          : `${claim.length} resources claim plan files ${names.map((n) => JSON.stringify(n)).join(", ")}, which are one file on case-insensitive file systems`,
      fix: `give each ConfigMap its own file name in ${KEY}, or remove the annotation from all but one`,
    });
  }
  return { files, problems };
}

/** The plan's error for contributions it cannot write: every problem, one per line, with the resources and the fix. */
export function planFileProblemsMessage(stack: string, problems: readonly PlanFileProblem[]): string {
  const lines = problems.map((p) => `${p.urns.join(" and ")}: ${p.problem}; fix: ${p.fix}`);
  return `stack "${stack}" has ${problems.length} problem(s) with the files it contributes to the plan (${KEY}):\n  ${lines.join("\n  ")}`;
}
