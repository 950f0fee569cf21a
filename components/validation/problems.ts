/** One thing wrong with an argument: where, what was given, what is wrong and how to fix it. */
export interface ValidationProblem {
  /** Argument path, e.g. `resources.cpu` or `agents[2].replicas`. */
  argument: string;
  /** The value that was given. */
  value: unknown;
  /** What is wrong with it. */
  problem: string;
  /** What to do instead. */
  fix: string;
}

/** Renders a value for an error message: short, unambiguous, never `[object Object]`. */
export function showValue(value: unknown): string {
  if (value === undefined) return "undefined";
  if (typeof value === "number" && !Number.isFinite(value)) return String(value);
  try {
    const text = JSON.stringify(value);
    if (text === undefined) return String(value);
    return text.length > 80 ? `${text.slice(0, 77)}...` : text;
  } catch {
    return String(value);
  }
}

/** Formats one problem as a line: `argument: problem (got value); fix: ...`. */
export function formatProblem(p: ValidationProblem): string {
  return `${p.argument}: ${p.problem} (got ${showValue(p.value)}); fix: ${p.fix}`;
}

/**
 * Thrown by components when their arguments are invalid, before any resource is registered.
 * Carries every problem found, not just the first.
 */
export class ArgumentError extends Error {
  readonly problems: readonly ValidationProblem[];
  /** What was being validated, e.g. `Agent "coder"`. */
  readonly subject: string;

  constructor(subject: string, problems: readonly ValidationProblem[]) {
    const lines = problems.map((p) => `  - ${formatProblem(p)}`);
    super(`${subject} has ${problems.length} invalid argument${problems.length === 1 ? "" : "s"}:\n${lines.join("\n")}`);
    this.name = "ArgumentError";
    this.subject = subject;
    this.problems = problems;
  }
}

/** Throws an {@link ArgumentError} when `problems` is not empty. */
export function throwIfProblems(subject: string, problems: readonly ValidationProblem[]): void {
  if (problems.length > 0) throw new ArgumentError(subject, problems);
}

/** Prefixes every problem's argument path, for nested validation (`agents[1]` + `.replicas`). */
export function nestProblems(prefix: string, problems: readonly ValidationProblem[]): ValidationProblem[] {
  return problems.map((p) => ({ ...p, argument: `${prefix}.${p.argument}` }));
}
