import { closeSync, existsSync, mkdirSync, openSync, readdirSync, renameSync, rmSync, statSync, writeSync } from "node:fs";
import { basename, dirname, isAbsolute, join, relative } from "node:path";
import { PlanError } from "./errors";
import { planWriteError } from "./write-errors";

/** A plan's files: relative path to content, as one string or as chunks written one by one as they come. */
export type PlanFiles = Record<string, string | Iterable<string>>;

/**
 * The steps of a folder swap, in order; a crash after any of them leaves the previous or the new plan complete
 * once {@link recoverPlanFolder} has run (it runs at the start of every write).
 */
export const SWAP_STEPS = ["staging-created", "file-written", "staged", "previous-moved-aside", "swapped", "previous-removed"] as const;
export type SwapStep = (typeof SWAP_STEPS)[number];

export interface WriteOptions {
  /** Folders that exist in the plan even when empty (e.g. `manifests`). */
  folders?: readonly string[];
  /** Called after each step; tests inject crashes here. */
  onStep?: (step: SwapStep) => void;
}

// `.<name>.tmp-*` is being written, `.<name>.new-*` is complete but not yet swapped in, `.<name>.old-*` is the
// previous plan moved aside. The pid says whose it is; the time orders them.
const SIDE = /^\.(.+)\.(tmp|new|old)-(\d+)-(\d+)-(\d+)$/;
let sequence = 0;

interface SideFolder {
  path: string;
  state: "tmp" | "new" | "old";
  pid: number;
  time: number;
  seq: number;
}

function sideFolders(target: string): SideFolder[] {
  const parent = dirname(target);
  if (!existsSync(parent) || !statSync(parent).isDirectory()) return [];
  const name = basename(target);
  return readdirSync(parent).flatMap((entry) => {
    const m = SIDE.exec(entry);
    if (!m || m[1] !== name) return [];
    return [{ path: join(parent, entry), state: m[2] as SideFolder["state"], pid: Number(m[3]), time: Number(m[4]), seq: Number(m[5]) }];
  });
}

function isLiveOtherProcess(pid: number): boolean {
  if (pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Finishes or undoes a swap that a crash interrupted, then removes stale staging folders: when `target` is
 * missing, the newest complete new plan takes its place, else the newest previous plan moves back. Folders of
 * other live processes are left alone. Returns what it did, for the log.
 */
export function recoverPlanFolder(target: string): { restored?: "new" | "previous"; removed: number } {
  try {
    return recover(target);
  } catch (e) {
    throw planWriteError(e, "recover the plan folder from an earlier run", target);
  }
}

function recover(target: string): { restored?: "new" | "previous"; removed: number } {
  const stale = sideFolders(target)
    .filter((f) => !isLiveOtherProcess(f.pid))
    .sort((a, b) => b.time - a.time || b.seq - a.seq);
  let restored: "new" | "previous" | undefined;
  if (!existsSync(target)) {
    const pick = stale.find((f) => f.state === "new") ?? stale.find((f) => f.state === "old");
    if (pick) {
      renameSync(pick.path, target);
      restored = pick.state === "new" ? "new" : "previous";
    }
  }
  let removed = 0;
  for (const f of stale) {
    if (!existsSync(f.path)) continue;
    rmSync(f.path, { recursive: true, force: true });
    removed += 1;
  }
  return { restored, removed };
}

/**
 * Removes the staging folders this process left next to `target` (after a failed plan); never the plan itself.
 * Best effort and never throws: what it cannot remove, the next run's recovery does.
 */
export function discardStaging(target: string): void {
  let folders: SideFolder[] = [];
  try {
    folders = sideFolders(target);
  } catch {
    return;
  }
  for (const f of folders) if (f.pid === process.pid && f.state !== "old") removeQuietly(f.path);
}

/** Cleanup after a failure must not hide the failure's own error. */
function removeQuietly(path: string): void {
  try {
    rmSync(path, { recursive: true, force: true });
  } catch {
    // Left for the next run's recovery.
  }
}

function writeChunks(path: string, content: string | Iterable<string>): void {
  const fd = openSync(path, "w");
  try {
    if (typeof content === "string") writeSync(fd, content);
    else for (const chunk of content) writeSync(fd, chunk);
  } finally {
    closeSync(fd);
  }
}

function sideName(target: string, state: SideFolder["state"], id: string): string {
  return join(dirname(target), `.${basename(target)}.${state}-${id}`);
}

/**
 * Writes `files` into a fresh staging folder next to `target` and marks it complete (renames it `.new-*`).
 * Returns the complete folder. On an error the staging folder is removed and the error says what failed, on
 * which path and the fix.
 */
export function stagePlanFolder(target: string, files: PlanFiles, options: WriteOptions = {}): string {
  const id = `${process.pid}-${Date.now()}-${sequence++}`;
  const staging = sideName(target, "tmp", id);
  const complete = sideName(target, "new", id);
  let current = dirname(target);
  try {
    mkdirSync(current, { recursive: true });
    current = staging;
    mkdirSync(staging);
    options.onStep?.("staging-created");
    for (const folder of options.folders ?? []) mkdirSync(join(staging, folder), { recursive: true });
    for (const [path, content] of Object.entries(files)) {
      current = join(staging, path);
      // Programs name some of these files (cli/plan-file-contributions.ts checks them first); never outside the plan.
      const inside = relative(staging, current);
      if (inside === "" || inside.startsWith("..") || isAbsolute(inside)) {
        throw new PlanError(
          `cannot write the plan: the file name ${JSON.stringify(path)} is not inside the plan folder; fix: use a relative path without ".."`,
        );
      }
      mkdirSync(dirname(current), { recursive: true });
      writeChunks(current, content);
      options.onStep?.("file-written");
    }
    current = complete;
    renameSync(staging, complete);
    options.onStep?.("staged");
    return complete;
  } catch (e) {
    removeQuietly(staging);
    throw planWriteError(e, "write the plan", current);
  }
}

/** Replaces `target` with the complete folder `staged`: previous moved aside, new renamed in, previous removed. */
export function swapInPlanFolder(target: string, staged: string, options: WriteOptions = {}): void {
  const id = basename(staged).slice(basename(target).length + ".new-".length + 1);
  const previous = sideName(target, "old", id);
  try {
    if (existsSync(target)) {
      renameSync(target, previous);
      options.onStep?.("previous-moved-aside");
    }
    try {
      renameSync(staged, target);
    } catch (e) {
      if (existsSync(previous) && !existsSync(target)) renameSync(previous, target);
      throw e;
    }
    options.onStep?.("swapped");
    rmSync(previous, { recursive: true, force: true });
    options.onStep?.("previous-removed");
  } catch (e) {
    removeQuietly(staged);
    throw planWriteError(e, "replace the plan folder", target);
  }
}

/**
 * Writes a plan folder crash-safely: recovers any interrupted earlier swap, writes a complete sibling folder, then
 * swaps it in. At every moment either the previous or the new plan is complete on disk (or recoverable by the
 * next run); a failed write leaves the previous plan untouched.
 */
export function writeFolderAtomically(target: string, files: PlanFiles, options: WriteOptions = {}): void {
  recoverPlanFolder(target);
  swapInPlanFolder(target, stagePlanFolder(target, files, options), options);
}
