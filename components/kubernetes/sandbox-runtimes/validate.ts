import { checkLabelMap } from "../../validation/names";
import { nestProblems, showValue, type ValidationProblem } from "../../validation/problems";
import { checkTolerations } from "../../validation/scheduling";
import { checkBoolean, checkInteger, checkOneOf, isRecord } from "../../validation/values";
import { KATA_RUNTIMES, SANDBOX_RUNTIMES } from "../../vocabulary";
import { isKata, renderedRuntimes } from "./resolve";
import { DEFAULT_SANDBOX_RUNTIMES, type RuntimeScheduling, type SandboxRuntimesSpec } from "./spec";

function checkRuntimeList(argument: string, value: unknown, allowEmpty: boolean): ValidationProblem[] {
  if (!Array.isArray(value) || (!allowEmpty && value.length === 0)) {
    return [
      {
        argument,
        value,
        problem: allowEmpty ? "must be a list of runtime names" : "must list at least one runtime",
        fix: `list names from ${SANDBOX_RUNTIMES.map((r) => `"${r}"`).join(", ")}`,
      },
    ];
  }
  return value.flatMap((name: unknown, i) => {
    const known = checkOneOf(`${argument}[${i}]`, name, SANDBOX_RUNTIMES);
    if (known.length > 0) return known;
    if (value.indexOf(name) !== i) {
      return [{ argument: `${argument}[${i}]`, value: name, problem: "is listed more than once", fix: `list ${showValue(name)} once` }];
    }
    return [];
  });
}

function checkScheduling(argument: string, value: unknown): ValidationProblem[] {
  if (value === undefined) return [];
  if (!isRecord(value)) {
    return [
      {
        argument,
        value,
        problem: "must be an object with nodeSelector and/or tolerations",
        fix: `set ${argument} to {nodeSelector: {...}, tolerations: [...]}`,
      },
    ];
  }
  const { nodeSelector, tolerations } = value as RuntimeScheduling;
  return nestProblems(argument, [
    ...(nodeSelector === undefined ? [] : checkLabelMap("nodeSelector", nodeSelector)),
    ...(tolerations === undefined ? [] : checkTolerations("tolerations", tolerations)),
  ]);
}

/** Every problem with a SandboxRuntimes spec. */
export function validateSandboxRuntimesSpec(spec: SandboxRuntimesSpec = {}): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  const runtimes: unknown = spec.runtimes ?? DEFAULT_SANDBOX_RUNTIMES;
  const provided: unknown = spec.platformProvided ?? [];
  const listProblems = [...checkRuntimeList("runtimes", runtimes, false), ...checkRuntimeList("platformProvided", provided, true)];
  problems.push(...listProblems);
  if (Array.isArray(runtimes) && Array.isArray(provided)) {
    provided.forEach((name: unknown, i) => {
      if ((SANDBOX_RUNTIMES as readonly unknown[]).includes(name) && !runtimes.includes(name)) {
        problems.push({
          argument: `platformProvided[${i}]`,
          value: name,
          problem: "is not among runtimes",
          fix: `add ${showValue(name)} to runtimes, or remove it from platformProvided`,
        });
      }
    });
  }
  problems.push(...checkScheduling("gvisor", spec.gvisor), ...checkScheduling("kata", spec.kata));
  if (spec.installKata !== undefined) problems.push(...checkBoolean("installKata", spec.installKata));
  if (spec.kataDeployNodeSelector !== undefined) problems.push(...checkLabelMap("kataDeployNodeSelector", spec.kataDeployNodeSelector));
  if (spec.kataDeployTimeoutSeconds !== undefined)
    problems.push(...checkInteger("kataDeployTimeoutSeconds", spec.kataDeployTimeoutSeconds, 300, 7200));
  if (spec.installKata === true && listProblems.length === 0 && !renderedRuntimes(spec).some(isKata)) {
    problems.push({
      argument: "installKata",
      value: true,
      problem: "installs Kata but no Kata RuntimeClass is rendered (none selected, or all platform-provided)",
      fix: `add a Kata runtime (${KATA_RUNTIMES.map((r) => `"${r}"`).join(", ")}) to runtimes, or set installKata to false`,
    });
  }
  return problems;
}
