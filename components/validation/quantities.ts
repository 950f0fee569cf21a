import type { ValidationProblem } from "./problems";

const SUFFIX: Record<string, number> = {
  "": 1,
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};

/** Whether `value` follows the quantity grammar of k8s.io/apimachinery resource.Quantity (config may hand numbers). */
function isQuantityText(value: unknown): boolean {
  const grammar = /^[+-]?(\d+(\.\d*)?|\.\d+)(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?(\d+(\.\d*)?|\.\d+))?$/;
  return typeof value === "number" || (typeof value === "string" && grammar.test(value));
}

/** Parses a Kubernetes quantity to a number of base units, or `undefined` when it is malformed or not finite (`"1e400"`). */
export function parseQuantity(value: unknown): number | undefined {
  if (!isQuantityText(value)) return undefined;
  const [, num, suffix] = /^([+-]?(?:\d+(?:\.\d*)?|\.\d+))(.*)$/.exec(String(value)) ?? [];
  const parsed = suffix === undefined ? undefined : suffix in SUFFIX ? Number(num) * SUFFIX[suffix] : Number(`${num}${suffix}`);
  return parsed !== undefined && Number.isFinite(parsed) ? parsed : undefined;
}

/** Problems with a quantity that must parse, be finite and be strictly positive (cpu, memory, storage). */
export function checkPositiveQuantity(argument: string, value: unknown, example: string): ValidationProblem[] {
  const parsed = parseQuantity(value);
  if (parsed === undefined && isQuantityText(value)) {
    return [{ argument, value, problem: "is not a finite quantity (too large to represent)", fix: `use a quantity like "${example}"` }];
  }
  if (parsed === undefined) {
    return [{ argument, value, problem: "is not a Kubernetes quantity", fix: `use a quantity like "${example}"` }];
  }
  if (!(parsed > 0)) {
    return [{ argument, value, problem: "must be greater than zero", fix: `use a positive quantity like "${example}"` }];
  }
  return [];
}

/** One side of a comparison: the argument path and its value. */
export interface QuantityArgument {
  /** Argument path, as problems name it (e.g. `resources.cpu`). */
  argument: string;
  /** The value given (or defaulted). */
  value: unknown;
}

/**
 * Problems when `lower` (a request, a default) is above `upper` (its limit, a cap). Silent when either is not a
 * positive quantity, since {@link checkPositiveQuantity} reports that. `why` says what breaks, when that is not obvious.
 */
export function checkNotAbove(lower: QuantityArgument, upper: QuantityArgument, why?: string): ValidationProblem[] {
  const [a, b] = [parseQuantity(lower.value), parseQuantity(upper.value)];
  if (a === undefined || b === undefined || !(a > 0 && b > 0) || a <= b) return [];
  return [
    {
      argument: lower.argument,
      value: lower.value,
      problem: `must not exceed ${upper.argument} (${String(upper.value)})${why === undefined ? "" : `, ${why}`}`,
      fix: `lower ${lower.argument} or raise ${upper.argument}`,
    },
  ];
}
