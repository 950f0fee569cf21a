import Ajv from "ajv";
import { describe, expect, it } from "vitest";
import { closest, policyConfigProblems, schemaProblems } from "../../policies/config";
import { policies } from "../../policies/all";

describe("policyConfigProblems", () => {
  it("accepts an absent config, levels, all, and every policy's own settings", () => {
    expect(policyConfigProblems(undefined, policies)).toEqual([]);
    expect(policyConfigProblems(null, policies)).toEqual([]);
    expect(
      policyConfigProblems(
        {
          all: "mandatory",
          "agentcloud-sandbox-unsafe-opt-out": "advisory",
          "agentcloud-images-no-latest-tag": { enforcementLevel: "disabled" },
          "agentcloud-sandbox-runtime-class-required": { enforcementLevel: "remediate", additionalRuntimeClasses: ["gvisor-gpu"] },
          "agentcloud-sandbox-runtime-class-handler": { platformRuntimeClasses: ["gvisor"], additionalHandlers: [] },
        },
        policies,
      ),
    ).toEqual([]);
  });

  it("names an unknown policy, suggesting the closest name", () => {
    expect(
      policyConfigProblems({ "agentcloud-sandbox-runtime-class-requried": "mandatory", "no-such-thing": "advisory" }, policies),
    ).toEqual([
      'agentcloud-sandbox-runtime-class-requried: is not a policy in the pack (got "mandatory"); fix: did you mean agentcloud-sandbox-runtime-class-required?',
      'no-such-thing: is not a policy in the pack (got "advisory"); fix: use all or the name of a policy in the pack (policies/all.ts)',
    ]);
  });

  it("names a misspelled key, suggesting the right one, and unknown keys under all", () => {
    expect(policyConfigProblems({ "agentcloud-sandbox-runtime-class-required": { enforcmentLevel: "mandatory" } }, policies)).toEqual([
      'agentcloud-sandbox-runtime-class-required.enforcmentLevel: is not a setting of this policy (got "mandatory"); fix: did you mean enforcementLevel?',
    ]);
    expect(policyConfigProblems({ "agentcloud-pod-security-no-privileged": { allowPrivileged: true } }, policies)).toEqual([
      "agentcloud-pod-security-no-privileged.allowPrivileged: is not a setting of this policy (got true); fix: use enforcementLevel",
    ]);
    expect(policyConfigProblems({ all: { enforcementLevel: "advisory", additionalRuntimeClasses: ["x"] } }, policies)).toEqual([
      'all.additionalRuntimeClasses: is not a setting of this policy (got ["x"]); fix: use enforcementLevel',
    ]);
  });

  it("names values of the wrong type or shape", () => {
    const name = "agentcloud-sandbox-runtime-class-required";
    expect(policyConfigProblems({ [name]: { additionalRuntimeClasses: 5 } }, policies)).toEqual([
      `${name}.additionalRuntimeClasses: must be a list of strings (got 5); fix: e.g. ["name"]`,
    ]);
    expect(policyConfigProblems({ [name]: { additionalRuntimeClasses: "runc" } }, policies)).toEqual([
      `${name}.additionalRuntimeClasses: must be a list of strings (got "runc"); fix: e.g. ["name"]`,
    ]);
    expect(policyConfigProblems({ [name]: { additionalRuntimeClasses: ["ok", 7, "", "ok"] } }, policies)).toEqual([
      `${name}.additionalRuntimeClasses[1]: must be a string (got 7); fix: give a string`,
      `${name}.additionalRuntimeClasses[2]: must have at least 1 character(s) (got ""); fix: give a non-empty value or remove it`,
      `${name}.additionalRuntimeClasses: must not repeat an item (got ["ok",7,"","ok"]); fix: list each item once`,
    ]);
  });

  it("names levels that are not enforcement levels, and entries that are neither level nor map", () => {
    expect(
      policyConfigProblems(
        { all: "mandtory", "agentcloud-network-default-deny": { enforcementLevel: "strict" }, "agentcloud-pod-security-no-privileged": 3 },
        policies,
      ),
    ).toEqual([
      'all: is not an enforcement level (got "mandtory"); fix: did you mean mandatory?',
      'agentcloud-network-default-deny.enforcementLevel: is not an enforcement level (got "strict"); fix: use one of advisory, mandatory, remediate, disabled',
      "agentcloud-pod-security-no-privileged: must be an enforcement level or a map of settings (got 3); fix: use e.g. mandatory or {enforcementLevel: mandatory}",
    ]);
    expect(policyConfigProblems(["all"], policies)).toEqual([
      'policy config: must be a map of policy names (or all) to levels or settings (got ["all"]); fix: use e.g. {all: mandatory}',
    ]);
  });

  it("checks policies without a schema as having no settings, and cuts long values", () => {
    const long = "x".repeat(100);
    expect(policyConfigProblems({ p: { key: long } }, [{ name: "p" }])).toEqual([
      `p.key: is not a setting of this policy (got "${"x".repeat(56)}...); fix: use enforcementLevel`,
    ]);
  });

  it("supports the schema keywords policy schemas may use: enum, integer, minimum, maximum, required, nested objects", () => {
    const schema = {
      type: "object",
      additionalProperties: false,
      required: ["mode"],
      properties: {
        mode: { enum: ["a", "b"] },
        count: { type: "integer", minimum: 1, maximum: 3 },
        ratio: { type: "number" },
        opts: { type: "object", additionalProperties: false, properties: { on: { type: "boolean" } } },
      },
    };
    expect(schemaProblems("p", { count: 1.5, ratio: 2, opts: { on: "yes", off: 1 } }, schema)).toEqual([
      "p.count: must be an integer (got 1.5); fix: give an integer",
      'p.opts.on: must be a boolean (got "yes"); fix: give a boolean',
      "p.opts.off: is not a setting of this policy (got 1); fix: did you mean on?",
      "p.mode: is required (got undefined); fix: set it",
    ]);
    expect(schemaProblems("p", { mode: "c", count: 0 }, schema)).toEqual([
      'p.mode: must be one of "a", "b" (got "c"); fix: use one of those values',
      "p.count: must be at least 1 (got 0); fix: use 1 or more",
    ]);
    expect(schemaProblems("p", { mode: "a", count: 4 }, schema)).toEqual(["p.count: must be at most 3 (got 4); fix: use 3 or less"]);
    expect(schemaProblems("p", null, { type: ["string", "null"] })).toEqual([]);
  });

  it("suggests only close names", () => {
    expect(closest("enforcmentLevel", ["enforcementLevel", "additionalRuntimeClasses"])).toBe("enforcementLevel");
    expect(closest("zzz", ["enforcementLevel"])).toBeUndefined();
    expect(closest("x", [])).toBeUndefined();
  });
});

