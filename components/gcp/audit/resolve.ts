import { AUDIT_KEY_NAME, DEFAULT_AUDIT_RETENTION_DAYS, DEFAULT_COLD_STORAGE, type GcsAuditBucketArgs, type GcsColdStorage } from "./spec";

/** The key locations of the Cloud Storage multi-regions (a CMEK key must be in the bucket's location). */
export const MULTI_REGION_KEY_LOCATIONS: Readonly<Record<string, string>> = { EU: "europe", US: "us", ASIA: "asia" };

/** An audit bucket with every name and default filled in. */
export interface ResolvedGcsAuditBucket {
  /** The project id. */
  project: string;
  /** The bucket's location, as given. */
  location: string;
  /** The bucket's name. */
  bucketName: string;
  /** Retention in days. */
  retentionDays: number;
  /** Ages of the colder storage classes. */
  coldStorage: Required<GcsColdStorage>;
  /** Cloud KMS location of the key: the region, or the multi-region's KMS name. */
  keyLocation: string;
  /** The key ring's name. */
  keyRingName: string;
  /** The key's full resource name, `projects/P/locations/L/keyRings/R/cryptoKeys/K`. */
  keyName: string;
}

/** The bucket's settings: names derived from the project, defaults filled in. */
export function resolveGcsAuditBucket(args: GcsAuditBucketArgs): ResolvedGcsAuditBucket {
  const bucketName = args.bucketName ?? `${args.project}-agentcloud-audit`;
  const location = typeof args.location === "string" ? args.location : "";
  const keyLocation = MULTI_REGION_KEY_LOCATIONS[location.toUpperCase()] ?? location.toLowerCase();
  // Key ring names allow 63 characters; key rings cannot be deleted, so the name is stable per bucket.
  const keyRingName = `${bucketName.slice(0, 58)}-ring`;
  return {
    project: args.project,
    location,
    bucketName,
    retentionDays: args.retentionDays ?? DEFAULT_AUDIT_RETENTION_DAYS,
    coldStorage: { ...DEFAULT_COLD_STORAGE, ...args.coldStorage },
    keyLocation,
    keyRingName,
    keyName: `projects/${args.project}/locations/${keyLocation}/keyRings/${keyRingName}/cryptoKeys/${AUDIT_KEY_NAME}`,
  };
}
