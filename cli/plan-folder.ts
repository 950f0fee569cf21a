import { existsSync, lstatSync, readdirSync, realpathSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { PlanError } from "./errors";

/** One segment of a Pulumi stack name (org, project or stack), as the Pulumi CLI accepts it. */
const SEGMENT = /^[A-Za-z0-9_.-]{1,100}$/;

/** A stack name split into Pulumi's optional `org/` and `org/project/` prefixes. */
export interface StackName {
  org?: string;
  project?: string;
  /** The stack's own name: it names `Pulumi.<stack>.yaml` and is what `pulumi.getStack()` returns. */
  stack: string;
  /** The plan folder's name under `--out`: the stack, or `org+project+stack` (`+` never occurs in names). */
  folder: string;
}

/**
 * Parses `--stack` like the Pulumi CLI: `stack`, `org/stack` or `org/project/stack`, each part letters, digits,
 * `-`, `_` and `.`. Names that start with `.` are refused: the plan keeps its staging folders under such names.
 */
export function parseStackName(value: string): StackName {
  const parts = value.split("/");
  const fix = 'fix: use letters, digits, "-", "_" and "." (e.g. --stack dev), optionally prefixed "org/" or "org/project/"';
  if (value === "" || parts.length > 3 || parts.some((p) => !SEGMENT.test(p) || p.startsWith("."))) {
    throw new PlanError(`--stack ${JSON.stringify(value)} is not a valid stack name; ${fix}`);
  }
  const stack = parts[parts.length - 1];
  const [org, project] = parts.length === 3 ? parts : parts.length === 2 ? [parts[0], undefined] : [undefined, undefined];
  return { org, project, stack, folder: parts.join("+") };
}

function real(path: string): string {
  // The deepest existing ancestor decides where a path really is (symlinks included).
  let existing = path;
  while (!existsSync(existing) && dirname(existing) !== existing) existing = dirname(existing);
  try {
    return join(realpathSync(existing), relative(existing, path));
  } catch {
    return path;
  }
}

function isSameOrInside(inner: string, outer: string): boolean {
  return inner === outer || inner.startsWith(outer.endsWith(sep) ? outer : outer + sep);
}

/** What a plan folder holds; a folder without these is not a plan and is never replaced. */
const PLAN_MARKERS = ["resources.json", "policy-report.json"];

/**
 * The folder a plan of `stack` is written to: `<out>/<folder>`, checked so that replacing it can never destroy
 * anything but an earlier plan. It must not be, or contain, the program folder or the working directory, and an
 * existing folder there must be an earlier plan (or empty). Throws a {@link PlanError} listing every problem.
 */
export function resolvePlanFolder(options: { out: string; stack: StackName; dir: string; cwd: string }): string {
  const out = resolve(options.out);
  const planDir = join(out, options.stack.folder);
  const problems: string[] = [];
  const realPlan = real(planDir);
  for (const [what, path] of [
    ["the program folder", options.dir],
    ["the working directory", options.cwd],
  ] as const) {
    const realPath = real(resolve(path));
    if (isSameOrInside(realPath, realPlan)) {
      problems.push(
        `the plan folder ${planDir} would replace ${what} ${resolve(path)}${realPath === realPlan ? "" : ", which it contains"}; fix: pass --out with a folder outside it, e.g. --out ${join(resolve(options.dir), "out")}`,
      );
    }
  }
  let ancestor = dirname(planDir);
  while (!existsSync(ancestor) && dirname(ancestor) !== ancestor) ancestor = dirname(ancestor);
  if (existsSync(ancestor) && !lstatSync(realpathSync(ancestor)).isDirectory()) {
    problems.push(`a file is in the way at ${ancestor}, where a folder of the plan path goes; fix: remove the file or pass another --out`);
  } else if (existsSync(planDir) || isSymlink(planDir)) {
    const stat = lstatSync(planDir);
    if (stat.isSymbolicLink()) {
      problems.push(`the plan folder ${planDir} is a symbolic link; fix: remove the link or pass another --out`);
    } else if (!stat.isDirectory()) {
      problems.push(`a file is in the way at ${planDir}, where the plan folder goes; fix: remove the file or pass another --out`);
    } else {
      const entries = readdirSync(planDir);
      if (entries.length > 0 && !PLAN_MARKERS.some((m) => entries.includes(m))) {
        problems.push(
          `${planDir} exists and is not an agentcloud plan (no resources.json), so the plan will not replace it; fix: pass another --out or --stack, or remove the folder yourself`,
        );
      }
    }
  }
  if (problems.length > 0)
    throw new PlanError(`stack "${options.stack.stack}": cannot use ${planDir} as the plan folder:\n  ${problems.join("\n  ")}`);
  return planDir;
}

function isSymlink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}
