/**
 * RFC 8785 JSON Canonicalization Scheme (JCS) for the JSON values receipts hold.
 *
 * - object members sorted by their names' UTF-16 code units (RFC 8785 §3.2.3; `Array.prototype.sort`'s default order);
 * - no whitespace; strings escaped as ECMAScript `JSON.stringify` does (RFC 8785 §3.2.2.2);
 * - numbers in ECMAScript `Number.prototype.toString` form (RFC 8785 §3.2.2.3, which `JSON.stringify` implements);
 * - I-JSON only (RFC 7493): non-finite numbers, lone surrogates, `undefined`, functions, bigints and
 *   non-plain objects are rejected rather than silently changed.
 */
export function canonicalize(value: unknown): string {
  return serialize(value, "$");
}

/** Thrown for a value that has no canonical JSON form; `path` names the offending member (`$.cost.amount`). */
export class CanonicalJsonError extends Error {
  /** JSONPath-like location of the offending value. */
  readonly path: string;

  constructor(path: string, problem: string) {
    super(`${path}: ${problem}`);
    this.name = "CanonicalJsonError";
    this.path = path;
  }
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function serialize(value: unknown, path: string): string {
  if (value === null) return "null";
  switch (typeof value) {
    case "boolean":
      return value ? "true" : "false";
    case "number":
      if (!Number.isFinite(value)) throw new CanonicalJsonError(path, `${value} is not a JSON number`);
      return JSON.stringify(value);
    case "string":
      if (LONE_SURROGATE.test(value)) throw new CanonicalJsonError(path, "string holds a lone UTF-16 surrogate");
      return JSON.stringify(value);
    case "object":
      break;
    default:
      throw new CanonicalJsonError(path, `${typeof value} is not a JSON value`);
  }
  if (Array.isArray(value)) return `[${value.map((v, i) => serialize(v, `${path}[${i}]`)).join(",")}]`;
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto !== Object.prototype && proto !== null) throw new CanonicalJsonError(path, "only plain objects are JSON objects");
  const record = value as Record<string, unknown>;
  const members: string[] = [];
  for (const key of Object.keys(record).sort()) {
    if (LONE_SURROGATE.test(key)) throw new CanonicalJsonError(path, `member name ${JSON.stringify(key)} holds a lone UTF-16 surrogate`);
    members.push(`${JSON.stringify(key)}:${serialize(record[key], `${path}.${key}`)}`);
  }
  return `{${members.join(",")}}`;
}

/** A `\uD800`-`\uDFFF` escape: JSON text that may hold a lone surrogate, which only the full check rejects. */
const SURROGATE_ESCAPE = /\\u[dD][89a-fA-F]/;

/**
 * Whether `text` is the canonical JSON of `value` (parsed from it). The fast path — `JSON.stringify` equals the
 * text and every object's members are already sorted — is exact; anything else is settled by {@link canonicalize}.
 */
export function isCanonicalJson(value: unknown, text: string): boolean {
  if (!SURROGATE_ESCAPE.test(text) && JSON.stringify(value) === text && membersSorted(value)) return true;
  try {
    return canonicalize(value) === text;
  } catch {
    return false;
  }
}

function membersSorted(value: unknown): boolean {
  if (value === null || typeof value !== "object") return true;
  if (Array.isArray(value)) return value.every(membersSorted);
  let previous: string | undefined;
  for (const key in value) {
    if (previous !== undefined && !(previous < key)) return false;
    if (!membersSorted((value as Record<string, unknown>)[key])) return false;
    previous = key;
  }
  return true;
}
