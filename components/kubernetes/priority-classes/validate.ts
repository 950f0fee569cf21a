import type { ValidationProblem } from "../../validation/problems";
import { checkInteger } from "../../validation/values";
import { INTENTS } from "../../vocabulary";
import { resolvePriorityValues } from "./resolve";
import type { PriorityClassesSpec } from "./spec";

/** Every problem with a PriorityClasses spec. */
export function validatePriorityClassesSpec(spec: PriorityClassesSpec = {}): ValidationProblem[] {
  const values = resolvePriorityValues(spec);
  const problems = INTENTS.flatMap((i) => checkInteger(`values.${i}`, values[i], -2147483648, 1_000_000_000));
  if (problems.length === 0 && !(values.critical > values.standard && values.standard > values.batch)) {
    problems.push({
      argument: "values",
      value: values,
      problem: "must order critical > standard > batch",
      fix: "choose values so that critical is highest and batch lowest",
    });
  }
  return problems;
}
