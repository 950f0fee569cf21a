import { createPublicKey, verify } from "node:crypto";
import { ed25519KeyId, isValidKeyName, type NoteSigner, type NoteVerifier } from "./note";

/** Arguments of {@link kmsSigner}. */
export interface KmsSignerArgs {
  /** Key name in the checkpoints' signature lines (the verifier key carries it too). */
  name: string;
  /**
   * The KMS key's public key as KMS returns it: DER SubjectPublicKeyInfo (AWS KMS `GetPublicKey`), or PEM (Cloud KMS
   * `getPublicKey`).
   */
  publicKey: Buffer | string;
  /**
   * Signs the message's bytes with the KMS key and returns the raw 64-byte Ed25519 signature: AWS KMS `Sign` with
   * `SigningAlgorithm: "ED25519_SHA_512"` and `MessageType: "RAW"`; Cloud KMS `asymmetricSign` with the message in
   * `data`. The private key stays in KMS.
   */
  sign(message: Buffer): Promise<Buffer>;
}

/** A {@link NoteSigner} whose key stays in KMS, and the {@link NoteVerifier} an auditor trusts for it. */
export interface KmsSigner extends NoteSigner {
  /** The verifier of the KMS key (`formatVerifierKey(verifier)` is the text to publish). */
  readonly verifier: NoteVerifier;
}

/**
 * The fleet's receipt-signing key in AWS KMS (`ECC_NIST_EDWARDS25519`) or Cloud KMS (`EC_SIGN_ED25519`) as a
 * checkpoint signer: pass the public key and a function that calls KMS. Each signature is checked against the public
 * key before it is used, so a wrong key or algorithm fails the seal instead of writing a checkpoint nobody can verify.
 */
export function kmsSigner(args: KmsSignerArgs): KmsSigner {
  if (!isValidKeyName(args.name)) throw new Error(`key name ${JSON.stringify(args.name)} is empty or holds a space or "+"`);
  const key = createPublicKey(typeof args.publicKey === "string" ? args.publicKey : { key: args.publicKey, format: "der", type: "spki" });
  if (key.asymmetricKeyType !== "ed25519") {
    throw new Error(
      `the KMS key is ${key.asymmetricKeyType ?? "not asymmetric"}, not Ed25519; fix: create it as ECC_NIST_EDWARDS25519 (AWS) or EC_SIGN_ED25519 (GCP)`,
    );
  }
  // The raw key is the last 32 bytes of its SubjectPublicKeyInfo (RFC 8410).
  const der = key.export({ type: "spki", format: "der" });
  const publicKey = der.subarray(der.length - 32);
  const keyId = ed25519KeyId(args.name, publicKey);
  return {
    name: args.name,
    keyId,
    verifier: { name: args.name, keyId, publicKey },
    sign: async (message) => {
      const signature = await args.sign(message);
      if (signature.length !== 64 || !verify(null, message, key, signature)) {
        throw new Error(
          "KMS returned a signature the key does not verify; fix: sign with ED25519_SHA_512 and MessageType RAW (AWS), or the message itself in data (GCP)",
        );
      }
      return signature;
    },
  };
}
