/**
 * Kinds of finding, each naming what the evidence shows:
 * - `edited`: a receipt's hash is not the `prev` of the receipt after it (its content or that link was changed);
 * - `deleted`: a sequence number never appears, or a stream's receipts or checkpoints file is gone;
 * - `reordered`: a receipt appears after receipts with higher sequence numbers;
 * - `duplicate`: a sequence number appears again;
 * - `truncated`: a signed checkpoint covers more receipts than the file holds;
 * - `root-mismatch`: the Merkle root of the receipts differs from a signed checkpoint's (sealed receipts changed);
 * - `bad-signature`: a checkpoint's signature by the trusted key does not verify (its body was forged);
 * - `unknown-signer`: a checkpoint has no signature by the trusted key (re-signed with another key);
 * - `malformed`: a line that is not a receipt or checkpoint, not canonical JSON, or an incomplete last line;
 * - `misplaced`: a receipt or checkpoint of another agent, day or log in this stream;
 * - `unsealed` (warning): receipts after the last checkpoint, not yet covered by a signature.
 */
export type FindingKind =
  | "edited"
  | "deleted"
  | "reordered"
  | "duplicate"
  | "truncated"
  | "root-mismatch"
  | "bad-signature"
  | "unknown-signer"
  | "malformed"
  | "misplaced"
  | "unsealed";

/** Every finding kind, in the order summaries list them. */
export const FINDING_KINDS: readonly FindingKind[] = [
  "edited",
  "deleted",
  "reordered",
  "duplicate",
  "truncated",
  "root-mismatch",
  "bad-signature",
  "unknown-signer",
  "malformed",
  "misplaced",
  "unsealed",
];

/** One thing the verifier found, located by file, line and sequence number. */
export interface Finding {
  /** What kind of tampering (or, for `unsealed`, of exposure) the evidence shows. */
  kind: FindingKind;
  /** `warning` for unsealed receipts, `error` for everything else. */
  severity: "error" | "warning";
  /** File, relative to the verified folder. */
  file: string;
  /** 1-based line in `file`, when the finding is about a line. */
  line?: number;
  /** Sequence number of the receipt concerned, when known. */
  seq?: number;
  /** What was found, in words an auditor can act on. */
  message: string;
}
