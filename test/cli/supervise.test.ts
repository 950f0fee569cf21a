import { describe, expect, it } from "vitest";
import { defaultMaxMemoryMb, youngGenerationMb } from "../../cli/supervise";

describe("plan worker memory limits", () => {
  it("keeps the young generation at most a sixteenth of the heap limit, so running out of memory stays catchable", () => {
    // Larger young generations crash the whole process at small limits (see plan.test.ts, "runs out of memory").
    expect(youngGenerationMb(160)).toBe(10);
    expect(youngGenerationMb(2000)).toBe(125);
    expect(youngGenerationMb(4144)).toBe(192);
    expect(youngGenerationMb(16_384)).toBe(192);
    expect(youngGenerationMb(8)).toBe(1);
  });

  it("defaults the heap limit to Node's own", () => {
    expect(defaultMaxMemoryMb()).toBeGreaterThan(100);
  });
});
