// Entry of the plan worker thread (see `cli/supervise.ts`): runs one plan and reports through messages.
import { parentPort, workerData } from "node:worker_threads";
import { planInWorker } from "./plan-run";
import type { PlanWorkerInput, PlanWorkerMessage } from "./worker-protocol";

const input = workerData as PlanWorkerInput;
let registered = 0;
const post = (message: PlanWorkerMessage): void => {
  if ("registered" in message) registered = message.registered;
  parentPort!.postMessage(message);
};

// `process.exit` in a worker ends only the worker; say so before it does, so the plan can name the cause.
const exit = process.exit.bind(process);
process.exit = ((code?: number | string) => {
  post({ kind: "process-exit", code, registered });
  return exit(code as number);
}) as typeof process.exit;

// The event loop ran empty while the program had not finished: nothing is left that could settle it.
process.once("beforeExit", () => post({ kind: "drained", registered }));

void planInWorker(input, post);
