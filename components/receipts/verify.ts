import { existsSync, readdirSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { isCanonicalJson } from "./canonical";
import { CHECKPOINTS_EXTENSION, RECEIPTS_EXTENSION, streamOrigin } from "./chain";
import type { Finding, FindingKind } from "./findings";
import { readLineBatches, readLines } from "./lines";
import { MerkleAccumulator, leafHash } from "./merkle";
import { checkNote, parseCheckpointText, parseNote, type NoteVerifier } from "./note";
import { AGENT_PATTERN, GENESIS_PREV, receiptShapeProblem, type Receipt } from "./receipt";

/** What verifying one stream found. */
export interface StreamResult {
  /** Folder-relative stream path without extension, `<agent>/<yyyy-mm-dd>`. */
  stream: string;
  /** Lines in the receipts file. */
  receipts: number;
  /** Checkpoints whose signature by the trusted key verified. */
  checkpoints: number;
  /** Receipts covered by the last verified checkpoint. */
  sealed: number;
  /** Findings: the receipts file's in line order, then the checkpoints file's. */
  findings: Finding[];
  /** Findings beyond {@link MAX_FINDINGS_PER_STREAM}, counted but not listed. */
  omitted: number;
}

/**
 * Most per-line findings (edited, deleted, reordered, duplicate, malformed, misplaced) listed per stream; the rest
 * are counted in `omitted`, so a fully rewritten day stays readable. Checkpoint findings are always listed.
 */
export const MAX_FINDINGS_PER_STREAM = 1000;

const PER_LINE = new Set<FindingKind>(["edited", "deleted", "reordered", "duplicate", "malformed", "misplaced"]);

/** Sequence number of the last receipt a checkpoint of `size` covers (none for the empty tree). */
function lastSeq(size: number): number | undefined {
  return size > 0 ? size - 1 : undefined;
}

/** Gaps in sequence numbers kept open for receipts that may still turn up later in the file (reordered). */
export const MAX_OPEN_GAPS = 1024;

/** A stream path: `<agent>/<yyyy-mm-dd>`. */
const STREAM_PATH = /^(.+)\/(\d{4}-\d{2}-\d{2})$/;

/** What {@link findStreams} found. */
export interface FoundStreams {
  /** Folder-relative stream paths without extension, `<agent>/<yyyy-mm-dd>`, sorted. */
  streams: string[];
  /** `.jsonl` files not at a stream path, sorted. */
  skipped: string[];
}

/** Receipt streams under `dir` and the `.jsonl` files that are not streams. */
export function findStreams(dir: string): FoundStreams {
  const bases = new Set<string>();
  const skipped: string[] = [];
  const walk = (folder: string): void => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith(RECEIPTS_EXTENSION)) {
        const rel = relative(dir, path).split(sep).join("/");
        const base = rel.endsWith(CHECKPOINTS_EXTENSION)
          ? rel.slice(0, -CHECKPOINTS_EXTENSION.length)
          : rel.slice(0, -RECEIPTS_EXTENSION.length);
        const match = STREAM_PATH.exec(base);
        if (match && AGENT_PATTERN.test(match[1])) bases.add(base);
        else skipped.push(rel);
      }
    }
  };
  walk(dir);
  return { streams: [...bases].sort(), skipped: skipped.sort() };
}

interface TrustedCheckpoint {
  line: number;
  size: number;
  root: Buffer;
}

interface Gap {
  /** First and last missing sequence numbers (inclusive). */
  from: number;
  to: number;
  /** Line where the gap showed (the receipt after it). */
  line: number;
}

interface Link {
  /** Line whose hash should be the next line's prev (0: the genesis). */
  from: number;
  fromSeq: number;
  to: number;
}

/**
 * Verifies one stream (`<dir>/<stream>.jsonl` and its `.checkpoints.jsonl`) line by line: memory holds one read
 * chunk, the Merkle peaks and the open gaps, however long the stream. `trusted` holds the verifier keys; several
 * when a day spans a key rotation (each checkpoint must verify by one of them).
 */
