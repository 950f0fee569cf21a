import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

/**
 * Writes a plan folder atomically: files go to a sibling temporary folder which then replaces `target`, so a
 * failed or interrupted plan never leaves a half-written or mixed folder behind.
 */
export function writeFolderAtomically(target: string, files: Record<string, string>): void {
  const parent = dirname(target);
  mkdirSync(parent, { recursive: true });
  const suffix = `${process.pid}-${Date.now()}`;
  const staging = join(parent, `.${suffixName(target)}.tmp-${suffix}`);
  const previous = join(parent, `.${suffixName(target)}.old-${suffix}`);
  try {
    for (const [path, content] of Object.entries(files)) {
      const full = join(staging, path);
      mkdirSync(dirname(full), { recursive: true });
      writeFileSync(full, content);
    }
    if (existsSync(target)) renameSync(target, previous);
    renameSync(staging, target);
  } finally {
    rmSync(staging, { recursive: true, force: true });
    rmSync(previous, { recursive: true, force: true });
  }
}

function suffixName(target: string): string {
  return target.split(/[\\/]/).filter(Boolean).pop() ?? "plan";
}
