import { describe, expect, it } from "vitest";
import { signingKeyNotExportable } from "../../../policies/audit/signing-key-not-exportable";
import { messages, registration, violations } from "../helpers";

const AUDIT_TAGS = { "agentcloud.dev/audit": "true" };
const awsKey = (props: Record<string, unknown> = {}) =>
  registration("aws:kms/key:Key", "signing-key", {
    keyUsage: "SIGN_VERIFY",
    customerMasterKeySpec: "ECC_NIST_EDWARDS25519",
    tags: AUDIT_TAGS,
    ...props,
  });
const gcpKey = (props: Record<string, unknown> = {}) =>
  registration("gcp:kms/cryptoKey:CryptoKey", "signing-key", {
    purpose: "ASYMMETRIC_SIGN",
    versionTemplate: { algorithm: "EC_SIGN_ED25519", protectionLevel: "SOFTWARE" },
    importOnly: false,
    labels: { "agentcloud-audit": "true" },
    ...props,
  });

describe("agentcloud-audit-signing-key-not-exportable", () => {
  it("passes Ed25519 keys generated in AWS KMS and Cloud KMS", async () => {
    expect(await messages(signingKeyNotExportable, [awsKey(), gcpKey()])).toEqual([]);
  });

  it("is not applicable without an audit signing key (an encryption key or an untagged signing key is not one)", async () => {
    const others = [registration("aws:kms/key:Key", "k", { tags: AUDIT_TAGS }), awsKey({ tags: {} })];
    expect(await violations([signingKeyNotExportable], others)).toEqual([]);
  });

  it("flags imported material, external key stores and keys the verifier cannot check", async () => {
    const found = await violations(
      [signingKeyNotExportable],
      [
        awsKey({ xksKeyId: "xks-1", customerMasterKeySpec: "ECC_NIST_P256" }),
        registration("aws:kms/externalKey:ExternalKey", "imported", { keyUsage: "SIGN_VERIFY", tags: AUDIT_TAGS }),
        gcpKey({ importOnly: true, versionTemplate: { algorithm: "EC_SIGN_P256_SHA256", protectionLevel: "EXTERNAL" } }),
      ],
    );
    expect(found.map((v) => [v.message, v.enforcementLevel, v.severity])).toEqual([
      ['ExternalKey "imported" holds imported key material, a copy of which exists outside AWS KMS.', "mandatory", "high"],
      [
        'Key "signing-key" lives in an external key store, outside AWS KMS; has key spec "ECC_NIST_P256", not ECC_NIST_EDWARDS25519 (Ed25519), which the verifier checks.',
        "mandatory",
        "high",
      ],
      [
        'CryptoKey "signing-key" is importOnly: its key material is imported, so a copy exists outside Cloud KMS; has protection level EXTERNAL, outside Cloud KMS; has algorithm "EC_SIGN_P256_SHA256", not EC_SIGN_ED25519 (Ed25519), which the verifier checks.',
        "mandatory",
        "high",
      ],
    ]);
  });
});
