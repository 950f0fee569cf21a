import { describe, expect, it } from "vitest";
import { canonicalJson, sortKeys } from "../../cli/canonical";

describe("canonical JSON", () => {
  it("sorts object keys at every depth (integer-like keys first, numerically, as JavaScript orders them), keeps array order, ends with a newline", () => {
    const value = { b: 1, a: { d: [3, { z: 1, y: 2 }], c: null }, "10": true, "9": false };
    expect(canonicalJson(value)).toBe(
      '{\n  "9": false,\n  "10": true,\n  "a": {\n    "c": null,\n    "d": [\n      3,\n      {\n        "y": 2,\n        "z": 1\n      }\n    ]\n  },\n  "b": 1\n}\n',
    );
  });

  it("gives the same bytes whatever order the keys were inserted in", () => {
    const one = { x: { k1: "a", k2: "b" }, y: [1, 2] };
    const two = { y: [1, 2], x: { k2: "b", k1: "a" } };
    expect(canonicalJson(two)).toBe(canonicalJson(one));
    expect(Object.keys(sortKeys(two) as object)).toEqual(["x", "y"]);
  });

  it("leaves scalars and the input untouched", () => {
    expect(sortKeys("s")).toBe("s");
    expect(sortKeys(null)).toBeNull();
    const input = { b: 1, a: 2 };
    sortKeys(input);
    expect(Object.keys(input)).toEqual(["b", "a"]);
  });
});
