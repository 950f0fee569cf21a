import { describe, expect, it } from "vitest";
import { checkpointText, signNote, verifyFolder, verifyStream, type Finding, type StreamResult } from "../../../components/receipts";
import {
  CHECKPOINTS_FILE,
  KEY_NAME as KEY,
  RECEIPTS_FILE,
  STREAM,
  editMember,
  makeStream,
  tempDir,
  testSigner,
  writeStream,
} from "./streams";

const TRUSTED = testSigner().verifier;
const CP = (line: number): string => `${CHECKPOINTS_FILE} line ${line}`;

/** Verifies a stream of 10 receipts sealed at 4, 8 and 10 after `tamper` changed its lines. */
async function verifyTampered(tamper: (s: { lines: string[]; checkpoints: string[] }) => void): Promise<StreamResult> {
  const stream = await makeStream(10, 4);
  tamper(stream);
  const dir = tempDir();
  writeStream(dir, stream);
  return verifyStream(dir, STREAM, TRUSTED);
}

function finding(kind: Finding["kind"], file: string, line: number | undefined, seq: number | undefined, message: string): Finding {
  const f: Finding = { kind, severity: kind === "unsealed" ? "warning" : "error", file, message };
  if (line !== undefined) f.line = line;
  if (seq !== undefined) f.seq = seq;
  return f;
}

