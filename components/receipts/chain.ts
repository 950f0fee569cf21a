import { MerkleAccumulator, leafHash } from "./merkle";
import { checkpointText, signNote, type NoteSigner } from "./note";
import { GENESIS_PREV, RECEIPT_VERSION, hashParams, receiptLine, type Receipt, type ReceiptInput } from "./receipt";
import { throwIfReceiptProblems } from "./errors";
import { validateReceiptInput } from "./validate";

/** A receipt as it goes into a stream: the receipt, its line and its hash. */
export interface ChainedReceipt {
  /** The receipt. */
  receipt: Receipt;
  /** Its canonical JSON line, without the newline. */
  line: string;
  /** Its RFC 9162 leaf hash: the next receipt's `prev` and a leaf of the stream's Merkle tree. */
  hash: Buffer;
}

/** Log origin of one stream: `<key name>/<agent>/<yyyy-mm-dd>`, so one fleet key signs every stream unambiguously. */
export function streamOrigin(keyName: string, agent: string, date: string): string {
  return `${keyName}/${agent}/${date}`;
}

/** Folder-relative path of a stream's receipts, without extension: `<agent>/<yyyy-mm-dd>`. */
export function streamPath(agent: string, date: string): string {
  return `${agent}/${date}`;
}

/** File extension of receipt streams. */
export const RECEIPTS_EXTENSION = ".jsonl";
/** File extension of a stream's checkpoints (one JSON object `{"checkpoint": "<signed note>"}` per line). */
export const CHECKPOINTS_EXTENSION = ".checkpoints.jsonl";

/**
 * The pure state of one stream (one agent, one day): sequence number, hash chain and Merkle tree. It makes lines
 * and checkpoints; the caller stores them.
 */
export class ReceiptChain {
  private readonly tree = new MerkleAccumulator();
  private prev = GENESIS_PREV;

  /**
   * @param agent agent identity.
   * @param origin log origin of the stream's checkpoints.
   */
  constructor(
    readonly agent: string,
    readonly origin: string,
  ) {}

  /** Receipts so far; the next receipt's sequence number. */
  get size(): number {
    return this.tree.size;
  }

  /** Makes the next receipt for `input` at `time` and adds it to the chain and the tree. */
  append(input: ReceiptInput, time: Date): ChainedReceipt {
    throwIfReceiptProblems(`receipt ${this.size} of ${this.agent}`, validateReceiptInput(input));
    const { action, reason } = input;
    const receipt: Receipt = {
      v: RECEIPT_VERSION,
      agent: this.agent,
      seq: this.size,
      time: time.toISOString(),
      action,
      reason,
      prev: this.prev,
    };
    if (input.tool !== undefined) receipt.tool = input.tool;
    if (input.params !== undefined) receipt.paramsHash = hashParams(input.params);
    if (input.cost !== undefined) receipt.cost = { amount: input.cost.amount, unit: input.cost.unit };
    if (input.utility !== undefined) receipt.utility = input.utility;
    const line = receiptLine(receipt);
    return { receipt, line, hash: this.appendLine(line) };
  }

  /** Adds an existing line (restoring a stream after a restart); returns its hash. */
  appendLine(line: string | Buffer): Buffer {
    const hash = leafHash(line);
    this.tree.appendLeafHash(hash);
    this.prev = hash.toString("hex");
    return hash;
  }

  /** The signed checkpoint note over every receipt so far. */
  checkpoint(signer: NoteSigner): Promise<string> {
    return signNote(checkpointText({ origin: this.origin, size: this.size, root: this.tree.root() }), signer);
  }
}
