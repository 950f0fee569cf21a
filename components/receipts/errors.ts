import { problemsMessage, type ValidationProblem } from "../validation/problems";

/** Thrown by the receipts library for invalid arguments, with every problem found, before anything is written. */
export class ReceiptArgumentError extends Error {
  /** Every problem, as the checks reported them. */
  readonly problems: readonly ValidationProblem[];

  constructor(subject: string, problems: readonly ValidationProblem[]) {
    super(problemsMessage(subject, problems));
    this.name = "ReceiptArgumentError";
    this.problems = problems;
  }
}

/** Throws a {@link ReceiptArgumentError} when `problems` is not empty. */
export function throwIfReceiptProblems(subject: string, problems: readonly ValidationProblem[]): void {
  if (problems.length > 0) throw new ReceiptArgumentError(subject, problems);
}
