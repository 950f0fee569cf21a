// The package surface without building it: package.json `exports`, `typesVersions`, the repository's tsconfig
// `paths` (how examples/ import "agentcloud") and the layer folders must tell the same story.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const REPO = resolve(__dirname, "../..");

interface PackageJson {
  main: string;
  types: string;
  exports: Record<string, string | { types: string; default: string }>;
  typesVersions: Record<string, Record<string, string[]>>;
  files: string[];
  bin: Record<string, string>;
  scripts: Record<string, string>;
  dependencies: Record<string, string>;
}

const pkg = JSON.parse(readFileSync(join(REPO, "package.json"), "utf8")) as PackageJson;
const conditional = Object.entries(pkg.exports).filter((e): e is [string, { types: string; default: string }] => typeof e[1] !== "string");

/** `./dist/components/index.js` → `./components/index.ts`: the source a built file comes from. */
function sourceOf(built: string): string {
  return built.replace(/^\.\/dist\//, "./").replace(/\.d\.ts$|\.js$/, ".ts");
}

describe("package.json exports", () => {
  it("maps each subpath to built JavaScript and its .d.ts, both from a source file in this repository", () => {
    expect(conditional.map(([subpath]) => subpath)).toEqual([".", "./kubernetes", "./aws", "./gcp", "./cdk", "./receipts", "./policies"]);
    for (const [, target] of conditional) {
      expect(Object.keys(target)).toEqual(["types", "default"]); // `types` must come first to be used
      expect(target.default).toMatch(/^\.\/dist\/.+\.js$/);
      expect(target.types).toBe(target.default.replace(/\.js$/, ".d.ts"));
      expect(existsSync(join(REPO, sourceOf(target.default)))).toBe(true);
    }
    expect(pkg.main).toBe((pkg.exports["."] as { default: string }).default);
    expect(pkg.types).toBe((pkg.exports["."] as { types: string }).types);
  });

  it("exports every layer folder that exists, under the layer's name (aws, gcp and cdk land with their layers)", () => {
    const layers = ["kubernetes", "aws", "gcp", "cdk"].filter((layer) => existsSync(join(REPO, "components", layer)));
    expect(layers).toContain("kubernetes");
    for (const layer of layers)
      expect(pkg.exports[`./${layer}`]).toEqual({
        types: `./dist/components/${layer}/index.d.ts`,
        default: `./dist/components/${layer}/index.js`,
      });
  });

  it("gives classic Node resolution (no `exports` support) the same subpath types through typesVersions", () => {
    const subpaths = Object.fromEntries(conditional.filter(([s]) => s !== ".").map(([s, t]) => [s.slice(2), [t.types]]));
    expect(pkg.typesVersions).toEqual({ "*": subpaths });
  });

  it("maps the same names to the sources in tsconfig.json `paths`, so examples/ resolve as users' programs do", () => {
    const config = ts.readConfigFile(join(REPO, "tsconfig.json"), (p) => ts.sys.readFile(p));
    const paths = (config.config as { compilerOptions: { paths: Record<string, string[]> } }).compilerOptions.paths;
    expect(paths).toEqual(
      Object.fromEntries(conditional.map(([s, t]) => [s === "." ? "agentcloud" : `agentcloud/${s.slice(2)}`, [sourceOf(t.default)]])),
    );
  });

  it("publishes only the build and the CLI, builds on pack and not on install (npm ci stays fast)", () => {
    expect(pkg.files).toEqual(["bin/", "dist/"]);
    expect(pkg.bin).toEqual({ agentcloud: "bin/agentcloud.js" });
    expect(pkg.scripts.prepack).toBe("npm run build");
    expect(pkg.scripts.build).toContain("tsc -p tsconfig.build.json");
    expect(pkg.scripts).not.toHaveProperty("prepare");
    expect(pkg.scripts).not.toHaveProperty("postinstall");
    // Users' TypeScript programs load through agentcloud's own tsx.
    expect(pkg.dependencies).toHaveProperty("tsx");
  });
});

describe("entry modules", () => {
  it("hold re-exports only", () => {
    const entries = [".", "./kubernetes"].map((s) => sourceOf((pkg.exports[s] as { default: string }).default));
    for (const entry of entries) {
      const source = ts.createSourceFile(entry, readFileSync(join(REPO, entry), "utf8"), ts.ScriptTarget.ES2022, true);
      expect(source.statements.filter((s) => !(ts.isExportDeclaration(s) && s.moduleSpecifier)).map((s) => s.getText(source))).toEqual([]);
    }
  });

  it.each(["kubernetes", "aws", "gcp", "cdk"])("re-export every module folder of the %s layer", (layer) => {
    const folders = readdirSync(join(REPO, "components", layer), { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name);
    const text = readFileSync(join(REPO, "components", layer, "index.ts"), "utf8");
    for (const folder of folders) expect(text).toContain(`export * from "./${folder}";`);
  });
});
