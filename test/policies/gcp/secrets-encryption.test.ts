import { describe, expect, it } from "vitest";
import { evaluatePolicies } from "../../../cli/policy-harness";
import { secretsEncryption } from "../../../policies/gcp/secrets-encryption";
import { messages, violations } from "../helpers";
import { gkeCluster, gkeStack } from "./objects";

const FIX = 'set databaseEncryption to {state: "ENCRYPTED", keyName: "projects/<p>/locations/<region>/keyRings/<ring>/cryptoKeys/<key>"}.';

describe("agentcloud-gcp-secrets-encryption", () => {
  it("passes agentcloud's cluster, whatever the key's id looks like (ids are the provider's)", async () => {
    const mockId = gkeCluster((c) => (c.databaseEncryption = { state: "ENCRYPTED", keyName: "agents-secrets-id" }), "mock");
    expect(await messages(secretsEncryption, [...gkeStack(), mockId])).toEqual([]);
  });

  it("flags a cluster without application-layer Secrets encryption, with URN and severity", async () => {
    const found = await violations([secretsEncryption], [gkeCluster((c) => delete c.databaseEncryption)]);
    expect(found.map((v) => [v.message, v.urn, v.severity])).toEqual([
      [
        `GKE cluster "agents" does not set databaseEncryption, so its Secrets are not encrypted with a Cloud KMS key; ${FIX}`,
        "urn:pulumi:test::test::gcp:container/cluster:Cluster::agents-cluster",
        "high",
      ],
    ]);
  });

  it("flags a decrypted state, a missing key and a key version, showing only known states", async () => {
    const decrypted = gkeCluster((c) => (c.databaseEncryption = { state: "DECRYPTED" }), "decrypted");
    const odd = gkeCluster((c) => (c.databaseEncryption = { state: "CANARY", keyName: "" }), "odd");
    const version = gkeCluster(
      (c) =>
        (c.databaseEncryption = {
          state: "ENCRYPTED",
          keyName: "projects/p/locations/l/keyRings/r/cryptoKeys/k/cryptoKeyVersions/1",
        }),
      "version",
    );
    expect(await messages(secretsEncryption, [decrypted, odd, version])).toEqual([
      `GKE cluster "decrypted" does not set databaseEncryption.keyName, so no Cloud KMS key encrypts its Secrets; ${FIX}`,
      `GKE cluster "decrypted" sets databaseEncryption.state to "DECRYPTED", so its Secrets are not encrypted with a ` +
        `Cloud KMS key; ${FIX}`,
      `GKE cluster "odd" does not set databaseEncryption.keyName, so no Cloud KMS key encrypts its Secrets; ${FIX}`,
      'GKE cluster "odd" sets databaseEncryption.state to a value other than ENCRYPTED, so its Secrets are not ' +
        `encrypted with a Cloud KMS key; ${FIX}`,
      `GKE cluster "version" sets databaseEncryption.keyName to a key version, not a key; ${FIX}`,
    ]);
  });

  it("applies to clusters only", async () => {
    const evaluation = await evaluatePolicies([secretsEncryption], gkeStack());
    expect(evaluation.notApplicable).toEqual({ "agentcloud-gcp-secrets-encryption": 4 });
  });
});
