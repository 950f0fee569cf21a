import { describe, expect, it } from "vitest";
import { eksSecretsEncryption } from "../../../policies/aws/eks-secrets-encryption";
import { messages, violations } from "../helpers";
import { cluster, compliantAws } from "./objects";

const WHO = 'EKS cluster "aws-cluster"';
const FIX = 'set encryptionConfig to {resources: ["secrets"], provider: {keyArn: <a customer-managed KMS key ARN>}}.';

describe("agentcloud-aws-eks-secrets-encryption", () => {
  it("passes Secrets encrypted with a KMS key", async () => {
    expect(await messages(eksSecretsEncryption, compliantAws())).toEqual([]);
  });

  it("reports a cluster without encryptionConfig", async () => {
    expect(await messages(eksSecretsEncryption, [cluster((i) => delete i.encryptionConfig)])).toEqual([
      `${WHO} sets no encryptionConfig, so its Secrets are encrypted only with an AWS-owned key; ${FIX}`,
    ]);
  });

  it("reports encryption that leaves out Secrets or names no key", async () => {
    const partial = cluster((i) => (i.encryptionConfig = { provider: {}, resources: ["configmaps"] }));
    expect(await messages(eksSecretsEncryption, [partial])).toEqual([
      `${WHO} encryptionConfig.provider.keyArn names no KMS key; ${FIX}`,
      `${WHO} encryptionConfig.resources does not include "secrets"; ${FIX}`,
    ]);
    const [v] = await violations([eksSecretsEncryption], [partial]);
    expect([v.enforcementLevel, v.severity]).toEqual(["mandatory", "high"]);
  });
});
