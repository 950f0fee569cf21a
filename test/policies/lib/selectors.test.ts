import { describe, expect, it } from "vitest";
import { meetsRequirement } from "../../../policies/lib/selectors";

describe("meetsRequirement", () => {
  it.each([
    ["In", ["a", "b"], "a", true],
    ["In", ["a", "b"], "c", false],
    ["In", ["a"], undefined, false],
    ["NotIn", ["a"], "b", true],
    ["NotIn", ["a"], "a", false],
    ["NotIn", ["a"], undefined, true],
    ["Exists", [], "", true],
    ["Exists", [], undefined, false],
    ["DoesNotExist", [], undefined, true],
    ["DoesNotExist", [], "x", false],
    ["Matches", ["a"], "a", false],
    [undefined, ["a"], "a", false],
  ])("%s %j on %j is %s", (operator, values, value, expected) => {
    expect(meetsRequirement(operator, values, value)).toBe(expected);
  });
});
