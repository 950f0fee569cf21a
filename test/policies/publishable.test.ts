import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { policies } from "../../policies/all";

const PACK = resolve(__dirname, "../../policies");
const ROOT = resolve(__dirname, "../..");

// `pulumi policy publish` uploads policies/ alone and installs only its declared dependencies: do the same here.
describe("the policy pack on its own", () => {
  let dir = "";

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "agentcloud-pack-"));
    cpSync(PACK, dir, { recursive: true, filter: (source) => !source.includes("node_modules") });
    execFileSync("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error"], {
      cwd: dir,
      stdio: "pipe",
      timeout: 240_000,
    });
  }, 300_000);

  afterAll(() => {
    if (dir !== "") rmSync(dir, { recursive: true, force: true });
  });

  it("pins the same dependency versions as the repository", () => {
    const own = (JSON.parse(readFileSync(join(PACK, "package.json"), "utf8")) as { dependencies: Record<string, string> }).dependencies;
    const root = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as {
      dependencies: Record<string, string>;
      devDependencies: Record<string, string>;
    };
    expect(Object.keys(own).sort()).toEqual(["@pulumi/policy", "@pulumi/pulumi", "kubernetes-types", "yaml"]);
    for (const [name, version] of Object.entries(own))
      expect({ name, version }).toEqual({ name, version: root.dependencies[name] ?? root.devDependencies[name] });
  });

  it("type-checks with its own strict tsconfig against only its installed dependencies", () => {
    const tsc = join(ROOT, "node_modules/typescript/bin/tsc");
    expect(() =>
      execFileSync(process.execPath, [tsc, "-p", join(dir, "tsconfig.json")], { cwd: dir, stdio: "pipe", timeout: 120_000 }),
    ).not.toThrow();
  }, 150_000);

  it("loads every policy and the config check from the copy, resolving @pulumi/policy inside it", () => {
    // Not index.ts: constructing the PolicyPack starts the analyzer's gRPC server.
    writeFileSync(
      join(dir, "load-check.ts"),
      [
        'import { policies } from "./all";',
        'import { policyConfigProblems } from "./config";',
        "console.log(JSON.stringify({",
        "  names: policies.map((p) => p.name),",
        '  policy: require.resolve("@pulumi/policy"),',
        '  problems: policyConfigProblems({ all: "mandatory" }, policies),',
        "}));",
      ].join("\n"),
    );
    const tsx = join(ROOT, "node_modules/tsx/dist/cli.mjs");
    const out = execFileSync(process.execPath, [tsx, "load-check.ts"], {
      cwd: dir,
      encoding: "utf8",
      timeout: 120_000,
      env: { ...process.env, NODE_PATH: "" },
    });
    const loaded = JSON.parse(out) as { names: string[]; policy: string; problems: string[] };
    expect(loaded.names).toEqual(policies.map((p) => p.name));
    expect(loaded.policy.startsWith(join(dir, "node_modules"))).toBe(true);
    expect(loaded.problems).toEqual([]);
  }, 150_000);
});
