import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ReceiptChain, streamOrigin, verifyStream, type ReceiptInput } from "../../../components/receipts";
import { AGENT, DATE, KEY_NAME, STREAM, makeStream, tempDir, testSigner, writeStream } from "./streams";

const signer = testSigner();

const input: fc.Arbitrary<ReceiptInput> = fc.record(
  {
    action: fc.constantFrom("tool.call", "model.call", "decision", "message.send"),
    tool: fc.constantFrom("web/search", "github/create_issue", "postgres/query"),
    params: fc.jsonValue({ maxDepth: 2 }),
    reason: fc.string({ unit: "grapheme", maxLength: 40 }),
    cost: fc.record({ amount: fc.double({ noNaN: true, noDefaultInfinity: true }), unit: fc.constantFrom("USD", "tokens") }),
    utility: fc.double({ noNaN: true, noDefaultInfinity: true }),
  },
  { requiredKeys: ["action", "reason"] },
);

/** A random stream: its receipt lines and checkpoint lines, sealed every `every` and at the end. */
const stream = fc
  .record({ inputs: fc.array(input, { minLength: 1, maxLength: 20 }), every: fc.integer({ min: 1, max: 8 }) })
  .map(({ inputs, every }) => ({ inputs, every }));

async function build(inputs: ReceiptInput[], every: number): Promise<{ lines: string[]; checkpoints: string[] }> {
  const chain = new ReceiptChain(AGENT, streamOrigin(KEY_NAME, AGENT, DATE));
  const lines: string[] = [];
  const checkpoints: string[] = [];
  for (const [i, x] of inputs.entries()) {
    lines.push(chain.append(x, new Date(Date.parse(`${DATE}T12:00:00.000Z`) + i)).line);
    if ((i + 1) % every === 0 || i === inputs.length - 1) checkpoints.push(JSON.stringify({ checkpoint: await chain.checkpoint(signer) }));
  }
  return { lines, checkpoints };
}

async function errors(files: { lines: string[]; checkpoints: string[] }): Promise<string[]> {
  const dir = tempDir();
  writeStream(dir, files);
  const result = await verifyStream(dir, STREAM, signer.verifier);
  return result.findings.filter((f) => f.severity === "error").map((f) => f.kind);
}

/** Replaces the character at `at` (modulo the length) with another one. */
function substitute(text: string, at: number, by: string): string {
  const i = at % text.length;
  const replacement = by === text[i] ? (by === "a" ? "b" : "a") : by;
  return text.slice(0, i) + replacement + text.slice(i + 1);
}

type Edit =
  | { kind: "char"; file: "lines" | "checkpoints"; line: number; at: number; by: string }
  | { kind: "delete"; line: number }
  | { kind: "swap"; a: number; b: number }
  | { kind: "duplicate"; line: number; to: number }
  | { kind: "truncate"; keep: number };

const edit: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({
    kind: fc.constant("char" as const),
    file: fc.constantFrom("lines" as const, "checkpoints" as const),
    line: fc.nat(),
    at: fc.nat(),
    by: fc.string({ unit: "grapheme-ascii", minLength: 1, maxLength: 1 }),
  }),
  fc.record({ kind: fc.constant("delete" as const), line: fc.nat() }),
  fc.record({ kind: fc.constant("swap" as const), a: fc.nat(), b: fc.nat() }),
  fc.record({ kind: fc.constant("duplicate" as const), line: fc.nat(), to: fc.nat() }),
  fc.record({ kind: fc.constant("truncate" as const), keep: fc.nat() }),
);

/** Applies one edit; undefined when it would not change the files (a swap of a line with itself). */
function apply(files: { lines: string[]; checkpoints: string[] }, e: Edit): { lines: string[]; checkpoints: string[] } | undefined {
  const lines = [...files.lines];
  const checkpoints = [...files.checkpoints];
  const n = lines.length;
  switch (e.kind) {
    case "char": {
      const target = e.file === "lines" ? lines : checkpoints;
      const i = e.line % target.length;
      target[i] = substitute(target[i], e.at, e.by);
      break;
    }
    case "delete":
      lines.splice(e.line % n, 1);
      break;
    case "swap": {
      const [a, b] = [e.a % n, e.b % n];
      if (a === b) return undefined;
      [lines[a], lines[b]] = [lines[b], lines[a]];
      break;
    }
    case "duplicate":
      lines.splice(e.to % (n + 1), 0, lines[e.line % n]);
      break;
    case "truncate":
      lines.splice(e.keep % n);
      break;
  }
  return { lines, checkpoints };
}

describe("verifyStream properties", () => {
  it("every generated stream verifies without findings", async () => {
    await fc.assert(
      fc.asyncProperty(stream, async ({ inputs, every }) => {
        expect(await errors(await build(inputs, every))).toEqual([]);
      }),
      { numRuns: 40 },
    );
  });

  it("every single edit of a sealed stream is detected as an error", async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 12 }), edit, async (receipts, every, e) => {
        const files = await makeStream(receipts, every, signer);
        const edited = apply(files, e);
        if (edited === undefined) return;
        expect(await errors(edited)).not.toEqual([]);
      }),
      { numRuns: 300 },
    );
  });
});
