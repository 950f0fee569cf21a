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

const LEVELS = new Set(["advisory", "mandatory", "remediate", "disabled"]);

function readYaml(path: string, what: string): unknown {
  try {
    return parse(readFileSync(path, "utf8"));
  } catch (e) {
    throw new PlanError(`${what} ${path} is not valid YAML: ${(e as Error).message.split("\n")[0]}; fix the file's syntax`);
  }
}

function resolveMain(dir: string, main: string | undefined): string {
  const base = resolve(dir, main ?? ".");
  const candidates = existsSync(base) && statSync(base).isDirectory()
    ? [join(base, "index.ts"), join(base, "index.js")]
    : [base];
  const found = candidates.find((c) => existsSync(c));
  if (!found) throw new PlanError(`Pulumi.yaml in ${dir}: main "${main ?? "."}" has no index.ts or index.js; point main at the program folder`);
  return found;
}

/** Pulumi's qualification: a bare key belongs to the project's namespace. */
function qualify(key: string, project: string): string {
  return key.includes(":") ? key : `${project}:${key}`;
}

function configString(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}

function checkPolicyConfig(stack: string, value: unknown): PolicyPackConfig {
  if (value === undefined) return {};
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new PlanError(`stack "${stack}": ${POLICY_CONFIG_KEY} must be a map of policy name to enforcement level (got ${JSON.stringify(value)}); fix: e.g. { all: mandatory, agentcloud-sandbox-unsafe-opt-out: advisory }`);
  }
  for (const [name, level] of Object.entries(value)) {
    const l = typeof level === "object" && level !== null ? (level as { enforcementLevel?: unknown }).enforcementLevel : level;
    if (l !== undefined && !LEVELS.has(l as string)) {
      throw new PlanError(`stack "${stack}": ${POLICY_CONFIG_KEY}.${name} is ${JSON.stringify(l)}, not an enforcement level; fix: use advisory, mandatory or disabled`);
    }
  }
  return value as PolicyPackConfig;
}

/**
 * Reads `Pulumi.yaml` and `Pulumi.<stack>.yaml` the way Pulumi does: project config defaults, then stack values;
 * bare keys qualified with the project name; structured values serialised as JSON; `secure:` values kept secret.
 */
export function loadProjectStack(dir: string, stack: string): ProjectStack {
  const projectFile = join(dir, "Pulumi.yaml");
  if (!existsSync(projectFile)) throw new PlanError(`no Pulumi.yaml in ${dir}; fix: pass --dir with a Pulumi project folder`);
  const project = readYaml(projectFile, "project file") as { name?: unknown; main?: string; config?: Record<string, unknown> } | null;
  if (!project || typeof project.name !== "string") throw new PlanError(`${projectFile} has no project name; fix: add "name: <project>"`);
  const stackFile = join(dir, `Pulumi.${stack}.yaml`);
  if (!existsSync(stackFile)) throw new PlanError(`stack "${stack}" has no config file ${stackFile}; fix: create it or pass --stack with an existing stack`);
  const stackYaml = (readYaml(stackFile, `stack "${stack}" config`) ?? {}) as { config?: Record<string, unknown> };

  const config: Record<string, string> = {};
  const secretKeys: string[] = [];
  for (const [key, decl] of Object.entries(project.config ?? {})) {
    const value = typeof decl === "object" && decl !== null && "default" in decl ? (decl as { default: unknown }).default : typeof decl === "object" ? undefined : decl;
    if (value !== undefined) config[qualify(key, project.name)] = configString(value);
  }
  let policies: unknown;
  for (const [rawKey, value] of Object.entries(stackYaml.config ?? {})) {
    const key = qualify(rawKey, project.name);
    if (key === POLICY_CONFIG_KEY) {
      policies = value;
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
  return {
    dir, project: project.name, stack, main: resolveMain(dir, project.main), config, secretKeys,
    policyConfig: checkPolicyConfig(stack, policies),
  };
}
