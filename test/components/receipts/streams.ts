import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll } from "vitest";
import {
  CHECKPOINTS_EXTENSION,
  RECEIPTS_EXTENSION,
  ReceiptChain,
  ed25519PrivateKey,
  ed25519Signer,
  streamOrigin,
  type LocalSigner,
  type NoteSigner,
  type ReceiptInput,
} from "../../../components/receipts";

/** Key name of the test fleet. */
export const KEY_NAME = "receipts.test.example/fleet";
export const AGENT = "research/planner";
export const DATE = "2026-11-25";
export const STREAM = `${AGENT}/${DATE}`;
export const RECEIPTS_FILE = `${STREAM}${RECEIPTS_EXTENSION}`;
export const CHECKPOINTS_FILE = `${STREAM}${CHECKPOINTS_EXTENSION}`;

/** A deterministic Ed25519 signer: its seed is SHA-256 of `label`. */
export function testSigner(label = "trusted", name = KEY_NAME): LocalSigner {
  return ed25519Signer(name, ed25519PrivateKey(createHash("sha256").update(label).digest()));
}

/** The i-th action of a test stream: tool calls, model calls and decisions in turn. */
export function testAction(i: number): ReceiptInput {
  switch (i % 3) {
    case 0:
      return {
        action: "tool.call",
        tool: "web/search",
        params: { query: `query ${i}` },
        reason: `look up fact ${i}`,
        cost: { amount: 0.001, unit: "USD" },
      };
    case 1:
      return { action: "model.call", reason: "summarise the results", cost: { amount: 1200 + i, unit: "tokens" } };
    default:
      return { action: "decision", reason: "answer with the sources found", utility: 0.5 };
  }
}

/** The lines of a stream of `receipts` receipts sealed every `every` and at the end, made in memory. */
export async function makeStream(
  receipts: number,
  every: number,
  signer: NoteSigner = testSigner(),
  options: { agent?: string; date?: string; sealEnd?: boolean } = {},
): Promise<{ lines: string[]; checkpoints: string[] }> {
  const agent = options.agent ?? AGENT;
  const date = options.date ?? DATE;
  const chain = new ReceiptChain(agent, streamOrigin(signer.name, agent, date));
  const lines: string[] = [];
  const checkpoints: string[] = [];
  const start = Date.parse(`${date}T08:00:00.000Z`);
  for (let i = 0; i < receipts; i++) {
    lines.push(chain.append(testAction(i), new Date(start + i * 1000)).line);
    if ((i + 1) % every === 0) checkpoints.push(JSON.stringify({ checkpoint: await chain.checkpoint(signer) }));
  }
  if ((options.sealEnd ?? true) && receipts % every !== 0) checkpoints.push(JSON.stringify({ checkpoint: await chain.checkpoint(signer) }));
  return { lines, checkpoints };
}

/** Writes `lines` as a file of newline-terminated lines (`undefined`: no file). */
export function writeLines(path: string, lines: readonly string[] | undefined): void {
  if (lines === undefined) return;
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, lines.map((l) => `${l}\n`).join(""));
}

/** Writes a stream's receipts and checkpoints under `dir`. */
export function writeStream(dir: string, stream: { lines?: readonly string[]; checkpoints?: readonly string[] }, path = STREAM): void {
  writeLines(join(dir, `${path}${RECEIPTS_EXTENSION}`), stream.lines);
  writeLines(join(dir, `${path}${CHECKPOINTS_EXTENSION}`), stream.checkpoints);
}

/** A file's lines, without the final newline. */
export function readLines(path: string): string[] {
  return readFileSync(path, "utf8").replace(/\n$/, "").split("\n");
}

const created: string[] = [];
afterAll(() => {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A fresh temporary folder, removed after the test file. */
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "agentcloud-receipts-"));
  created.push(dir);
  return dir;
}

/** Replaces one member of a receipt line, keeping the line canonical (members stay sorted). */
export function editMember(line: string, member: string, value: unknown): string {
  const receipt = JSON.parse(line) as Record<string, unknown>;
  receipt[member] = value;
  return JSON.stringify(
    Object.fromEntries(
      Object.keys(receipt)
        .sort()
        .map((k) => [k, receipt[k]]),
    ),
  );
}
