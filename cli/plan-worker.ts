// Entry of the plan worker thread (see `cli/supervise.ts`): runs one plan and reports through messages.
import { parentPort, workerData } from "node:worker_threads";
import { planInWorker, registeredSoFar } from "./plan-run";
import type { PlanWorkerInput, PlanWorkerMessage } from "./worker-protocol";

const input = workerData as PlanWorkerInput;
const post = (message: PlanWorkerMessage): void => parentPort!.postMessage(message);

// `process.exit` in a worker ends only the worker; say so before it does, so the plan can name the cause.
const exit = process.exit.bind(process);
process.exit = ((code?: number | string) => {
  post({ kind: "process-exit", code, registered: registeredSoFar() });
  return exit(code as number);
}) as typeof process.exit;

// The event loop ran empty while the program had not finished: nothing is left that could settle it.
process.once("beforeExit", () => post({ kind: "drained", registered: registeredSoFar() }));

void planInWorker(input, post);
