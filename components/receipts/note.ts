import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from "node:crypto";

// C2SP signed-note v1.0.0 (https://c2sp.org/signed-note) with Ed25519 signatures (type 0x01), and the verifier key
// text of golang.org/x/mod/sumdb/note ("<name>+<hex key ID>+<base64(0x01 || public key)>"), which C2SP tools share.

/** C2SP signed-note signature type of Ed25519. */
export const ED25519_SIGNATURE_TYPE = 0x01;

/** The em dash (U+2014) and space that start a signature line. */
const SIGNATURE_PREFIX = "\u2014 ";

// DER prefixes of Ed25519 keys (RFC 8410), to go between raw 32-byte keys and node:crypto KeyObjects.
const SPKI_PREFIX = Buffer.from("302a300506032b6570032100", "hex");
const PKCS8_PREFIX = Buffer.from("302e020100300506032b657004220420", "hex");

/** Signs note texts; a KMS-backed signer implements the same shape. */
export interface NoteSigner {
  /** Key name in signature lines: non-empty, no Unicode spaces, no `+`. */
  readonly name: string;
  /** The 32-bit key ID (`SHA-256(name || 0x0A || 0x01 || public key)[:4]`). */
  readonly keyId: number;
  /** Ed25519 signature of the note text's UTF-8 bytes. */
  sign(message: Buffer): Buffer | Promise<Buffer>;
}

/** A trusted public key: what an auditor configures. */
export interface NoteVerifier {
  /** Key name. */
  readonly name: string;
  /** 32-bit key ID. */
  readonly keyId: number;
  /** The raw 32-byte Ed25519 public key. */
  readonly publicKey: Buffer;
}

/** Key names of signed notes: non-empty, no Unicode whitespace, no `+` (C2SP signed-note, Format). */
export function isValidKeyName(name: string): boolean {
  return name.length > 0 && !/[\s+]/u.test(name);
}

/** `SHA-256(name || 0x0A || 0x01 || public key)[:4]` as a big-endian uint32 (C2SP signed-note, Ed25519). */
export function ed25519KeyId(name: string, publicKey: Buffer): number {
  const digest = createHash("sha256")
    .update(name)
    .update(Buffer.from([0x0a, ED25519_SIGNATURE_TYPE]))
    .update(publicKey)
    .digest();
  return digest.readUInt32BE(0);
}

/** The raw 32-byte public key of an Ed25519 KeyObject. */
export function rawPublicKey(key: KeyObject): Buffer {
  const der = createPublicKey(key).export({ type: "spki", format: "der" });
  return der.subarray(der.length - 32);
}

/** A signer whose private key is in this process, with its public {@link NoteVerifier}. */
export interface LocalSigner extends NoteSigner {
  /** The matching verifier (public key). */
  readonly verifier: NoteVerifier;
}

/** Verifier key text `<name>+<8 hex digits>+<base64(0x01 || public key)>`. */
export function formatVerifierKey(verifier: NoteVerifier): string {
  const hash = verifier.keyId.toString(16).padStart(8, "0");
  const data = Buffer.concat([Buffer.from([ED25519_SIGNATURE_TYPE]), verifier.publicKey]).toString("base64");
  return `${verifier.name}+${hash}+${data}`;
}

/** Parses a verifier key; throws with the reason when it is not a well-formed Ed25519 verifier key. */
export function parseVerifierKey(text: string): NoteVerifier {
  const trimmed = text.trim();
  // The name holds no "+", the key ID is hex: the first two "+" split, the base64 may hold more.
  const first = trimmed.indexOf("+");
  const second = first < 0 ? -1 : trimmed.indexOf("+", first + 1);
  if (first < 0 || second < 0) throw new Error('not a verifier key: expected "<name>+<key ID>+<key data>"');
  const name = trimmed.slice(0, first);
  const hash = trimmed.slice(first + 1, second);
  const data = trimmed.slice(second + 1);
  if (!isValidKeyName(name)) throw new Error(`key name ${JSON.stringify(name)} is empty or holds a space or "+"`);
  if (!/^[0-9a-f]{8}$/.test(hash)) throw new Error(`key ID ${JSON.stringify(hash)} is not 8 lowercase hex digits`);
  const bytes = Buffer.from(data, "base64");
  if (bytes.toString("base64") !== data || bytes.length !== 33) throw new Error("key data is not base64 of 33 bytes");
  if (bytes[0] !== ED25519_SIGNATURE_TYPE) throw new Error(`key type 0x${bytes[0].toString(16).padStart(2, "0")} is not Ed25519 (0x01)`);
  const publicKey = bytes.subarray(1);
  const keyId = ed25519KeyId(name, publicKey);
  if (keyId !== parseInt(hash, 16))
    throw new Error(`key ID ${hash} does not match the key (expected ${keyId.toString(16).padStart(8, "0")})`);
  return { name, keyId, publicKey };
}

/** An Ed25519 signer from a node:crypto private key (a KMS-backed {@link NoteSigner} replaces it in clusters). */
export function ed25519Signer(name: string, privateKey: KeyObject): LocalSigner {
  if (!isValidKeyName(name)) throw new Error(`key name ${JSON.stringify(name)} is empty or holds a space or "+"`);
  const publicKey = rawPublicKey(privateKey);
  const keyId = ed25519KeyId(name, publicKey);
  return { name, keyId, sign: (message) => sign(null, message, privateKey), verifier: { name, keyId, publicKey } };
}

