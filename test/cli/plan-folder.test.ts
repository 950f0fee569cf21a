import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { PlanError } from "../../cli/errors";
import { parseStackName, resolvePlanFolder } from "../../cli/plan-folder";
import { tempDir } from "./run-cli";

const FIX = 'fix: use letters, digits, "-", "_" and "." (e.g. --stack dev), optionally prefixed "org/" or "org/project/"';

describe("parseStackName", () => {
  it("accepts Pulumi's names and maps org/project prefixes to one safe folder name", () => {
    expect(parseStackName("dev")).toEqual({ org: undefined, project: undefined, stack: "dev", folder: "dev" });
    expect(parseStackName("prod_eu-1.b")).toEqual({ org: undefined, project: undefined, stack: "prod_eu-1.b", folder: "prod_eu-1.b" });
    expect(parseStackName("acme/dev")).toEqual({ org: "acme", project: undefined, stack: "dev", folder: "acme+dev" });
    expect(parseStackName("acme/agentcloud/dev")).toEqual({
      org: "acme",
      project: "agentcloud",
      stack: "dev",
      folder: "acme+agentcloud+dev",
    });
    expect(parseStackName("a".repeat(100)).stack).toHaveLength(100);
  });

  it.each([
    "",
    "../../victim",
    "..",
    ".",
    ".hidden",
    "a/b/c/d",
    "a//b",
    "/abs",
    "dev/",
    "with space",
    "semi;colon",
    "ümlaut",
    "a".repeat(101),
    "acme/../dev",
  ])("refuses %j, saying which names work", (name) => {
    expect(() => parseStackName(name)).toThrow(new PlanError(`--stack ${JSON.stringify(name)} is not a valid stack name; ${FIX}`));
  });
});

describe("resolvePlanFolder", () => {
  const stack = parseStackName("dev");

  it("puts the plan under --out", () => {
    const root = tempDir();
    expect(resolvePlanFolder({ out: join(root, "out"), stack, dir: join(root, "program"), cwd: root })).toBe(join(root, "out/dev"));
    const qualified = parseStackName("acme/proj/dev");
    expect(resolvePlanFolder({ out: join(root, "out"), stack: qualified, dir: root, cwd: root })).toBe(join(root, "out/acme+proj+dev"));
  });

  it("never replaces the program folder or the working directory, nor a folder that contains them", () => {
    const root = tempDir();
    const program = join(root, "play/dev");
    mkdirSync(program, { recursive: true });
    expect(() => resolvePlanFolder({ out: join(root, "play"), stack, dir: program, cwd: root })).toThrow(
      new PlanError(
        `stack "dev": cannot use ${program} as the plan folder:\n` +
          `  the plan folder ${program} would replace the program folder ${program}; fix: pass --out with a folder outside it, e.g. --out ${join(program, "out")}`,
      ),
    );
    const inside = join(root, "work/dev/src");
    mkdirSync(inside, { recursive: true });
    expect(() => resolvePlanFolder({ out: join(root, "work"), stack, dir: inside, cwd: inside })).toThrow(
      new PlanError(
        `stack "dev": cannot use ${join(root, "work/dev")} as the plan folder:\n` +
          `  the plan folder ${join(root, "work/dev")} would replace the program folder ${inside}, which it contains; fix: pass --out with a folder outside it, e.g. --out ${join(inside, "out")}\n` +
          `  the plan folder ${join(root, "work/dev")} would replace the working directory ${inside}, which it contains; fix: pass --out with a folder outside it, e.g. --out ${join(inside, "out")}\n` +
          `  ${join(root, "work/dev")} exists and is not an agentcloud plan (no resources.json), so the plan will not replace it; fix: pass another --out or --stack, or remove the folder yourself`,
      ),
    );
  });

  it("sees through symbolic links to the program folder", () => {
    const root = tempDir();
    mkdirSync(join(root, "program"));
    mkdirSync(join(root, "out"));
    symlinkSync(join(root, "program"), join(root, "link"));
    // --out link/.. resolves lexically to root, but "link" itself is the program: out = link, stack = dev is inside it.
    expect(() =>
      resolvePlanFolder({ out: join(root, "link", ".."), stack: parseStackName("program"), dir: join(root, "link"), cwd: "/" }),
    ).toThrow(/would replace the program folder/);
    symlinkSync(root, join(root, "out/up"));
    expect(() =>
      resolvePlanFolder({ out: join(root, "out/up"), stack: parseStackName("program"), dir: join(root, "program"), cwd: "/" }),
    ).toThrow(`the plan folder ${join(root, "out/up/program")} would replace the program folder ${join(root, "program")}; fix:`);
  });

  it("replaces only earlier plans: files, links and other folders in the way are errors with the fix", () => {
    const root = tempDir();
    const out = join(root, "out");
    mkdirSync(join(out, "docs"), { recursive: true });
    writeFileSync(join(out, "docs/notes.txt"), "mine");
    writeFileSync(join(out, "file"), "x");
    mkdirSync(join(root, "elsewhere"));
    symlinkSync(join(root, "elsewhere"), join(out, "link"));
    mkdirSync(join(out, "earlier"));
    writeFileSync(join(out, "earlier/resources.json"), "{}");
    mkdirSync(join(out, "empty"));
    const at = (name: string) => () => resolvePlanFolder({ out, stack: parseStackName(name), dir: join(root, "p"), cwd: join(root, "p") });
    const head = (name: string) => `stack "${name}": cannot use ${join(out, name)} as the plan folder:\n  `;
    expect(at("docs")).toThrow(
      new PlanError(
        `${head("docs")}${join(out, "docs")} exists and is not an agentcloud plan (no resources.json), so the plan will not replace it; fix: pass another --out or --stack, or remove the folder yourself`,
      ),
    );
    expect(at("file")).toThrow(
      new PlanError(
        `${head("file")}a file is in the way at ${join(out, "file")}, where the plan folder goes; fix: remove the file or pass another --out`,
      ),
    );
    expect(at("link")).toThrow(
      new PlanError(`${head("link")}the plan folder ${join(out, "link")} is a symbolic link; fix: remove the link or pass another --out`),
    );
    expect(at("earlier")()).toBe(join(out, "earlier"));
    expect(at("empty")()).toBe(join(out, "empty"));
    expect(() => resolvePlanFolder({ out: join(out, "file"), stack, dir: root, cwd: root })).toThrow(
      new PlanError(
        `stack "dev": cannot use ${join(out, "file/dev")} as the plan folder:\n  a file is in the way at ${join(out, "file")}, where a folder of the plan path goes; fix: remove the file or pass another --out`,
      ),
    );
  });
});