describe("verifyStream", () => {
  it("finds nothing in an intact stream and counts receipts, checkpoints and sealed receipts", async () => {
    const result = await verifyTampered(() => {});
    expect(result).toEqual({ stream: STREAM, receipts: 10, checkpoints: 3, sealed: 10, findings: [], omitted: 0 });
  });

  it("locates an edited field at its line: the next receipt's prev no longer matches, nor does the root", async () => {
    const result = await verifyTampered(({ lines }) => (lines[2] = editMember(lines[2], "reason", "nothing to see here")));
    expect(result.findings).toEqual([
      finding("edited", RECEIPTS_FILE, 3, 2, "receipt seq 2 was changed: its hash is not the prev recorded by line 4 (seq 3)"),
      finding(
        "root-mismatch",
        RECEIPTS_FILE,
        4,
        3,
        `lines 1-4 do not match the signed checkpoint of 4 receipts (${CP(1)}): sealed receipts were changed, removed, added or moved`,
      ),
    ]);
    expect(result.sealed).toBe(0);
  });

  it("blames the receipt whose prev was edited, not the one before it", async () => {
    const result = await verifyTampered(({ lines }) => (lines[5] = editMember(lines[5], "prev", "ab".repeat(32))));
    expect(result.findings.map((f) => [f.kind, f.line, f.seq, f.message])).toEqual([
      ["edited", 6, 5, "receipt seq 5 was changed: neither its prev matches line 5 nor does its hash match the prev of line 7"],
      [
        "root-mismatch",
        8,
        7,
        `lines 5-8 do not match the signed checkpoint of 8 receipts (${CP(2)}): sealed receipts were changed, removed, added or moved`,
      ],
    ]);
  });

  it("detects an edit of the last receipt through the root alone", async () => {
    const result = await verifyTampered(({ lines }) => (lines[9] = editMember(lines[9], "utility", 1)));
    expect(result.findings.map((f) => [f.kind, f.line, f.seq])).toEqual([["root-mismatch", 10, 9]]);
  });

  it("locates a deleted receipt by the gap in sequence numbers", async () => {
    const result = await verifyTampered(({ lines }) => lines.splice(5, 1));
    expect(result.findings).toEqual([
      finding("deleted", RECEIPTS_FILE, 6, 5, "receipt seq 5 is missing before line 6"),
      finding(
        "root-mismatch",
        RECEIPTS_FILE,
        8,
        8,
        `lines 5-8 do not match the signed checkpoint of 8 receipts (${CP(2)}): sealed receipts were changed, removed, added or moved`,
      ),
    ]);
  });

  it("reports a run of deleted receipts once, with its range", async () => {
    const result = await verifyTampered(({ lines }) => lines.splice(1, 2));
    expect(result.findings[0]).toEqual(finding("deleted", RECEIPTS_FILE, 2, 1, "receipts seq 1-2 (2) are missing before line 2"));
  });

  it("locates two swapped receipts as a reorder, not as a deletion", async () => {
    const result = await verifyTampered(({ lines }) => ([lines[5], lines[6]] = [lines[6], lines[5]]));
    expect(result.findings.map((f) => [f.kind, f.line, f.seq, f.message])).toEqual([
      ["reordered", 7, 5, "receipt seq 5 appears after seq 6 (line 6): receipts were moved"],
      [
        "root-mismatch",
        8,
        7,
        `lines 5-8 do not match the signed checkpoint of 8 receipts (${CP(2)}): sealed receipts were changed, removed, added or moved`,
      ],
    ]);
  });

  it("locates a duplicated receipt; the extra line is not covered by the last checkpoint", async () => {
    const result = await verifyTampered(({ lines }) => lines.splice(6, 0, lines[5]));
    expect(result.findings.map((f) => [f.kind, f.line, f.seq, f.message])).toEqual([
      ["duplicate", 7, 5, "receipt seq 5 appears again: a receipt was duplicated or replaced"],
      [
        "root-mismatch",
        8,
        6,
        `lines 5-8 do not match the signed checkpoint of 8 receipts (${CP(2)}): sealed receipts were changed, removed, added or moved`,
      ],
      ["unsealed", 11, undefined, "lines 11-11 come after the last checkpoint: not covered by a signature yet"],
    ]);
  });

  it("detects sealed receipts cut from the end against the last checkpoint", async () => {
    const result = await verifyTampered(({ lines }) => lines.splice(8));
    expect(result.findings).toEqual([
      finding(
        "truncated",
        RECEIPTS_FILE,
        9,
        8,
        `the file holds 8 receipts, but the signed checkpoint at ${CP(3)} covers 10: sealed receipts were removed`,
      ),
    ]);
    expect(result.sealed).toBe(8);
  });

  it("detects a checkpoint whose body was forged after signing", async () => {
    const result = await verifyTampered(({ checkpoints }) => {
      const note = (JSON.parse(checkpoints[1]) as { checkpoint: string }).checkpoint;
      checkpoints[1] = JSON.stringify({ checkpoint: note.replace("\n8\n", "\n7\n") });
    });
    expect(result.findings).toEqual([
      finding(
        "bad-signature",
        CHECKPOINTS_FILE,
        2,
        6,
        `checkpoint of 7 receipts: the signature by ${TRUSTED.name} does not verify: the checkpoint was altered after signing`,
      ),
    ]);
    expect(result.checkpoints).toBe(2);
  });

  it("detects a checkpoint re-signed with another key, naming that key", async () => {
    const other = testSigner("attacker");
    const stream = await makeStream(10, 4);
    const forged = await signNote((JSON.parse(stream.checkpoints[1]) as { checkpoint: string }).checkpoint.split("\n\n")[0] + "\n", other);
    stream.checkpoints[1] = JSON.stringify({ checkpoint: forged });
    const dir = tempDir();
    writeStream(dir, stream);
    const hex = (n: number): string => n.toString(16).padStart(8, "0");
    expect((await verifyStream(dir, STREAM, TRUSTED)).findings).toEqual([
      finding(
        "unknown-signer",
        CHECKPOINTS_FILE,
        2,
        7,
        `checkpoint of 8 receipts is not signed by the trusted key ${TRUSTED.name}+${hex(TRUSTED.keyId)} (signed by ${other.name}+${hex(other.keyId)}): re-signed or forged`,
      ),
    ]);
  });

  it("detects a rewritten history sealed by checkpoints of another key: none is trusted, nothing is sealed", async () => {
    const forged = await makeStream(10, 4, testSigner("attacker"));
    const dir = tempDir();
    writeStream(dir, forged);
    const result = await verifyStream(dir, STREAM, TRUSTED);
    expect(result.findings.map((f) => [f.kind, f.line])).toEqual([
      ["unsealed", 1],
      ["unknown-signer", 1],
      ["unknown-signer", 2],
      ["unknown-signer", 3],
    ]);
  });

  it("a checkpoint re-signed by the trusted key's name with another key is unknown, not bad: the key IDs differ", async () => {
    const impostor = testSigner("impostor", TRUSTED.name);
    const forged = await makeStream(10, 10, impostor);
    const dir = tempDir();
    writeStream(dir, forged);
    expect((await verifyStream(dir, STREAM, TRUSTED)).findings.map((f) => f.kind)).toEqual(["unsealed", "unknown-signer"]);
  });

  it("warns about receipts after the last checkpoint without failing", async () => {
    const stream = await makeStream(10, 4, testSigner(), { sealEnd: false });
    const dir = tempDir();
    writeStream(dir, stream);
    const result = await verifyStream(dir, STREAM, TRUSTED);
    expect(result.findings).toEqual([
      finding("unsealed", RECEIPTS_FILE, 9, undefined, "lines 9-10 come after the last checkpoint: not covered by a signature yet"),
    ]);
    expect(result.sealed).toBe(8);
  });

  it("reports lines that are not receipts, non-canonical receipts and an incomplete last line", async () => {
    const stream = await makeStream(10, 10);
    stream.lines[2] = "not json";
    stream.lines[4] = stream.lines[4].replace('{"action"', '{ "action"');
    const dir = tempDir();
    writeStream(dir, stream);
    const { appendFileSync } = await import("node:fs");
    appendFileSync(`${dir}/${RECEIPTS_FILE}`, '{"action":"tool.c');
    const result = await verifyStream(dir, STREAM, TRUSTED);
    expect(result.findings.map((f) => [f.kind, f.line, f.seq, f.message])).toEqual([
      ["malformed", 3, undefined, "not a receipt: Unexpected token 'o', \"not json\" is not valid JSON"],
      ["deleted", 4, 2, "receipt seq 2 is missing before line 4"],
      ["malformed", 5, 4, "receipt is not RFC 8785 canonical JSON"],
      ["edited", 5, 4, "receipt seq 4 was changed: its hash is not the prev recorded by line 6 (seq 5)"],
      [
        "root-mismatch",
        10,
        9,
        `lines 1-10 do not match the signed checkpoint of 10 receipts (${CP(1)}): sealed receipts were changed, removed, added or moved`,
      ],
      ["malformed", 11, undefined, "the last line is incomplete (no newline): the file was cut or a write was interrupted"],
    ]);
    expect(result.receipts).toBe(10);
  });

  it("detects a stream moved to another agent's folder by its receipts and its checkpoints' origin", async () => {
    const stream = await makeStream(2, 2);
    const dir = tempDir();
    writeStream(dir, stream, "support/triage/2026-11-25");
    const result = await verifyStream(dir, "support/triage/2026-11-25", TRUSTED);
    expect(result.findings.map((f) => [f.kind, f.line, f.message])).toEqual([
      ["misplaced", 1, "receipt of research/planner at 2026-11-25T08:00:00.000Z in the stream of support/triage on 2026-11-25"],
      ["unsealed", 1, "lines 1-2 come after the last checkpoint: not covered by a signature yet"],
      ["misplaced", 2, "receipt of research/planner at 2026-11-25T08:00:01.000Z in the stream of support/triage on 2026-11-25"],
      [
        "misplaced",
        1,
        `checkpoint of 2 receipts belongs to log "${TRUSTED.name}/research/planner/2026-11-25", not "${TRUSTED.name}/support/triage/2026-11-25"`,
      ],
    ]);
  });

  it("reports a missing checkpoints file and a missing receipts file as deletions", async () => {
    const stream = await makeStream(4, 4);
    const browser = await makeStream(4, 4, testSigner(), { agent: "research/browser" });
    const dir = tempDir();
    writeStream(dir, { lines: stream.lines });
    writeStream(dir, { checkpoints: browser.checkpoints }, "research/browser/2026-11-25");
    expect((await verifyStream(dir, STREAM, TRUSTED)).findings).toEqual([
      finding(
        "deleted",
        CHECKPOINTS_FILE,
        undefined,
        undefined,
        `the checkpoints file is missing: no receipt of ${RECEIPTS_FILE} can be checked against a signature`,
      ),
    ]);
    expect((await verifyStream(dir, "research/browser/2026-11-25", TRUSTED)).findings).toEqual([
      finding(
        "deleted",
        "research/browser/2026-11-25.jsonl",
        undefined,
        undefined,
        "the receipts file is missing, but research/browser/2026-11-25.checkpoints.jsonl seals receipts for it",
      ),
    ]);
  });

  it("reports checkpoints out of order and two signed roots for one size", async () => {
    const signer = testSigner();
    const stream = await makeStream(8, 4, signer);
    const fork = await signNote(checkpointText({ origin: `${signer.name}/${STREAM}`, size: 8, root: Buffer.alloc(32, 7) }), signer);
    stream.checkpoints = [stream.checkpoints[1], stream.checkpoints[0], JSON.stringify({ checkpoint: fork })];
    const dir = tempDir();
    writeStream(dir, stream);
    expect((await verifyStream(dir, STREAM, TRUSTED)).findings.map((f) => [f.kind, f.file, f.line, f.message])).toEqual([
      ["reordered", CHECKPOINTS_FILE, 2, "checkpoint of 4 receipts comes after the checkpoint of 8 (line 1)"],
      [
        "root-mismatch",
        CHECKPOINTS_FILE,
        3,
        "two signed checkpoints of 8 receipts (lines 1 and 3) have different roots: the signer signed two histories",
      ],
    ]);
  });
});

