// Entry of the plan worker thread (see `cli/supervise.ts`): runs one plan and reports through messages.
import { parentPort, workerData } from "node:worker_threads";
import { planInWorker, registeredSoFar } from "./plan-run";
import type { PlanWorkerInput, PlanWorkerMessage } from "./worker-protocol";

const input = workerData as PlanWorkerInput;
const send = (message: PlanWorkerMessage): void => parentPort!.postMessage(message);

// A finished plan is reported only once the event loop is empty: nothing the program started (a timer that
// registers one more resource) can then change the registration set the policies judged.
let finished: { message: PlanWorkerMessage; registered: number } | undefined;
const post = (message: PlanWorkerMessage): void => {
  if (message.kind === "done") finished = { message, registered: registeredSoFar() };
  else send(message);
};

// `process.exit` in a worker ends only the worker; say so before it does, so the plan can name the cause.
const exit = process.exit.bind(process);
process.exit = (code?: number | string | null): never => {
  send({ kind: "process-exit", code: code ?? undefined, registered: registeredSoFar() });
  return exit(code);
};

process.once("beforeExit", () => {
  const registered = registeredSoFar();
  if (!finished) {
    // The event loop ran empty while the program had not finished: nothing is left that could settle it.
    send({ kind: "drained", registered });
  } else if (registered > finished.registered) {
    send({
      kind: "failed",
      registered,
      message:
        `the program registered ${registered - finished.registered} resource(s) after it had finished (from a timer or an un-awaited callback), so the plan cannot judge a complete set; ` +
        "fix: create every resource while the program runs, or await the work that creates them",
    });
  } else {
    send(finished.message);
  }
});

void planInWorker(input, post);
