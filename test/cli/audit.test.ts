import { chmodSync, copyFileSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { generateSigner, shippedLine, signNote } from "../../components/receipts";
import { runCli, tempDir } from "./run-cli";

const DATE = "2026-11-25";

/** A sample day of 300 receipts for 3 agents, sealed every 50, and its verifier key copied outside the folder. */
function sample(): { dir: string; key: string; keyText: string } {
  const dir = join(tempDir(), "day");
  const result = runCli(["audit", "sample", dir, "--receipts", "300", "--agents", "3", "--date", DATE, "--checkpoint-every", "50"]);
  expect(result.status).toBe(0);
  const keyText = readFileSync(join(dir, "verifier.key"), "utf8").trim();
  expect(result.stdout).toBe(
    [
      `wrote ${dir}/research/planner/${DATE}.jsonl and .checkpoints.jsonl`,
      `wrote ${dir}/research/browser/${DATE}.jsonl and .checkpoints.jsonl`,
      `wrote ${dir}/support/triage/${DATE}.jsonl and .checkpoints.jsonl`,
      `wrote ${dir}/verifier.key: ${keyText}`,
      "",
    ].join("\n"),
  );
  const key = join(tempDir(), "trusted.key");
  copyFileSync(join(dir, "verifier.key"), key);
  return { dir, key, keyText };
}

const lines = (path: string): string[] => readFileSync(path, "utf8").replace(/\n$/, "").split("\n");
const writeLines = (path: string, content: string[]): void => writeFileSync(path, `${content.join("\n")}\n`);

describe("agentcloud audit", () => {
  it("samples a signed day that verifies intact (exit 0), one line per stream and a verdict", () => {
    const { dir, key, keyText } = sample();
    const keyId = keyText.split("+")[1];
    const receipt = JSON.parse(lines(join(dir, `research/planner/${DATE}.jsonl`))[0]) as Record<string, unknown>;
    expect(Object.keys(receipt)).toEqual(expect.arrayContaining(["v", "agent", "seq", "time", "action", "reason", "prev"]));
    expect(receipt).toMatchObject({ v: 1, agent: "research/planner", seq: 0, time: `${DATE}T00:00:00.000Z` });

    const fromFolder = runCli(["audit", "verify", dir]);
    expect(fromFolder.status).toBe(0);
    expect(fromFolder.stdout).toBe(
      [
        `verifying ${dir} with key receipts.agentcloud.example/sample+${keyId} from ${dir}/verifier.key: a key inside the folder proves nothing if the folder is not trusted; pass --key with a copy from a trusted source`,
        `ok       research/browser/${DATE}: 100 receipts, 2 signed checkpoints, 100 sealed`,
        `ok       research/planner/${DATE}: 100 receipts, 2 signed checkpoints, 100 sealed`,
        `ok       support/triage/${DATE}: 100 receipts, 2 signed checkpoints, 100 sealed`,
        "INTACT: 3 streams, 300 receipts, 6 signed checkpoints",
        "",
      ].join("\n"),
    );
    expect(runCli(["audit", "verify", dir, "--key", key]).stdout.split("\n")[0]).toBe(
      `verifying ${dir} with key receipts.agentcloud.example/sample+${keyId} from ${key}`,
    );
  });

  it("reports each tampering with file, line, seq and kind, and exits 1", async () => {
    const { dir, key } = sample();
    const planner = join(dir, `research/planner/${DATE}.jsonl`);
    const edited = lines(planner);
    edited[9] = edited[9].replace(/"reason":"[^"]*"/, '"reason":"approved by the CFO"');
    writeLines(planner, edited);
    const browser = join(dir, `research/browser/${DATE}.jsonl`);
    writeLines(
      browser,
      lines(browser).filter((_, i) => i !== 70),
    );
    // The triage stream's first checkpoint re-signed by a key the auditor does not trust.
    const checkpoints = join(dir, `support/triage/${DATE}.checkpoints.jsonl`);
    const notes = lines(checkpoints);
    const other = generateSigner("receipts.agentcloud.example/sample");
    const text = (JSON.parse(notes[0]) as { checkpoint: string }).checkpoint.split("\n\n")[0] + "\n";
    notes[0] = JSON.stringify({ checkpoint: await signNote(text, other) });
    writeLines(checkpoints, notes);

    const result = runCli(["audit", "verify", dir, "--key", key]);
    expect(result.status).toBe(1);
    const trusted = readFileSync(key, "utf8").split("+")[1];
    const otherId = other.keyId.toString(16).padStart(8, "0");
    expect(result.stdout.split("\n").slice(1)).toEqual([
      `research/browser/${DATE}.jsonl:71: deleted [seq 70]: receipt seq 70 is missing before line 71`,
      `research/browser/${DATE}.jsonl:100: truncated [seq 99]: the file holds 99 receipts, but the signed checkpoint at research/browser/${DATE}.checkpoints.jsonl line 2 covers 100: sealed receipts were removed`,
      `TAMPERED research/browser/${DATE}: 99 receipts, 2 signed checkpoints, 50 sealed`,
      `research/planner/${DATE}.jsonl:10: edited [seq 9]: receipt seq 9 was changed: its hash is not the prev recorded by line 11 (seq 10)`,
      `research/planner/${DATE}.jsonl:50: root-mismatch [seq 49]: lines 1-50 do not match the signed checkpoint of 50 receipts (research/planner/${DATE}.checkpoints.jsonl line 1): sealed receipts were changed, removed, added or moved`,
      `TAMPERED research/planner/${DATE}: 100 receipts, 2 signed checkpoints, 0 sealed`,
      `support/triage/${DATE}.checkpoints.jsonl:1: unknown-signer [seq 49]: checkpoint of 50 receipts is not signed by the trusted key receipts.agentcloud.example/sample+${trusted} (signed by receipts.agentcloud.example/sample+${otherId}): re-signed or forged`,
      `TAMPERED support/triage/${DATE}: 100 receipts, 1 signed checkpoint, 100 sealed`,
      "TAMPERED: 3 streams, 299 receipts, 5 signed checkpoints; 5 errors (1 edited, 1 deleted, 1 truncated, 1 root-mismatch, 1 unknown-signer)",
      "",
    ]);
  });

  it("warns about unsealed receipts (exit 0), and fails on them with --strict (exit 1)", () => {
    const { dir, key } = sample();
    const checkpoints = join(dir, `research/planner/${DATE}.checkpoints.jsonl`);
    writeLines(checkpoints, lines(checkpoints).slice(0, 1));
    const lenient = runCli(["audit", "verify", dir, "--key", key]);
    expect(lenient.status).toBe(0);
    expect(lenient.stdout).toContain(
      `research/planner/${DATE}.jsonl:51: warning: unsealed: lines 51-100 come after the last checkpoint: not covered by a signature yet\nok       research/planner/${DATE}: 100 receipts, 1 signed checkpoint, 50 sealed\n`,
    );
    expect(lenient.stdout).toContain("INTACT: 3 streams, 300 receipts, 5 signed checkpoints; 1 warning (1 unsealed)\n");
    const strict = runCli(["audit", "verify", dir, "--key", key, "--strict"]);
    expect(strict.status).toBe(1);
    expect(strict.stdout).toContain("TAMPERED: 3 streams, 300 receipts, 5 signed checkpoints; 1 error (1 unsealed)\n");
  });

  it("exits 2 naming a missing folder, a missing or unreadable key, or a malformed key", () => {
    const missing = join(tempDir(), "nowhere");
    expect(runCli(["audit", "verify", missing])).toMatchObject({
      status: 2,
      stdout: `receipts folder ${missing} does not exist; fix: pass the folder the receipts were downloaded to\n`,
    });
    const empty = tempDir();
    expect(runCli(["audit", "verify", empty])).toMatchObject({
      status: 2,
      stdout: `verifier key ${empty}/verifier.key does not exist; fix: pass --key <verifier-key-file>\n`,
    });
    expect(runCli(["audit", "verify", empty, "--key", `${missing}.key`])).toMatchObject({
      status: 2,
      stdout: `verifier key file ${missing}.key does not exist; fix: pass --key with the path of a readable verifier key file\n`,
    });
    const bad = join(empty, "bad.key");
    writeFileSync(bad, "not a key\n");
    expect(runCli(["audit", "verify", empty, "--key", bad])).toMatchObject({
      status: 2,
      stdout: `verifier key file ${bad} holds no Ed25519 verifier key: not a verifier key: expected "<name>+<key ID>+<key data>"; fix: pass the "<name>+<key ID>+<key data>" line the signer published\n`,
    });
    const { dir, key } = sample();
    chmodSync(key, 0o000);
    const unreadable = runCli(["audit", "verify", dir, "--key", key]);
    chmodSync(key, 0o600);
    // Root reads any file: only check the exit code and the name when the file really was unreadable.
    if (unreadable.stdout.includes("cannot be read"))
      expect(unreadable).toMatchObject({ status: 2, stdout: expect.stringContaining(`verifier key file ${key} cannot be read`) });
    const noStreams = tempDir();
    copyFileSync(key, join(noStreams, "verifier.key"));
    expect(runCli(["audit", "verify", noStreams])).toMatchObject({
      status: 2,
      stdout: `no receipt streams (<agent>/<yyyy-mm-dd>.jsonl) under ${noStreams}; fix: pass the folder the receipts were downloaded to\n`,
    });
  });

  it("exits 2 on usage errors, listing every bad option at once", () => {
    const dir = tempDir();
    const bad = runCli(["audit", "sample", join(dir, "x"), "--receipts", "0", "--agents", "two", "--date", "2026-02-30"]);
    expect(bad.status).toBe(2);
    expect(bad.stdout).toBe(
      [
        '--receipts must be a positive integer (got "0"); fix: e.g. --receipts 100000',
        '--agents must be a positive integer (got "two"); fix: e.g. --agents 3',
        '--date must be a day yyyy-mm-dd (got "2026-02-30"); fix: e.g. --date 2026-11-25',
        "",
      ].join("\n"),
    );
    expect(runCli(["audit", "sample", join(dir, "y")])).toMatchObject({
      status: 2,
      stdout: "--receipts is required; fix: e.g. --receipts 100000\n",
    });
    expect(runCli(["audit", "sample", dir, "--receipts", "5"]).status).toBe(0);
    expect(runCli(["audit", "sample", dir, "--receipts", "5"])).toMatchObject({
      status: 2,
      stdout: `${dir} is not a new or empty folder; fix: pass a folder that does not exist yet\n`,
    });
    expect(runCli(["audit", "verify", dir, "--receipts", "5"]).stdout).toMatch(
      /^--receipts is not an option of "audit verify"\n\nusage: agentcloud audit sample/,
    );
    expect(runCli(["audit", "check", dir])).toMatchObject({
      status: 2,
      stdout: expect.stringMatching(
        /^unknown or incomplete command "audit check .*"; fix: run "agentcloud audit sample <dir> --receipts <N>" or "agentcloud audit verify <dir>"\n\nusage: agentcloud audit/,
      ),
    });
    expect(runCli(["audit", "--help"])).toMatchObject({
      status: 0,
      stdout: expect.stringContaining("exit codes: 0 intact (warnings allowed), 1 tampering found, 2 usage or input error"),
    });
  });
});

describe("agentcloud audit verify with several keys", () => {
  it("trusts every --key given, naming each in the header", () => {
    const { dir, key, keyText } = sample();
    const other = sample();
    const result = runCli(["audit", "verify", dir, "--key", other.key, "--key", key]);
    expect(result.status).toBe(0);
    const id = (text: string): string => text.split("+").slice(0, 2).join("+");
    expect(result.stdout.split("\n")[0]).toBe(
      `verifying ${dir} with keys ${id(other.keyText)} from ${other.key}, ${id(keyText)} from ${key}`,
    );
    expect(runCli(["audit", "verify", dir, "--key", other.key]).status).toBe(1);
  });
});

describe("agentcloud audit import", () => {
  it("rebuilds a day from the shipped objects, which then verifies intact, and exits 2 on a missing folder", () => {
    const { dir, key } = sample();
    const shipped = tempDir();
    const wrapped: string[] = [];
    for (const agent of ["research/planner", "research/browser", "support/triage"]) {
      wrapped.push(...lines(join(dir, agent, `${DATE}.jsonl`)).map(shippedLine));
      const notes = lines(join(dir, agent, `${DATE}.checkpoints.jsonl`)).map((l) => (JSON.parse(l) as { checkpoint: string }).checkpoint);
      wrapped.push(...notes.map(shippedLine));
    }
    // What the shipper uploaded: objects split by time, in no particular order.
    writeLines(join(shipped, "part-1.jsonl"), wrapped.filter((_, i) => i % 2 === 0).reverse());
    writeLines(
      join(shipped, "part-2.jsonl"),
      wrapped.filter((_, i) => i % 2 === 1),
    );
    const out = join(tempDir(), "rebuilt");
    const imported = runCli(["audit", "import", shipped, out]);
    expect(imported.status).toBe(0);
    expect(imported.stdout.split("\n")[0]).toBe(`imported 3 streams, 300 receipts and 6 checkpoints into ${out}`);
    const verified = runCli(["audit", "verify", out, "--key", key]);
    expect(verified.status).toBe(0);
    const missing = join(tempDir(), "nowhere");
    expect(runCli(["audit", "import", missing, out])).toMatchObject({
      status: 2,
      stdout: `shipped folder ${missing} does not exist; fix: pass the folder the bucket's objects were downloaded to\n`,
    });
  });
});
