import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ReceiptWriter, importShipped, shippedLine, verifyFolder } from "../../../components/receipts";
import { tempDir, testSigner } from "./streams";

const signer = testSigner();

/** Two agents' days written by the writer, and every line it handed to onRecord as the pipeline ships it. */
async function written(): Promise<{ dir: string; shipped: string[]; paths: string[] }> {
  const dir = tempDir();
  const shipped: string[] = [];
  let t = 0;
  for (const agent of ["research/planner/0", "support/triage/1"]) {
    const writer = ReceiptWriter.open({
      dir,
      agent,
      signer,
      checkpointEvery: 3,
      clock: () => new Date(Date.UTC(2026, 10, 25, 10, 0, t++)),
      onRecord: (r) => shipped.push(shippedLine(r.text)),
    });
    for (let i = 0; i < 7; i++)
      await writer.append({ action: "tool.call", tool: "web-search/search", params: { q: i }, reason: `step ${i}` });
    await writer.close();
  }
  return { dir, shipped, paths: ["research/planner/0/2026-11-25", "support/triage/1/2026-11-25"] };
}

/** The shipped lines spread over three objects in a scrambled order, with one upload retried (a repeated line). */
function ship(lines: string[]): string {
  const dir = tempDir();
  const scrambled = [...lines.slice(9), ...lines.slice(0, 9).reverse(), lines[4]];
  mkdirSync(join(dir, "receipts/agents/2026/11/25"), { recursive: true });
  [0, 1, 2].forEach((k) =>
    writeFileSync(
      join(dir, "receipts/agents/2026/11/25", `object-${k}.jsonl`),
      scrambled
        .filter((_, i) => i % 3 === k)
        .map((l) => `${l}\n`)
        .join(""),
    ),
  );
  return dir;
}

describe("importShipped", () => {
  it("rebuilds the writer's own files byte for byte from the shipped objects, which then verify intact", async () => {
    const { dir, shipped, paths } = await written();
    const out = join(tempDir(), "day");
    const summary = await importShipped(ship(shipped), out);
    expect(summary).toEqual({ streams: 2, receipts: 14, checkpoints: 6, duplicates: 1, skipped: [], unmatched: [] });
    for (const path of paths) {
      for (const ext of [".jsonl", ".checkpoints.jsonl"]) {
        expect(readFileSync(join(out, path + ext), "utf8")).toBe(readFileSync(join(dir, path + ext), "utf8"));
      }
    }
    const result = await verifyFolder(out, signer.verifier);
    expect([result.streams, result.receipts, result.errors]).toEqual([2, 14, 0]);
  });

  it("keeps what was tampered with in the bucket for verify to find, and reports lines that are not shipped receipts", async () => {
    const { shipped } = await written();
    const edited = shipped.map((l) => l.replace('\\"step 5\\"', '\\"step five\\"'));
    const from = ship(edited);
    writeFileSync(join(from, "stray.log"), "not a receipt\n");
    const out = join(tempDir(), "day");
    const summary = await importShipped(from, out);
    expect(summary.skipped).toEqual([`${join(from, "stray.log")}:1`]);
    const result = await verifyFolder(out, signer.verifier);
    expect(result.errors).toBeGreaterThan(0);
    expect(Object.keys(result.kinds)).toContain("edited");
  });

  it("reads the Cloud Logging entries a log sink writes to GCS (the shipped line is their jsonPayload.log)", async () => {
    const { dir, shipped, paths } = await written();
    const entries = shipped.map((line, i) =>
      JSON.stringify({
        logName: "projects/acme-agents/logs/agentcloud-audit",
        resource: { type: "global", labels: { project_id: "acme-agents" } },
        jsonPayload: { log: line, cluster: "agentcloud" },
        timestamp: `2026-11-25T10:00:${String(i % 60).padStart(2, "0")}Z`,
      }),
    );
    const out = join(tempDir(), "day");
    const summary = await importShipped(ship(entries), out);
    expect([summary.streams, summary.receipts, summary.checkpoints, summary.skipped]).toEqual([2, 14, 6, []]);
    expect(readFileSync(join(out, `${paths[0]}.jsonl`), "utf8")).toBe(readFileSync(join(dir, `${paths[0]}.jsonl`), "utf8"));
  });
});
