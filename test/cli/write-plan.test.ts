import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { writeFolderAtomically } from "../../cli/write-plan";
import { readTree, tempDir } from "./run-cli";

describe("writeFolderAtomically", () => {
  it("replaces the folder whole, dropping files the new plan no longer has", () => {
    const out = join(tempDir(), "local");
    writeFolderAtomically(out, { "a.json": "1", "manifests/x.yaml": "x" });
    writeFolderAtomically(out, { "a.json": "2" });
    expect(readTree(out)).toEqual({ "a.json": "2" });
  });

  it("leaves the previous folder intact, and no staging folders, when writing fails midway", () => {
    const parent = tempDir();
    const out = join(parent, "local");
    writeFolderAtomically(out, { "a.json": "old" });
    // "a" as a file and as a folder cannot both be written.
    expect(() => writeFolderAtomically(out, { a: "file", "a/b": "nested" })).toThrow();
    expect(readTree(out)).toEqual({ "a.json": "old" });
    expect(readdirSync(parent)).toEqual(["local"]);
    expect(existsSync(join(parent, "local"))).toBe(true);
  });
});
