import type { ValidationProblem } from "./problems";

/** A plain object (not null, not an array). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * A Pulumi `Output` (for example from `pulumi.secret(...)`), recognised by the marker the SDK's own
 * `Output.isInstance` checks, so that pure checks need not import Pulumi.
 */
export function isPulumiOutput(value: unknown): boolean {
  return typeof value === "object" && value !== null && (value as { __pulumiOutput?: unknown }).__pulumiOutput === true;
}

/** Problems with a whole number in `[min, max]`. */
export function checkInteger(argument: string, value: unknown, min: number, max = Number.MAX_SAFE_INTEGER): ValidationProblem[] {
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `at least ${min}` : `from ${min} to ${max}`;
    return [{ argument, value, problem: `must be a whole number ${range}`, fix: `set ${argument} to a whole number ${range}` }];
  }
  return [];
}

/** Problems with a value that must be one of `allowed`. */
export function checkOneOf<T extends string>(argument: string, value: unknown, allowed: readonly T[]): ValidationProblem[] {
  if (typeof value !== "string" || !(allowed as readonly string[]).includes(value)) {
    return [
      { argument, value, problem: `must be one of ${allowed.map((a) => `"${a}"`).join(", ")}`, fix: `set ${argument} to one of those` },
    ];
  }
  return [];
}

/** Problems with a value that must be `true` or `false`. */
export function checkBoolean(argument: string, value: unknown): ValidationProblem[] {
  if (typeof value !== "boolean") {
    return [{ argument, value, problem: "must be true or false", fix: `set ${argument} to true or false` }];
  }
  return [];
}

/** Problems with a list of non-empty strings. */
export function checkStringList(argument: string, value: unknown, example: string): ValidationProblem[] {
  if (!Array.isArray(value) || value.some((v) => typeof v !== "string" || v.length === 0)) {
    return [{ argument, value, problem: "must be a list of non-empty strings", fix: `use a list like ["${example}"]` }];
  }
  return [];
}

/** Problems with a string that must not be empty or only spaces (an `unsafe...` reason, an audience). */
export function checkNonEmptyString(argument: string, value: unknown, example: string): ValidationProblem[] {
  if (typeof value !== "string" || value.trim() === "") {
    return [{ argument, value, problem: "must be a non-empty string", fix: `use a value like "${example}"` }];
  }
  return [];
}
