// `npm run bench`: plans examples/scale at several fleet sizes with the real CLI and prints wall time, peak
// memory and resources per second (medians). Options: `--sizes 100,1000,5000` (a Pulumi.agents-<n>.yaml must
// exist for each), `--runs 3`. Runs are interleaved (100, 1000, 5000, 100, ...) so load affects sizes alike.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir, totalmem } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";

const REPO = resolve(__dirname, "../..");
const PROGRAM = "examples/scale";
const GNU_TIME = "/usr/bin/time";

/** One plan run: its wall time, the CLI process's peak RSS and how many resources it registered. */
interface Run {
  seconds: number;
  maxRssKiB: number;
  resources: number;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Plans the `agents-<n>` stack in a child process; peak RSS comes from GNU time (`Maximum resident set size`). */
function planOnce(agents: number, out: string): Run {
  const cli = [process.execPath, join(REPO, "bin/agentcloud.js"), "plan", "--dir", PROGRAM, "--stack", `agents-${agents}`, "--out", out];
  const started = process.hrtime.bigint();
  const child = spawnSync(GNU_TIME, ["-v", ...cli], { cwd: REPO, encoding: "utf8", maxBuffer: 1 << 28 });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(child.stderr ?? "");
  const resources = /(\d+) resources registered/.exec(child.stdout ?? "");
  if (child.status !== 0 || !rss || !resources) {
    throw new Error(`plan of ${agents} agents failed (exit ${child.status}):\n${child.stdout}\n${child.stderr}`.slice(-4000));
  }
  return { seconds, maxRssKiB: Number(rss[1]), resources: Number(resources[1]) };
}

function main(): void {
  const { values } = parseArgs({
    options: { sizes: { type: "string", default: "100,1000,5000" }, runs: { type: "string", default: "3" } },
  });
  const sizes = (values.sizes ?? "100,1000,5000").split(",").map(Number);
  const runs = Number(values.runs);
  if (!existsSync(GNU_TIME)) throw new Error(`${GNU_TIME} is needed to measure peak memory; fix: apt-get install time`);
  for (const n of sizes) {
    if (!existsSync(join(REPO, PROGRAM, `Pulumi.agents-${n}.yaml`)))
      throw new Error(`no stack for ${n} agents; fix: add ${PROGRAM}/Pulumi.agents-${n}.yaml`);
  }
  const load = () =>
    loadavg()
      .map((l) => l.toFixed(2))
      .join(" ");
  console.log(`agentcloud plan benchmark: ${PROGRAM}, sizes ${sizes.join(", ")}, ${runs} run(s) each, interleaved`);
  console.log(
    `machine: ${cpus().length} × ${cpus()[0]?.model ?? "cpu"}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.versions.node}; load average at start: ${load()}`,
  );
  const out = mkdtempSync(join(tmpdir(), "agentcloud-bench-"));
  const results = new Map<number, Run[]>(sizes.map((n) => [n, []]));
  try {
    for (let i = 0; i < runs; i++) {
      for (const n of sizes) {
        const run = planOnce(n, out);
        results.get(n)!.push(run);
        console.log(
          `  run ${i + 1}: ${n} agents, ${run.resources} resources, ${run.seconds.toFixed(1)} s, ${(run.maxRssKiB / 1024).toFixed(0)} MiB`,
        );
      }
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
  console.log("");
  console.log("| agents | resources | wall (median) | peak RSS (median) | resources/s | runs (wall) |");
  console.log("|---:|---:|---:|---:|---:|---|");
  const medians = new Map<number, number>();
  for (const n of sizes) {
    const r = results.get(n)!;
    const wall = median(r.map((x) => x.seconds));
    medians.set(n, wall);
    const rss = median(r.map((x) => x.maxRssKiB)) / 1024;
    console.log(
      `| ${n.toLocaleString("en")} | ${r[0].resources.toLocaleString("en")} | ${wall.toFixed(1)} s | ${rss.toFixed(0)} MiB | ${Math.round(r[0].resources / wall).toLocaleString("en")} | ${r.map((x) => x.seconds.toFixed(1)).join(", ")} |`,
    );
  }
  if (medians.has(1000) && medians.has(5000))
    console.log(`\nt(5,000) / t(1,000) = ${(medians.get(5000)! / medians.get(1000)!).toFixed(2)}`);
  console.log(`load average at end: ${load()}`);
}

main();
