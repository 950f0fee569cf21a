/** A configuration or usage error: the plan stops with exit code 2 and this message. */
export class PlanError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PlanError";
  }
}
