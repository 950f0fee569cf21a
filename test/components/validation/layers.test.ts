import { readFileSync } from "node:fs";
import { relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { listFiles } from "../../helpers/files";

const REPO = resolve(__dirname, "../../..");
const ts = (dir: string) => listFiles(resolve(REPO, dir), (p) => p.endsWith(".ts")).map((p) => relative(REPO, p));
const imports = (file: string) =>
  [...readFileSync(resolve(REPO, file), "utf8").matchAll(/(?:from\s+|import\s+|require\(|import\()\s*["']([^"']+)["']/g)].map((m) => m[1]);

// The checks are pure so builders (and, later, CDK constructs) can use them without loading Pulumi.
describe("validation layering", () => {
  it("only argument-error.ts imports Pulumi", () => {
    const pulumi = ts("components/validation").filter((f) => imports(f).some((s) => s.startsWith("@pulumi/")));
    expect(pulumi).toEqual(["components/validation/argument-error.ts"]);
  });

  it("builders import the pure check files, never the index (which re-exports ArgumentError) or argument-error.ts", () => {
    const builders = ts("components/kubernetes").filter(
      (f) => !f.endsWith("component.ts") && !f.endsWith("resources.ts") && !f.endsWith("index.ts"),
    );
    expect(builders.length).toBeGreaterThan(10);
    const offenders = builders.flatMap((f) =>
      imports(f)
        .filter((s) => /validation(\/index|\/argument-error)?$/.test(s))
        .map((s) => `${f} imports ${s}`),
    );
    expect(offenders).toEqual([]);
  });
});