/** A fresh Ed25519 signer; the private key never leaves the returned object. */
export function generateSigner(name: string): LocalSigner {
  return ed25519Signer(name, generateKeyPairSync("ed25519").privateKey);
}

/** An Ed25519 private KeyObject from its 32-byte RFC 8032 seed. */
export function ed25519PrivateKey(seed: Buffer): KeyObject {
  return createPrivateKey({ key: Buffer.concat([PKCS8_PREFIX, seed]), format: "der", type: "pkcs8" });
}

// One KeyObject per trusted key, not per checkpoint: a day of a busy fleet holds hundreds of checkpoints.
const keyObjects = new WeakMap<NoteVerifier, KeyObject>();

function publicKeyObject(verifier: NoteVerifier): KeyObject {
  let key = keyObjects.get(verifier);
  if (key === undefined) {
    key = createPublicKey({ key: Buffer.concat([SPKI_PREFIX, verifier.publicKey]), format: "der", type: "spki" });
    keyObjects.set(verifier, key);
  }
  return key;
}

/** Signs `text` (which must end in a newline) and returns the signed note. */
export async function signNote(text: string, signer: NoteSigner): Promise<string> {
  if (!text.endsWith("\n")) throw new Error("note text must end with a newline");
  const signature = await signer.sign(Buffer.from(text, "utf8"));
  const id = Buffer.alloc(4);
  id.writeUInt32BE(signer.keyId >>> 0);
  return `${text}\n${SIGNATURE_PREFIX}${signer.name} ${Buffer.concat([id, signature]).toString("base64")}\n`;
}

/** A signature line of a note. */
export interface NoteSignature {
  /** Key name. */
  name: string;
  /** 32-bit key ID. */
  keyId: number;
  /** The signature bytes after the key ID. */
  signature: Buffer;
}

/** A note split into its text and signature lines (nothing verified yet). */
export interface ParsedNote {
  /** The note text, final newline included. */
  text: string;
  /** Its signatures, in order. */
  signatures: NoteSignature[];
}

/** Splits a signed note at its last blank line; throws when it is malformed. */
export function parseNote(note: string): ParsedNote {
  // Signed notes are UTF-8 without ASCII control characters other than newline (C2SP signed-note, Format).
  if (/[\u0000-\u0009\u000b-\u001f]/.test(note)) throw new Error("note holds an ASCII control character");
  if (!note.endsWith("\n")) throw new Error("note does not end with a newline");
  const split = note.lastIndexOf("\n\n");
  if (split < 0) throw new Error("note has no blank line before its signatures");
  const text = note.slice(0, split + 1);
  const lines = note.slice(split + 2, -1).split("\n");
  const signatures = lines.map((line) => {
    const match = /^\u2014 (\S+) ([A-Za-z0-9+/]+={0,2})$/.exec(line);
    if (!match) throw new Error(`malformed signature line ${JSON.stringify(line)}`);
    const bytes = Buffer.from(match[2], "base64");
    if (bytes.length < 5 || bytes.toString("base64") !== match[2])
      throw new Error(`signature of ${match[1]} is not base64 of a key ID and a signature`);
    return { name: match[1], keyId: bytes.readUInt32BE(0), signature: bytes.subarray(4) };
  });
  if (signatures.length === 0) throw new Error("note has no signature lines");
  return { text, signatures };
}

/** Outcome of checking a note against one trusted key. */
export type NoteCheck = "verified" | "bad-signature" | "unknown-signer";

/**
 * Checks a parsed note against a trusted key: signatures from other keys are ignored (C2SP signed-note,
 * Signatures); a signature whose name and key ID match the key must verify.
 */
export function checkNote(note: ParsedNote, verifier: NoteVerifier): NoteCheck {
  const ours = note.signatures.filter((s) => s.name === verifier.name && s.keyId === verifier.keyId);
  if (ours.length === 0) return "unknown-signer";
  const key = publicKeyObject(verifier);
  const message = Buffer.from(note.text, "utf8");
  return ours.every((s) => s.signature.length === 64 && verify(null, message, key, s.signature)) ? "verified" : "bad-signature";
}

/** A C2SP tlog-checkpoint body (https://c2sp.org/tlog-checkpoint). */
export interface Checkpoint {
  /** Log origin: which log this is. */
  origin: string;
  /** Number of leaves the root covers. */
  size: number;
  /** RFC 9162 root hash over the first `size` leaves. */
  root: Buffer;
}

/** The checkpoint note text: origin, decimal tree size, base64 root, each on its own line. */
export function checkpointText(checkpoint: Checkpoint): string {
  return `${checkpoint.origin}\n${checkpoint.size}\n${checkpoint.root.toString("base64")}\n`;
}

/** Parses a checkpoint note text; extension lines are rejected (this log writes none). */
export function parseCheckpointText(text: string): Checkpoint {
  const lines = text.split("\n");
  if (lines.length !== 4 || lines[3] !== "") throw new Error("checkpoint text is not exactly origin, size and root lines");
  const [origin, size, root] = lines;
  if (origin === "") throw new Error("checkpoint origin is empty");
  if (!/^(0|[1-9][0-9]*)$/.test(size) || !Number.isSafeInteger(Number(size)))
    throw new Error(`checkpoint size ${JSON.stringify(size)} is not a decimal without leading zeros`);
  const hash = Buffer.from(root, "base64");
  if (hash.length !== 32 || hash.toString("base64") !== root) throw new Error("checkpoint root is not base64 of 32 bytes");
  return { origin, size: Number(size), root: hash };
}
