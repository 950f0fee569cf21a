import type { ValidationProblem } from "./problems";

/** Kubernetes quantity grammar (k8s.io/apimachinery resource.Quantity). */
const QUANTITY = /^[+-]?(\d+(\.\d*)?|\.\d+)(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?(\d+(\.\d*)?|\.\d+))?$/;
const SUFFIX: Record<string, number> = {
  "": 1, n: 1e-9, u: 1e-6, m: 1e-3, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18,
  Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60,
};

/** Parses a Kubernetes quantity to a number of base units, or `undefined` when it is malformed. */
export function parseQuantity(value: unknown): number | undefined {
  if (typeof value === "number") return Number.isFinite(value) ? value : undefined;
  if (typeof value !== "string" || !QUANTITY.test(value)) return undefined;
  const match = /^([+-]?(?:\d+(?:\.\d*)?|\.\d+))(.*)$/.exec(value);
  if (!match) return undefined;
  const [, num, suffix] = match;
  if (/^[eE]/.test(suffix)) return Number(`${num}${suffix}`);
  return Number(num) * SUFFIX[suffix];
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const HOSTNAME = /^(\*\.)?([a-z0-9]([-a-z0-9]*[a-z0-9])?\.)+[a-z]([-a-z0-9]*[a-z0-9])?$/;
const IMAGE = /^[a-z0-9]+([._-][a-z0-9]+)*(:\d+)?(\/[a-z0-9]+([._/-][a-z0-9]+)*)*(:[\w][\w.-]{0,127})?(@sha256:[a-f0-9]{64})?$/;

/** Problems with a DNS-1123 label (namespace, Service, RuntimeClass names), at most `max` characters. */
export function checkDnsLabel(argument: string, value: unknown, max = 63): ValidationProblem[] {
  if (typeof value !== "string" || value.length === 0 || value.length > max || !DNS_LABEL.test(value)) {
    return [{
      argument, value,
      problem: `must be a DNS-1123 label of at most ${max} characters (lower-case letters, digits and '-', starting and ending with a letter or digit)`,
      fix: `use a name like "my-agent"`,
    }];
  }
  return [];
}

/** Problems with a DNS-1123 subdomain (most object names), at most 253 characters. */
export function checkDnsSubdomain(argument: string, value: unknown): ValidationProblem[] {
  if (typeof value !== "string" || value.length === 0 || value.length > 253 || !DNS_SUBDOMAIN.test(value)) {
    return [{
      argument, value,
      problem: "must be a DNS-1123 subdomain (lower-case letters, digits, '-' and '.')",
      fix: `use a name like "my-agent" or "tools.example.com"`,
    }];
  }
  return [];
}

/** Problems with a Kubernetes label value (at most 63 characters). */
export function checkLabelValue(argument: string, value: unknown): ValidationProblem[] {
  if (typeof value !== "string" || value.length > 63 || !LABEL_VALUE.test(value)) {
    return [{
      argument, value,
      problem: "must be a Kubernetes label value (at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit)",
      fix: `use a value like "platform-team" (no spaces, '@' or '/')`,
    }];
  }
  return [];
}

/** Problems with a quantity that must parse and be strictly positive (cpu, memory, storage). */
export function checkPositiveQuantity(argument: string, value: unknown, example: string): ValidationProblem[] {
  const parsed = parseQuantity(value);
  if (parsed === undefined) {
    return [{ argument, value, problem: "is not a Kubernetes quantity", fix: `use a quantity like "${example}"` }];
  }
  if (!(parsed > 0)) {
    return [{ argument, value, problem: "must be greater than zero", fix: `use a positive quantity like "${example}"` }];
  }
  return [];
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
    return [{ argument, value, problem: `must be one of ${allowed.map((a) => `"${a}"`).join(", ")}`, fix: `set ${argument} to one of those` }];
  }
  return [];
}

/** Problems with a container image reference. */
export function checkImage(argument: string, value: unknown): ValidationProblem[] {
  if (typeof value !== "string" || !IMAGE.test(value)) {
    return [{ argument, value, problem: "is not a container image reference", fix: `use a reference like "ghcr.io/acme/agent:1.2.3"` }];
  }
  return [];
}

/** Problems with a hostname (an FQDN, optionally with a leading `*.` wildcard). */
export function checkHostname(argument: string, value: unknown): ValidationProblem[] {
  if (typeof value !== "string" || value.length > 253 || !HOSTNAME.test(value)) {
    return [{ argument, value, problem: "is not a fully qualified host name", fix: `use a host like "api.github.com" or "*.googleapis.com"` }];
  }
  return [];
}
