import { describe, expect, it } from "vitest";
import { closestName } from "../../../components/validation/closest";

describe("closestName", () => {
  it("finds a typo's name within a quarter of its length (at least 2 edits), else nothing", () => {
    expect(closestName("serch", ["search", "fetch_page"])).toBe("search");
    expect(closestName("ab", ["xy", "cd"])).toBe("cd");
    expect(closestName("github", ["web-search", "deepwiki"])).toBeUndefined();
    expect(closestName("x", [])).toBeUndefined();
  });

  it("prefers the nearest, then the alphabetically first of equals", () => {
    expect(closestName("memory-keper", ["memory-keeper", "memory-sweeper"])).toBe("memory-keeper");
    expect(closestName("abc", ["abd", "abe"])).toBe("abd");
  });

  it("allows a quarter of a long name's length in edits", () => {
    // 12 characters: up to 3 edits.
    expect(closestName("researchxxxx", ["research"])).toBeUndefined();
    expect(closestName("research-axx", ["research-assistant"])).toBeUndefined();
    expect(closestName("reserch-asistnt", ["research-assistant"])).toBe("research-assistant");
  });
});