describe("verifyFolder", () => {
  it("verifies every stream, skips .jsonl files that are not streams, and totals the findings", async () => {
    const dir = tempDir();
    writeStream(dir, await makeStream(10, 4));
    const tampered = await makeStream(10, 4, testSigner(), { agent: "support/triage" });
    tampered.lines.splice(3, 1);
    writeStream(dir, tampered, "support/triage/2026-11-25");
    writeStream(dir, { lines: ["{}"] }, "access-log");
    const seen: string[] = [];
    const summary = await verifyFolder(dir, TRUSTED, (r) => seen.push(r.stream));
    expect(seen).toEqual([STREAM, "support/triage/2026-11-25"]);
    expect(summary).toEqual({
      streams: 2,
      receipts: 19,
      checkpoints: 6,
      errors: 2,
      warnings: 0,
      kinds: { deleted: 1, "root-mismatch": 1 },
      skipped: ["access-log.jsonl"],
    });
  });
});

describe("verifyStream on a shuffled stream", () => {
  it("stays linear on 20,000 shuffled receipts: per-line findings capped and counted, the root mismatch listed", async () => {
    const stream = await makeStream(20_000, 20_000);
    // A deterministic shuffle (a fixed LCG): every receipt moved.
    let state = 1;
    const random = (): number => (state = (state * 48271) % 2147483647) / 2147483647;
    for (let i = stream.lines.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [stream.lines[i], stream.lines[j]] = [stream.lines[j], stream.lines[i]];
    }
    const dir = tempDir();
    writeStream(dir, stream);
    const started = Date.now();
    const result = await verifyStream(dir, STREAM, TRUSTED);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(result.findings.length + result.omitted).toBeGreaterThan(10_000);
    expect(result.findings.filter((f) => f.kind !== "root-mismatch")).toHaveLength(1000);
    expect(result.findings.filter((f) => f.kind === "root-mismatch").map((f) => f.line)).toEqual([20_000]);
  });
});

