import { describe, expect, it } from "vitest";
import { checkNotAbove, checkPositiveQuantity, formatProblem, parseQuantity } from "../../../components/validation";

describe("parseQuantity", () => {
  it("parses every suffix to base units", () => {
    expect(parseQuantity("500m")).toBe(0.5);
    expect(parseQuantity("2")).toBe(2);
    expect(parseQuantity("1Ki")).toBe(1024);
    expect(parseQuantity("1Mi")).toBe(2 ** 20);
    expect(parseQuantity("2Gi")).toBe(2 * 2 ** 30);
    expect(parseQuantity("1Ti")).toBe(2 ** 40);
    expect(parseQuantity("1Pi")).toBe(2 ** 50);
    expect(parseQuantity("1Ei")).toBe(2 ** 60);
    expect(parseQuantity("3n")).toBeCloseTo(3e-9, 18);
    expect(parseQuantity("3u")).toBeCloseTo(3e-6, 15);
    expect(parseQuantity("1k")).toBe(1000);
    expect(parseQuantity("1M")).toBe(1e6);
    expect(parseQuantity("1G")).toBe(1e9);
    expect(parseQuantity("1T")).toBe(1e12);
    expect(parseQuantity("1P")).toBe(1e15);
    expect(parseQuantity("1E")).toBe(1e18);
    expect(parseQuantity("1.5")).toBe(1.5);
    expect(parseQuantity(".5")).toBe(0.5);
    expect(parseQuantity(".25")).toBe(0.25);
    expect(parseQuantity("1.25")).toBe(1.25);
    expect(parseQuantity("1.")).toBe(1);
    expect(parseQuantity("2.5Mi")).toBe(2.5 * 2 ** 20);
    expect(parseQuantity("1.5e3")).toBe(1500);
    expect(parseQuantity("1e+3")).toBe(1000);
    expect(parseQuantity("1e.5")).toBeUndefined();
    expect(parseQuantity("1e0.5")).toBeUndefined();
    expect(parseQuantity("10e3")).toBe(10000);
    expect(parseQuantity("1E-3")).toBe(0.001);
    expect(parseQuantity("-1Gi")).toBe(-(2 ** 30));
    expect(parseQuantity("+2")).toBe(2);
    expect(parseQuantity(4)).toBe(4);
  });

  it("rejects malformed text around a valid quantity (anchors) and what is not finite", () => {
    for (const bad of ["", "lots", "1Gi ", " 1Gi", "1gi", "1GiB", "Gi", "1.2.3", "1e", "e3", "1KiB", "0x10"])
      expect(parseQuantity(bad), bad).toBeUndefined();
    expect(parseQuantity("1e400")).toBeUndefined();
    expect(parseQuantity("1e308")).toBe(1e308);
    expect(parseQuantity(Infinity)).toBeUndefined();
    expect(parseQuantity(NaN)).toBeUndefined();
    expect(parseQuantity(null)).toBeUndefined();
  });
});

describe("checkPositiveQuantity", () => {
  it("accepts positive quantities, numbers from config included", () => {
    expect(checkPositiveQuantity("cpu", "500m", "500m")).toEqual([]);
    expect(checkPositiveQuantity("cpu", 2, "500m")).toEqual([]);
    expect(checkPositiveQuantity("cpu", "1n", "500m")).toEqual([]);
  });

  it("names the argument, the value and the fix for each failure", () => {
    expect(
      [
        ...checkPositiveQuantity("resources.cpu", "lots", "500m"),
        ...checkPositiveQuantity("resources.cpu", "1e400", "500m"),
        ...checkPositiveQuantity("resources.cpu", Infinity, "500m"),
        ...checkPositiveQuantity("resources.memory", "0", "512Mi"),
        ...checkPositiveQuantity("resources.memory", "-1Gi", "512Mi"),
        ...checkPositiveQuantity("resources.memory", { size: 1 }, "512Mi"),
      ].map(formatProblem),
    ).toEqual([
      'resources.cpu: is not a Kubernetes quantity (got "lots"); fix: use a quantity like "500m"',
      'resources.cpu: is not a finite quantity (too large to represent) (got "1e400"); fix: use a quantity like "500m"',
      'resources.cpu: is not a finite quantity (too large to represent) (got Infinity); fix: use a quantity like "500m"',
      'resources.memory: must be greater than zero (got "0"); fix: use a positive quantity like "512Mi"',
      'resources.memory: must be greater than zero (got "-1Gi"); fix: use a positive quantity like "512Mi"',
      'resources.memory: is not a Kubernetes quantity (got {"size":1}); fix: use a quantity like "512Mi"',
    ]);
  });
});

describe("checkNotAbove", () => {
  const request = (value: unknown) => ({ argument: "resources.cpu", value });
  const limit = (value: unknown) => ({ argument: "limits.cpu", value });

  it("reports a request above its limit, comparing in base units", () => {
    expect(checkNotAbove(request("2"), limit("1500m")).map(formatProblem)).toEqual([
      'resources.cpu: must not exceed limits.cpu (1500m) (got "2"); fix: lower resources.cpu or raise limits.cpu',
    ]);
    expect(
      checkNotAbove({ argument: "limits.default.cpu", value: "2" }, { argument: "quota.cpu", value: "1" }, "or it never fits")[0].problem,
    ).toBe("must not exceed quota.cpu (1), or it never fits");
  });

  it("allows equal and lower values, and stays silent when either side is not a positive quantity", () => {
    expect(checkNotAbove(request("1"), limit("1000m"))).toEqual([]);
    expect(checkNotAbove(request("999m"), limit("1"))).toEqual([]);
    expect(checkNotAbove(request("1Gi"), limit("1G"))).toHaveLength(1);
    for (const [r, l] of [
      ["lots", "1"],
      ["2", "lots"],
      ["-1", "-2"],
      ["2", "0"],
      ["0", "-1"],
      [undefined, "1"],
    ]) {
      expect(checkNotAbove(request(r), limit(l)), `${r} vs ${l}`).toEqual([]);
    }
  });
});