describe("policy config schemas", () => {
  it.each(policies.map((p) => [p.name, p] as const))("%s has a strict, typed config schema", (_name, policy) => {
    const schema = policy.configSchema as unknown as Record<string, unknown>;
    expect(schema.type).toBe("object");
    expect(schema.additionalProperties).toBe(false);
    for (const [key, property] of Object.entries(schema.properties as Record<string, Record<string, unknown>>)) {
      expect({ key, typed: typeof property.type === "string", described: typeof property.description === "string" }).toEqual({
        key,
        typed: true,
        described: true,
      });
    }
  });

  it("agree with a full JSON-schema validator (ajv) on valid and invalid settings", () => {
    const ajv = new Ajv({ strict: false });
    const samples: unknown[] = [
      {},
      { additionalRuntimeClasses: ["a"] },
      { additionalRuntimeClasses: 5 },
      { additionalRuntimeClasses: "runc" },
      { additionalRuntimeClasses: [""] },
      { additionalRuntimeClasses: ["a", "a"] },
      { platformRuntimeClasses: ["gvisor"] },
      { additionalHandlers: [1] },
      { typo: true },
    ];
    for (const policy of policies) {
      const validate = ajv.compile(policy.configSchema as object);
      for (const sample of samples) {
        const ours = schemaProblems("x", sample, policy.configSchema as unknown as Record<string, unknown>).length === 0;
        expect({ policy: policy.name, sample, valid: ours }).toEqual({ policy: policy.name, sample, valid: validate(sample) });
      }
    }
  });
});
