import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { policies as agentcloudPolicies } from "../policies/all";
import { PlanError } from "./errors";
import { ProgramLoggedErrors, runUnderMocks, type Registration } from "./mock-runtime";
import { helmReleasesYaml, manifestFiles, policyReport, resourcesJson } from "./plan-files";
import { evaluatePolicies, type AnyPolicy } from "./policy-harness";
import { loadProjectStack } from "./project";
import { resourcesPerComponent } from "./summary";
import { writeFolderAtomically } from "./write-plan";

export interface PlanOptions {
  /** Pulumi project folder. */
  dir: string;
  stack: string;
  /** Folder the plan is written under (`<out>/<stack>/`). */
  out: string;
  /** Progress and summary lines. */
  log: (line: string) => void;
  /** The pack to evaluate; defaults to agentcloud's. */
  policies?: readonly AnyPolicy[];
}

export interface PlanResult {
  exitCode: 0 | 1 | 2;
  registrations: Registration[];
  planDir?: string;
}

/** Loads and runs the program's entry module the way Pulumi's Node.js host does; exports become stack outputs. */
async function runProgram(main: string): Promise<Record<string, unknown>> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require(main) as Record<string, unknown> & { default?: unknown };
  if (typeof mod.default === "function") return (await (mod.default as () => unknown)()) as Record<string, unknown>;
  return mod;
}

/** `agentcloud plan`: run the stack under the mock runtime, evaluate the pack, write `out/<stack>/`. */
export async function plan(options: PlanOptions): Promise<PlanResult> {
  const { log } = options;
  const dir = resolve(options.dir);
  const planDir = resolve(options.out, options.stack);
  const policies = options.policies ?? agentcloudPolicies;
  const started = Date.now();
  let registrations: Registration[] = [];
  const cwd = process.cwd();
  // A program error also rejects the root stack's promise chain; the plan reports the error once, as exit 2.
  const rejections: unknown[] = [];
  process.on("unhandledRejection", (reason) => rejections.push(reason));
  try {
    const project = loadProjectStack(dir, options.stack);
    log(`agentcloud plan: project ${project.project}, stack ${project.stack} (offline, mock runtime)`);
    log(`  running ${project.main.slice(dir.length + 1) || project.main} ...`);
    process.chdir(dir);
    let result;
    try {
      result = await runUnderMocks(
        { project: project.project, stack: project.stack, config: project.config, secretKeys: project.secretKeys },
        () => runProgram(project.main),
      );
    } finally {
      process.chdir(cwd);
    }
    registrations = result.registrations;
    await new Promise((resolve) => setImmediate(resolve));
    if (rejections.length > 0) throw rejections[0];
    log(`  ${registrations.length} resources registered; evaluating ${policies.length} policies ...`);
    const evaluation = await evaluatePolicies(policies, registrations, project.policyConfig);
    const report = policyReport(project.project, project.stack, policies, evaluation);

    const files: Record<string, string> = {
      "resources.json": resourcesJson(project.project, project.stack, registrations),
      "helm-releases.yaml": helmReleasesYaml(registrations),
      "policy-report.json": `${JSON.stringify(report, null, 2)}\n`,
    };
    for (const [name, content] of Object.entries(manifestFiles(registrations))) files[join("manifests", name)] = content;
    writeFolderAtomically(planDir, files);

    log("");
    log("Resources per component:");
    for (const { component, resources } of resourcesPerComponent(registrations)) log(`  ${component.padEnd(48)} ${resources}`);
    const s = report.summary;
    log("");
    log(`Policies: ${s.policies} evaluated, ${s.violations} violation(s): ${s.mandatory} mandatory, ${s.advisory} advisory`);
    log(`  by severity: critical ${s.bySeverity.critical}, high ${s.bySeverity.high}, medium ${s.bySeverity.medium}, low ${s.bySeverity.low}`);
    for (const v of evaluation.violations) log(`  [${v.enforcementLevel}/${v.severity}] ${v.policy}: ${v.message}`);
    log("");
    log(`Plan written to ${planDir}/ (resources.json, manifests/, helm-releases.yaml, policy-report.json) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    if (s.mandatory > 0) {
      log(`FAILED: ${s.mandatory} mandatory policy violation(s).`);
      return { exitCode: 1, registrations, planDir };
    }
    return { exitCode: 0, registrations, planDir };
  } catch (e) {
    const message = e instanceof PlanError || e instanceof ProgramLoggedErrors ? e.message : (e as Error)?.message ?? String(e);
    log(existsSync(planDir)
      ? `agentcloud plan: stack "${options.stack}" failed; the previous plan in ${planDir}/ is left as it was.`
      : `agentcloud plan: stack "${options.stack}" failed; nothing was written.`);
    log(message);
    return { exitCode: 2, registrations };
  }
}
