import { describe, expect, it } from "vitest";
import * as shared from "../../components/vocabulary";
import * as pack from "../../policies/lib/vocabulary";

describe("the policy pack's copy of the vocabulary", () => {
  it("agrees with components/vocabulary.ts on every key and value it copies", () => {
    const copy = pack as Record<string, unknown>;
    const original = shared as unknown as Record<string, unknown>;
    expect(Object.keys(copy).sort()).toEqual(["ANNOTATIONS", "LABELS", "SANDBOX_RUNTIMES"]);
    for (const [name, value] of Object.entries(copy)) {
      if (Array.isArray(value)) {
        expect({ name, value }).toEqual({ name, value: original[name] });
      } else {
        for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
          expect({ name, key, item }).toEqual({ name, key, item: (original[name] as Record<string, unknown>)[key] });
        }
      }
    }
  });
});
