import type { ValidationProblem } from "../../validation/problems";
import { credentialLike } from "../../validation/secrets";
import { checkDnsSubdomain } from "../../validation/names";
import { checkBoolean, isPulumiOutput, isRecord } from "../../validation/values";

function secretFix(name: string): string {
  return (
    `put the value in a Kubernetes Secret (stringData: { ${name}: value }) and reference it: ` +
    `env: { ${name}: { secretKeyRef: { name: "agent-secrets", key: "${name}" } } }`
  );
}

function checkSecretRef(at: string, name: string, value: Record<string, unknown>): ValidationProblem[] {
  const ref = value.secretKeyRef;
  if (Object.keys(value).length !== 1 || !isRecord(ref)) {
    return [{ argument: at, value, problem: "must be a string or { secretKeyRef: { name, key } }", fix: secretFix(name) }];
  }
  const problems = checkDnsSubdomain(`${at}.secretKeyRef.name`, ref.name);
  // Secret data keys (apimachinery IsConfigMapKey): letters, digits, '-', '_' and '.', at most 253.
  if (typeof ref.key !== "string" || !/^[-._a-zA-Z0-9]{1,253}$/.test(ref.key)) {
    problems.push({
      argument: `${at}.secretKeyRef.key`,
      value: ref.key,
      problem: "is not a Secret key (at most 253 letters, digits, '-', '_' or '.')",
      fix: `use the key the Secret stores the value under, like "${name}"`,
    });
  }
  if (ref.optional !== undefined) problems.push(...checkBoolean(`${at}.secretKeyRef.optional`, ref.optional));
  return problems;
}

function checkEnvValue(at: string, name: string, value: unknown): ValidationProblem[] {
  if (isPulumiOutput(value)) {
    return [
      {
        argument: at,
        value: "[output]",
        problem: "is a Pulumi output (such as pulumi.secret), which would be written into the workload in plain text",
        fix: secretFix(name),
      },
    ];
  }
  if (isRecord(value)) return checkSecretRef(at, name, value);
  if (typeof value !== "string") {
    return [
      {
        argument: at,
        value,
        problem: "must be a string or { secretKeyRef: { name, key } }",
        fix: `quote a plain value, or ${secretFix(name)}`,
      },
    ];
  }
  const looks = credentialLike(name, value);
  if (looks !== undefined) {
    return [
      {
        argument: at,
        value: "[redacted]",
        problem: `looks like ${looks} in plain text, which anyone who can read the workload or the plan sees`,
        fix: secretFix(name),
      },
    ];
  }
  return [];
}

/** Problems with `env`: variable names agentcloud leaves to the agent, and values that keep secrets out of the workload. */
export function checkEnv(env: unknown): ValidationProblem[] {
  if (env === undefined) return [];
  if (!isRecord(env)) return [{ argument: "env", value: env, problem: "must be a map of name to value", fix: `use { LOG_LEVEL: "info" }` }];
  return Object.entries(env).flatMap(([name, value]) => {
    const at = `env.${name}`;
    const problems: ValidationProblem[] = [];
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name) || name.startsWith("AGENTCLOUD_")) {
      problems.push({
        argument: at,
        value: name,
        problem: "is not an allowed variable name (letters, digits, '_'; not starting with a digit or AGENTCLOUD_)",
        fix: "rename the variable",
      });
    }
    return [...problems, ...checkEnvValue(at, name, value)];
  });
}
