import { extname, join } from "node:path";
import { getHeapStatistics } from "node:v8";
import { Worker } from "node:worker_threads";
import type { PlanWorkerInput, PlanWorkerMessage } from "./worker-protocol";

/** The default of `--timeout`: long enough for thousands of agents, short enough for a CI job to learn of a hang. */
export const DEFAULT_TIMEOUT_SECONDS = 300;

/** Seconds allowed for loading the SDK and the pack before the program starts (at least `--timeout`). */
const STARTUP_SECONDS = 120;

/** How the plan worker ended: staged (policies ran over every registration) or failed with a message. */
export type WorkerOutcome =
  | { ok: true; staged: string; mandatory: number; summary: string[]; planFiles: string[]; registered: number }
  | { ok: false; message: string; registered: number };

export interface SuperviseOptions {
  /** Seconds before a program that has not finished is stopped. */
  timeoutSeconds: number;
  /** Console lines the worker sends. */
  log: (line: string) => void;
}

/** A plan worker thread, started early so that it loads the SDK and the pack while the CLI checks its arguments. */
export interface PlanWorker {
  /** Heap limit of the worker in MiB. */
  readonly maxMemoryMb: number;
  /**
   * Runs one plan. Whatever the program does (throws, never settles, calls `process.exit`, keeps a timer alive,
   * runs out of memory) this resolves with an outcome; it never rejects.
   */
  run(input: PlanWorkerInput, options: SuperviseOptions): Promise<WorkerOutcome>;
  /** Stops a worker that will not run a plan. */
  cancel(): void;
}

/** Node's own heap limit, the default for the worker. */
export function defaultMaxMemoryMb(): number {
  return Math.floor(getHeapStatistics().heap_size_limit / 1024 / 1024);
}

/**
 * Young generation of the plan worker. A program registers every resource at once, so most young objects are still
 * alive at a scavenge; with V8's default (48 MiB) a 1,000-agent plan ran ~300 scavenges, with this ~80 and less
 * promoted garbage (measured with `--trace-gc-nvp`; see README "Performance").
 */
const PLAN_YOUNG_GENERATION_MB = 192;

/**
 * The young generation for a heap limit: {@link PLAN_YOUNG_GENERATION_MB}, at most a sixteenth of the old
 * generation. Node gives a worker that reaches its heap limit only 16 MiB of leeway to finish the current GC; a
 * scavenge that promotes more than that is a fatal V8 crash of the whole process, not ERR_WORKER_OUT_OF_MEMORY.
 * Measured: 192 MiB young crashed the process at a 160 and a 384 MiB limit, and was caught at 2,000 and 4,144 MiB
 * (125 and 192 MiB young).
 */
export function youngGenerationMb(maxMemoryMb: number): number {
  return Math.max(1, Math.min(PLAN_YOUNG_GENERATION_MB, Math.floor(maxMemoryMb / 16)));
}

/**
 * Starts the worker from this file's folder with this file's extension, so it runs from the TypeScript sources
 * (through tsx) and from compiled JavaScript in `dist/` alike. In JavaScript, tsx is registered only when the
 * first `.ts` file loads (a TypeScript program), as `bin/agentcloud.js` does. The worker then waits for its input.
 */
export function startPlanWorker(maxMemoryMb: number): PlanWorker {
  const entry = join(__dirname, `plan-worker${extname(__filename)}`);
  const tsx = require.resolve("tsx/cjs/api");
  const bootstrap = `
    const { workerData } = require("node:worker_threads");
    const Module = require("node:module");
    if (workerData.entry.endsWith(".ts")) require(workerData.tsx).register();
    else if (!Module._extensions[".ts"]) {
      Module._extensions[".ts"] = function (module, filename) {
        delete Module._extensions[".ts"];
        require(workerData.tsx).register();
        return Module._extensions[".ts"](module, filename);
      };
    }
    require(workerData.entry);`;
  const worker = new Worker(bootstrap, {
    eval: true,
    workerData: { entry, tsx },
    resourceLimits: { maxOldGenerationSizeMb: maxMemoryMb, maxYoungGenerationSizeMb: youngGenerationMb(maxMemoryMb) },
  });
  // Whatever happens before `run` (a module that fails to load) is reported by `run`.
  const early: { error?: Error & { code?: string }; exit?: number } = {};
  const onEarlyError = (e: Error & { code?: string }) => (early.error ??= e);
  const onEarlyExit = (code: number) => (early.exit ??= code);
  worker.on("error", onEarlyError);
  worker.on("exit", onEarlyExit);
  let used = false;
  return {
    maxMemoryMb,
    cancel: () => void worker.terminate(),
    run(input, options) {
      if (used) throw new Error("a plan worker runs one plan");
      used = true;
      worker.off("error", onEarlyError);
      worker.off("exit", onEarlyExit);
      return supervise(worker, maxMemoryMb, input, options, early);
    },
  };
}

