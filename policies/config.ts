/**
 * Checks policy pack configuration (Pulumi's `--policy-pack-config` shape: `all` and policy names, each a level or
 * `{enforcementLevel?, ...settings}`) against the pack's policies and their config schemas, before anything runs.
 * Every problem names the key, the value and the fix: `<key path>: <problem> (got <value>); fix: <fix>`.
 */

/** The enforcement levels Pulumi accepts. */
export const ENFORCEMENT_LEVELS = ["advisory", "mandatory", "remediate", "disabled"] as const;

/** What the check needs of a policy: its name and config schema. */
export interface PolicyDescriptor {
  name: string;
  configSchema?: unknown;
}

type Schema = Record<string, unknown>;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A value for messages: JSON, cut at 60 characters. */
function show(value: unknown): string {
  const json = value === undefined ? "undefined" : JSON.stringify(value);
  return json.length > 60 ? `${json.slice(0, 57)}...` : json;
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1].toLowerCase() === b[j - 1].toLowerCase() ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length];
}

/** The candidate closest to `name`, when it is close enough to be a misspelling. */
export function closest(name: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const d = distance(name, candidate);
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  return best !== undefined && bestDistance <= Math.max(2, Math.floor(best.length / 3)) ? best : undefined;
}

function problem(path: string, what: string, value: unknown, fix: string): string {
  return `${path}: ${what} (got ${show(value)}); fix: ${fix}`;
}

function typeOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number" && Number.isInteger(value)) return "integer";
  return typeof value;
}

function typeMatches(value: unknown, type: unknown): boolean {
  const types = Array.isArray(type) ? type : [type];
  const actual = typeOf(value);
  return types.some((t) => t === actual || (t === "number" && actual === "integer"));
}

function describeType(type: unknown, schema: Schema): string {
  if (type === "array" && isRecord(schema.items) && typeof schema.items.type === "string") return `a list of ${schema.items.type}s`;
  if (Array.isArray(type)) return type.join(" or ");
  return `${/^[aeiou]/.test(String(type)) ? "an" : "a"} ${String(type)}`;
}

/** Problems of one value against a JSON schema (the subset policy config schemas use). */
export function schemaProblems(path: string, value: unknown, schema: Schema): string[] {
  if (schema.type !== undefined && !typeMatches(value, schema.type)) {
    const example = schema.type === "array" ? `e.g. ${show(["name"])}` : `give ${describeType(schema.type, schema)}`;
    return [problem(path, `must be ${describeType(schema.type, schema)}`, value, example)];
  }
  if (Array.isArray(schema.enum) && !schema.enum.some((e) => JSON.stringify(e) === JSON.stringify(value))) {
    return [problem(path, `must be one of ${schema.enum.map((e) => show(e)).join(", ")}`, value, "use one of those values")];
  }
  const found: string[] = [];
  if (typeof value === "string" && typeof schema.minLength === "number" && value.length < schema.minLength) {
    found.push(problem(path, `must have at least ${schema.minLength} character(s)`, value, "give a non-empty value or remove it"));
  }
  if (typeof value === "number" && typeof schema.minimum === "number" && value < schema.minimum) {
    found.push(problem(path, `must be at least ${schema.minimum}`, value, `use ${schema.minimum} or more`));
  }
  if (typeof value === "number" && typeof schema.maximum === "number" && value > schema.maximum) {
    found.push(problem(path, `must be at most ${schema.maximum}`, value, `use ${schema.maximum} or less`));
  }
  if (Array.isArray(value)) {
    if (isRecord(schema.items)) {
      const items = schema.items;
      value.forEach((item, i) => found.push(...schemaProblems(`${path}[${i}]`, item, items)));
    }
    if (schema.uniqueItems === true && new Set(value.map((v) => JSON.stringify(v))).size !== value.length) {
      found.push(problem(path, "must not repeat an item", value, "list each item once"));
    }
  }
  if (isRecord(value) && isRecord(schema.properties)) found.push(...objectProblems(path, value, schema));
  return found;
}

function objectProblems(path: string, value: Record<string, unknown>, schema: Schema, extraKeys: readonly string[] = []): string[] {
  const properties = isRecord(schema.properties) ? schema.properties : {};
  const allowed = [...extraKeys, ...Object.keys(properties)];
  const found: string[] = [];
  for (const [key, item] of Object.entries(value)) {
    if (extraKeys.includes(key)) continue;
    const property = properties[key];
    if (isRecord(property)) {
      found.push(...schemaProblems(`${path}.${key}`, item, property));
    } else if (schema.additionalProperties === false || extraKeys.length > 0) {
      const suggestion = closest(key, allowed);
      const fix = suggestion !== undefined ? `did you mean ${suggestion}?` : `use ${allowed.length > 0 ? allowed.join(", ") : "no keys"}`;
      found.push(problem(`${path}.${key}`, "is not a setting of this policy", item, fix));
    }
  }
  for (const key of Array.isArray(schema.required) ? (schema.required as unknown[]) : []) {
    if (typeof key === "string" && !(key in value)) found.push(problem(`${path}.${key}`, "is required", undefined, "set it"));
  }
  return found;
}

function levelProblems(path: string, value: unknown): string[] {
  if (typeof value === "string" && (ENFORCEMENT_LEVELS as readonly string[]).includes(value)) return [];
  const suggestion = typeof value === "string" ? closest(value, ENFORCEMENT_LEVELS) : undefined;
  const fix = suggestion !== undefined ? `did you mean ${suggestion}?` : `use one of ${ENFORCEMENT_LEVELS.join(", ")}`;
  return [problem(path, "is not an enforcement level", value, fix)];
}

function entryProblems(name: string, value: unknown, schema: Schema): string[] {
  if (typeof value === "string") return levelProblems(name, value);
  if (!isRecord(value)) {
    return [
      problem(name, "must be an enforcement level or a map of settings", value, `use e.g. mandatory or {enforcementLevel: mandatory}`),
    ];
  }
  const found = "enforcementLevel" in value ? levelProblems(`${name}.enforcementLevel`, value.enforcementLevel) : [];
  return [...found, ...objectProblems(name, value, schema, ["enforcementLevel"])];
}

/**
 * Every problem with a policy pack config: unknown policy names, misspelled or unknown keys, and values that do not
 * match the policy's config schema or are not enforcement levels. `[]` when the config is valid (or absent).
 */
export function policyConfigProblems(config: unknown, policies: readonly PolicyDescriptor[]): string[] {
  if (config === undefined || config === null) return [];
  if (!isRecord(config)) {
    return [problem("policy config", "must be a map of policy names (or all) to levels or settings", config, "use e.g. {all: mandatory}")];
  }
  const names = policies.map((p) => p.name);
  const found: string[] = [];
  for (const [key, value] of Object.entries(config)) {
    if (key === "all") {
      found.push(...entryProblems(key, value, {}));
      continue;
    }
    const policy = policies.find((p) => p.name === key);
    if (policy === undefined) {
      const suggestion = closest(key, names);
      const fix =
        suggestion !== undefined ? `did you mean ${suggestion}?` : "use all or the name of a policy in the pack (policies/all.ts)";
      found.push(problem(key, "is not a policy in the pack", value, fix));
      continue;
    }
    found.push(...entryProblems(key, value, isRecord(policy.configSchema) ? policy.configSchema : {}));
  }
  return found;
}
