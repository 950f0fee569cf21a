import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { listFiles } from "./helpers/files";

const REPO = resolve(__dirname, "..");

/** Repository-relative TypeScript files below `dir`. */
function files(dir: string): string[] {
  return listFiles(join(REPO, dir), (p) => p.endsWith(".ts")).map((p) => relative(REPO, p));
}

/** Module specifiers in TypeScript source: imports (`import type` too), re-exports and requires. */
function specifiers(text: string): string[] {
  return [...text.matchAll(/(?:from\s+|import\s+|require\(|import\()\s*["']([^"']+)["']/g)].map((m) => m[1]);
}

/** Module specifiers a file imports or requires. */
function imports(file: string): string[] {
  return specifiers(readFileSync(join(REPO, file), "utf8"));
}

/** The Kubernetes layer's Pulumi side: component wrappers, resources.ts, and the indexes that re-export them. */
function isWrapper(file: string): boolean {
  return /(^|\/)(component|resources|index)\.ts$/.test(file);
}

/** Repository-relative path an import resolves to (relative imports only). */
function target(file: string, specifier: string): string | undefined {
  if (!specifier.startsWith(".")) return undefined;
  const path = relative(REPO, resolve(REPO, file, "..", specifier));
  // A folder import loads the folder's index.ts, and with it everything the index re-exports.
  return !existsSync(join(REPO, `${path}.ts`)) && existsSync(join(REPO, path, "index.ts")) ? `${path}/index` : path;
}

function violations(dir: string, forbidden: (specifier: string, resolved: string | undefined, file: string) => boolean): string[] {
  return files(dir).flatMap((f) =>
    imports(f)
      .filter((s) => forbidden(s, target(f, s), f))
      .map((s) => `${f} imports ${s}`),
  );
}

/** Every `@pulumi/*` package a file loads, directly or through the repository files it imports, with the path to it. */
function pulumiReached(file: string, seen = new Set<string>()): string[] {
  if (seen.has(file)) return [];
  seen.add(file);
  return imports(file).flatMap((s) => {
    if (s.startsWith("@pulumi/")) return [`${file} imports ${s}`];
    const next = target(file, s);
    return next === undefined ? [] : pulumiReached(`${next}.ts`, seen);
  });
}

// The layer rules of ../shared/DESIGN.md, checked on every import.
describe("layers", () => {
  it("the vocabulary imports nothing", () => {
    expect(imports("components/vocabulary.ts")).toEqual([]);
  });

  it("Kubernetes builders are pure: only component wrappers and resources.ts touch Pulumi, even for types", () => {
    expect(violations("components/kubernetes", (s, _r, f) => s.startsWith("@pulumi/") && /(^|\/)index\.ts$/.test(f))).toEqual([]);
    expect(violations("components/kubernetes", (s, _r, f) => s.startsWith("@pulumi/") && !isWrapper(f))).toEqual([]);
  });

  it("Kubernetes builders reach Pulumi through no other file: they import no component, resources.ts or index", () => {
    expect(
      violations(
        "components/kubernetes",
        (_s, r, f) => !isWrapper(f) && r !== undefined && /(^|\/)(component|resources|index)(\.ts)?$/.test(r),
      ),
    ).toEqual([]);
  });

  it("type-only imports count as imports", () => {
    const probe = 'import type { Output } from "@pulumi/pulumi";\nimport type * as k8s from "@pulumi/kubernetes";';
    expect(specifiers(probe)).toEqual(["@pulumi/pulumi", "@pulumi/kubernetes"]);
  });

  it("components import no plan CLI, policy pack or stack", () => {
    // The CDK gate shares the pack's verdicts through one pure file (the next test keeps it free of Pulumi).
    expect(
      violations(
        "components",
        (_s, r, f) =>
          /^(cli|policies|stacks)\b/.test(r ?? "") && !(f.startsWith("components/cdk/gate/") && r === "policies/lib/shared-rules"),
      ),
    ).toEqual([]);
  });

  it("stacks import no plan CLI", () => {
    expect(violations("stacks", (_s, r) => /^cli\b/.test(r ?? ""))).toEqual([]);
  });

  it("the Kubernetes layer knows no cloud and no CDK", () => {
    expect(
      violations(
        "components/kubernetes",
        (s, r) => /^@pulumi\/(aws|gcp|awsx|eks)|^aws-cdk-lib|^constructs/.test(s) || /^components\/(aws|gcp|cdk)\b/.test(r ?? ""),
      ),
    ).toEqual([]);
  });

  it("CDK constructs never load Pulumi, not even through a builder or cloud file they import", () => {
    const cdk = existsSync(join(REPO, "components/cdk")) ? files("components/cdk") : [];
    expect(cdk.flatMap((f) => pulumiReached(f))).toEqual([]);
    // The walk does find Pulumi where it is: the blueprint's component, through the Kubernetes components.
    expect(pulumiReached("components/blueprint/component.ts")).toContain("components/blueprint/component.ts imports @pulumi/pulumi");
  });

  it("policies judge by type and props, and the pack is published alone: nothing outside policies/", () => {
    expect(
      violations("policies", (s, r) => /^@pulumi\/(kubernetes|aws|gcp)/.test(s) || (r !== undefined && !r.startsWith("policies/"))),
    ).toEqual([]);
  });

  it("the offline plan runs any program: it imports no components or stacks", () => {
    // cli/audit is the receipts verifier, not the plan: it may use the receipts library (next test).
    expect(violations("cli", (_s, r, f) => !f.startsWith("cli/audit/") && /^(components|stacks|examples)\b/.test(r ?? ""))).toEqual([]);
  });

  it("the audit command reaches components only through the receipts library, which is pure", () => {
    expect(
      violations(
        "cli/audit",
        (_s, r) => /^(components|stacks|examples)\b/.test(r ?? "") && !/^components\/receipts(\/index)?$/.test(r ?? ""),
      ),
    ).toEqual([]);
    expect(
      violations(
        "components/receipts",
        (s, r) => s.startsWith("@pulumi/") || /^(cli|stacks|policies|components\/(kubernetes|aws|gcp|cdk|blueprint))\b/.test(r ?? ""),
      ),
    ).toEqual([]);
  });
});

// The component folder shape of CONTRIBUTING.md.
describe("component folders", () => {
  const KUBERNETES = join(REPO, "components/kubernetes");
  const folders = readdirSync(KUBERNETES, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name);

  it("finds the five component folders", () => {
    expect(folders).toEqual(expect.arrayContaining(["agent", "agent-namespace", "agent-sandbox", "priority-classes", "sandbox-runtimes"]));
  });

  it("each has spec, resolve, validate, build, component and index files", () => {
    const missing = folders.flatMap((folder) =>
      ["spec", "resolve", "validate", "build", "component", "index"]
        .filter((file) => !existsSync(join(KUBERNETES, folder, `${file}.ts`)))
        .map((file) => `${folder}/${file}.ts`),
    );
    expect(missing).toEqual([]);
  });

  it("spec files hold types and constants only: no functions", () => {
    const withCode = folders
      .map((folder) => `components/kubernetes/${folder}/spec.ts`)
      .filter(
        (f) => existsSync(join(REPO, f)) && /\bfunction\b|=>/.test(readFileSync(join(REPO, f), "utf8").replace(/\/\*\*[\s\S]*?\*\//g, "")),
      );
    expect(withCode).toEqual([]);
  });

  it("indexes only re-export", () => {
    const other = files("components/kubernetes")
      .filter((f) => f.endsWith("index.ts"))
      .flatMap((f) =>
        readFileSync(join(REPO, f), "utf8")
          .replace(/\/\*\*[\s\S]*?\*\//g, "")
          .split("\n")
          .filter((line) => line.trim() !== "" && !/^export \* from "\.\/[\w-]+";$/.test(line))
          .map((line) => `${f}: ${line}`),
      );
    expect(other).toEqual([]);
  });
});
