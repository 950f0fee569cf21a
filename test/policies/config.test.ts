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

describe("policyConfigProblems edge cases", () => {
  it("shows values up to 60 characters of JSON in full, and cuts longer ones to 57 plus an ellipsis", () => {
    const exactly60 = "y".repeat(58);
    expect(policyConfigProblems({ p: { key: exactly60 } }, [{ name: "p" }])).toEqual([
      `p.key: is not a setting of this policy (got "${exactly60}"); fix: use enforcementLevel`,
    ]);
    const is61 = "z".repeat(59);
    expect(policyConfigProblems({ p: { key: is61 } }, [{ name: "p" }])).toEqual([
      `p.key: is not a setting of this policy (got "${"z".repeat(56)}...); fix: use enforcementLevel`,
    ]);
  });

  it("compares names without regard to case and suggests only within a third of the name's length (at least 2 edits)", () => {
    expect(closest("ENFORCEMENTLEVEL", ["additionalHandlers", "enforcementLevel"])).toBe("enforcementLevel");
    expect(closest("enforcementLevxyzw", ["enforcementLevel"])).toBe("enforcementLevel");
    expect(closest("enforcemenxyzwvu", ["enforcementLevel"])).toBeUndefined();
    expect(closest("ab", ["xy"])).toBe("xy");
    expect(closest("abc", ["xyz"])).toBeUndefined();
    expect(closest("gvisr", ["kata", "gvisor"])).toBe("gvisor");
    expect(closest("kitten", ["sitting"])).toBeUndefined();
    expect(closest("kitten", ["sittin"])).toBe("sittin");
  });

  it("accepts boundary values and unknown keys in nested objects that do not forbid them", () => {
    const schema = {
      type: "object",
      properties: {
        name: { type: "string", minLength: 1 },
        count: { type: "integer", minimum: 1, maximum: 3 },
        open: { type: "object", properties: { on: { type: "boolean" } } },
        list: { type: "array", items: { type: "string" }, uniqueItems: true },
      },
    };
    expect(schemaProblems("p", { name: "a", count: 1, open: { on: true, extra: 1 }, list: ["a", "b"] }, schema)).toEqual([]);
    expect(schemaProblems("p", { count: 3 }, schema)).toEqual([]);
    expect(schemaProblems("p", { count: "3" }, schema)).toEqual(['p.count: must be an integer (got "3"); fix: give an integer']);
    expect(schemaProblems("p", 1, { type: ["string", "null"] })).toEqual(["p: must be string or null (got 1); fix: give string or null"]);
    expect(schemaProblems("p", { x: 1 }, { type: "object", properties: {}, additionalProperties: false })).toEqual([
      "p.x: is not a setting of this policy (got 1); fix: use no keys",
    ]);
    expect(schemaProblems("p", [1, 1], { type: "array" })).toEqual([]);
    expect(schemaProblems("p", 5, { type: "array" })).toEqual(['p: must be an array (got 5); fix: e.g. ["name"]']);
    expect(schemaProblems("p", 5, { type: "array", items: { minLength: 1 } })).toEqual(['p: must be an array (got 5); fix: e.g. ["name"]']);
    expect(schemaProblems("p", "x", { items: { type: "string" } })).toEqual([]);
    expect(schemaProblems("p", "ab", { properties: {}, additionalProperties: false })).toEqual([]);
    expect(schemaProblems("p", {}, { type: "object", properties: {}, required: [5] })).toEqual([]);
    expect(policyConfigProblems({ "agentcloud-sandbox-runtime-class-required": { zzzzzzzz: 1 } }, policies)).toEqual([
      "agentcloud-sandbox-runtime-class-required.zzzzzzzz: is not a setting of this policy (got 1); fix: use enforcementLevel, additionalRuntimeClasses",
    ]);
    expect(closest("ab", ["ax", "ay"])).toBe("ax");
  });

  it("checks the level inside a settings map and the settings together", () => {
    expect(
      policyConfigProblems(
        { "agentcloud-sandbox-runtime-class-required": { enforcementLevel: "advisory", additionalRuntimeClasses: [1] } },
        policies,
      ),
    ).toEqual(["agentcloud-sandbox-runtime-class-required.additionalRuntimeClasses[0]: must be a string (got 1); fix: give a string"]);
    expect(policyConfigProblems({ all: { enforcementLevel: "advisery" } }, policies)).toEqual([
      'all.enforcementLevel: is not an enforcement level (got "advisery"); fix: did you mean advisory?',
    ]);
    expect(policyConfigProblems({ all: 7 }, policies)).toEqual([
      "all: must be an enforcement level or a map of settings (got 7); fix: use e.g. mandatory or {enforcementLevel: mandatory}",
    ]);
    expect(policyConfigProblems({ all: { enforcementLevel: 1 } }, policies)).toEqual([
      "all.enforcementLevel: is not an enforcement level (got 1); fix: use one of advisory, mandatory, remediate, disabled",
    ]);
    expect(policyConfigProblems("mandatory", policies)).toHaveLength(1);
  });
});
