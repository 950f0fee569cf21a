import { closeSync, existsSync, mkdirSync, openSync, readFileSync, writeSync } from "node:fs";
import { dirname, join } from "node:path";
import type { ValidationProblem } from "../validation/problems";
import { CHECKPOINTS_EXTENSION, RECEIPTS_EXTENSION, ReceiptChain, streamOrigin, streamPath } from "./chain";
import { throwIfReceiptProblems } from "./errors";
import { readLines } from "./lines";
import type { NoteSigner } from "./note";
import type { Receipt, ReceiptInput } from "./receipt";
import { checkAgentIdentity, checkKeyName } from "./validate";

/** Default number of receipts between two checkpoints. */
export const DEFAULT_CHECKPOINT_EVERY = 1000;

/** Arguments of {@link ReceiptWriter.open}. */
export interface ReceiptWriterArgs {
  /** Root folder of the receipts; streams go to `<dir>/<agent>/<yyyy-mm-dd>.jsonl`. */
  dir: string;
  /** Agent identity, `<tenant>/<agent>` (lowercase DNS labels joined by `/`). */
  agent: string;
  /** Signs checkpoints (Ed25519, C2SP signed-note); its key name prefixes every origin. */
  signer: NoteSigner;
  /**
   * Receipts between two checkpoints. Smaller seals sooner (fewer unsealed receipts at a crash), larger signs less.
   * @default 1000
   */
  checkpointEvery?: number;
  /**
   * Clock of the receipts' times and of the day a receipt's stream belongs to (UTC).
   * @default - the system clock
   */
  clock?: () => Date;
  /**
   * Called with every receipt line and checkpoint note once it is on disk, e.g. to print it for a log shipper
   * (the audit pipeline tails agents' stdout).
   * @default - nothing besides the files
   */
  onRecord?: (record: ReceiptRecord) => void;
}

/** A line the writer stored, as {@link ReceiptWriterArgs.onRecord} receives it. */
export interface ReceiptRecord {
  /** A receipt line or a checkpoint's signed note. */
  kind: "receipt" | "checkpoint";
  /** Folder-relative stream path, `<agent>/<yyyy-mm-dd>`. */
  stream: string;
  /** The receipt's canonical JSON line (no newline) or the signed note (ending in a newline). */
  text: string;
}

/** Checks {@link ReceiptWriterArgs}; every problem at once. */
export function validateReceiptWriterArgs(args: ReceiptWriterArgs): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  if (typeof args.dir !== "string" || args.dir === "")
    problems.push({ argument: "dir", value: args.dir, problem: "must be a folder path", fix: 'e.g. "/var/log/agentcloud/receipts"' });
  problems.push(...checkAgentIdentity("agent", args.agent), ...checkKeyName("signer.name", args.signer?.name));
  const every = args.checkpointEvery;
  if (every !== undefined && (!Number.isSafeInteger(every) || every < 1))
    problems.push({
      argument: "checkpointEvery",
      value: every,
      problem: "must be a positive integer",
      fix: `e.g. ${DEFAULT_CHECKPOINT_EVERY}`,
    });
  return problems;
}

interface OpenStream {
  date: string;
  path: string;
  chain: ReceiptChain;
  receipts: number;
  checkpoints: number;
  sealed: number;
}

/**
 * Appends an agent's receipts to one stream per UTC day and seals them with signed checkpoints every
 * `checkpointEvery` receipts, at the end of a day and on {@link close}. Each receipt is written to the file before
 * `append` returns. Reopening an existing day continues its chain. One writer per agent identity: two writers of
 * one stream would fork it (give replicas their own identity, `<tenant>/<agent>/<replica>`).
 */
export class ReceiptWriter {
  private current: OpenStream | undefined;
  /** Appends and closes run one after another, in call order, even when callers do not await them. */
  private queue: Promise<unknown> = Promise.resolve();
  private readonly every: number;
  private readonly clock: () => Date;

  private constructor(private readonly args: ReceiptWriterArgs) {
    this.every = args.checkpointEvery ?? DEFAULT_CHECKPOINT_EVERY;
    this.clock = args.clock ?? (() => new Date());
  }

  /** Validates the arguments (throwing every problem at once) and returns a writer; files open on the first receipt. */
  static open(args: ReceiptWriterArgs): ReceiptWriter {
    throwIfReceiptProblems(`ReceiptWriter for ${JSON.stringify(args.agent)}`, validateReceiptWriterArgs(args));
    return new ReceiptWriter(args);
  }

  /** Records one action; resolves once its line is written (and a checkpoint, when one is due). */
  append(input: ReceiptInput): Promise<Receipt> {
    return this.enqueue(() => this.appendNow(input));
  }

  /** Seals the open stream (if anything is unsealed) and closes its files, after pending appends. */
  close(): Promise<void> {
    return this.enqueue(() => this.closeNow());
  }

  private enqueue<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task);
    // A failed append fails its caller only; later appends still run.
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async appendNow(input: ReceiptInput): Promise<Receipt> {
    const time = this.clock();
    const stream = await this.stream(time.toISOString().slice(0, 10));
    const { receipt, line } = stream.chain.append(input, time);
    writeSync(stream.receipts, `${line}\n`);
    this.args.onRecord?.({ kind: "receipt", stream: stream.path, text: line });
    if (stream.chain.size - stream.sealed >= this.every) await this.seal(stream);
    return receipt;
  }

  private async closeNow(): Promise<void> {
    const stream = this.current;
    if (stream === undefined) return;
    this.current = undefined;
    await this.seal(stream);
    closeSync(stream.receipts);
    closeSync(stream.checkpoints);
  }

  private async seal(stream: OpenStream): Promise<void> {
    if (stream.chain.size === stream.sealed) return;
    const note = await stream.chain.checkpoint(this.args.signer);
    writeSync(stream.checkpoints, `${JSON.stringify({ checkpoint: note })}\n`);
    this.args.onRecord?.({ kind: "checkpoint", stream: stream.path, text: note });
    stream.sealed = stream.chain.size;
  }

  private async stream(date: string): Promise<OpenStream> {
    if (this.current?.date === date) return this.current;
    await this.closeNow();
    const path = streamPath(this.args.agent, date);
    const base = join(this.args.dir, path);
    mkdirSync(dirname(base), { recursive: true });
    const chain = new ReceiptChain(this.args.agent, streamOrigin(this.args.signer.name, this.args.agent, date));
    const receiptsPath = `${base}${RECEIPTS_EXTENSION}`;
    const checkpointsPath = `${base}${CHECKPOINTS_EXTENSION}`;
    if (existsSync(receiptsPath)) {
      // A restart continues the day's chain and tree from the file (streamed: the day may be large).
      for await (const line of readLines(receiptsPath)) {
        if (!line.complete)
          throw new Error(`${receiptsPath} ends with a partial line ${line.number}; fix: verify the stream and move it aside`);
        chain.appendLine(line.bytes);
      }
    }
    const sealed = existsSync(checkpointsPath) ? lastCheckpointSize(checkpointsPath) : 0;
    this.current = { date, path, chain, receipts: openSync(receiptsPath, "a"), checkpoints: openSync(checkpointsPath, "a"), sealed };
    return this.current;
  }
}

/** Size of a checkpoints file's last checkpoint (the file is small: one line per `checkpointEvery` receipts). */
function lastCheckpointSize(path: string): number {
  const lines = readFileSync(path, "utf8").trimEnd().split("\n");
  const last = lines[lines.length - 1];
  if (last === "") return 0;
  const note = (JSON.parse(last) as { checkpoint: string }).checkpoint;
  return Number(note.split("\n")[1]);
}
