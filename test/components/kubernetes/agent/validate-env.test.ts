import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { buildAgentPodSpec, resolveAgent, validateAgentArgs, type AgentArgs } from "../../../../components/kubernetes/agent";
import { formatProblem } from "../../../../components/validation";
import { BASE } from "./fixtures";

const lines = (env: unknown) => validateAgentArgs("a", { ...BASE, env } as AgentArgs).map(formatProblem);
const secretFix = (name: string) =>
  `fix: put the value in a Kubernetes Secret (stringData: { ${name}: value }) and reference it: env: { ${name}: { secretKeyRef: { name: "agent-secrets", key: "${name}" } } }`;

describe("validateAgentArgs: env", () => {
  it("accepts plain configuration and Secret references", () => {
    expect(
      lines({
        LOG_LEVEL: "info",
        _X: "",
        MAX_TOKENS: "4096",
        DB_PASSWORD: { secretKeyRef: { name: "db.credentials", key: "password", optional: true } },
      }),
    ).toEqual([]);
  });

  it("rejects reserved and malformed names", () => {
    expect(lines({ AGENTCLOUD_TOKEN_FILE: "x", "1BAD": "y", "A-B": "z" })).toEqual([
      `env.AGENTCLOUD_TOKEN_FILE: is not an allowed variable name (letters, digits, '_'; not starting with a digit or AGENTCLOUD_) (got "AGENTCLOUD_TOKEN_FILE"); fix: rename the variable`,
      `env.1BAD: is not an allowed variable name (letters, digits, '_'; not starting with a digit or AGENTCLOUD_) (got "1BAD"); fix: rename the variable`,
      `env.A-B: is not an allowed variable name (letters, digits, '_'; not starting with a digit or AGENTCLOUD_) (got "A-B"); fix: rename the variable`,
    ]);
    expect(lines(["LOG_LEVEL=info"])).toEqual([
      'env: must be a map of name to value (got ["LOG_LEVEL=info"]); fix: use { LOG_LEVEL: "info" }',
    ]);
  });

  it("flags credentials in plain text without repeating them", () => {
    expect(lines({ AWS_KEY_ID: "AKIAIOSFODNN7EXAMPLE", DB_PASSWORD: "hunter2" })).toEqual([
      `env.AWS_KEY_ID: looks like an AWS access key id in plain text, which anyone who can read the workload or the plan sees (got "[redacted]"); ${secretFix("AWS_KEY_ID")}`,
      `env.DB_PASSWORD: looks like a secret (by its name) in plain text, which anyone who can read the workload or the plan sees (got "[redacted]"); ${secretFix("DB_PASSWORD")}`,
    ]);
  });

  it("rejects pulumi.secret values with how to use a Secret instead", () => {
    expect(lines({ OPENAI_API_KEY: pulumi.secret("sk-live") })).toEqual([
      `env.OPENAI_API_KEY: is a Pulumi output (such as pulumi.secret), which would be written into the workload in plain text (got "[output]"); ${secretFix("OPENAI_API_KEY")}`,
    ]);
  });

  it("rejects other values and malformed Secret references", () => {
    expect(
      lines({
        PORT: 8080,
        A: { secretKeyRef: { name: "Bad_Name", key: "a b", optional: "yes" } },
        B: { secretKeyRef: "db" },
        C: { secretKeyRef: { name: "db", key: "k" }, value: "x" },
        D: { secretKeyRef: { name: "db", key: "k".repeat(254) } },
      }),
    ).toEqual([
      `env.PORT: must be a string or { secretKeyRef: { name, key } } (got 8080); fix: quote a plain value, or put the value in a Kubernetes Secret (stringData: { PORT: value }) and reference it: env: { PORT: { secretKeyRef: { name: "agent-secrets", key: "PORT" } } }`,
      `env.A.secretKeyRef.name: must be a DNS-1123 subdomain of at most 253 characters (lower-case letters, digits, '-' and '.') (got "Bad_Name"); fix: use a name like "my-agent" or "tools.example.com"`,
      `env.A.secretKeyRef.key: is not a Secret key (at most 253 letters, digits, '-', '_' or '.') (got "a b"); fix: use the key the Secret stores the value under, like "A"`,
      'env.A.secretKeyRef.optional: must be true or false (got "yes"); fix: set env.A.secretKeyRef.optional to true or false',
      `env.B: must be a string or { secretKeyRef: { name, key } } (got {"secretKeyRef":"db"}); ${secretFix("B")}`,
      `env.C: must be a string or { secretKeyRef: { name, key } } (got {"secretKeyRef":{"name":"db","key":"k"},"value":"x"}); ${secretFix("C")}`,
      `env.D.secretKeyRef.key: is not a Secret key (at most 253 letters, digits, '-', '_' or '.') (got "${"k".repeat(76)}...); fix: use the key the Secret stores the value under, like "D"`,
    ]);
    expect(lines({ D: { secretKeyRef: { name: "db", key: "k".repeat(253) } } })).toEqual([]);
  });

  it("renders Secret references as valueFrom.secretKeyRef, sorted with the plain values", () => {
    const args: AgentArgs = {
      ...BASE,
      env: {
        Z: "last",
        DB_PASSWORD: { secretKeyRef: { name: "db", key: "password" } },
        K: { secretKeyRef: { name: "k", key: "v", optional: false } },
      },
    };
    expect(validateAgentArgs("a", args)).toEqual([]);
    expect(buildAgentPodSpec(resolveAgent("a", args)).containers[0].env?.slice(2)).toEqual([
      { name: "DB_PASSWORD", valueFrom: { secretKeyRef: { name: "db", key: "password" } } },
      { name: "K", valueFrom: { secretKeyRef: { name: "k", key: "v", optional: false } } },
      { name: "Z", value: "last" },
    ]);
  });
});
