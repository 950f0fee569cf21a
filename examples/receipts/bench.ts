// `npm run bench:receipts`: writes a sample day with the real CLI (`agentcloud audit sample`, once per size), then
// verifies it several times (`agentcloud audit verify --key ...`) and prints the median wall time, CPU time and
// peak RSS of the verifying process, and the CLI's start-up (`audit --help`) for reference.
// Options: `--sizes 100000,400000` (receipts per day; a bigger day shows memory staying flat), `--agents 3`, `--runs 5`.
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir, totalmem } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";

const REPO = resolve(__dirname, "../..");
const GNU_TIME = "/usr/bin/time";

/** One CLI run: wall time, user+system CPU time and peak RSS of the process. */
interface Run {
  seconds: number;
  cpuSeconds: number;
  maxRssKiB: number;
  stdout: string;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Runs `agentcloud <args>` under GNU time; fails unless it exits with `expected`. */
function cli(args: string[], expected = 0): Run {
  const started = process.hrtime.bigint();
  const child = spawnSync(GNU_TIME, ["-v", process.execPath, join(REPO, "bin/agentcloud.js"), ...args], {
    cwd: REPO,
    encoding: "utf8",
    maxBuffer: 1 << 28,
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const field = (name: string): number => Number(new RegExp(`${name}: ([\\d.]+)`).exec(child.stderr ?? "")?.[1] ?? NaN);
  if (child.status !== expected)
    throw new Error(`agentcloud ${args.join(" ")} exited ${child.status}:\n${child.stdout}\n${child.stderr}`.slice(-4000));
  return {
    seconds,
    cpuSeconds: field("User time \\(seconds\\)") + field("System time \\(seconds\\)"),
    maxRssKiB: field("Maximum resident set size \\(kbytes\\)"),
    stdout: child.stdout,
  };
}

function main(): void {
  const { values } = parseArgs({
    options: {
      sizes: { type: "string", default: "100000" },
      agents: { type: "string", default: "3" },
      runs: { type: "string", default: "5" },
    },
  });
  const sizes = (values.sizes ?? "100000").split(",").map(Number);
  const runs = Number(values.runs);
  if (!existsSync(GNU_TIME)) throw new Error(`${GNU_TIME} is needed to measure peak memory; fix: apt-get install time`);
  const load = (): string =>
    loadavg()
      .map((l) => l.toFixed(2))
      .join(" ");
  console.log(`agentcloud audit verify benchmark: ${sizes.join(", ")} receipts over ${values.agents} agents, ${runs} verify run(s) each`);
  console.log(
    `machine: ${cpus().length} × ${cpus()[0]?.model ?? "cpu"}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.versions.node}; load average at start: ${load()}`,
  );
  const work = mkdtempSync(join(tmpdir(), "agentcloud-bench-receipts-"));
  try {
    const startup = Array.from({ length: runs }, () => cli(["audit", "--help"]));
    console.log(
      `CLI start-up (audit --help): median ${median(startup.map((r) => r.seconds)).toFixed(2)} s, ${(median(startup.map((r) => r.maxRssKiB)) / 1024).toFixed(0)} MiB`,
    );
    for (const size of sizes) {
      const dir = join(work, `day-${size}`);
      const sample = cli(["audit", "sample", dir, "--receipts", String(size), "--agents", String(values.agents)]);
      const key = join(work, `trusted-${size}.key`);
      copyFileSync(join(dir, "verifier.key"), key);
      const verify = Array.from({ length: runs }, () => cli(["audit", "verify", dir, "--key", key]));
      const verdict = verify[0].stdout.trim().split("\n").pop();
      console.log(
        [
          `${size} receipts: sample ${sample.seconds.toFixed(2)} s;`,
          `verify median ${median(verify.map((r) => r.seconds)).toFixed(2)} s wall`,
          `(${median(verify.map((r) => r.cpuSeconds)).toFixed(2)} s CPU; runs ${verify.map((r) => r.seconds.toFixed(2)).join(", ")}),`,
          `peak RSS ${(Math.max(...verify.map((r) => r.maxRssKiB)) / 1024).toFixed(0)} MiB; ${verdict}`,
        ].join(" "),
      );
    }
    console.log(`load average at end: ${load()}`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

main();
