// Entry of the plan worker thread (see `cli/supervise.ts`): loads the SDK and the pack, waits for its input, runs
// one plan and reports through messages.
import { parentPort } from "node:worker_threads";
import { planInWorker, registeredSoFar } from "./plan-run";
import type { PlanWorkerInput, PlanWorkerMessage } from "./worker-protocol";

const port = parentPort!;
const send = (message: PlanWorkerMessage): void => port.postMessage(message);

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
  // The SDK's exit hook would print its "promises were still active" text; the plan's message names the cause.
  process.removeAllListeners("exit");
  return exit(code);
};

function onEmptyEventLoop(): void {
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
}

port.once("message", (input: PlanWorkerInput) => {
  // From now on only the program may keep the thread alive: an empty event loop means it can never finish.
  port.unref();
  process.once("beforeExit", onEmptyEventLoop);
  void planInWorker(input, post);
});
