import type { ValidationProblem } from "../../validation/problems";
import type { AgentcloudGateProps } from "./spec";

/** A Kubernetes object name (DNS-1123 subdomain), as a RuntimeClass name must be. */
const OBJECT_NAME = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;

/** Every problem of the gate's settings, reported at once. */
export function validateAgentcloudGateProps(props: AgentcloudGateProps): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  const days = props.minimumRetentionDays;
  if (days !== undefined && (!Number.isInteger(days) || days < 1)) {
    problems.push({
      argument: "minimumRetentionDays",
      value: days,
      problem: "is not a whole number of days of at least 1",
      fix: "give the minimum audit retention in whole days, e.g. 90 (the default)",
    });
  }
  (props.additionalRuntimeClasses ?? []).forEach((name, i) => {
    if (typeof name !== "string" || !OBJECT_NAME.test(name)) {
      problems.push({
        argument: `additionalRuntimeClasses[${i}]`,
        value: name,
        problem: "is not a RuntimeClass name (a DNS-1123 subdomain)",
        fix: "use lowercase letters, digits, '-' and '.', e.g. gvisor-gpu",
      });
    }
  });
  return problems;
}
