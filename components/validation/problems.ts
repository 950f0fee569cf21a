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

/** Longest rendering of a value in a message; longer ones end in `...`. */
const MAX_SHOWN = 80;

/** Renders a value for an error message: short, unambiguous, never `[object Object]`. */
export function showValue(value: unknown): string {
  if (value === undefined) return "undefined";
  if (typeof value === "number" && !Number.isFinite(value)) return String(value);
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch {
    // Circular structures and bigints do not serialise.
  }
  text ??= unserialisable(value);
  return text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN - 3)}...` : text;
}

/** Functions, symbols, bigints and circular objects, which JSON cannot render. */
function unserialisable(value: unknown): string {
  if (typeof value === "function" || typeof value === "symbol" || typeof value === "bigint") return value.toString();
  return "[circular object]";
}

/** The part of a problem line after the argument: `problem (got value); fix: ...`. */
export function describeProblem(p: ValidationProblem): string {
  return `${p.problem} (got ${showValue(p.value)}); fix: ${p.fix}`;
}

/** Formats one problem as a line: `argument: problem (got value); fix: ...`. */
export function formatProblem(p: ValidationProblem): string {
  return `${p.argument}: ${describeProblem(p)}`;
}

/** The message listing every problem of `subject`, one per line. */
export function problemsMessage(subject: string, problems: readonly ValidationProblem[]): string {
  const lines = problems.map((p) => `  - ${formatProblem(p)}`);
  return `${subject} has ${problems.length} invalid argument${problems.length === 1 ? "" : "s"}:\n${lines.join("\n")}`;
}

/** Prefixes every problem's argument path, for nested validation (`agents[1]` + `.replicas`). */
export function nestProblems(prefix: string, problems: readonly ValidationProblem[]): ValidationProblem[] {
  return problems.map((p) => ({ ...p, argument: `${prefix}.${p.argument}` }));
}
