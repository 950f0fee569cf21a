import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import { listFiles } from "../helpers/files";

export const REPO = resolve(__dirname, "../..");
export const FIXTURES = resolve(__dirname, "fixtures");

/** Runs the real CLI (`bin/agentcloud.js`) in a child process. */
export function runCli(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [join(REPO, "bin/agentcloud.js"), ...args], { cwd: REPO, encoding: "utf8", timeout: 120_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), "agentcloud-plan-"));
}

/** Every file under `dir`, relative path to content. */
export function readTree(dir: string): Record<string, string> {
  return Object.fromEntries(listFiles(dir).map((path) => [relative(dir, path), readFileSync(path, "utf8")]));
}
