import { existsSync, readFileSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { parse } from "yaml";
import { PlanError } from "./errors";
import type { PolicyPackConfig } from "./policy-harness";

/** A Pulumi project folder and the stack being planned. */
export interface ProjectStack {
  dir: string;
  project: string;
  stack: string;
  /** Absolute path of the program's entry module. */
  main: string;
  /** Config as Pulumi hands it to programs: `namespace:key` to string (structured values as JSON). */
  config: Record<string, string>;
  secretKeys: string[];
  /** Policy pack config from `agentcloud:policies` (Pulumi `--policy-pack-config` shape). */
  policyConfig: PolicyPackConfig;
}

/** The stack config key the plan reads policy enforcement levels from. Programs ignore it. */
export const POLICY_CONFIG_KEY = "agentcloud:policies";

function readYaml(path: string, what: string): unknown {
  if (statSync(path).isDirectory()) {
    throw new PlanError(`${what} ${path} is a folder, not a file; fix: remove or rename the folder and write the YAML file in its place`);
  }
  try {
    return parse(readFileSync(path, "utf8"));
  } catch (e) {
    throw new PlanError(`${what} ${path} is not valid YAML: ${(e as Error).message.split("\n")[0]}; fix the file's syntax`);
  }
}

function resolveMain(dir: string, main: string | undefined): string {
  const base = resolve(dir, main ?? ".");
  const candidates = existsSync(base) && statSync(base).isDirectory() ? [join(base, "index.ts"), join(base, "index.js")] : [base];
  const found = candidates.find((c) => existsSync(c));
  if (!found)
    throw new PlanError(`Pulumi.yaml in ${dir}: main "${main ?? "."}" has no index.ts or index.js; point main at the program folder`);
  return found;
}

/** Pulumi's qualification: a bare key belongs to the project's namespace. */
function qualify(key: string, project: string): string {
  return key.includes(":") ? key : `${project}:${key}`;
}

function configString(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}

/** The shape of `agentcloud:policies`; names, levels and settings are checked against the pack in the plan worker. */
function policyConfigShapeProblems(stack: string, value: unknown): string[] {
  if (value === undefined || isMap(value)) return [];
  return [
    `stack "${stack}": ${POLICY_CONFIG_KEY} must be a map of policy name to enforcement level (got ${JSON.stringify(value)}); fix: e.g. { all: mandatory, agentcloud-sandbox-unsafe-opt-out: advisory }`,
  ];
}

function isMap(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function kindOf(value: unknown): string {
  return Array.isArray(value) ? "a list" : value === null ? "null" : `a ${typeof value} (${JSON.stringify(value)})`;
}

/** Pulumi.yaml's `runtime`: a name, or `{ name, options }`. */
function checkRuntime(projectFile: string, runtime: unknown): void {
  const name = isMap(runtime) ? runtime.name : runtime;
  if (name === undefined || name === "nodejs") return;
  throw new PlanError(
    `${projectFile}: runtime ${JSON.stringify(name)} is not supported; agentcloud plan runs only nodejs (TypeScript or JavaScript) programs; fix: plan a nodejs program, or preview this one with "pulumi preview"`,
  );
}

/**
 * Reads `Pulumi.yaml` and `Pulumi.<stack>.yaml` the way Pulumi does: project config defaults, then stack values;
 * bare keys qualified with the project name; structured values serialised as JSON; `secure:` values kept secret.
 */
export function loadProjectStack(dir: string, stack: string): ProjectStack {
  const projectFile = join(dir, "Pulumi.yaml");
  if (!existsSync(projectFile)) throw new PlanError(`no Pulumi.yaml in ${dir}; fix: pass --dir with a Pulumi project folder`);
  const project = readYaml(projectFile, "project file") as {
    name?: unknown;
    main?: string;
    runtime?: unknown;
    config?: Record<string, unknown>;
  } | null;
  if (!isMap(project) || typeof project.name !== "string")
    throw new PlanError(`${projectFile} has no project name; fix: add "name: <project>"`);
  checkRuntime(projectFile, project.runtime);
  const stackFile = join(dir, `Pulumi.${stack}.yaml`);
  if (!existsSync(stackFile))
    throw new PlanError(`stack "${stack}" has no config file ${stackFile}; fix: create it or pass --stack with an existing stack`);
  const stackYaml = readYaml(stackFile, `stack "${stack}" config`) ?? {};
  if (!isMap(stackYaml)) {
    throw new PlanError(
      `stack "${stack}" config ${stackFile} must be a map with a "config:" key (got ${kindOf(stackYaml)}); fix: write it as "config:" followed by indented "key: value" lines`,
    );
  }
  const stackConfig = stackYaml.config ?? {};
  if (!isMap(stackConfig)) {
    throw new PlanError(
      `stack "${stack}" config ${stackFile}: "config" must be a map of key to value (got ${kindOf(stackConfig)}); fix: write "config:" followed by indented "key: value" lines, e.g. "  ${project.name}:namespace: agents"`,
    );
  }

  const config: Record<string, string> = {};
  const secretKeys: string[] = [];
  for (const [key, decl] of Object.entries(project.config ?? {})) {
    const value =
      typeof decl === "object" && decl !== null && "default" in decl ? decl.default : typeof decl === "object" ? undefined : decl;
    if (value !== undefined) config[qualify(key, project.name)] = configString(value);
  }
  let policies: unknown;
  const problems: string[] = [];
  for (const [rawKey, value] of Object.entries(stackConfig)) {
    const key = qualify(rawKey, project.name);
    if (key === POLICY_CONFIG_KEY) {
      policies = value;
      continue;
    }
    if (value === null) {
      problems.push(
        `stack "${stack}": ${key} has no value (null); fix: give it a value in ${stackFile} (e.g. "" for an empty string) or remove the key`,
      );
      continue;
    }
    if (typeof value === "object" && value !== null && "secure" in value) {
      // Offline plans cannot decrypt; programs see a placeholder, marked secret like the real value.
      config[key] = "[secret]";
      secretKeys.push(key);
      continue;
    }
    config[key] = configString(value);
  }
  problems.push(...policyConfigShapeProblems(stack, policies));
  if (problems.length === 1) throw new PlanError(problems[0]);
  if (problems.length > 1) throw new PlanError(`stack "${stack}" config has ${problems.length} problems:\n  ${problems.join("\n  ")}`);
  return {
    dir,
    project: project.name,
    stack,
    main: resolveMain(dir, project.main),
    config,
    secretKeys,
    policyConfig: (policies as PolicyPackConfig | undefined) ?? {},
  };
}

/**
 * When a program rejected a `secure:` config value (it received the offline placeholder), the note that says so
 * and how to plan anyway; undefined when the error does not involve a secure key.
 */
export function secureConfigNote(message: string, stack: string, secretKeys: readonly string[]): string | undefined {
  const named = secretKeys.filter((k) => message.includes(k));
  const keys = named.length > 0 ? named : message.includes("[secret]") ? [...secretKeys] : [];
  if (keys.length === 0) return undefined;
  const one = keys.length === 1;
  return (
    `note: ${keys.join(", ")} ${one ? "is a secure: value" : "are secure: values"}, which offline plans cannot decrypt, so the program received the placeholder "[secret]"; ` +
    `fix: to plan anyway, give ${one ? "it" : "them"} a plain stand-in value in a plan-only stack: copy Pulumi.${stack}.yaml to Pulumi.${stack}-plan.yaml, replace the secure: ${one ? "entry" : "entries"} and run agentcloud plan --stack ${stack}-plan`
  );
}
