import { describe, expect, it } from "vitest";
import {
  checkNote,
  checkpointText,
  ed25519PrivateKey,
  ed25519Signer,
  formatVerifierKey,
  generateSigner,
  parseCheckpointText,
  parseNote,
  parseVerifierKey,
  signNote,
} from "../../../components/receipts";

// The signed-note example of golang.org/x/mod/sumdb/note (note.go, note_test.go): Ed25519 is deterministic
// (RFC 8032), so signing the same text with the same key must give the published note byte for byte.
const GO_SIGNER_SEED = Buffer.from("AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz", "base64").subarray(1);
const GO_VERIFIER_KEY = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
const GO_TEXT = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
const GO_NOTE = `${GO_TEXT}\n\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n`;

describe("C2SP signed notes", () => {
  it("reproduces Go's sumdb/note example: verifier key, key ID and signature", async () => {
    const signer = ed25519Signer("PeterNeumann", ed25519PrivateKey(GO_SIGNER_SEED));
    expect(formatVerifierKey(signer.verifier)).toBe(GO_VERIFIER_KEY);
    expect(signer.keyId).toBe(0xc74f20a3);
    expect(await signNote(GO_TEXT, signer)).toBe(GO_NOTE);
  });

  it("verifies Go's note with its verifier key and rejects it once one character changes", () => {
    const key = parseVerifierKey(GO_VERIFIER_KEY);
    expect(checkNote(parseNote(GO_NOTE), key)).toBe("verified");
    expect(checkNote(parseNote(GO_NOTE.replace("cryptography", "cryptographY")), key)).toBe("bad-signature");
  });

  it("ignores signatures of other keys, even one with the same name", async () => {
    const impostor = generateSigner("PeterNeumann");
    const note = await signNote(GO_TEXT, impostor);
    expect(checkNote(parseNote(note), parseVerifierKey(GO_VERIFIER_KEY))).toBe("unknown-signer");
    // A note signed by both keys verifies by the trusted one (C2SP: unknown signatures are ignored).
    const both = `${GO_NOTE}${note.slice(note.lastIndexOf("\u2014"))}`;
    expect(parseNote(both).signatures.map((s) => s.keyId)).toEqual([0xc74f20a3, impostor.keyId]);
    expect(checkNote(parseNote(both), parseVerifierKey(GO_VERIFIER_KEY))).toBe("verified");
  });

  it("rejects malformed verifier keys with the reason", () => {
    const cases: [string, string][] = [
      ["PeterNeumann", 'not a verifier key: expected "<name>+<key ID>+<key data>"'],
      ["Peter Neumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW", 'key name "Peter Neumann" is empty or holds a space or "+"'],
      ["PeterNeumann+C74F20A3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW", 'key ID "C74F20A3" is not 8 lowercase hex digits'],
      ["PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10T", "key data is not base64 of 33 bytes"],
      ["PeterNeumann+c74f20a3+Ahpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW", "key type 0x02 is not Ed25519 (0x01)"],
      ["PeterNeumann+c74f20a4+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW", "key ID c74f20a4 does not match the key (expected c74f20a3)"],
    ];
    for (const [text, message] of cases) expect(() => parseVerifierKey(text)).toThrow(message);
  });

  it("rejects malformed notes with the reason", () => {
    expect(() => parseNote(GO_TEXT)).toThrow("note has no blank line before its signatures");
    expect(() => parseNote(`${GO_TEXT}\n`)).toThrow('malformed signature line ""');
    expect(() => parseNote(GO_NOTE.replace("\u2014", "-"))).toThrow("malformed signature line");
    expect(() => parseNote(GO_NOTE.replace("PeterNeumann x08", "PeterNeumann AAAA"))).toThrow("signature of PeterNeumann is not base64");
    expect(() => parseNote(`a\tb\n${GO_NOTE}`)).toThrow("note holds an ASCII control character");
    expect(() => parseNote(GO_NOTE.slice(0, -1))).toThrow("note does not end with a newline");
  });
});

describe("C2SP checkpoints", () => {
  it("parses the tlog-checkpoint example body: origin, size, base64 root", () => {
    const text = "example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n";
    const checkpoint = parseCheckpointText(text);
    expect({ origin: checkpoint.origin, size: checkpoint.size }).toEqual({ origin: "example.com/behind-the-sofa", size: 20852163 });
    expect(checkpointText(checkpoint)).toBe(text);
  });

  it("rejects sizes with leading zeros, short roots and extension lines", () => {
    const root = Buffer.alloc(32).toString("base64");
    expect(() => parseCheckpointText(`o\n007\n${root}\n`)).toThrow('checkpoint size "007" is not a decimal without leading zeros');
    expect(() => parseCheckpointText("o\n7\nAAAA\n")).toThrow("checkpoint root is not base64 of 32 bytes");
    expect(() => parseCheckpointText(`o\n7\n${root}\nextension\n`)).toThrow("checkpoint text is not exactly origin, size and root lines");
    expect(() => parseCheckpointText(`\n7\n${root}\n`)).toThrow("checkpoint origin is empty");
  });
});
