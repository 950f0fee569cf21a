import type * as kms from "@pulumi/gcp/kms";
import type * as storage from "@pulumi/gcp/storage";
import type { input } from "@pulumi/gcp/types";
import { GCP_LABELS } from "../../vocabulary";
import type { ResolvedGcsAuditBucket } from "./resolve";
import { AUDIT_KEY_NAME, AUDIT_KEY_ROTATION_PERIOD } from "./spec";

/** Labels of the audit bucket and its key: policies hold labelled buckets to the audit rules. */
export const AUDIT_LABELS: Readonly<Record<string, string>> = { [GCP_LABELS.audit]: "true" };

/** The key ring's arguments: in the bucket's location. */
export function auditKeyRingArgs(resolved: ResolvedGcsAuditBucket): kms.KeyRingArgs {
  return { name: resolved.keyRingName, location: resolved.keyLocation, project: resolved.project };
}

/** The key's arguments: symmetric, rotated every 90 days, labelled as audit. */
export function auditKeyArgs(keyRingId: kms.CryptoKeyArgs["keyRing"]): kms.CryptoKeyArgs {
  return {
    name: AUDIT_KEY_NAME,
    keyRing: keyRingId,
    purpose: "ENCRYPT_DECRYPT",
    rotationPeriod: AUDIT_KEY_ROTATION_PERIOD,
    labels: { ...AUDIT_LABELS },
  };
}

/**
 * The bucket's arguments: uniform bucket-level access, public access prevention enforced, a locked retention policy,
 * CMEK, no versioning (a retention policy already keeps every object; versions would only keep overwritten ones
 * longer), colder storage classes by age, never force-destroyed.
 */
export function auditBucketArgs(resolved: ResolvedGcsAuditBucket): storage.BucketArgs {
  const { nearlineAfterDays, coldlineAfterDays, archiveAfterDays } = resolved.coldStorage;
  const toClass = (storageClass: string, age: number): input.storage.BucketLifecycleRule => ({
    action: { type: "SetStorageClass", storageClass },
    condition: { age },
  });
  return {
    name: resolved.bucketName,
    project: resolved.project,
    location: resolved.location,
    storageClass: "STANDARD",
    uniformBucketLevelAccess: true,
    publicAccessPrevention: "enforced",
    retentionPolicy: { retentionPeriod: String(resolved.retentionDays * 86_400), isLocked: true },
    encryption: { defaultKmsKeyName: resolved.keyName },
    versioning: { enabled: false },
    lifecycleRules: [toClass("NEARLINE", nearlineAfterDays), toClass("COLDLINE", coldlineAfterDays), toClass("ARCHIVE", archiveAfterDays)],
    forceDestroy: false,
    labels: { ...AUDIT_LABELS },
  };
}
