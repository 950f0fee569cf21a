import { readFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { listFiles } from "./helpers/files";

const REPO = resolve(__dirname, "..");

/** Repository-relative TypeScript files below `dir`. */
function files(dir: string): string[] {
  return listFiles(join(REPO, dir), (p) => p.endsWith(".ts")).map((p) => relative(REPO, p));
}

/** Module specifiers a file imports or requires. */
function imports(file: string): string[] {
  const text = readFileSync(join(REPO, file), "utf8");
  return [...text.matchAll(/(?:from\s+|import\s+|require\(|import\()\s*["']([^"']+)["']/g)].map((m) => m[1]);
}

/** Repository-relative path an import resolves to (relative imports only). */
function target(file: string, specifier: string): string | undefined {
  return specifier.startsWith(".") ? relative(REPO, resolve(REPO, file, "..", specifier)) : undefined;
}

function violations(dir: string, forbidden: (specifier: string, resolved: string | undefined, file: string) => boolean): string[] {
  return files(dir).flatMap((f) => imports(f).filter((s) => forbidden(s, target(f, s), f)).map((s) => `${f} imports ${s}`));
}

// The layer rules of ../shared/DESIGN.md, checked on every import.
describe("layers", () => {
  it("the vocabulary imports nothing", () => {
    expect(imports("components/vocabulary.ts")).toEqual([]);
  });

  it("Kubernetes builders are pure: only component wrappers and resources.ts touch Pulumi", () => {
    expect(violations("components/kubernetes", (s, _r, f) =>
      s.startsWith("@pulumi/") && !f.endsWith("component.ts") && !f.endsWith("resources.ts"))).toEqual([]);
  });

  it("the Kubernetes layer knows no cloud and no CDK", () => {
    expect(violations("components/kubernetes", (s, r) =>
      /^@pulumi\/(aws|gcp|awsx|eks)|^aws-cdk-lib|^constructs/.test(s) || /^components\/(aws|gcp|cdk)\b/.test(r ?? ""))).toEqual([]);
  });

  it("policies judge by type and props, and the pack is published alone: nothing outside policies/", () => {
    expect(violations("policies", (s, r) => /^@pulumi\/(kubernetes|aws|gcp)/.test(s) || (r !== undefined && !r.startsWith("policies/")))).toEqual([]);
  });

  it("the offline plan runs any program: it imports no components or stacks", () => {
    expect(violations("cli", (_s, r) => /^(components|stacks|examples)\b/.test(r ?? ""))).toEqual([]);
  });
});
