import type { Toleration } from "kubernetes-types/core/v1";
import { checkDnsSubdomain, checkLabelValue, checkOneOf } from "./rules";
import { showValue, type ValidationProblem } from "./problems";

const LABEL_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const OPERATORS = ["Equal", "Exists"] as const;
const EFFECTS = ["NoSchedule", "PreferNoSchedule", "NoExecute"] as const;

/** Problems with a label key: an optional DNS-subdomain prefix and `/`, then a name of at most 63 characters. */
export function checkLabelKey(argument: string, value: unknown): ValidationProblem[] {
  const parts = typeof value === "string" ? value.split("/") : [];
  const name = parts[parts.length - 1];
  const prefixOk = parts.length === 1 || (parts.length === 2 && checkDnsSubdomain(argument, parts[0]).length === 0);
  if (parts.length === 0 || parts.length > 2 || !prefixOk || name.length > 63 || !LABEL_NAME.test(name)) {
    return [{
      argument, value,
      problem: "is not a label key (an optional DNS subdomain prefix and '/', then at most 63 letters, digits, '-', '_' or '.')",
      fix: `use a key like "example.com/pool"`,
    }];
  }
  return [];
}

/** Problems with a map of label keys to label values (a nodeSelector or a selector's matchLabels). */
export function checkLabelMap(argument: string, value: unknown): ValidationProblem[] {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return [{ argument, value, problem: "must be a map of label keys to label values", fix: `use a map like {"example.com/pool": "sandbox"}` }];
  }
  return Object.entries(value).flatMap(([key, v]) => [
    ...checkLabelKey(`${argument}[${showValue(key)}]`, key),
    ...checkLabelValue(`${argument}[${showValue(key)}]`, v),
  ]);
}

/** Problems with a list of tolerations, each checked as the API server would. */
export function checkTolerations(argument: string, value: unknown): ValidationProblem[] {
  if (!Array.isArray(value)) {
    return [{ argument, value, problem: "must be a list of tolerations", fix: `use a list like [{"key": "example.com/pool", "operator": "Exists", "effect": "NoSchedule"}]` }];
  }
  return value.flatMap((t: Toleration, i) => {
    const at = `${argument}[${i}]`;
    if (typeof t !== "object" || t === null) {
      return [{ argument: at, value: t, problem: "must be a toleration object", fix: "give key, operator, value and effect" }];
    }
    const problems: ValidationProblem[] = [];
    const operator = t.operator ?? "Equal";
    if (t.key !== undefined && t.key !== "") problems.push(...checkLabelKey(`${at}.key`, t.key));
    else if (operator !== "Exists") {
      problems.push({ argument: `${at}.key`, value: t.key, problem: "may be empty only with operator Exists", fix: "name the taint key, or set operator to Exists" });
    }
    problems.push(...checkOneOf(`${at}.operator`, operator, OPERATORS));
    if (operator === "Exists" && t.value !== undefined && t.value !== "") {
      problems.push({ argument: `${at}.value`, value: t.value, problem: "must be empty with operator Exists", fix: "drop the value, or set operator to Equal" });
    } else if (t.value !== undefined) problems.push(...checkLabelValue(`${at}.value`, t.value));
    if (t.effect !== undefined && t.effect !== "") problems.push(...checkOneOf(`${at}.effect`, t.effect, EFFECTS));
    if (t.tolerationSeconds !== undefined && (t.effect !== "NoExecute" || !Number.isInteger(t.tolerationSeconds))) {
      problems.push({ argument: `${at}.tolerationSeconds`, value: t.tolerationSeconds, problem: "is only allowed as a whole number with effect NoExecute", fix: "drop tolerationSeconds, or set effect to NoExecute" });
    }
    return problems;
  });
}
