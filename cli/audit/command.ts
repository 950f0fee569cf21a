import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import {
  VERIFIER_KEY_FILE,
  findStreams,
  importShipped,
  parseVerifierKey,
  verifyFolder,
  writeSampleDay,
  type NoteVerifier,
} from "../../components/receipts";
import { formatStream, formatSummary } from "./report";
import { AUDIT_USAGE } from "./usage";

type Log = (line: string) => void;

/** `agentcloud audit ...`; returns the exit code (0 intact, 1 tampering, 2 usage or input error). */
export async function audit(argv: string[], log: Log): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        receipts: { type: "string" },
        agents: { type: "string" },
        date: { type: "string" },
        "checkpoint-every": { type: "string" },
        key: { type: "string", multiple: true },
        strict: { type: "boolean", default: false },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (e) {
    log(`${(e as Error).message}\n\n${AUDIT_USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    log(AUDIT_USAGE);
    return 0;
  }
  const [command, dir, ...extra] = positionals;
  if (command === "import") {
    const misplacedImport = (["receipts", "agents", "date", "checkpoint-every", "key"] as const).filter((o) => values[o] !== undefined);
    if (dir === undefined || extra.length !== 1 || misplacedImport.length > 0 || values.strict) {
      log(`usage: agentcloud audit import <shipped-dir> <out-dir> (no options)\n\n${AUDIT_USAGE}`);
      return 2;
    }
    return importDay(dir, extra[0], log);
  }
  if ((command !== "sample" && command !== "verify") || dir === undefined || extra.length > 0) {
    log(
      `unknown or incomplete command ${JSON.stringify(["audit", ...positionals].join(" "))}; fix: run "agentcloud audit sample <dir> --receipts <N>" or "agentcloud audit verify <dir>"\n\n${AUDIT_USAGE}`,
    );
    return 2;
  }
  const misplaced =
    command === "sample"
      ? (["key", "strict"] as const).filter((o) => values[o])
      : (["receipts", "agents", "date", "checkpoint-every"] as const).filter((o) => values[o] !== undefined);
  if (misplaced.length > 0) {
    log(
      `${misplaced.map((o) => `--${o}`).join(", ")} ${misplaced.length === 1 ? "is" : "are"} not an option of "audit ${command}"\n\n${AUDIT_USAGE}`,
    );
    return 2;
  }
  return command === "sample" ? sample(dir, values, log) : verify(dir, values.key, values.strict === true, log);
}

function count(option: string, value: string | undefined, problems: string[], example: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < 1)
    problems.push(`--${option} must be a positive integer (got ${JSON.stringify(value)}); fix: e.g. --${option} ${example}`);
  return n;
}

async function sample(
  dir: string,
  values: { receipts?: string; agents?: string; date?: string; "checkpoint-every"?: string },
  log: Log,
): Promise<number> {
  const problems: string[] = [];
  if (values.receipts === undefined) problems.push("--receipts is required; fix: e.g. --receipts 100000");
  const receipts = count("receipts", values.receipts, problems, "100000");
  const agents = count("agents", values.agents, problems, "3");
  const checkpointEvery = count("checkpoint-every", values["checkpoint-every"], problems, "1000");
  const date = values.date;
  if (
    date !== undefined &&
    (!/^\d{4}-\d{2}-\d{2}$/.test(date) ||
      Number.isNaN(Date.parse(`${date}T00:00:00Z`)) ||
      new Date(`${date}T00:00:00Z`).toISOString().slice(0, 10) !== date)
  )
    problems.push(`--date must be a day yyyy-mm-dd (got ${JSON.stringify(date)}); fix: e.g. --date 2026-11-25`);
  if (existsSync(dir) && (!statSync(dir).isDirectory() || readdirSync(dir).length > 0))
    problems.push(`${dir} is not a new or empty folder; fix: pass a folder that does not exist yet`);
  if (problems.length > 0) {
    log(problems.join("\n"));
    return 2;
  }
  const day = await writeSampleDay({ dir, receipts: receipts as number, agents, date, checkpointEvery });
  for (const stream of day.streams) log(`wrote ${join(dir, stream)}.jsonl and .checkpoints.jsonl`);
  log(`wrote ${join(dir, VERIFIER_KEY_FILE)}: ${day.verifierKey}`);
  return 0;
}

/** A trusted key, or the message that says why there is none. */
function loadKey(dir: string, keyFile: string | undefined): NoteVerifier | string {
  const path = keyFile ?? join(dir, VERIFIER_KEY_FILE);
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    const reason = (e as NodeJS.ErrnoException).code === "ENOENT" ? "does not exist" : `cannot be read (${(e as Error).message})`;
    return keyFile === undefined
      ? `verifier key ${path} ${reason}; fix: pass --key <verifier-key-file>`
      : `verifier key file ${path} ${reason}; fix: pass --key with the path of a readable verifier key file`;
  }
  try {
    return parseVerifierKey(text);
  } catch (e) {
    return `verifier key file ${path} holds no Ed25519 verifier key: ${(e as Error).message}; fix: pass the "<name>+<key ID>+<key data>" line the signer published`;
  }
}

/** `audit import`: the pipeline's shipped objects back into the folder `verify` reads. */
async function importDay(from: string, to: string, log: Log): Promise<number> {
  if (!existsSync(from) || !statSync(from).isDirectory()) {
    log(
      `shipped folder ${from} ${existsSync(from) ? "is not a folder" : "does not exist"}; fix: pass the folder the bucket's objects were downloaded to`,
    );
    return 2;
  }
  if (existsSync(to) && (!statSync(to).isDirectory() || readdirSync(to).length > 0)) {
    log(`${to} is not a new or empty folder; fix: pass a folder that does not exist yet`);
    return 2;
  }
  const s = await importShipped(from, to);
  log(
    `imported ${s.streams} streams, ${s.receipts} receipts and ${s.checkpoints} checkpoints into ${to}` +
      (s.duplicates > 0 ? ` (${s.duplicates} repeated lines of retried uploads dropped)` : ""),
  );
  for (const where of s.skipped) log(`${where}: skipped: not a shipped receipt or checkpoint`);
  for (const origin of s.unmatched) log(`checkpoint of ${origin}: no receipts of that stream were shipped: deleted or never written`);
  log(`next: npx agentcloud audit verify ${to} --key <verifier key from a trusted source>`);
  return 0;
}

