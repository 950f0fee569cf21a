import * as pulumi from "@pulumi/pulumi";
import { ArgumentError, showValue, type ValidationProblem } from "../components/validation";

/** One typed stack config key: its type, default and meaning (documented in Pulumi.<stack>.yaml too). */
export interface ConfigKey<T> {
  /** `object-or-false`: an object, or `false` to turn the feature off (e.g. `agentcloud:observability`). */
  type: "string" | "integer" | "boolean" | "array" | "object" | "object-or-false";
  default: T;
  description: string;
  /** Extra check on a well-typed value: a problem sentence and fix, or undefined when fine. */
  check?(value: T): { problem: string; fix: string } | undefined;
}

export type ConfigSchema = Record<string, ConfigKey<unknown>>;
export type ConfigValues<S extends ConfigSchema> = { [K in keyof S]: S[K]["default"] };

/** Config keys the plan CLI reads itself; programs ignore them. */
const CLI_KEYS = new Set(["policies"]);

function parseTyped(key: ConfigKey<unknown>, raw: string): { ok: true; value: unknown } | { ok: false } {
  switch (key.type) {
    case "string":
      return { ok: true, value: raw };
    case "integer":
      return /^-?\d+$/.test(raw.trim()) ? { ok: true, value: Number(raw) } : { ok: false };
    case "boolean":
      return raw === "true" || raw === "false" ? { ok: true, value: raw === "true" } : { ok: false };
    default: {
      try {
        const value: unknown = JSON.parse(raw);
        const isArray = Array.isArray(value);
        const isObject = typeof value === "object" && value !== null && !isArray;
        const ok = key.type === "array" ? isArray : isObject || (key.type === "object-or-false" && value === false);
        return ok ? { ok: true, value } : { ok: false };
      } catch {
        return { ok: false };
      }
    }
  }
}

/**
 * Reads the `namespace:*` stack config against a schema: typed values with defaults, unknown keys (typos)
 * rejected, every problem reported at once with the key, the value and the fix.
 */
export function loadStackConfig<S extends ConfigSchema>(namespace: string, schema: S): ConfigValues<S> {
  const config = new pulumi.Config(namespace);
  const problems: ValidationProblem[] = [];
  const values: Record<string, unknown> = {};
  for (const [name, key] of Object.entries(schema)) {
    const raw = config.get(name);
    if (raw === undefined) {
      values[name] = key.default;
      continue;
    }
    const parsed = parseTyped(key, raw);
    if (!parsed.ok) {
      problems.push({
        argument: `${namespace}:${name}`,
        value: raw,
        problem: `must be ${/^[aeiou]/.test(key.type) ? "an" : "a"} ${key.type === "object-or-false" ? "object or false" : key.type} (${key.description})`,
        fix: `set it to ${key.type === "string" ? "a string" : `a value like ${showValue(key.default)}`} in Pulumi.${pulumi.getStack()}.yaml`,
      });
      continue;
    }
    const issue = key.check?.(parsed.value);
    if (issue) problems.push({ argument: `${namespace}:${name}`, value: parsed.value, ...issue });
    values[name] = parsed.value;
  }
  for (const full of Object.keys(pulumi.runtime.allConfig())) {
    const [ns, name] = full.split(":");
    if (ns === namespace && !(name in schema) && !CLI_KEYS.has(name)) {
      problems.push({
        argument: full,
        value: config.get(name),
        problem: "is not a known config key",
        fix: `remove it or use one of: ${Object.keys(schema).join(", ")}`,
      });
    }
  }
  if (problems.length > 0) throw new ArgumentError(`stack "${pulumi.getStack()}" config`, problems);
  return values as ConfigValues<S>;
}

/** A config check from a pure validator's problems: one sentence per problem, and their fixes. */
export function fromProblems(problems: ValidationProblem[]): { problem: string; fix: string } | undefined {
  if (problems.length === 0) return undefined;
  return {
    problem: problems.map((p) => `${p.argument.replace(/^\./, "")}: ${p.problem}`.replace(/^: /, "")).join("; "),
    fix: problems.map((p) => p.fix).join("; "),
  };
}
