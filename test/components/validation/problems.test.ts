import { InputPropertiesError } from "@pulumi/pulumi/errors";
import { describe, expect, it } from "vitest";
import {
  ArgumentError,
  formatProblem,
  nestProblems,
  problemsMessage,
  showValue,
  throwIfProblems,
  type ValidationProblem,
} from "../../../components/validation";

const PORT: ValidationProblem = { argument: "port", value: 0, problem: "must be a whole number from 1 to 65535", fix: "set port to 8080" };
const IMAGE: ValidationProblem = {
  argument: "image",
  value: "x y",
  problem: "is not a container image reference",
  fix: "use ghcr.io/acme/agent:1",
};

describe("showValue", () => {
  it("renders values short and unambiguous", () => {
    expect(showValue(undefined)).toBe("undefined");
    expect(showValue(Infinity)).toBe("Infinity");
    expect(showValue(-Infinity)).toBe("-Infinity");
    expect(showValue(NaN)).toBe("NaN");
    expect(showValue("a")).toBe('"a"');
    expect(showValue({ a: [1] })).toBe('{"a":[1]}');
    expect(showValue(() => 1)).toBe("() => 1");
    expect(showValue(10n)).toBe("10");
    expect(showValue(Symbol("s"))).toBe("Symbol(s)");
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    expect(showValue(circular)).toBe("[circular object]");
    expect(showValue("x".repeat(78))).toBe(`"${"x".repeat(78)}"`);
    expect(showValue("x".repeat(79))).toBe(`"${"x".repeat(76)}...`);
  });
});

describe("problem formatting", () => {
  it("formats argument, problem, value and fix on one line, and nests paths", () => {
    expect(formatProblem(PORT)).toBe("port: must be a whole number from 1 to 65535 (got 0); fix: set port to 8080");
    expect(nestProblems("agents.coder", [PORT]).map((p) => p.argument)).toEqual(["agents.coder.port"]);
    expect(problemsMessage('Agent "a"', [PORT])).toBe(
      'Agent "a" has 1 invalid argument:\n  - port: must be a whole number from 1 to 65535 (got 0); fix: set port to 8080',
    );
  });
});

describe("ArgumentError", () => {
  it("is an InputPropertiesError listing every property's problem, with the same message text", () => {
    const error = new ArgumentError('Agent "coder"', [PORT, IMAGE]);
    expect(error).toBeInstanceOf(InputPropertiesError);
    expect(InputPropertiesError.isInstance(error)).toBe(true);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe("ArgumentError");
    expect(error.subject).toBe('Agent "coder"');
    expect(error.problems).toEqual([PORT, IMAGE]);
    expect(error.message).toBe(
      [
        'Agent "coder" has 2 invalid arguments:',
        "  - port: must be a whole number from 1 to 65535 (got 0); fix: set port to 8080",
        '  - image: is not a container image reference (got "x y"); fix: use ghcr.io/acme/agent:1',
      ].join("\n"),
    );
    expect(error.errors).toEqual([
      { propertyPath: "port", reason: "must be a whole number from 1 to 65535 (got 0); fix: set port to 8080" },
      { propertyPath: "image", reason: 'is not a container image reference (got "x y"); fix: use ghcr.io/acme/agent:1' },
    ]);
  });

  it("throwIfProblems throws only when there are problems", () => {
    expect(() => throwIfProblems("x", [])).not.toThrow();
    expect(() => throwIfProblems("PriorityClasses", [PORT])).toThrow(new ArgumentError("PriorityClasses", [PORT]));
    try {
      throwIfProblems("PriorityClasses", [PORT]);
    } catch (e) {
      expect((e as ArgumentError).problems).toEqual([PORT]);
    }
  });
});
