import { describe, expect, it } from "vitest";
import {
  checkBoolean,
  checkInteger,
  checkNonEmptyString,
  checkOneOf,
  checkStringList,
  formatProblem,
  isPulumiOutput,
  isRecord,
} from "../../../components/validation";
import * as pulumi from "@pulumi/pulumi";

describe("primitive checks", () => {
  it("isRecord: plain objects only", () => {
    expect(isRecord({})).toBe(true);
    expect(isRecord([])).toBe(false);
    expect(isRecord(null)).toBe(false);
    expect(isRecord("x")).toBe(false);
  });

  it("isPulumiOutput: outputs and secrets, not look-alikes", () => {
    expect(isPulumiOutput(pulumi.secret("s3cr3t"))).toBe(true);
    expect(isPulumiOutput(pulumi.output("x"))).toBe(true);
    expect(isPulumiOutput({ __pulumiOutput: "yes" })).toBe(false);
    expect(isPulumiOutput({})).toBe(false);
    expect(isPulumiOutput(null)).toBe(false);
    expect(isPulumiOutput("x")).toBe(false);
  });

  it("checkInteger: whole numbers in range, with the range in the message", () => {
    expect(checkInteger("port", 1, 1, 65535)).toEqual([]);
    expect(checkInteger("port", 65535, 1, 65535)).toEqual([]);
    expect(checkInteger("pods", 10 ** 9, 1)).toEqual([]);
    expect(
      [
        ...checkInteger("port", 0, 1, 65535),
        ...checkInteger("port", 65536, 1, 65535),
        ...checkInteger("port", 1.5, 1, 65535),
        ...checkInteger("port", "80", 1, 65535),
        ...checkInteger("pods", 0, 1),
      ].map(formatProblem),
    ).toEqual([
      "port: must be a whole number from 1 to 65535 (got 0); fix: set port to a whole number from 1 to 65535",
      "port: must be a whole number from 1 to 65535 (got 65536); fix: set port to a whole number from 1 to 65535",
      "port: must be a whole number from 1 to 65535 (got 1.5); fix: set port to a whole number from 1 to 65535",
      'port: must be a whole number from 1 to 65535 (got "80"); fix: set port to a whole number from 1 to 65535',
      "pods: must be a whole number at least 1 (got 0); fix: set pods to a whole number at least 1",
    ]);
  });

  it("checkOneOf, checkBoolean, checkStringList, checkNonEmptyString", () => {
    expect(checkOneOf("intent", "batch", ["critical", "batch"] as const)).toEqual([]);
    expect(checkBoolean("installKata", false)).toEqual([]);
    expect(checkStringList("command", ["/app"], "/app")).toEqual([]);
    expect(checkNonEmptyString("reason", "why", "x")).toEqual([]);
    expect(
      [
        ...checkOneOf("intent", "urgent", ["critical", "batch"] as const),
        ...checkOneOf("intent", 1, ["critical"] as const),
        ...checkBoolean("installKata", "true"),
        ...checkStringList("command", ["/app", ""], "/app/agent"),
        ...checkStringList("command", "/app", "/app/agent"),
        ...checkStringList("command", [1], "/app/agent"),
        ...checkNonEmptyString("reason", "  ", "needs /dev/kvm"),
        ...checkNonEmptyString("reason", 5, "needs /dev/kvm"),
      ].map(formatProblem),
    ).toEqual([
      'intent: must be one of "critical", "batch" (got "urgent"); fix: set intent to one of those',
      'intent: must be one of "critical" (got 1); fix: set intent to one of those',
      'installKata: must be true or false (got "true"); fix: set installKata to true or false',
      'command: must be a list of non-empty strings (got ["/app",""]); fix: use a list like ["/app/agent"]',
      'command: must be a list of non-empty strings (got "/app"); fix: use a list like ["/app/agent"]',
      'command: must be a list of non-empty strings (got [1]); fix: use a list like ["/app/agent"]',
      'reason: must be a non-empty string (got "  "); fix: use a value like "needs /dev/kvm"',
      'reason: must be a non-empty string (got 5); fix: use a value like "needs /dev/kvm"',
    ]);
  });
});
