import { InputPropertiesError } from "@pulumi/pulumi/errors";
import { describeProblem, problemsMessage, type ValidationProblem } from "./problems";

/**
 * Thrown by components when their arguments are invalid, before any resource is registered. Carries every problem
 * found, not just the first. It is an `InputPropertiesError`, so `pulumi up` lists each property's problem.
 *
 * The only Pulumi import of this folder: builders import the pure checks from their own files, not from here.
 */
export class ArgumentError extends InputPropertiesError {
  /** Every problem, as the checks reported them. */
  readonly problems: readonly ValidationProblem[];
  /** What was being validated, e.g. `Agent "coder"`. */
  readonly subject: string;

  constructor(subject: string, problems: readonly ValidationProblem[]) {
    super({
      message: problemsMessage(subject, problems),
      errors: problems.map((p) => ({ propertyPath: p.argument, reason: describeProblem(p) })),
    });
    this.name = "ArgumentError";
    this.subject = subject;
    this.problems = problems;
  }
}

/** Throws an {@link ArgumentError} when `problems` is not empty. */
export function throwIfProblems(subject: string, problems: readonly ValidationProblem[]): void {
  if (problems.length > 0) throw new ArgumentError(subject, problems);
}
