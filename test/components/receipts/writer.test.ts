import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  GENESIS_PREV,
  ReceiptArgumentError,
  ReceiptWriter,
  hashParams,
  leafHash,
  parseCheckpointText,
  parseNote,
  validateReceiptWriterArgs,
  verifyFolder,
  type Receipt,
  type ReceiptRecord,
} from "../../../components/receipts";
import { KEY_NAME, readLines, tempDir, testSigner } from "./streams";

const signer = testSigner();

function clockAt(...isoTimes: string[]): () => Date {
  let i = 0;
  return () => new Date(isoTimes[Math.min(i++, isoTimes.length - 1)]);
}

describe("ReceiptWriter", () => {
  it("writes canonical, chained receipts and seals every N and on close", async () => {
    const dir = tempDir();
    const times = Array.from({ length: 5 }, (_, i) => `2026-11-25T10:00:0${i}.000Z`);
    const writer = ReceiptWriter.open({ dir, agent: "research/planner", signer, checkpointEvery: 2, clock: clockAt(...times) });
    const first = await writer.append({
      action: "tool.call",
      tool: "github/create_issue",
      params: { title: "Flaky test", repo: "example/app" },
      reason: "nobody owns the failing check",
      cost: { amount: 0.002, unit: "USD" },
    });
    for (let i = 1; i < 5; i++) await writer.append({ action: "decision", reason: `step ${i}`, utility: i / 10 });
    await writer.close();

    expect(first).toEqual({
      v: 1,
      agent: "research/planner",
      seq: 0,
      time: "2026-11-25T10:00:00.000Z",
      action: "tool.call",
      tool: "github/create_issue",
      paramsHash: hashParams({ repo: "example/app", title: "Flaky test" }),
      reason: "nobody owns the failing check",
      cost: { amount: 0.002, unit: "USD" },
      prev: GENESIS_PREV,
    });
    const lines = readLines(join(dir, "research/planner/2026-11-25.jsonl"));
    expect(lines[0]).toBe(
      `{"action":"tool.call","agent":"research/planner","cost":{"amount":0.002,"unit":"USD"},"paramsHash":"${first.paramsHash}","prev":"${GENESIS_PREV}","reason":"nobody owns the failing check","seq":0,"time":"2026-11-25T10:00:00.000Z","tool":"github/create_issue","v":1}`,
    );
    // The parameters themselves are never written.
    expect(lines.join("\n")).not.toContain("Flaky test");
    const receipts = lines.map((l) => JSON.parse(l) as Receipt);
    expect(receipts.map((r) => r.seq)).toEqual([0, 1, 2, 3, 4]);
    for (let i = 1; i < 5; i++) expect(receipts[i].prev).toBe(leafHash(lines[i - 1]).toString("hex"));

    const notes = readLines(join(dir, "research/planner/2026-11-25.checkpoints.jsonl")).map((l) =>
      parseNote((JSON.parse(l) as { checkpoint: string }).checkpoint),
    );
    expect(notes.map((n) => parseCheckpointText(n.text).size)).toEqual([2, 4, 5]);
    expect(parseCheckpointText(notes[0].text).origin).toBe(`${KEY_NAME}/research/planner/2026-11-25`);
    expect(notes[0].signatures.map((s) => [s.name, s.keyId])).toEqual([[KEY_NAME, signer.keyId]]);
    expect((await verifyFolder(dir, signer.verifier)).errors).toBe(0);
  });

  it("hands every stored receipt line and checkpoint note to onRecord, in order", async () => {
    const dir = tempDir();
    const records: ReceiptRecord[] = [];
    const writer = ReceiptWriter.open({
      dir,
      agent: "research/planner",
      signer,
      checkpointEvery: 2,
      clock: clockAt("2026-11-25T10:00:00.000Z"),
      onRecord: (r) => records.push(r),
    });
    for (let i = 0; i < 3; i++) await writer.append({ action: "decision", reason: `step ${i}` });
    await writer.close();
    const lines = readLines(join(dir, "research/planner/2026-11-25.jsonl"));
    const notes = readLines(join(dir, "research/planner/2026-11-25.checkpoints.jsonl")).map(
      (l) => (JSON.parse(l) as { checkpoint: string }).checkpoint,
    );
    const stream = "research/planner/2026-11-25";
    expect(records).toEqual([
      { kind: "receipt", stream, text: lines[0] },
      { kind: "receipt", stream, text: lines[1] },
      { kind: "checkpoint", stream, text: notes[0] },
      { kind: "receipt", stream, text: lines[2] },
      { kind: "checkpoint", stream, text: notes[1] },
    ]);
  });

  it("keeps call order when appends are not awaited one by one", async () => {
    const dir = tempDir();
    const writer = ReceiptWriter.open({
      dir,
      agent: "research/planner",
      signer,
      checkpointEvery: 7,
      clock: clockAt("2026-11-25T10:00:00.000Z"),
    });
    const receipts = await Promise.all(Array.from({ length: 50 }, (_, i) => writer.append({ action: "decision", reason: `step ${i}` })));
    await writer.close();
    expect(receipts.map((r) => [r.seq, r.reason])).toEqual(Array.from({ length: 50 }, (_, i) => [i, `step ${i}`]));
    expect(await verifyFolder(dir, signer.verifier)).toMatchObject({ streams: 1, receipts: 50, checkpoints: 8, errors: 0, warnings: 0 });
  });

  it("starts a new stream at midnight UTC, sealing the old one", async () => {
    const dir = tempDir();
    const writer = ReceiptWriter.open({
      dir,
      agent: "ops/oncall",
      signer,
      clock: clockAt("2026-11-25T23:59:59.999Z", "2026-11-26T00:00:00.000Z"),
    });
    await writer.append({ action: "decision", reason: "page the on-call human" });
    const next = await writer.append({ action: "decision", reason: "acknowledged" });
    await writer.close();
    expect(next).toMatchObject({ seq: 0, prev: GENESIS_PREV, time: "2026-11-26T00:00:00.000Z" });
    const summary = await verifyFolder(dir, signer.verifier);
    expect(summary).toMatchObject({ streams: 2, receipts: 2, checkpoints: 2, errors: 0, warnings: 0 });
  });

  it("continues the day's chain and tree after a restart", async () => {
    const dir = tempDir();
    const clock = clockAt("2026-11-25T09:00:00.000Z");
    const before = ReceiptWriter.open({ dir, agent: "research/planner", signer, checkpointEvery: 2, clock });
    for (let i = 0; i < 3; i++) await before.append({ action: "model.call", reason: `think ${i}` });
    // A crash: no close, receipt 2 is unsealed. The restarted agent appends to the same day.
    const after = ReceiptWriter.open({ dir, agent: "research/planner", signer, checkpointEvery: 2, clock });
    const resumed = await after.append({ action: "model.call", reason: "think 3" });
    await after.close();
    const lines = readLines(join(dir, "research/planner/2026-11-25.jsonl"));
    expect(resumed).toMatchObject({ seq: 3, prev: leafHash(lines[2]).toString("hex") });
    const summary = await verifyFolder(dir, signer.verifier);
    expect(summary).toMatchObject({ receipts: 4, checkpoints: 2, errors: 0, warnings: 0 });
  });

  it("refuses to continue a stream whose last line is incomplete", async () => {
    const dir = tempDir();
    const clock = clockAt("2026-11-25T09:00:00.000Z");
    const writer = ReceiptWriter.open({ dir, agent: "research/planner", signer, clock });
    await writer.append({ action: "model.call", reason: "think" });
    const { appendFileSync } = await import("node:fs");
    const file = join(dir, "research/planner/2026-11-25.jsonl");
    appendFileSync(file, '{"action":');
    const restarted = ReceiptWriter.open({ dir, agent: "research/planner", signer, clock });
    await expect(restarted.append({ action: "model.call", reason: "again" })).rejects.toThrow(
      `${file} ends with a partial line 2; fix: verify the stream and move it aside`,
    );
  });

  it("validates its arguments and each receipt, every problem at once, before writing anything", async () => {
    const dir = tempDir();
    expect(
      validateReceiptWriterArgs({ dir: "", agent: "Research/Planner", signer: { ...signer, name: "has space" }, checkpointEvery: 0 }),
    ).toEqual([
      { argument: "dir", value: "", problem: "must be a folder path", fix: 'e.g. "/var/log/agentcloud/receipts"' },
      {
        argument: "agent",
        value: "Research/Planner",
        problem: "is not an agent identity (lowercase DNS labels joined by /)",
        fix: 'use "<tenant>/<agent>", e.g. "research/planner"',
      },
      {
        argument: "signer.name",
        value: "has space",
        problem: "is not a signed-note key name (non-empty, no spaces, no +)",
        fix: 'use a schema-less URL, e.g. "receipts.example.com/fleet-a"',
      },
      { argument: "checkpointEvery", value: 0, problem: "must be a positive integer", fix: "e.g. 1000" },
    ]);
    expect(() => ReceiptWriter.open({ dir, agent: "a b", signer })).toThrow(ReceiptArgumentError);
    const writer = ReceiptWriter.open({ dir, agent: "research/planner", signer, clock: clockAt("2026-11-25T09:00:00.000Z") });
    const bad = writer.append({
      action: "",
      tool: "",
      reason: 7 as unknown as string,
      cost: { amount: NaN, unit: "" },
      utility: Infinity,
      params: { when: new Date(0) },
    });
    await expect(bad).rejects.toThrow(
      [
        "receipt 0 of research/planner has 7 invalid arguments:",
        '  - action: must be a non-empty string (got ""); fix: e.g. "tool.call"',
        '  - tool: must be a non-empty string when set (got ""); fix: name the tool, e.g. "github/create_issue", or leave tool unset',
        "  - reason: must be a string (got 7); fix: state why the agent took the action",
        "  - cost.amount: must be a finite number (got NaN); fix: e.g. 0.0042",
        '  - cost.unit: must be a non-empty string (got ""); fix: e.g. "USD" or "tokens"',
        "  - utility: must be a finite number when set (got Infinity); fix: e.g. 0.8, or leave utility unset",
        '  - params.when: has no canonical JSON form: only plain objects are JSON objects (got "(not shown)"); fix: pass JSON data only (finite numbers, strings, booleans, null, arrays, plain objects)',
      ].join("\n"),
    );
    await writer.close();
    expect(
      existsSync(join(dir, "research/planner/2026-11-25.jsonl")) && readFileSync(join(dir, "research/planner/2026-11-25.jsonl"), "utf8"),
    ).toBe("");
  });
});