async function verify(dir: string, keyFiles: string[] | undefined, strict: boolean, log: Log): Promise<number> {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    log(
      `receipts folder ${dir} ${existsSync(dir) ? "is not a folder" : "does not exist"}; fix: pass the folder the receipts were downloaded to`,
    );
    return 2;
  }
  const keys: NoteVerifier[] = [];
  for (const file of keyFiles ?? [undefined]) {
    const key = loadKey(dir, file);
    if (typeof key === "string") {
      log(key);
      return 2;
    }
    keys.push(key);
  }
  if (findStreams(dir).streams.length === 0) {
    log(`no receipt streams (<agent>/<yyyy-mm-dd>.jsonl) under ${dir}; fix: pass the folder the receipts were downloaded to`);
    return 2;
  }
  const keyText = (k: NoteVerifier): string => `${k.name}+${k.keyId.toString(16).padStart(8, "0")}`;
  log(
    keyFiles === undefined
      ? `verifying ${dir} with key ${keyText(keys[0])} from ${join(dir, VERIFIER_KEY_FILE)}: a key inside the folder proves nothing if the folder is not trusted; pass --key with a copy from a trusted source`
      : `verifying ${dir} with ${keys.length === 1 ? "key" : "keys"} ${keys.map((k, i) => `${keyText(k)} from ${keyFiles[i]}`).join(", ")}`,
  );
  const summary = await verifyFolder(dir, keys, (result) => {
    for (const line of formatStream(result, strict)) log(line);
  });
  log(formatSummary(summary, strict));
  return summary.errors > 0 || (strict && summary.warnings > 0) ? 1 : 0;
}
