import { generateKeyPairSync, sign } from "node:crypto";
import { describe, expect, it } from "vitest";
import { ReceiptWriter, formatVerifierKey, kmsSigner, parseVerifierKey, verifyFolder } from "../../../components/receipts";
import { tempDir } from "./streams";

// Stands in for KMS: the private key never leaves this closure, as it never leaves KMS.
function fakeKms() {
  const { privateKey, publicKey } = generateKeyPairSync("ed25519");
  return {
    der: publicKey.export({ type: "spki", format: "der" }),
    pem: publicKey.export({ type: "spki", format: "pem" }) as string,
    sign: (message: Buffer) => Promise.resolve(sign(null, message, privateKey)),
  };
}

describe("kmsSigner", () => {
  it("seals a stream with the KMS key, which verifies against the published verifier key (DER or PEM)", async () => {
    const kms = fakeKms();
    const signer = kmsSigner({ name: "receipts.acme.example/fleet", publicKey: kms.der, sign: kms.sign });
    expect(kmsSigner({ name: "receipts.acme.example/fleet", publicKey: kms.pem, sign: kms.sign }).verifier).toEqual(signer.verifier);
    const dir = tempDir();
    const writer = ReceiptWriter.open({ dir, agent: "agents/research-assistant/0", signer, checkpointEvery: 2 });
    for (let i = 0; i < 5; i++) await writer.append({ action: "decision", reason: `step ${i}` });
    await writer.close();
    const trusted = parseVerifierKey(formatVerifierKey(signer.verifier));
    const result = await verifyFolder(dir, trusted);
    expect([result.receipts, result.checkpoints, result.errors]).toEqual([5, 3, 0]);
  });

  it("refuses a key that is not Ed25519, and a signature the key does not verify", async () => {
    const ec = generateKeyPairSync("ec", { namedCurve: "P-256" }).publicKey.export({ type: "spki", format: "der" });
    expect(() => kmsSigner({ name: "k", publicKey: ec, sign: () => Promise.resolve(Buffer.alloc(64)) })).toThrow(
      "the KMS key is ec, not Ed25519; fix: create it as ECC_NIST_EDWARDS25519 (AWS) or EC_SIGN_ED25519 (GCP)",
    );
    const kms = fakeKms();
    const wrong = kmsSigner({ name: "k", publicKey: kms.der, sign: () => Promise.resolve(Buffer.alloc(64)) });
    await expect(wrong.sign(Buffer.from("note\n"))).rejects.toThrow("KMS returned a signature the key does not verify");
  });
});
