import type { Toleration } from "kubernetes-types/core/v1";
import { checkLabelKey, checkLabelValue } from "./names";
import type { ValidationProblem } from "./problems";
import { checkOneOf, isRecord } from "./values";

const OPERATORS = ["Equal", "Exists"] as const;
const EFFECTS = ["NoSchedule", "PreferNoSchedule", "NoExecute"] as const;

function checkToleration(at: string, t: Toleration): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  const operator = t.operator ?? "Equal";
  if (t.key !== undefined && t.key !== "") problems.push(...checkLabelKey(`${at}.key`, t.key));
  else if (operator !== "Exists") {
    problems.push({
      argument: `${at}.key`,
      value: t.key,
      problem: "may be empty only with operator Exists",
      fix: "name the taint key, or set operator to Exists",
    });
  }
  problems.push(...checkOneOf(`${at}.operator`, operator, OPERATORS));
  if (operator === "Exists" && t.value !== undefined && t.value !== "") {
    problems.push({
      argument: `${at}.value`,
      value: t.value,
      problem: "must be empty with operator Exists",
      fix: "drop the value, or set operator to Equal",
    });
  } else if (t.value !== undefined) problems.push(...checkLabelValue(`${at}.value`, t.value));
  if (t.effect !== undefined && t.effect !== "") problems.push(...checkOneOf(`${at}.effect`, t.effect, EFFECTS));
  if (t.tolerationSeconds !== undefined && (t.effect !== "NoExecute" || !Number.isInteger(t.tolerationSeconds))) {
    problems.push({
      argument: `${at}.tolerationSeconds`,
      value: t.tolerationSeconds,
      problem: "is only allowed as a whole number with effect NoExecute",
      fix: "drop tolerationSeconds, or set effect to NoExecute",
    });
  }
  return problems;
}

/** Problems with a list of tolerations, each checked as the API server would. */
export function checkTolerations(argument: string, value: unknown): ValidationProblem[] {
  if (!Array.isArray(value)) {
    return [
      {
        argument,
        value,
        problem: "must be a list of tolerations",
        fix: `use a list like [{"key": "example.com/pool", "operator": "Exists", "effect": "NoSchedule"}]`,
      },
    ];
  }
  return value.flatMap((t: unknown, i) => {
    const at = `${argument}[${i}]`;
    if (!isRecord(t))
      return [{ argument: at, value: t, problem: "must be a toleration object", fix: "give key, operator, value and effect" }];
    return checkToleration(at, t);
  });
}
