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

/** The number and suffix of a quantity in the grammar of k8s.io/apimachinery resource.Quantity, or undefined. */
function quantityParts(value: unknown): { num: string; suffix: string } | undefined {
  if (typeof value === "number") return { num: String(value), suffix: "" };
  const grammar = /^([+-]?(?:\d+(?:\.\d*)?|\.\d+))(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?\d+)?$/;
  const match = typeof value === "string" ? grammar.exec(value) : null;
  return match ? { num: match[1], suffix: match[2] ?? "" } : undefined;
}

/** Parses a Kubernetes quantity to a number of base units, or `undefined` when it is malformed or not finite (`"1e400"`). */
export function parseQuantity(value: unknown): number | undefined {
  const parts = quantityParts(value);
  if (parts === undefined) return undefined;
  const parsed = parts.suffix in SUFFIX ? Number(parts.num) * SUFFIX[parts.suffix] : Number(`${parts.num}${parts.suffix}`);
  return Number.isFinite(parsed) ? parsed : undefined;
}

/** Problems with a quantity that must parse, be finite and be strictly positive (cpu, memory, storage). */
export function checkPositiveQuantity(argument: string, value: unknown, example: string): ValidationProblem[] {
  const parsed = parseQuantity(value);
  if (parsed === undefined && quantityParts(value) !== undefined) {
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
  // A missing or non-positive side counts as 0: nothing to compare (b > 0 and a > b imply a > 0).
  const [a, b] = [parseQuantity(lower.value) ?? 0, parseQuantity(upper.value) ?? 0];
  if (!(b > 0 && a > b)) return [];
  return [
    {
      argument: lower.argument,
      value: lower.value,
      problem: `must not exceed ${upper.argument} (${String(upper.value)})${why === undefined ? "" : `, ${why}`}`,
      fix: `lower ${lower.argument} or raise ${upper.argument}`,
    },
  ];
}
