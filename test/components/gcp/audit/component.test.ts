import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { GcsAuditBucket, validateGcsAuditBucketArgs, type GcsAuditBucketArgs } from "../../../../components/gcp/audit";
import { ArgumentError } from "../../../../components/validation";
import { record, recordRejection } from "../../../helpers/pulumi";

const ARGS: GcsAuditBucketArgs = { project: "acme-agents", location: "europe-west4" };
const KEY = "projects/acme-agents/locations/europe-west4/keyRings/acme-agents-agentcloud-audit-ring/cryptoKeys/audit-bucket";

function value<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => output.apply(resolve));
}

describe("GcsAuditBucket", () => {
  it("creates a locked, CMEK-encrypted, private bucket after granting the storage service agent its key", async () => {
    let audit: GcsAuditBucket | undefined;
    const rec = await record(() => {
      audit = new GcsAuditBucket("audit", ARGS);
    });
    const component = rec.named("audit");
    expect(component.type).toBe("agentcloud:gcp:GcsAuditBucket");
    expect(
      rec.registrations
        .filter((r) => r.parent === component.urn)
        .map((r) => `${r.type} ${r.name}`)
        .sort(),
    ).toEqual([
      "gcp:kms/cryptoKey:CryptoKey audit-key",
      "gcp:kms/cryptoKeyIAMMember:CryptoKeyIAMMember audit-key-storage-agent",
      "gcp:kms/keyRing:KeyRing audit-key-keyring",
      "gcp:storage/bucket:Bucket audit-bucket",
    ]);
    expect(rec.named("audit-key-keyring").inputs).toEqual({
      name: "acme-agents-agentcloud-audit-ring",
      location: "europe-west4",
      project: "acme-agents",
    });
    expect(rec.named("audit-key").inputs).toEqual({
      name: "audit-bucket",
      keyRing: "projects/acme-agents/locations/europe-west4/keyRings/acme-agents-agentcloud-audit-ring",
      purpose: "ENCRYPT_DECRYPT",
      rotationPeriod: "7776000s",
      versionTemplate: { algorithm: "GOOGLE_SYMMETRIC_ENCRYPTION", protectionLevel: "SOFTWARE" },
      labels: { "agentcloud-audit": "true" },
    });
    const keyUser = rec.named("audit-key-storage-agent");
    expect(keyUser.inputs).toEqual({
      cryptoKeyId: KEY,
      role: "roles/cloudkms.cryptoKeyEncrypterDecrypter",
      member: "serviceAccount:service-123456789012@gs-project-accounts.iam.gserviceaccount.com",
    });
    const bucket = rec.named("audit-bucket");
    expect(bucket.inputs).toEqual({
      name: "acme-agents-agentcloud-audit",
      project: "acme-agents",
      location: "europe-west4",
      storageClass: "STANDARD",
      uniformBucketLevelAccess: true,
      publicAccessPrevention: "enforced",
      retentionPolicy: { retentionPeriod: "31536000", isLocked: true },
      encryption: { defaultKmsKeyName: KEY },
      versioning: { enabled: false },
      lifecycleRules: [
        { action: { type: "SetStorageClass", storageClass: "NEARLINE" }, condition: { age: 30 } },
        { action: { type: "SetStorageClass", storageClass: "COLDLINE" }, condition: { age: 90 } },
        { action: { type: "SetStorageClass", storageClass: "ARCHIVE" }, condition: { age: 365 } },
      ],
      forceDestroy: false,
      labels: { "agentcloud-audit": "true" },
    });
    // The key grant comes first: the bucket cannot use a key its service agent may not use.
    expect(bucket.dependencies).toContain(keyUser.urn);
    expect(keyUser.dependencies).toContain(rec.named("audit-key").urn);
    expect(await value(audit!.bucketName)).toBe("acme-agents-agentcloud-audit");
    expect(await value(audit!.url)).toBe("gs://acme-agents-agentcloud-audit");
    expect(await value(audit!.keyId)).toBe(KEY);
    expect(audit!.retentionDays).toBe(365);
  });

  it("takes the name, retention and storage-class ages from args; a multi-region's key lives in its KMS multi-region", async () => {
    const rec = await record(() => {
      new GcsAuditBucket("audit", {
        project: "acme-agents",
        location: "EU",
        bucketName: "acme-audit_records",
        retentionDays: 36524,
        coldStorage: { nearlineAfterDays: 7, archiveAfterDays: 180 },
      });
    });
    expect(rec.named("audit-key-keyring").inputs).toEqual({ name: "acme-audit_records-ring", location: "europe", project: "acme-agents" });
    const bucket = rec.named("audit-bucket").inputs as any;
    expect(bucket.location).toBe("EU");
    expect(bucket.retentionPolicy).toEqual({ retentionPeriod: "3155673600", isLocked: true });
    expect(bucket.encryption).toEqual({
      defaultKmsKeyName: "projects/acme-agents/locations/europe/keyRings/acme-audit_records-ring/cryptoKeys/audit-bucket",
    });
    expect(bucket.lifecycleRules.map((r: any) => [r.action.storageClass, r.condition.age])).toEqual([
      ["NEARLINE", 7],
      ["COLDLINE", 90],
      ["ARCHIVE", 180],
    ]);
  });

  it("rejects a retention above the Cloud Storage maximum before creating anything", async () => {
    const { error, rec } = await recordRejection(() => new GcsAuditBucket("audit", { ...ARGS, retentionDays: 36525 }));
    expect(error).toBeInstanceOf(ArgumentError);
    expect((error as Error).message).toBe(
      'GcsAuditBucket "audit" has 1 invalid argument:\n' +
        "  - retentionDays: is above Cloud Storage's maximum retention period (under 3,155,760,000 seconds, 100 years) (got 36525); " +
        "fix: set retentionDays to 36524 or less",
    );
    expect(rec.registrations).toEqual([]);
  });

  it("rejects a retention below the minimum, or not in whole days", () => {
    expect(validateGcsAuditBucketArgs({ ...ARGS, retentionDays: 89 })).toEqual([
      {
        argument: "retentionDays",
        value: 89,
        problem: "is below the minimum retention of audit records, 90 days",
        fix: "set retentionDays to 90 or more",
      },
    ]);
    expect(validateGcsAuditBucketArgs({ ...ARGS, retentionDays: 90 })).toEqual([]);
    expect(validateGcsAuditBucketArgs({ ...ARGS, retentionDays: 365.5 })).toEqual([
      { argument: "retentionDays", value: 365.5, problem: "must be a whole number of days", fix: "set retentionDays to e.g. 365" },
    ]);
  });

  it("rejects bad names, locations and unordered storage-class ages, all at once", () => {
    expect(
      validateGcsAuditBucketArgs({
        project: "acme-agents",
        location: "mars",
        bucketName: "google-audit",
        coldStorage: { nearlineAfterDays: 90, coldlineAfterDays: 30 },
      }),
    ).toEqual([
      {
        argument: "location",
        value: "mars",
        problem: "must be a region (like europe-west4) or the multi-region EU, US or ASIA",
        fix: 'use the cluster\'s region, like "europe-west4"',
      },
      {
        argument: "bucketName",
        value: "google-audit",
        problem:
          "must be a Cloud Storage bucket name: 3 to 63 lower-case letters, digits, '-' or '_', starting and ending with a letter or digit, not starting with \"goog\" or containing \"google\"",
        fix: 'use a name like "acme-agents-agentcloud-audit"',
      },
      {
        argument: "coldStorage",
        value: { nearlineAfterDays: 90, coldlineAfterDays: 30, archiveAfterDays: 365 },
        problem: "must move objects to colder classes as they age: nearlineAfterDays < coldlineAfterDays < archiveAfterDays",
        fix: "order the ages, e.g. 30, 90 and 365 days",
      },
    ]);
    expect(validateGcsAuditBucketArgs({ project: "Acme", location: "europe-west4" }).map((p) => p.argument)).toEqual(["project"]);
    for (const bad of ["ab", "goog-audit", "Audit", "audit.example.com", "-audit", `a${"b".repeat(63)}`]) {
      expect(validateGcsAuditBucketArgs({ ...ARGS, bucketName: bad }).map((p) => p.argument)).toEqual(["bucketName"]);
    }
  });
});
