import { existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { formatVerifierKey, generateSigner } from "./note";
import type { ReceiptInput } from "./receipt";
import { ReceiptWriter } from "./writer";

/** Key name of sample days' throwaway keys. */
export const SAMPLE_KEY_NAME = "receipts.agentcloud.example/sample";

/** File of a folder's verifier key, as `agentcloud audit sample` writes it. */
export const VERIFIER_KEY_FILE = "verifier.key";

/** Agent identities of a sample day, in order; more agents get `fleet/agent-<n>`. */
export const SAMPLE_AGENTS = [
  "research/planner",
  "research/browser",
  "support/triage",
  "support/replier",
  "finance/reconciler",
  "ops/oncall",
];

/** Arguments of {@link writeSampleDay}. */
export interface SampleDayArgs {
  /** Folder to write; created when missing, must be empty. */
  dir: string;
  /** Receipts in total, spread round-robin over the agents. */
  receipts: number;
  /**
   * Number of agents.
   * @default 3
   */
  agents?: number;
  /**
   * The day, `yyyy-mm-dd` (UTC); receipts are spread evenly over it.
   * @default - today (UTC)
   */
  date?: string;
  /**
   * Receipts between two checkpoints of a stream.
   * @default 1000
   */
  checkpointEvery?: number;
}

/** What {@link writeSampleDay} wrote. */
export interface SampleDay {
  /** The throwaway key's verifier key, also in `<dir>/verifier.key`. */
  verifierKey: string;
  /** Folder-relative stream paths. */
  streams: string[];
}

// Deterministic content (mulberry32), so samples differ only in keys and signatures.
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TOOLS: { tool: string; reason: string; params: (r: () => number) => unknown }[] = [
  {
    tool: "web/search",
    reason: "the question needs sources newer than the model's training data",
    params: (r) => ({ query: `agent sandbox isolation ${Math.floor(r() * 1000)}`, limit: 10 }),
  },
  {
    tool: "github/create_issue",
    reason: "the failing check is reproducible and nobody owns it",
    params: (r) => ({ repo: "example/app", title: `Flaky test ${Math.floor(r() * 100)}` }),
  },
  {
    tool: "postgres/query",
    reason: "the invoice total must be checked against the ledger",
    params: (r) => ({ sql: "select sum(amount) from ledger where invoice = $1", args: [Math.floor(r() * 1e6)] }),
  },
  {
    tool: "slack/post_message",
    reason: "the customer asked for a status update",
    params: (r) => ({ channel: "#support", text: `Ticket ${Math.floor(r() * 1e5)} is being handled` }),
  },
];

/** One plausible action: a tool call, a model call or a decision, with its reason and cost. */
function sampleAction(r: () => number): ReceiptInput {
  const pick = r();
  if (pick < 0.55) {
    const t = TOOLS[Math.floor(r() * TOOLS.length)];
    return {
      action: "tool.call",
      tool: t.tool,
      params: t.params(r),
      reason: t.reason,
      cost: { amount: Math.round(r() * 1e4) / 1e6, unit: "USD" },
    };
  }
  if (pick < 0.85)
    return {
      action: "model.call",
      reason: "plan the next step from the tool results",
      cost: { amount: 200 + Math.floor(r() * 4000), unit: "tokens" },
    };
  return { action: "decision", reason: "the evidence is sufficient to answer; stop searching", utility: Math.round(r() * 100) / 100 };
}

/**
 * Writes a realistic day of receipts for `agents` agents, sealed by a freshly generated Ed25519 key whose verifier
 * key goes to `<dir>/verifier.key`. The private key is discarded: nothing can add to the day afterwards.
 */
export async function writeSampleDay(args: SampleDayArgs): Promise<SampleDay> {
  const agents = args.agents ?? 3;
  const date = args.date ?? new Date().toISOString().slice(0, 10);
  if (existsSync(args.dir) && readdirSync(args.dir).length > 0)
    throw new Error(`${args.dir} is not empty; fix: pass a new or empty folder`);
  mkdirSync(args.dir, { recursive: true });
  const signer = generateSigner(SAMPLE_KEY_NAME);
  const dayStart = Date.parse(`${date}T00:00:00.000Z`);
  let now = dayStart;
  const names = Array.from({ length: agents }, (_, i) => SAMPLE_AGENTS[i] ?? `fleet/agent-${i + 1}`);
  const writers = names.map((agent) =>
    ReceiptWriter.open({ dir: args.dir, agent, signer, checkpointEvery: args.checkpointEvery, clock: () => new Date(now) }),
  );
  const r = random(0x5eed);
  for (let i = 0; i < args.receipts; i++) {
    now = dayStart + Math.floor((i / args.receipts) * 86_400_000);
    await writers[i % agents].append(sampleAction(r));
  }
  for (const w of writers) await w.close();
  const verifierKey = formatVerifierKey(signer.verifier);
  writeFileSync(join(args.dir, VERIFIER_KEY_FILE), `${verifierKey}\n`);
  return { verifierKey, streams: names.slice(0, Math.min(agents, args.receipts)).map((a) => `${a}/${date}`) };
}
