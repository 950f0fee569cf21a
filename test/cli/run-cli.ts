import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { afterAll } from "vitest";
import type { Registration } from "../../cli/mock-runtime";
import type { policyReport } from "../../cli/plan-files";
import { listFiles } from "../helpers/files";

/** What `policy-report.json` holds. */
export type PolicyReport = ReturnType<typeof policyReport>;

export const REPO = resolve(__dirname, "../..");
export const FIXTURES = resolve(__dirname, "fixtures");
/** A small policy list for plan tests (ConfigMaps need a `team` label), independent of agentcloud's pack. */
export const TEST_POLICIES = join(FIXTURES, "test-policies.ts");

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the real CLI (`bin/agentcloud.js`) in a child process. */
export function runCli(args: string[]): CliResult {
  const result = spawnSync(process.execPath, [join(REPO, "bin/agentcloud.js"), ...args], { cwd: REPO, encoding: "utf8", timeout: 120_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Like {@link runCli}, without blocking, so several plans can run at once. */
export function runCliAsync(args: string[]): Promise<CliResult> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [join(REPO, "bin/agentcloud.js"), ...args], { cwd: REPO });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("close", (status) => done({ status, stdout, stderr }));
  });
}

const created: string[] = [];
// Every temporary folder a test file makes is removed when the file's tests are done.
afterAll(() => {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A fresh temporary folder, removed after the test file. */
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "agentcloud-plan-"));
  created.push(dir);
  return dir;
}

/**
 * A temporary Pulumi project: `files` relative path to content. Its `node_modules` links to the repository's, so
 * programs import `@pulumi/*` as in a real project.
 */
export function tempProject(files: Record<string, string>): string {
  const dir = tempDir();
  symlinkSync(join(REPO, "node_modules"), join(dir, "node_modules"));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

/** The plan's policy report, typed as the plan writes it. */
export function readReport(path: string): PolicyReport {
  return JSON.parse(readFileSync(path, "utf8")) as PolicyReport;
}

/** The plan's `resources.json`, typed as the plan writes it. */
export function readResources(path: string): { project: string; stack: string; resources: Registration[] } {
  return JSON.parse(readFileSync(path, "utf8")) as { project: string; stack: string; resources: Registration[] };
}

/** Every file under `dir`, relative path to content. */
export function readTree(dir: string): Record<string, string> {
  return Object.fromEntries(listFiles(dir).map((path) => [relative(dir, path), readFileSync(path, "utf8")]));
}
