import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { PlanError } from "./errors";
import { parseStackName, resolvePlanFolder } from "./plan-folder";
import { loadProjectStack } from "./project";
import { DEFAULT_TIMEOUT_SECONDS, defaultMaxMemoryMb, startPlanWorker, type PlanWorker } from "./supervise";
import { discardStaging, recoverPlanFolder, swapInPlanFolder } from "./write-plan";

export { DEFAULT_TIMEOUT_SECONDS };

// The process has one working directory. Plans running at once (tests) share it: the first sets it back.
let running = 0;
let restoreCwd = "";

function enterProgramFolder(dir: string): void {
  if (running++ === 0) restoreCwd = process.cwd();
  process.chdir(dir);
}

function leaveProgramFolder(): void {
  if (--running === 0) process.chdir(restoreCwd);
}

export interface PlanOptions {
  /** Pulumi project folder. */
  dir: string;
  /** Stack name, optionally `org/` or `org/project/` qualified. */
  stack: string;
  /** Folder the plan is written under (`<out>/<stack>/`). */
  out: string;
  /** Progress and summary lines. */
  log: (line: string) => void;
  /** Module exporting `policies` to evaluate instead of agentcloud's pack (tests). */
  policyModule?: string;
  /** Seconds before a program that has not finished is stopped (exit 2). @default 300 */
  timeoutSeconds?: number;
  /** Heap limit of the program in MiB (ignored when `worker` is given). @default Node's own heap limit */
  maxMemoryMb?: number;
  /** A worker started early (see {@link startPlanWorker}); the plan starts one when absent and stops it either way. */
  worker?: PlanWorker;
}

export interface PlanResult {
  /** 0 clean, 1 mandatory violations (policies ran over every registration), 2 anything else. */
  exitCode: 0 | 1 | 2;
  /** Resources the program registered (so far, when it failed). */
  registered: number;
  planDir?: string;
}

/**
 * `agentcloud plan`: run the stack under the mock runtime in a supervised worker, evaluate the pack, and swap the
 * new plan into `<out>/<stack>/`. Never throws: every failure is exit 2 with a message naming the stack and cause.
 */
export async function plan(options: PlanOptions): Promise<PlanResult> {
  const { log } = options;
  const cwd = running > 0 ? restoreCwd : process.cwd();
  let planDir: string | undefined;
  let registered = 0;
  let ran = false;
  try {
    const name = parseStackName(options.stack);
    const dir = resolve(options.dir);
    planDir = resolvePlanFolder({ out: options.out, stack: name, dir, cwd });
    const project = loadProjectStack(dir, name.stack);
    if (name.project && name.project !== project.project) {
      throw new PlanError(
        `--stack ${options.stack} names project "${name.project}", but ${dir}/Pulumi.yaml is project "${project.project}"; fix: pass --stack ${name.org}/${project.project}/${name.stack}, or --dir with that project`,
      );
    }
    log(`agentcloud plan: project ${project.project}, stack ${project.stack} (offline, mock runtime)`);
    log(`  running ${project.main.slice(dir.length + 1) || project.main} ...`);
    const recovered = recoverPlanFolder(planDir);
    if (recovered.restored) log(`  recovered ${planDir}/ from an interrupted earlier run (kept the ${recovered.restored} plan)`);
    enterProgramFolder(dir);
    let outcome;
    try {
      const worker = options.worker ?? startPlanWorker(options.maxMemoryMb ?? defaultMaxMemoryMb());
      ran = true;
      outcome = await worker.run(
        { project, planDir, policyModule: options.policyModule },
        { timeoutSeconds: options.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS, log },
      );
    } finally {
      leaveProgramFolder();
    }
    registered = outcome.registered;
    if (!outcome.ok) throw new PlanError(outcome.message);
    swapInPlanFolder(planDir, outcome.staged);
    for (const line of outcome.summary) log(line);
    log("");
    const contributed = outcome.planFiles.map((f) => `, ${f}`).join("");
    log(
      `Plan written to ${planDir}/ (resources.json, crds/, manifests/, helm-releases.yaml, policy-report.json, components.txt${contributed}) in ${process.uptime().toFixed(1)} s`,
    );
    if (outcome.mandatory > 0) {
      log(`FAILED: ${outcome.mandatory} mandatory policy violation(s).`);
      return { exitCode: 1, registered, planDir };
    }
    return { exitCode: 0, registered, planDir };
  } catch (e) {
    if (!ran) options.worker?.cancel();
    if (planDir) discardStaging(planDir);
    const message = e instanceof PlanError ? e.message : ((e as Error)?.message ?? String(e));
    log(
      planDir && existsSync(planDir)
        ? `agentcloud plan: stack "${options.stack}" failed; the previous plan in ${planDir}/ is left as it was.`
        : `agentcloud plan: stack "${options.stack}" failed; nothing was written.`,
    );
    log(message);
    return { exitCode: 2, registered };
  }
}