/** Starts a worker and runs one plan in it. */
export function superviseWorker(input: PlanWorkerInput, options: SuperviseOptions & { maxMemoryMb: number }): Promise<WorkerOutcome> {
  return startPlanWorker(options.maxMemoryMb).run(input, options);
}

function supervise(
  worker: Worker,
  maxMemoryMb: number,
  input: PlanWorkerInput,
  options: SuperviseOptions,
  early: { error?: Error & { code?: string }; exit?: number },
): Promise<WorkerOutcome> {
  return new Promise((resolve) => {
    let registered = 0;
    let settled = false;
    const finish = (outcome: WorkerOutcome): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      // Timers or handles the program left open must not keep the plan alive.
      void worker.terminate();
      resolve(outcome);
    };
    const fail = (message: string): void => finish({ ok: false, message, registered });
    const onError = (e: Error & { code?: string }): void => {
      if (e.code === "ERR_WORKER_OUT_OF_MEMORY") {
        return fail(
          `the plan ran out of memory (heap limit ${maxMemoryMb} MiB) after ${registered} resources were registered; ` +
            `fix: raise the limit with --max-memory <MiB> (e.g. --max-memory ${maxMemoryMb * 2}) if the machine has the memory, or split the fleet across stacks`,
        );
      }
      fail(e?.message ?? String(e));
    };
    const onExit = (code: number): void =>
      fail(
        `the plan worker stopped unexpectedly (exit code ${code}, ${registered} resources registered); fix: run again, and report a bug if it repeats`,
      );
    const timeout = () =>
      setTimeout(
        () =>
          fail(
            `the program did not finish within ${options.timeoutSeconds} s (${registered} resources registered so far); ` +
              "something keeps it running: a timer, an open connection or a promise waiting for an event; " +
              "fix: make every promise the program creates settle, or raise --timeout if it is only slow",
          ),
        options.timeoutSeconds * 1000,
      );
    // Loading the SDK and the pack gets its own budget (seconds on a busy machine); the program's starts after it.
    const startupSeconds = Math.max(options.timeoutSeconds, STARTUP_SECONDS);
    let timer = setTimeout(
      () =>
        fail(
          `the plan could not start the program within ${startupSeconds} s (loading the Pulumi SDK and the policy pack); ` +
            "fix: check what else loads the machine, and run again",
        ),
      startupSeconds * 1000,
    );

    worker.on("message", (m: PlanWorkerMessage) => {
      if ("registered" in m) registered = m.registered;
      switch (m.kind) {
        case "log":
          options.log(m.line);
          return;
        case "progress":
          return;
        case "started":
          clearTimeout(timer);
          timer = timeout();
          return;
        case "process-exit":
          return fail(
            `the program called process.exit(${m.code ?? ""}) before the plan finished (${m.registered} resources registered); ` +
              "a plan needs the whole program to run; fix: throw an error instead of exiting, or remove the call",
          );
        case "drained":
          return fail(
            `the program never finished: its promises or Outputs never settled and nothing is left running that could settle them (${m.registered} resources registered); ` +
              "fix: make sure every promise the program returns or awaits, and every Output it exports, resolves (e.g. one waiting for an event that never fires)",
          );
        case "failed":
          return fail(m.message);
        case "done":
          return finish({
            ok: true,
            staged: m.staged,
            mandatory: m.mandatory,
            summary: m.summary,
            planFiles: m.planFiles,
            registered: m.registered,
          });
      }
    });
    worker.on("error", onError);
    worker.on("exit", onExit);
    if (early.error) return onError(early.error);
    if (early.exit !== undefined) return onExit(early.exit);
    worker.postMessage(input);
  });
}