describe("verifyStream across a key rotation", () => {
  it("accepts checkpoints by any trusted key of the name, and names every trusted key when none signed", async () => {
    const before = testSigner("2026-key");
    const after = testSigner("2027-key");
    const stream = await makeStream(8, 4, before);
    const rotated = await makeStream(8, 4, after);
    stream.checkpoints[1] = rotated.checkpoints[1];
    const dir = tempDir();
    writeStream(dir, stream);
    expect(await verifyStream(dir, STREAM, [before.verifier, after.verifier])).toMatchObject({ checkpoints: 2, sealed: 8, findings: [] });
    const hex = (n: number): string => n.toString(16).padStart(8, "0");
    expect((await verifyStream(dir, STREAM, [before.verifier, TRUSTED])).findings.map((f) => [f.kind, f.file, f.line, f.message])).toEqual([
      ["unsealed", RECEIPTS_FILE, 5, "lines 5-8 come after the last checkpoint: not covered by a signature yet"],
      [
        "unknown-signer",
        CHECKPOINTS_FILE,
        2,
        `checkpoint of 8 receipts is not signed by any trusted key (${KEY}+${hex(before.keyId)}, ${KEY}+${hex(TRUSTED.keyId)}) (signed by ${KEY}+${hex(after.keyId)}): re-signed or forged`,
      ],
    ]);
  });
});
