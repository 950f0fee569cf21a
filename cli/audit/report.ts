import type { Finding, FindingKind, FolderSummary, StreamResult } from "../../components/receipts";
import { FINDING_KINDS } from "../../components/receipts";

/** One line per finding: `<file>:<line>: <kind> [seq <n>]: <message>`, like a compiler's diagnostics. */
export function formatFinding(finding: Finding): string {
  const where = finding.line === undefined ? finding.file : `${finding.file}:${finding.line}`;
  const seq = finding.seq === undefined ? "" : ` [seq ${finding.seq}]`;
  const kind = finding.severity === "warning" ? `warning: ${finding.kind}` : finding.kind;
  return `${where}: ${kind}${seq}: ${finding.message}`;
}

/** The findings of a stream, then its status line. */
export function formatStream(result: StreamResult, strict: boolean): string[] {
  const errors = result.findings.filter((f) => f.severity === "error" || strict).length + result.omitted;
  const status = errors > 0 ? "TAMPERED" : "ok      ";
  const lines = result.findings.map(formatFinding);
  if (result.omitted > 0) lines.push(`${result.stream}: ${result.omitted} more findings not listed`);
  lines.push(
    `${status} ${result.stream}: ${plural(result.receipts, "receipt")}, ${plural(result.checkpoints, "signed checkpoint")}, ${result.sealed} sealed`,
  );
  return lines;
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}

function counts(kinds: Partial<Record<FindingKind, number>>, keep: (k: FindingKind) => boolean): string {
  return FINDING_KINDS.filter((k) => keep(k) && kinds[k])
    .map((k) => `${kinds[k]} ${k}`)
    .join(", ");
}

/** The closing line: verdict, totals and findings per kind. */
export function formatSummary(summary: FolderSummary, strict: boolean): string {
  const errors = summary.errors + (strict ? summary.warnings : 0);
  const warnings = strict ? 0 : summary.warnings;
  const totals = `${plural(summary.streams, "stream")}, ${plural(summary.receipts, "receipt")}, ${plural(summary.checkpoints, "signed checkpoint")}`;
  const parts = [totals];
  if (errors > 0) parts.push(`${plural(errors, "error")} (${counts(summary.kinds, (k) => k !== "unsealed" || strict)})`);
  if (warnings > 0) parts.push(`${plural(warnings, "warning")} (${counts(summary.kinds, (k) => k === "unsealed")})`);
  if (summary.skipped.length > 0)
    parts.push(
      `${summary.skipped.length} .jsonl file${summary.skipped.length === 1 ? "" : "s"} not at <agent>/<yyyy-mm-dd>.jsonl skipped: ${summary.skipped.join(", ")}`,
    );
  return `${errors > 0 ? "TAMPERED" : "INTACT"}: ${parts.join("; ")}`;
}
