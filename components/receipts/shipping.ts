import { RECEIPT_LINE_KEY } from "../vocabulary";

/**
 * The line an agent prints on stdout so the audit pipeline ships one stored receipt or checkpoint line:
 * `{"agentcloud.receipt":"<the stored line>"}`. The stored line travels as a JSON string, so its bytes (a receipt's
 * canonical JSON) come out unchanged. Use it from the writer's `onRecord` hook.
 */
export function shippedLine(stored: string): string {
  return JSON.stringify({ [RECEIPT_LINE_KEY]: stored });
}
