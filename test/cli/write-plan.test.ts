import { existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import { describe, expect, it } from "vitest";
import { PlanError } from "../../cli/errors";
import { planWriteError } from "../../cli/write-errors";
import { discardStaging, recoverPlanFolder, writeFolderAtomically } from "../../cli/write-plan";
import { FIXTURES, readTree, tempDir } from "./run-cli";

const TSX = require.resolve("tsx/cjs/api");

/** Runs the crash writer in a worker that dies at step `crashAt`; resolves when the worker has ended. */
function writeAndCrash(target: string, files: Record<string, string>, crashAt: number): Promise<void> {
  const worker = new Worker(`require(${JSON.stringify(TSX)}).register(); require(${JSON.stringify(join(FIXTURES, "crash-writer.ts"))});`, {
    eval: true,
    workerData: { target, files, crashAt },
  });
  return new Promise((resolve, reject) => {
    worker.on("error", reject);
    worker.on("exit", () => resolve());
  });
}

describe("writeFolderAtomically", () => {
  it("refuses a file name that leads out of the plan folder, writing nothing and keeping the previous plan", () => {
    const root = tempDir();
    const out = join(root, "local");
    writeFolderAtomically(out, { "a.json": "1" });
    for (const name of ["../escape.mmd", "sub/../../escape.mmd", "", "."]) {
      expect(() => writeFolderAtomically(out, { "b.json": "2", [name]: "x" })).toThrow(
        new PlanError(
          `cannot write the plan: the file name ${JSON.stringify(name)} is not inside the plan folder; fix: use a relative path without ".."`,
        ),
      );
    }
    expect(readTree(out)).toEqual({ "a.json": "1" });
    expect(readdirSync(root)).toEqual(["local"]);
  });

  it("replaces the folder whole, dropping files the new plan no longer has", () => {
    const out = join(tempDir(), "local");
    writeFolderAtomically(out, { "a.json": "1", "manifests/x.yaml": "x" });
    writeFolderAtomically(out, { "a.json": "2" });
    expect(readTree(out)).toEqual({ "a.json": "2" });
  });

  it("writes streamed content chunk by chunk, and empty folders the plan promises", () => {
    const out = join(tempDir(), "local");
    const chunks: string[] = [];
    function* stream() {
      for (const c of ["a: 1\n", "---\n", "b: 2\n"]) {
        chunks.push(c);
        yield c;
      }
    }
    writeFolderAtomically(out, { "manifests/10-x.yaml": stream(), "plain.txt": "text" }, { folders: ["manifests", "crds"] });
    expect(chunks).toEqual(["a: 1\n", "---\n", "b: 2\n"]);
    expect(readTree(out)).toEqual({ "manifests/10-x.yaml": "a: 1\n---\nb: 2\n", "plain.txt": "text" });
    expect(readdirSync(out).sort()).toEqual(["crds", "manifests", "plain.txt"]);
  });

  it("leaves the previous folder intact, and no staging folders, when writing fails midway", () => {
    const parent = tempDir();
    const out = join(parent, "local");
    writeFolderAtomically(out, { "a.json": "old" });
    // "a" as a file and as a folder cannot both be written.
    expect(() => writeFolderAtomically(out, { a: "file", "a/b": "nested" })).toThrow(PlanError);
    expect(readTree(out)).toEqual({ "a.json": "old" });
    expect(readdirSync(parent)).toEqual(["local"]);
  });

  it("says what failed, on which path, and the fix when a file is in the way", () => {
    const parent = tempDir();
    writeFileSync(join(parent, "out"), "a file");
    expect(() => writeFolderAtomically(join(parent, "out/local"), { "a.json": "1" })).toThrow(
      new PlanError(`cannot write the plan: a file is in the way at ${join(parent, "out")}; fix: remove that file or pass another --out`),
    );
  });

  it("a crash at any step leaves the previous or the new plan complete, and the next run cleans up", async () => {
    const previous = { "resources.json": "old", "manifests/10-a.yaml": "old-a", "manifests/10-gone.yaml": "gone" };
    const next = { "resources.json": "new", "manifests/10-a.yaml": "new-a", "policy-report.json": "report" };
    // Steps: staging-created, 3 × (half a file, file-written), staged, previous-moved-aside, swapped, previous-removed.
    const steps = 1 + 3 * 2 + 4;
    const seen = new Set<string>();
    for (let crashAt = 0; crashAt <= steps; crashAt += 1) {
      const parent = tempDir();
      const target = join(parent, "local");
      writeFolderAtomically(target, previous);
      await writeAndCrash(target, next, crashAt);
      const leftovers = readdirSync(parent).filter((e) => e !== "local");
      // The crash really skipped cleanup: something is left to recover, except after the last step.
      expect(leftovers.length > 0 || crashAt >= steps - 1, `step ${crashAt}: ${leftovers.join(", ")}`).toBe(true);
      recoverPlanFolder(target);
      const tree = readTree(target);
      expect([previous, next], `step ${crashAt}`).toContainEqual(tree);
      seen.add(tree["resources.json"]);
      expect(readdirSync(parent), `step ${crashAt}`).toEqual(["local"]);
    }
    // Early crashes keep the previous plan, late ones the new: both outcomes occur.
    expect([...seen].sort()).toEqual(["new", "old"]);
  });

  it("recovers a first plan whose swap was interrupted, and leaves other live processes' folders alone", () => {
    const parent = tempDir();
    const target = join(parent, "local");
    mkdirSync(join(parent, ".local.new-999999999-1-0"));
    writeFileSync(join(parent, ".local.new-999999999-1-0/resources.json"), "complete");
    mkdirSync(join(parent, `.local.tmp-${process.ppid}-1-0`));
    mkdirSync(join(parent, ".other.tmp-999999999-1-0"));
    expect(recoverPlanFolder(target)).toEqual({ restored: "new", removed: 0 });
    expect(readTree(target)).toEqual({ "resources.json": "complete" });
    expect(readdirSync(parent).sort()).toEqual([`.local.tmp-${process.ppid}-1-0`, ".other.tmp-999999999-1-0", "local"]);
    mkdirSync(join(parent, `.local.new-${process.pid}-1-0`));
    discardStaging(target);
    expect(existsSync(join(parent, `.local.new-${process.pid}-1-0`))).toBe(false);
  });
});

describe("planWriteError", () => {
  const error = (code: string) => Object.assign(new Error(`${code}: raw text`), { code, path: "/srv/out/.local.tmp-1" });

  it.each([
    ["EROFS", "cannot write the plan: /srv/out/.local.tmp-1 is on a read-only file system; fix: pass --out with a writable folder"],
    [
      "EACCES",
      "cannot write the plan: permission denied on /srv/out/.local.tmp-1; fix: make the folder writable for this user, or pass another --out",
    ],
    [
      "EPERM",
      "cannot write the plan: operation not permitted on /srv/out/.local.tmp-1; fix: make the folder writable for this user, or pass another --out",
    ],
    [
      "ENOSPC",
      "cannot write the plan: no space left on the device of /srv/out/.local.tmp-1; fix: free some space, or pass --out on another disk",
    ],
    [
      "EDQUOT",
      "cannot write the plan: the disk quota is used up for /srv/out/.local.tmp-1; fix: free some space, or pass --out on another disk",
    ],
    ["EEXIST", "cannot write the plan: a file is in the way at /srv/out/.local.tmp-1; fix: remove that file or pass another --out"],
    ["EIO", "cannot write the plan: EIO on /srv/out/.local.tmp-1 (EIO: raw text); fix: check that --out is a writable folder"],
  ])("%s says what failed, where, and the fix", (code, message) => {
    expect(planWriteError(error(code), "write the plan", "/fallback")).toEqual(new PlanError(message));
  });

  it("handles a real ENOSPC (writing to /dev/full) and passes through errors without a code", async () => {
    const { writeFileSync: write } = await import("node:fs");
    let real: unknown;
    try {
      write("/dev/full", "x");
    } catch (e) {
      real = e;
    }
    expect(planWriteError(real, "write the plan", "/dev/full")).toEqual(
      new PlanError("cannot write the plan: no space left on the device of /dev/full; fix: free some space, or pass --out on another disk"),
    );
    const plain = new Error("not from the file system");
    expect(planWriteError(plain, "write the plan", "/x")).toBe(plain);
  });
});
