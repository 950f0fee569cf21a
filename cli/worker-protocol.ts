import type { ProjectStack } from "./project";

/** What the plan worker gets: the loaded project, where to stage the plan, and optionally another policy list. */
export interface PlanWorkerInput {
  project: ProjectStack;
  /** The plan folder; the worker stages next to it and never touches it. */
  planDir: string;
  /** Module exporting `policies` (an `AnyPolicy[]`) to evaluate instead of agentcloud's pack. */
  policyModule?: string;
}

/** Messages from the plan worker to its supervisor. */
export type PlanWorkerMessage =
  /** A line for the console. */
  | { kind: "log"; line: string }
  /** The program starts now (the SDK and the pack are loaded): the timeout counts from here. */
  | { kind: "started" }
  /** Resources registered so far (sent periodically, so an out-of-memory end can name the fleet size). */
  | { kind: "progress"; registered: number }
  /** The program called `process.exit`. */
  | { kind: "process-exit"; code: number | string | undefined; registered: number }
  /** The worker's event loop ran empty before the program finished: a promise or Output never settled. */
  | { kind: "drained"; registered: number }
  /** The plan failed with this message (exit 2). */
  | { kind: "failed"; message: string; registered: number }
  /**
   * Policies ran over the complete registration set and the plan is staged in `staged`, complete; `planFiles` are
   * the files the program contributed (see cli/plan-file-contributions.ts).
   */
  | { kind: "done"; staged: string; mandatory: number; summary: string[]; planFiles: string[]; registered: number };
