import { describe, expect, it } from "vitest";
import { kmsKeyRotation } from "../../../policies/aws/kms-key-rotation";
import { messages, violations } from "../helpers";
import { compliantAws, kmsKey } from "./objects";

describe("agentcloud-aws-kms-key-rotation", () => {
  it("passes rotating keys, and exempts keys AWS cannot rotate (signing, asymmetric, HMAC, custom key store)", async () => {
    expect(await messages(kmsKeyRotation, compliantAws())).toEqual([]);
    const exempt = [
      kmsKey("receipts", (i) => ((i.keyUsage = "SIGN_VERIFY"), (i.customerMasterKeySpec = "ECC_NIST_P256"), delete i.enableKeyRotation)),
      kmsKey("rsa", (i) => ((i.customerMasterKeySpec = "RSA_4096"), (i.enableKeyRotation = false))),
      kmsKey("mac", (i) => ((i.keyUsage = "GENERATE_VERIFY_MAC"), (i.customerMasterKeySpec = "HMAC_256"), delete i.enableKeyRotation)),
      kmsKey("hsm", (i) => ((i.customKeyStoreId = "cks-1234"), delete i.enableKeyRotation)),
    ];
    expect(await messages(kmsKeyRotation, exempt)).toEqual([]);
  });

  it("reports symmetric keys without rotation, unset or off", async () => {
    expect(
      await messages(kmsKeyRotation, [
        kmsKey("unset", (i) => delete i.enableKeyRotation),
        kmsKey("off", (i) => (i.enableKeyRotation = false)),
      ]),
    ).toEqual([
      'KMS key "off" is a symmetric encryption key without automatic rotation; set enableKeyRotation to true.',
      'KMS key "unset" is a symmetric encryption key without automatic rotation; set enableKeyRotation to true.',
    ]);
    const [v] = await violations([kmsKeyRotation], [kmsKey("off", (i) => (i.enableKeyRotation = false))]);
    expect([v.enforcementLevel, v.severity]).toEqual(["mandatory", "medium"]);
  });
});
