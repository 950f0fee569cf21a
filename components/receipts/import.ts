import { mkdirSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { RECEIPT_LINE_KEY } from "../vocabulary";
import { CHECKPOINTS_EXTENSION, RECEIPTS_EXTENSION, streamPath } from "./chain";
import { readLines } from "./lines";

/** What {@link importShipped} found and wrote. */
export interface ImportSummary {
  /** Streams written (`<agent>/<date>`). */
  streams: number;
  /** Receipt lines written. */
  receipts: number;
  /** Checkpoints written. */
  checkpoints: number;
  /** Lines dropped because the same line was shipped twice (an upload retried). */
  duplicates: number;
  /** Lines that are not shipped receipts or checkpoints (`file:line`). */
  skipped: string[];
  /** Origins of checkpoints that match no stream of receipts (their receipts are all missing). */
  unmatched: string[];
}

interface Stored {
  /** Ordering key: a receipt's sequence number, a checkpoint's tree size. */
  order: number;
  /** The stored line. */
  text: string;
}

/** Every file below `dir`, sorted. */
function files(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? files(path) : [path];
    });
}

/**
 * The stored line a shipped line carries, or undefined when it is not one: `{"agentcloud.receipt": "<stored line>"}`
 * as S3 holds it, or a Cloud Logging entry whose `jsonPayload.log` is that line, as a log sink writes it to GCS.
 */
function unwrap(text: string): string | undefined {
  try {
    const value: unknown = JSON.parse(text);
    if (value === null || typeof value !== "object" || Array.isArray(value)) return undefined;
    const record = value as Record<string, unknown>;
    const payload = record.jsonPayload as Record<string, unknown> | undefined;
    if (payload !== null && typeof payload === "object" && typeof payload.log === "string") return unwrap(payload.log);
    const stored = record[RECEIPT_LINE_KEY];
    return typeof stored === "string" && Object.keys(record).length === 1 ? stored : undefined;
  } catch {
    return undefined;
  }
}

/** A receipt's stream and sequence number, or undefined when the stored line is no receipt. */
function receiptOf(stored: string): { path: string; seq: number } | undefined {
  try {
    const r = JSON.parse(stored) as Record<string, unknown>;
    if (typeof r.agent !== "string" || typeof r.time !== "string" || typeof r.seq !== "number") return undefined;
    return { path: streamPath(r.agent, r.time.slice(0, 10)), seq: r.seq };
  } catch {
    return undefined;
  }
}

/** Sorted by order, exact repeats dropped; returns the lines and how many were dropped. */
function ordered(items: Stored[]): { texts: string[]; dropped: number } {
  const sorted = [...items].sort((a, b) => a.order - b.order);
  const texts = sorted.filter((s, i) => i === 0 || s.text !== sorted[i - 1].text).map((s) => s.text);
  return { texts, dropped: sorted.length - texts.length };
}

/**
 * Turns what the audit pipeline shipped (objects of `{"agentcloud.receipt": "<stored line>"}` lines from S3, or of
 * Cloud Logging entries carrying them from GCS, in any order,
 * split by time, with retried uploads repeated) back into the folder `verify` reads: `<agent>/<date>.jsonl` with the
 * receipts in sequence order and `<agent>/<date>.checkpoints.jsonl` with the checkpoints in tree-size order. It
 * changes no stored line and drops only exact repeats, so every edit, deletion or forgery in the shipped objects is
 * still there for `verify` to find. A checkpoint belongs to the stream whose `/<agent>/<date>` ends its origin. It
 * holds one day's lines in memory (verification itself streams).
 */
export async function importShipped(from: string, to: string): Promise<ImportSummary> {
  const receipts = new Map<string, Stored[]>();
  const checkpoints: { origin: string; stored: Stored }[] = [];
  const summary: ImportSummary = { streams: 0, receipts: 0, checkpoints: 0, duplicates: 0, skipped: [], unmatched: [] };
  for (const file of files(from)) {
    for await (const line of readLines(file)) {
      const text = line.bytes.toString("utf8");
      if (text.trim() === "") continue;
      const stored = unwrap(text);
      const receipt = stored === undefined ? undefined : receiptOf(stored);
      if (stored !== undefined && receipt !== undefined) {
        receipts.set(receipt.path, [...(receipts.get(receipt.path) ?? []), { order: receipt.seq, text: stored }]);
      } else if (stored !== undefined && !stored.startsWith("{")) {
        const [origin, size] = stored.split("\n");
        checkpoints.push({ origin, stored: { order: Number(size), text: stored } });
      } else {
        summary.skipped.push(`${file}:${line.number}`);
      }
    }
  }
  const byStream = new Map<string, Stored[]>();
  for (const { origin, stored } of checkpoints) {
    const owner = [...receipts.keys()].filter((path) => origin.endsWith(`/${path}`)).sort((a, b) => b.length - a.length)[0];
    if (owner === undefined) summary.unmatched.push(origin);
    else byStream.set(owner, [...(byStream.get(owner) ?? []), stored]);
  }
  for (const [path, items] of receipts) {
    const lines = ordered(items);
    const seals = ordered(byStream.get(path) ?? []);
    const base = join(to, path);
    mkdirSync(dirname(base), { recursive: true });
    writeFileSync(`${base}${RECEIPTS_EXTENSION}`, lines.texts.map((t) => `${t}\n`).join(""));
    writeFileSync(`${base}${CHECKPOINTS_EXTENSION}`, seals.texts.map((t) => `${JSON.stringify({ checkpoint: t })}\n`).join(""));
    summary.streams += 1;
    summary.receipts += lines.texts.length;
    summary.checkpoints += seals.texts.length;
    summary.duplicates += lines.dropped + seals.dropped;
  }
  return summary;
}
