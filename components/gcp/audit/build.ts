import type * as pulumi from "@pulumi/pulumi";
import type * as storage from "@pulumi/gcp/storage";
import type { input } from "@pulumi/gcp/types";
import { GCP_LABELS } from "../../vocabulary";
import type { ResolvedGcsAuditBucket } from "./resolve";
import type { CloudKmsKeyArgs } from "../cluster/kms";
import { AUDIT_KEY_NAME } from "./spec";

/** Labels of the audit bucket and its key: policies hold labelled buckets to the audit rules. */
export const AUDIT_LABELS: Readonly<Record<string, string>> = { [GCP_LABELS.audit]: "true" };

/** The key's arguments for `cloudKmsKey`: in the bucket's location (a CMEK key must share it), named per bucket. */
export function auditKeyArgs(resolved: ResolvedGcsAuditBucket): Omit<CloudKmsKeyArgs, "labels"> {
  return { project: resolved.project, location: resolved.keyLocation, keyRingName: resolved.keyRingName, keyName: AUDIT_KEY_NAME };
}

/**
 * The bucket's arguments: uniform bucket-level access, public access prevention enforced, a locked retention policy,
 * CMEK, no versioning (a retention policy already keeps every object; versions would only keep overwritten ones
 * longer), colder storage classes by age, never force-destroyed.
 */
export function auditBucketArgs(resolved: ResolvedGcsAuditBucket, keyId: pulumi.Input<string>): storage.BucketArgs {
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
    encryption: { defaultKmsKeyName: keyId },
    versioning: { enabled: false },
    lifecycleRules: [toClass("NEARLINE", nearlineAfterDays), toClass("COLDLINE", coldlineAfterDays), toClass("ARCHIVE", archiveAfterDays)],
    forceDestroy: false,
    labels: { ...AUDIT_LABELS },
  };
}
