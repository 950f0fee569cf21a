/** When audit objects move to colder (cheaper to keep, dearer to read) storage classes, by age in days. */
export interface GcsColdStorage {
  /**
   * Age at which objects move to NEARLINE.
   * @default 30
   */
  nearlineAfterDays?: number;
  /**
   * Age at which objects move to COLDLINE (after `nearlineAfterDays`).
   * @default 90
   */
  coldlineAfterDays?: number;
  /**
   * Age at which objects move to ARCHIVE (after `coldlineAfterDays`).
   * @default 365
   */
  archiveAfterDays?: number;
}

/** Arguments of `GcsAuditBucket`. */
export interface GcsAuditBucketArgs {
  /** The project id (plain: the bucket and key names derive from it). */
  project: string;
  /**
   * Where the bucket and its key live: a region such as `europe-west4`, or the multi-region `EU`, `US` or `ASIA`
   * (its key then lives in `europe`, `us` or `asia`: a CMEK key must share the bucket's location).
   */
  location: string;
  /**
   * The bucket's name (3 to 63 lower-case letters, digits, '-' or '_', no dots, not starting with `goog` or
   * containing `google`; bucket names are global).
   * @default - `<project>-agentcloud-audit`
   */
  bucketName?: string;
  /**
   * How long every object is kept, in days: the bucket's retention policy, **locked** (nobody, owners included, can
   * shorten or remove it, and the bucket cannot be deleted while it holds objects). At least 90; at most 36524
   * (Cloud Storage's maximum is just under 3,155,760,000 seconds, 100 years).
   * @default 365
   */
  retentionDays?: number;
  /**
   * Ages at which objects move to colder storage classes.
   * @default { nearlineAfterDays: 30, coldlineAfterDays: 90, archiveAfterDays: 365 }
   */
  coldStorage?: GcsColdStorage;
}

/** Default retention of audit objects, in days. */
export const DEFAULT_AUDIT_RETENTION_DAYS = 365;
/** The shortest retention agentcloud accepts, in days (the GCP policy's default minimum too). */
export const MINIMUM_AUDIT_RETENTION_DAYS = 90;
/** Cloud Storage's retention limit: the period must be below 3,155,760,000 seconds (100 years). */
export const GCS_MAX_RETENTION_SECONDS = 3_155_760_000;
/** The longest retention in whole days below the limit. */
export const MAXIMUM_AUDIT_RETENTION_DAYS = Math.floor((GCS_MAX_RETENTION_SECONDS - 1) / 86_400);
/** Default ages of the colder storage classes. */
export const DEFAULT_COLD_STORAGE: Required<GcsColdStorage> = { nearlineAfterDays: 30, coldlineAfterDays: 90, archiveAfterDays: 365 };
/** The key's name within its key ring. */
export const AUDIT_KEY_NAME = "audit-bucket";
/** The role the Cloud Storage service agent needs on a CMEK key. */
export const KMS_ENCRYPTER_DECRYPTER_ROLE = "roles/cloudkms.cryptoKeyEncrypterDecrypter";
