import { createWriteStream } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ReceiptChain, streamOrigin, verifyFolder } from "../../../components/receipts";
import { AGENT, DATE, KEY_NAME, STREAM, tempDir, testSigner } from "./streams";

const RECEIPTS = 100_000;
const EVERY = 1000;

describe("a day of 100,000 receipts", () => {
  it("verifies intact, streamed from one file (single edits are located in verify.test.ts)", async () => {
    const signer = testSigner();
    const dir = tempDir();
    const chain = new ReceiptChain(AGENT, streamOrigin(KEY_NAME, AGENT, DATE));
    const start = Date.parse(`${DATE}T00:00:00.000Z`);
    const lines: string[] = [];
    const checkpoints: string[] = [];
    for (let i = 0; i < RECEIPTS; i++) {
      lines.push(
        chain.append(
          { action: "tool.call", tool: "web/search", reason: `step ${i}`, cost: { amount: i, unit: "tokens" } },
          new Date(start + i * 800),
        ).line,
      );
      if ((i + 1) % EVERY === 0) checkpoints.push(JSON.stringify({ checkpoint: await chain.checkpoint(signer) }));
    }
    const write = (file: string, text: string): Promise<void> =>
      new Promise((done, fail) => createWriteStream(join(dir, file)).on("error", fail).end(text, done));
    const { mkdirSync } = await import("node:fs");
    mkdirSync(join(dir, AGENT), { recursive: true });
    await write(`${STREAM}.checkpoints.jsonl`, `${checkpoints.join("\n")}\n`);
    await write(`${STREAM}.jsonl`, `${lines.join("\n")}\n`);

    expect(await verifyFolder(dir, signer.verifier)).toEqual({
      streams: 1,
      receipts: RECEIPTS,
      checkpoints: 100,
      errors: 0,
      warnings: 0,
      kinds: {},
      skipped: [],
    });
  });
});
