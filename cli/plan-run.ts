import { join } from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { PlanError } from "./errors";
import { ProgramLoggedErrors, runUnderMocks, type Registration } from "./mock-runtime";
import { helmReleasesYaml, manifestFileChunks, policyReport, resourcesJsonChunks } from "./plan-files";
import { evaluatePolicies, type AnyPolicy } from "./policy-harness";
import { policies as agentcloudPolicies } from "../policies/all";
import { policyConfigProblems } from "../policies/config";
import { planFileContributions, planFileProblemsMessage } from "./plan-file-contributions";
import { noteSummaryLines, planNotes } from "./plan-notes";
import { PLAN_FOLDERS } from "./plan-outputs";
import { POLICY_CONFIG_KEY, secureConfigNote } from "./project";
import { UNPLANNABLE_COMPONENTS, unplannableProblems } from "./remote-components";
import { COMPONENTS_FILE, componentSummaryLines, componentsText } from "./summary";
import type { PlanWorkerInput, PlanWorkerMessage } from "./worker-protocol";
import { stagePlanFolder, type PlanFiles } from "./write-plan";

/** Loads and runs the program's entry module the way Pulumi's Node.js host does; exports become stack outputs. */
async function runProgram(main: string): Promise<Record<string, unknown>> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require(main) as Record<string, unknown> & { default?: unknown };
  if (typeof mod.default === "function") return (await (mod.default as () => unknown)()) as Record<string, unknown>;
  return mod;
}

function loadPolicies(policyModule: string | undefined): readonly AnyPolicy[] {
  if (policyModule === undefined) return agentcloudPolicies;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require(policyModule) as { policies: readonly AnyPolicy[] }).policies;
}

function errorMessage(e: unknown): string {
  if (e instanceof PlanError || e instanceof ProgramLoggedErrors) return e.message;
  return (e as Error)?.message ?? String(e);
}

/** The summary printed after a plan: resources per component, the program's notes, policy counts, every violation. */
function summaryLines(registrations: readonly Registration[], report: ReturnType<typeof policyReport>): string[] {
  const lines = ["", ...componentSummaryLines(registrations), ...noteSummaryLines(planNotes(registrations))];
  const s = report.summary;
  lines.push("", `Policies: ${s.policies} evaluated, ${s.violations} violation(s): ${s.mandatory} mandatory, ${s.advisory} advisory`);
  lines.push(
    `  by severity: critical ${s.bySeverity.critical}, high ${s.bySeverity.high}, medium ${s.bySeverity.medium}, low ${s.bySeverity.low}`,
  );
  for (const v of report.violations) lines.push(`  [${v.enforcementLevel}/${v.severity}] ${v.policy}: ${v.message}`);
  return lines;
}

/**
 * The plan's work inside the worker: check the policy config, run the program under the mock runtime, refuse
 * components it cannot expand, evaluate the pack over the complete registration set, and stage the plan folder.
 * Reports through `post`; never throws.
 */
let registered = 0;

/** Resources registered so far (the root stack included), for messages sent when the program ends abruptly. */
export function registeredSoFar(): number {
  return registered;
}

export async function planInWorker(input: PlanWorkerInput, post: (message: PlanWorkerMessage) => void): Promise<void> {
  const { project } = input;
  const unplannable: Registration[] = [];
  // A program error also rejects the root stack's promise chain; the plan reports the program's error once.
  const rejections: unknown[] = [];
  process.on("unhandledRejection", (reason) => rejections.push(reason));
  const progress = setInterval(() => post({ kind: "progress", registered }), 200);
  progress.unref();
  try {
    const policies = loadPolicies(input.policyModule);
    // Before the program runs: a misspelled policy or setting must not silently fall back to defaults.
    const configProblems = policyConfigProblems(project.policyConfig, policies).map((p) => `${POLICY_CONFIG_KEY}.${p}`);
    if (configProblems.length > 0) {
      throw new PlanError(
        `stack "${project.stack}": ${POLICY_CONFIG_KEY} has ${configProblems.length} problem(s):\n  ${configProblems.join("\n  ")}`,
      );
    }
    let registrations: Registration[];
    try {
      ({ registrations } = await runUnderMocks(
        { project: project.project, stack: project.stack, config: project.config, secretKeys: project.secretKeys },
        () => {
          registered = 1; // the root stack
          post({ kind: "started" });
          // Counts every resource as it is constructed (for progress), and notes the ones a plan cannot expand
          // even when the program then fails on them.
          pulumi.runtime.registerStackTransformation((args) => {
            registered += 1;
            if (UNPLANNABLE_COMPONENTS[args.type]) {
              unplannable.push({ type: args.type, name: args.name, urn: "", custom: false, dependencies: [], inputs: {} });
            }
            return undefined;
          });
          return runProgram(project.main);
        },
      ));
      await new Promise((resolve) => setImmediate(resolve));
      if (rejections.length > 0) throw rejections[0];
    } catch (e) {
      if (unplannable.length > 0) throw new PlanError(unplannableMessage(project.stack, unplannableProblems(unplannable)));
      throw e;
    }
    registered = registrations.length;
    const problems = unplannableProblems(registrations);
    if (problems.length > 0) throw new PlanError(unplannableMessage(project.stack, problems));
    // Before the policies: a plan whose promised files cannot be written fails (exit 2) rather than omit them.
    const contributed = planFileContributions(registrations);
    if (contributed.problems.length > 0) throw new PlanError(planFileProblemsMessage(project.stack, contributed.problems));

    post({ kind: "log", line: `  ${registrations.length} resources registered; evaluating ${policies.length} policies ...` });
    const evaluation = await evaluatePolicies(policies, registrations, project.policyConfig);
    const report = policyReport(project.project, project.stack, policies, evaluation);
    const files: PlanFiles = {
      // Streamed: each file is rendered as it is written (see cli/plan-files.ts).
      "resources.json": resourcesJsonChunks(project.project, project.stack, registrations),
      "helm-releases.yaml": helmReleasesYaml(registrations),
      "policy-report.json": `${JSON.stringify(report, null, 2)}\n`,
      [COMPONENTS_FILE]: componentsText(registrations),
    };
    // Plain names belong in manifests/; a key with a folder (crds/crds.yaml) is relative to the plan folder.
    for (const [name, content] of Object.entries(manifestFileChunks(registrations)))
      files[name.includes("/") ? name : join("manifests", name)] = content;
    // Plain names, none of them the plan's own (checked above), so they stay in the plan folder and overwrite nothing.
    Object.assign(files, contributed.files);
    const staged = stagePlanFolder(input.planDir, files, { folders: PLAN_FOLDERS });
    post({
      kind: "done",
      staged,
      mandatory: report.summary.mandatory,
      summary: summaryLines(registrations, report),
      planFiles: Object.keys(contributed.files).sort(),
      registered,
    });
  } catch (e) {
    const message = errorMessage(e);
    const note = secureConfigNote(message, project.stack, project.secretKeys);
    post({ kind: "failed", message: note ? `${message}\n${note}` : message, registered });
  } finally {
    clearInterval(progress);
  }
}

function unplannableMessage(stack: string, problems: string[]): string {
  return `stack "${stack}" uses ${problems.length} component(s) that cannot be planned offline:\n  ${problems.join("\n  ")}`;
}
