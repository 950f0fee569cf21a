import { problemsMessage, type ValidationProblem } from "../../validation/problems";

/**
 * Thrown by agentcloud's CDK constructs when their props are invalid, before any construct is created. Carries every
 * problem found. The Pulumi side's `ArgumentError` is a Pulumi `InputPropertiesError`, which CDK code must not load.
 */
export class CdkArgumentError extends Error {
  /** Every problem, as the checks reported them. */
  readonly problems: readonly ValidationProblem[];
  /** What was being validated, e.g. `AuditBucket "Audit"`. */
  readonly subject: string;

  constructor(subject: string, problems: readonly ValidationProblem[]) {
    super(problemsMessage(subject, problems));
    this.name = "CdkArgumentError";
    this.subject = subject;
    this.problems = problems;
  }
}

/** Throws a {@link CdkArgumentError} when `problems` is not empty. */
export function throwIfCdkProblems(subject: string, problems: readonly ValidationProblem[]): void {
  if (problems.length > 0) throw new CdkArgumentError(subject, problems);
}
