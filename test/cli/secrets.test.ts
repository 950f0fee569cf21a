import type { ResourceValidationPolicy } from "@pulumi/policy";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { runUnderMocks } from "../../cli/mock-runtime";
import { manifestFiles, resourcesJson } from "../../cli/plan-files";
import { evaluatePolicies } from "../../cli/policy-harness";
import { containsSecret, redactSecrets, redactText, secretValues, unwrapSecret } from "../../cli/secrets";
import { parseAllDocuments } from "yaml";

describe("secrets in the plan", () => {
  it("never reach plan files, while policies see values as the engine hands them", async () => {
    const { registrations } = await runUnderMocks(
      { project: "p", stack: "s", config: { "agentcloud:token": "hunter2" }, secretKeys: ["agentcloud:token"] },
      () => {
        new k8s.core.v1.ConfigMap("cm", {
          metadata: { name: "cm" },
          data: { token: new pulumi.Config("agentcloud").requireSecret("token") },
        });
      },
    );
    const files = [resourcesJson("p", "s", registrations), ...Object.values(manifestFiles(registrations))].join("\n");
    expect(files).not.toContain("hunter2");
    expect(files).toContain("[secret]");

    const seen: unknown[] = [];
    const probe: ResourceValidationPolicy = {
      name: "test-probe",
      description: "d",
      validateResource: (args) => {
        if (args.type === "kubernetes:core/v1:ConfigMap") seen.push(args.props.data);
      },
    };
    await evaluatePolicies([probe], registrations);
    expect(seen).toEqual([{ token: "hunter2" }]);
  });
});

describe("redactSecrets", () => {
  it("keeps a secret object's keys and an array's length, so a Secret's manifest keeps its shape", async () => {
    const { registrations } = await runUnderMocks({ project: "p", stack: "s", config: {}, secretKeys: [] }, () => {
      new k8s.core.v1.Secret("admin", {
        metadata: { name: "admin" },
        stringData: { "admin-user": "admin", "admin-password": pulumi.secret("correct-horse") },
      });
    });
    const text = Object.values(manifestFiles(registrations)).join("\n");
    expect(text).not.toContain("correct-horse");
    const [secret] = parseAllDocuments(text).map((d) => d.toJS() as { stringData: unknown });
    expect(secret.stringData).toEqual({ "admin-user": "[secret]", "admin-password": "[secret]" });
  });

  it("redacts every leaf of a secret and leaves the rest alone", () => {
    const SIG = "4dabf18193072939515e22adb298388d";
    const wrap = (value: unknown) => ({ [SIG]: "1b47061264138c4ac30d75fd1eb44270", value });
    expect(redactSecrets({ a: 1, b: wrap({ c: "x", d: [1, { e: true }] }), f: wrap("y") })).toEqual({
      a: 1,
      b: { c: "[secret]", d: ["[secret]", { e: "[secret]" }] },
      f: "[secret]",
    });
  });
});

describe("secretValues and redactText", () => {
  const secret = (value: unknown) => ({ "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", value });

  it("finds every string inside secrets (nested too), each structured secret as JSON, longest first", () => {
    const inputs = {
      a: secret("tok"),
      b: { c: [secret({ user: "admin-user", pass: secret("pw-longer") })] },
      plain: "visible",
      n: secret(42),
      e: secret(""),
    };
    expect(secretValues(inputs)).toEqual(['{"user":"admin-user","pass":"pw-longer"}', "admin-user", "pw-longer", "tok"]);
  });

  it("replaces every occurrence, a secret that contains another as a whole", () => {
    const secrets = secretValues({ a: secret("abc"), b: secret("abcdef") });
    expect(redactText("abcdef then abc then abcdef", secrets)).toBe("[secret] then [secret] then [secret]");
    expect(redactText("nothing secret", secrets)).toBe("nothing secret");
  });
});

describe("unwrapSecret and containsSecret", () => {
  const secret = (value: unknown) => ({ "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", value });

  it("unwraps nested secret wrappers and says whether there was one", () => {
    expect(unwrapSecret(secret(secret({ a: 1 })))).toEqual({ value: { a: 1 }, secret: true });
    expect(unwrapSecret({ a: secret(1) })).toEqual({ value: { a: secret(1) }, secret: false });
    expect(unwrapSecret("plain")).toEqual({ value: "plain", secret: false });
  });

  it("finds a secret at any depth, numbers included", () => {
    expect(containsSecret({ a: [{ b: secret(0) }] })).toBe(true);
    expect(containsSecret(secret(""))).toBe(true);
    expect(containsSecret({ a: ["x", { b: null }] })).toBe(false);
  });
});
