import { createHash } from "node:crypto";
import { canonicalize } from "./canonical";

/** Version of the receipt format; a receipt line carries it as `v`. */
export const RECEIPT_VERSION = 1;

/** The `prev` of a stream's first receipt: 32 zero bytes, hex. */
export const GENESIS_PREV = "0".repeat(64);

/** Cost of an action, in a unit the fleet chooses (`USD`, `tokens`, ...). */
export interface ReceiptCost {
  /** Amount, a finite number. */
  amount: number;
  /** Unit: `USD`, `EUR`, `tokens`, `gpu-seconds`, ... */
  unit: string;
}

/**
 * What an agent records for one meaningful action. The writer adds identity, sequence number, time and chain link.
 * Parameters are hashed, never stored: they may hold secrets.
 */
export interface ReceiptInput {
  /** What was done: `tool.call`, `model.call`, `decision`, `message.send`, ... */
  action: string;
  /**
   * The tool the action used, e.g. `github/create_issue`.
   * @default - none: the receipt has no `tool` member (a decision, a model call).
   */
  tool?: string;
  /**
   * The tool's parameters; only their hash ({@link hashParams}) is recorded.
   * @default - none: the receipt has no `paramsHash` member.
   */
  params?: unknown;
  /** The stated reason: the basis of the decision, in the agent's words. */
  reason: string;
  /**
   * Cost of the action.
   * @default - none: the receipt has no `cost` member.
   */
  cost?: ReceiptCost;
  /**
   * Expected utility or score of the action, as the agent rates it.
   * @default - none: the receipt has no `utility` member.
   */
  utility?: number;
}

/** One receipt: a canonical JSON line of a stream (`<agent>/<yyyy-mm-dd>.jsonl`). */
export interface Receipt {
  /** Format version, {@link RECEIPT_VERSION}. */
  v: number;
  /** Agent identity, `<tenant>/<agent>`. */
  agent: string;
  /** Sequence number in the stream, from 0, no gaps. */
  seq: number;
  /** When the action happened: RFC 3339 UTC with milliseconds. */
  time: string;
  /** What was done. */
  action: string;
  /** The tool used, when there was one. */
  tool?: string;
  /** Hex SHA-256 of the RFC 8785 canonical JSON of the tool's parameters. */
  paramsHash?: string;
  /** The stated reason. */
  reason: string;
  /** Cost of the action. */
  cost?: ReceiptCost;
  /** Expected utility of the action. */
  utility?: number;
  /** Hex hash (RFC 9162 leaf hash) of the previous receipt's line; {@link GENESIS_PREV} for the first. */
  prev: string;
}

/** Hex SHA-256 of the canonical JSON of a tool's parameters. */
export function hashParams(params: unknown): string {
  return createHash("sha256").update(canonicalize(params)).digest("hex");
}

/** The receipt's line: its RFC 8785 canonical JSON (no newline). */
export function receiptLine(receipt: Receipt): string {
  return canonicalize(receipt);
}

/** Agent identities: DNS labels joined by `/` (`tenant-a/researcher`); they name folders and log origins. */
export const AGENT_PATTERN = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?(\/[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)*$/;

const HEX_HASH = /^[0-9a-f]{64}$/;
const TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** Why a parsed line is not a receipt, or undefined when it is one. */
export function receiptShapeProblem(value: unknown): string | undefined {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return "not a JSON object";
  const r = value as Record<string, unknown>;
  const known = new Set(["v", "agent", "seq", "time", "action", "tool", "paramsHash", "reason", "cost", "utility", "prev"]);
  const extra = Object.keys(r).filter((k) => !known.has(k));
  if (extra.length > 0) return `unknown member ${JSON.stringify(extra[0])}`;
  if (r.v !== RECEIPT_VERSION) return `v is not ${RECEIPT_VERSION}`;
  if (typeof r.agent !== "string" || !AGENT_PATTERN.test(r.agent)) return "agent is not an agent identity";
  if (typeof r.seq !== "number" || !Number.isSafeInteger(r.seq) || r.seq < 0) return "seq is not a non-negative integer";
  if (typeof r.time !== "string" || !TIME.test(r.time)) return "time is not RFC 3339 UTC with milliseconds";
  if (typeof r.action !== "string" || r.action === "") return "action is not a non-empty string";
  if (r.tool !== undefined && (typeof r.tool !== "string" || r.tool === "")) return "tool is not a non-empty string";
  if (r.paramsHash !== undefined && (typeof r.paramsHash !== "string" || !HEX_HASH.test(r.paramsHash)))
    return "paramsHash is not a hex SHA-256";
  if (typeof r.reason !== "string") return "reason is not a string";
  if (r.cost !== undefined && !isCost(r.cost)) return "cost is not {amount, unit}";
  if (r.utility !== undefined && (typeof r.utility !== "number" || !Number.isFinite(r.utility))) return "utility is not a number";
  if (typeof r.prev !== "string" || !HEX_HASH.test(r.prev)) return "prev is not a hex SHA-256";
  return undefined;
}

function isCost(value: unknown): value is ReceiptCost {
  if (typeof value !== "object" || value === null) return false;
  const c = value as Record<string, unknown>;
  return (
    Object.keys(c).length === 2 && typeof c.amount === "number" && Number.isFinite(c.amount) && typeof c.unit === "string" && c.unit !== ""
  );
}
