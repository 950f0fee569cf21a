// `npm run docs` must stay clean: TypeDoc validates (without writing HTML) that every exported symbol of the
// package's entry points has TSDoc, that links resolve and that nothing referenced is left unexported.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const REPO = resolve(__dirname, "../..");

describe("API documentation", () => {
  it("documents the entry points of every package export", () => {
    const typedoc = JSON.parse(readFileSync(join(REPO, "typedoc.json"), "utf8")) as { entryPoints: string[] };
    const pkg = JSON.parse(readFileSync(join(REPO, "package.json"), "utf8")) as { exports: Record<string, string | { default: string }> };
    const sources = Object.values(pkg.exports)
      .filter((t): t is { default: string } => typeof t !== "string")
      .map((t) => t.default.replace(/^\.\/dist\//, "").replace(/\.js$/, ".ts"));
    expect(typedoc.entryPoints).toEqual(sources);
  });

  it("builds with zero warnings: every exported symbol documented, every link resolved", () => {
    const result = spawnSync(process.execPath, [join(REPO, "node_modules/typedoc/bin/typedoc"), "--emit", "none", "--logLevel", "Warn"], {
      cwd: REPO,
      encoding: "utf8",
      timeout: 180_000,
      env: { ...process.env, NO_COLOR: "1" },
    });
    const output = `${result.stdout}${result.stderr}`;
    expect(output.split("\n").filter((line) => /\[(warning|error)\]/.test(line))).toEqual([]);
    expect(result.status).toBe(0);
  }, 180_000);
});
