import { describe, expect, it } from "vitest";
import { gcpPolicies } from "../../../policies/gcp/pack";
import { registration, violations } from "../helpers";

describe("the GCP policies on malformed inputs", () => {
  it("judge odd shapes without throwing, failing closed", async () => {
    const regs = [
      registration("gcp:container/cluster:Cluster", "odd-cluster", {
        name: 5,
        privateClusterConfig: "yes",
        masterAuthorizedNetworksConfig: { cidrBlocks: [null, 7, { cidrBlock: 3 }] },
        nodeConfig: [],
        nodePools: [null, "pool", { nodeConfig: "x" }],
        databaseEncryption: [],
        clusterAutoscaling: { enabled: true, autoProvisioningDefaults: null },
      }),
      registration("gcp:container/nodePool:NodePool", "odd-pool", {
        cluster: 9,
        nodeConfig: {
          labels: null,
          taints: [null, 1, { key: "agentcloud.dev/sandbox", value: 5 }],
          guestAccelerators: [null],
          shieldedInstanceConfig: "on",
        },
        networkConfig: [],
      }),
      registration("gcp:projects/iAMBinding:IAMBinding", "odd-grant", {
        role: 5,
        members: [null, 3, "principalSet://iam.googleapis.com/projects/1/locations/global/workloadIdentityPools/p.svc.id.goog/x"],
      }),
      registration("gcp:serviceaccount/iAMMember:IAMMember", "odd-wi-user", {
        role: "roles/iam.workloadIdentityUser",
        serviceAccountId: 4,
      }),
      registration("gcp:storage/bucket:Bucket", "odd-bucket", {
        labels: { "agentcloud-audit": "true" },
        retentionPolicy: [],
        encryption: "kms",
      }),
    ];
    const found = await violations(gcpPolicies, regs);
    expect([...new Set(found.map((v) => v.policy))].sort()).toEqual(gcpPolicies.map((p) => p.name).sort());
    expect(found.filter((v) => v.policy === "agentcloud-gcp-audit-bucket").map((v) => v.message)).toEqual([
      'Cloud Storage bucket "odd-bucket" is an audit bucket (agentcloud-audit: "true") and does not set ' +
        "encryption.defaultKmsKeyName, so its objects are not encrypted with a Cloud KMS key the project controls; set it " +
        "to a Cloud KMS key (CMEK).",
      'Cloud Storage bucket "odd-bucket" is an audit bucket (agentcloud-audit: "true") and does not set ' +
        'publicAccessPrevention to "enforced", so it can be made public; set it to "enforced".',
      'Cloud Storage bucket "odd-bucket" is an audit bucket (agentcloud-audit: "true") and does not set ' +
        "retentionPolicy.isLocked to true, so its retention can be shortened or removed; set it to true.",
      'Cloud Storage bucket "odd-bucket" is an audit bucket (agentcloud-audit: "true") and does not set ' +
        "uniformBucketLevelAccess to true, so object ACLs can grant access IAM does not show; set it to true.",
      'Cloud Storage bucket "odd-bucket" is an audit bucket (agentcloud-audit: "true") and sets ' +
        'retentionPolicy.retentionPeriod to a value that is not a number of seconds; set retentionPolicy.retentionPeriod to "7776000" (90 days) or more.',
    ]);
  });
});