export async function verifyStream(dir: string, stream: string, trusted: NoteVerifier | readonly NoteVerifier[]): Promise<StreamResult> {
  const keys: readonly NoteVerifier[] = Array.isArray(trusted) ? trusted : [trusted as NoteVerifier];
  const [, agent, date] = STREAM_PATH.exec(stream) ?? [];
  const receiptsFile = `${stream}${RECEIPTS_EXTENSION}`;
  const checkpointsFile = `${stream}${CHECKPOINTS_EXTENSION}`;
  const result: StreamResult = { stream, receipts: 0, checkpoints: 0, sealed: 0, findings: [], omitted: 0 };
  const report = (kind: FindingKind, file: string, line: number | undefined, seq: number | undefined, message: string): void => {
    // Per-line findings are capped; checkpoint-level ones (a few per stream at most) are always listed.
    if (result.findings.length >= MAX_FINDINGS_PER_STREAM && PER_LINE.has(kind)) {
      result.omitted += 1;
      return;
    }
    const finding: Finding = { kind, severity: kind === "unsealed" ? "warning" : "error", file, message };
    if (line !== undefined) finding.line = line;
    if (seq !== undefined) finding.seq = seq;
    result.findings.push(finding);
  };

  const hasReceipts = existsSync(join(dir, receiptsFile));
  const hasCheckpoints = existsSync(join(dir, checkpointsFile));
  if (!hasReceipts)
    report("deleted", receiptsFile, undefined, undefined, `the receipts file is missing, but ${checkpointsFile} seals receipts for it`);
  if (!hasCheckpoints)
    report(
      "deleted",
      checkpointsFile,
      undefined,
      undefined,
      `the checkpoints file is missing: no receipt of ${receiptsFile} can be checked against a signature`,
    );

  // Checkpoints are pulled one at a time as the tree reaches their size.
  const keyText = (k: { name: string; keyId: number }): string => `${k.name}+${k.keyId.toString(16).padStart(8, "0")}`;
  const trustedText = keys.length === 1 ? `the trusted key ${keyText(keys[0])}` : `any trusted key (${keys.map(keyText).join(", ")})`;
  const checkpointLines = hasCheckpoints ? readLines(join(dir, checkpointsFile)) : undefined;
  let lastCheckpoint: TrustedCheckpoint | undefined;
  const nextCheckpoint = async (): Promise<TrustedCheckpoint | undefined> => {
    if (checkpointLines === undefined) return undefined;
    for (;;) {
      const next = await checkpointLines.next();
      if (next.done) return undefined;
      const { bytes, number } = next.value;
      const problem = (kind: FindingKind, message: string, seq?: number): void => report(kind, checkpointsFile, number, seq, message);
      let note: string;
      try {
        const value = JSON.parse(bytes.toString("utf8")) as unknown;
        if (typeof value !== "object" || value === null || typeof (value as { checkpoint?: unknown }).checkpoint !== "string")
          throw new Error('not {"checkpoint": "<signed note>"}');
        note = (value as { checkpoint: string }).checkpoint;
      } catch (e) {
        problem("malformed", `checkpoint line is not {"checkpoint": "<signed note>"}: ${(e as Error).message}`);
        continue;
      }
      let checkpoint;
      try {
        const parsed = parseNote(note);
        // C2SP signed-note: signatures of unknown keys are ignored; one from a known key must verify.
        const checks = keys.map((key) => ({ key, check: checkNote(parsed, key) }));
        const failed = checks.find((c) => c.check === "bad-signature");
        const verified = checks.find((c) => c.check === "verified");
        checkpoint = parseCheckpointText(parsed.text);
        const covers = `checkpoint of ${checkpoint.size} receipts`;
        if (failed === undefined && verified === undefined) {
          problem(
            "unknown-signer",
            `${covers} is not signed by ${trustedText} (signed by ${parsed.signatures.map(keyText).join(", ")}): re-signed or forged`,
            lastSeq(checkpoint.size),
          );
          continue;
        }
        if (failed !== undefined || verified === undefined) {
          problem(
            "bad-signature",
            `${covers}: the signature by ${failed?.key.name} does not verify: the checkpoint was altered after signing`,
            lastSeq(checkpoint.size),
          );
          continue;
        }
        const origin = streamOrigin(verified.key.name, agent, date);
        if (checkpoint.origin !== origin) {
          problem(
            "misplaced",
            `${covers} belongs to log ${JSON.stringify(checkpoint.origin)}, not ${JSON.stringify(origin)}`,
            lastSeq(checkpoint.size),
          );
          continue;
        }
      } catch (e) {
        problem("malformed", `checkpoint is not a signed C2SP checkpoint: ${(e as Error).message}`);
        continue;
      }
      const trusted = { line: number, size: checkpoint.size, root: checkpoint.root };
      if (lastCheckpoint !== undefined && trusted.size <= lastCheckpoint.size) {
        if (trusted.size < lastCheckpoint.size)
          problem(
            "reordered",
            `checkpoint of ${trusted.size} receipts comes after the checkpoint of ${lastCheckpoint.size} (line ${lastCheckpoint.line})`,
            lastSeq(trusted.size),
          );
        else if (!trusted.root.equals(lastCheckpoint.root))
          problem(
            "root-mismatch",
            `two signed checkpoints of ${trusted.size} receipts (lines ${lastCheckpoint.line} and ${number}) have different roots: the signer signed two histories`,
            lastSeq(trusted.size),
          );
        continue;
      }
      result.checkpoints += 1;
      lastCheckpoint = trusted;
      return trusted;
    }
  };

  const tree = new MerkleAccumulator();
  let pending = await nextCheckpoint();
  // The tree is cumulative: once a root differs, no later checkpoint can match, so only the first is reported.
  let diverged = false;
  let covered = 0;
  const reachCheckpoints = async (seq?: number): Promise<void> => {
    while (pending !== undefined && pending.size === tree.size) {
      covered = pending.size;
      if (diverged) {
        // Counted (its signature verified) but not compared.
      } else if (tree.root().equals(pending.root)) result.sealed = pending.size;
      else {
        diverged = true;
        report(
          "root-mismatch",
          receiptsFile,
          pending.size,
          seq,
          `lines ${result.sealed + 1}-${pending.size} do not match the signed checkpoint of ${pending.size} receipts (${checkpointsFile} line ${pending.line}): sealed receipts were changed, removed, added or moved`,
        );
      }
      pending = await nextCheckpoint();
    }
  };
  await reachCheckpoints();

  let expected = 0;
  const gaps: Gap[] = [];
  const reportGap = (gap: Gap): void => {
    const which = gap.from === gap.to ? `receipt seq ${gap.from} is` : `receipts seq ${gap.from}-${gap.to} (${gap.to - gap.from + 1}) are`;
    report("deleted", receiptsFile, gap.line, gap.from, `${which} missing before line ${gap.line}`);
  };
  /** The previous line, when it was a receipt: its number, seq and hash. */
  let last: { line: number; seq: number; hash: string } | undefined = { line: 0, seq: -1, hash: GENESIS_PREV };
  let broken: Link | undefined;
  const blame = (link: Link, both: boolean): void => {
    // One edit at line b breaks the links on both sides of b only when its prev was edited too; a lone broken link
    // blames the line before it, whose content no longer hashes to what the next receipt recorded.
    const line = both || link.from === 0 ? link.to : link.from;
    const seq = both || link.from === 0 ? link.fromSeq + 1 : link.fromSeq;
    const detail =
      link.from === 0
        ? `its prev is not the genesis hash of a stream's first receipt`
        : both
          ? `neither its prev matches line ${link.from} nor does its hash match the prev of line ${link.to + 1}`
          : `its hash is not the prev recorded by line ${link.to} (seq ${link.fromSeq + 1})`;
    report("edited", receiptsFile, line, seq, `receipt seq ${seq} was changed: ${detail}`);
  };

  if (hasReceipts) {
    // Batches of lines: an await per read chunk, not per line.
    const batches = readLineBatches(join(dir, receiptsFile));
    lines: for await (const batch of batches)
      for (const { bytes, number, complete } of batch) {
        result.receipts = number;
        if (!complete) {
          report(
            "malformed",
            receiptsFile,
            number,
            undefined,
            "the last line is incomplete (no newline): the file was cut or a write was interrupted",
          );
          result.receipts = number - 1;
          break lines;
        }
        const hash = leafHash(bytes);
        tree.appendLeafHash(hash);
        const text = bytes.toString("utf8");
        let receipt: Receipt | undefined;
        let problem: string | undefined;
        try {
          const value = JSON.parse(text) as unknown;
          problem = receiptShapeProblem(value);
          if (problem === undefined) receipt = value as Receipt;
        } catch (e) {
          problem = (e as Error).message;
        }
        if (pending !== undefined && pending.size === tree.size) await reachCheckpoints(receipt?.seq);
        if (receipt === undefined) {
          report("malformed", receiptsFile, number, undefined, `not a receipt: ${problem}`);
          if (broken) blame(broken, false);
          broken = undefined;
          last = undefined;
          continue;
        }
        const { seq } = receipt;
        // Hashes cover the bytes as written; canonical form lets any implementation re-create them from the fields.
        if (!isCanonicalJson(receipt, text)) report("malformed", receiptsFile, number, seq, "receipt is not RFC 8785 canonical JSON");
        if (receipt.agent !== agent || receipt.time.slice(0, 10) !== date)
          report(
            "misplaced",
            receiptsFile,
            number,
            seq,
            `receipt of ${receipt.agent} at ${receipt.time} in the stream of ${agent} on ${date}`,
          );

        // Sequence: a jump opens a gap, an earlier number fills one (reordered) or repeats (duplicate).
        if (seq > expected) {
          gaps.push({ from: expected, to: seq - 1, line: number });
          // A shuffled file must not make the search quadratic: beyond this many open gaps the oldest is settled.
          if (gaps.length > MAX_OPEN_GAPS) reportGap(gaps.shift() as Gap);
          expected = seq + 1;
        } else if (seq === expected) expected += 1;
        else {
          const gap = gaps.findIndex((g) => g.from <= seq && seq <= g.to);
          if (gap >= 0) {
            const g = gaps[gap];
            gaps.splice(gap, 1, ...[g.from < seq ? [{ ...g, to: seq - 1 }] : [], seq < g.to ? [{ ...g, from: seq + 1 }] : []].flat());
            report(
              "reordered",
              receiptsFile,
              number,
              seq,
              `receipt seq ${seq} appears after seq ${expected - 1} (line ${g.line}): receipts were moved`,
            );
          } else report("duplicate", receiptsFile, number, seq, `receipt seq ${seq} appears again: a receipt was duplicated or replaced`);
        }

        // Chain: checked where the previous line is the previous receipt; a broken link is blamed once the next is known.
        if (last !== undefined && last.seq === seq - 1) {
          const link = { from: last.line, fromSeq: last.seq, to: number };
          if (receipt.prev !== last.hash) {
            if (broken !== undefined && broken.to === link.from) {
              blame(broken, true);
              broken = undefined;
            } else {
              if (broken) blame(broken, false);
              broken = link;
            }
          } else if (broken) {
            blame(broken, false);
            broken = undefined;
          }
        } else if (broken) {
          blame(broken, false);
          broken = undefined;
        }
        last = { line: number, seq, hash: hash.toString("hex") };
      }
  }
  if (broken) blame(broken, false);
  for (const gap of gaps) reportGap(gap);

  // Checkpoints beyond the end: the file lost sealed receipts. Later ones are still read, so their signatures count.
  let beyond: TrustedCheckpoint | undefined;
  for (; pending !== undefined; pending = await nextCheckpoint()) beyond = pending;
  if (beyond !== undefined && hasReceipts && !diverged)
    report(
      "truncated",
      receiptsFile,
      tree.size + 1,
      tree.size,
      `the file holds ${tree.size} receipts, but the signed checkpoint at ${checkpointsFile} line ${beyond.line} covers ${beyond.size}: sealed receipts were removed`,
    );
  else if (beyond === undefined && tree.size > covered && hasCheckpoints)
    report(
      "unsealed",
      receiptsFile,
      covered + 1,
      undefined,
      `lines ${covered + 1}-${tree.size} come after the last checkpoint: not covered by a signature yet`,
    );
  const order = (f: Finding): number => (f.file === receiptsFile ? 0 : 1);
  result.findings.sort((a, b) => order(a) - order(b) || (a.line ?? 0) - (b.line ?? 0));
  return result;
}

/** Totals over a verified folder. */
export interface FolderSummary {
  /** Streams verified. */
  streams: number;
  /** Receipt lines read. */
  receipts: number;
  /** Checkpoints whose signature by the trusted key verified. */
  checkpoints: number;
  /** Findings of severity `error`, listed or not. */
  errors: number;
  /** Findings of severity `warning`. */
  warnings: number;
  /** Findings per kind (listed ones). */
  kinds: Partial<Record<FindingKind, number>>;
  /** `.jsonl` files that are not at a stream path `<agent>/<yyyy-mm-dd>.jsonl`, not verified. */
  skipped: string[];
}

/**
 * Verifies every stream under `dir`, one at a time, handing each result to `onStream` and keeping only totals, so
 * memory stays flat however many streams and receipts the folder holds.
 */
export async function verifyFolder(
  dir: string,
  trusted: NoteVerifier | readonly NoteVerifier[],
  onStream: (result: StreamResult) => void = () => {},
): Promise<FolderSummary> {
  const { streams, skipped } = findStreams(dir);
  const summary: FolderSummary = { streams: 0, receipts: 0, checkpoints: 0, errors: 0, warnings: 0, kinds: {}, skipped };
  for (const stream of streams) {
    const result = await verifyStream(dir, stream, trusted);
    summary.streams += 1;
    summary.receipts += result.receipts;
    summary.checkpoints += result.checkpoints;
    summary.errors += result.omitted;
    for (const f of result.findings) {
      if (f.severity === "error") summary.errors += 1;
      else summary.warnings += 1;
      summary.kinds[f.kind] = (summary.kinds[f.kind] ?? 0) + 1;
    }
    onStream(result);
  }
  return summary;
}
