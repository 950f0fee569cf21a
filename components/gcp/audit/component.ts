import * as kms from "@pulumi/gcp/kms";
import * as storage from "@pulumi/gcp/storage";
import * as pulumi from "@pulumi/pulumi";
import { throwIfProblems } from "../../validation/argument-error";
import { cloudKmsKey } from "../cluster/kms";
import { AUDIT_LABELS, auditBucketArgs, auditKeyArgs } from "./build";
import { resolveGcsAuditBucket } from "./resolve";
import { KMS_ENCRYPTER_DECRYPTER_ROLE, type GcsAuditBucketArgs } from "./spec";
import { validateGcsAuditBucketArgs } from "./validate";

/**
 * A Cloud Storage bucket for audit records that nobody can shorten or erase: a **locked** retention policy (at least
 * 90 days), uniform bucket-level access, public access prevention enforced, encryption with its own Cloud KMS key
 * (rotated every 90 days; the project's Cloud Storage service agent may use it, granted before the bucket exists),
 * no versioning, colder storage classes by age, labelled `agentcloud-audit=true`. Locking is irreversible: the bucket
 * cannot be deleted while it holds objects younger than the retention period.
 */
export class GcsAuditBucket extends pulumi.ComponentResource {
  /** The bucket's name. */
  readonly bucketName: pulumi.Output<string>;
  /** The bucket's `gs://` URL. */
  readonly url: pulumi.Output<string>;
  /** The key's full resource name (`projects/.../cryptoKeys/audit-bucket`), the bucket's default KMS key. */
  readonly keyId: pulumi.Output<string>;
  /** The key ring's id. */
  readonly keyRingId: pulumi.Output<string>;
  /** Retention of every object, in days (plain). */
  readonly retentionDays: number;

  constructor(name: string, args: GcsAuditBucketArgs, opts: pulumi.ComponentResourceOptions = {}) {
    throwIfProblems(`GcsAuditBucket "${name}"`, validateGcsAuditBucketArgs(args));
    super("agentcloud:gcp:GcsAuditBucket", name, {}, opts);
    const resolved = resolveGcsAuditBucket(args);
    // The GCP layer's one key recipe (symmetric, software, 90-day rotation), in the bucket's location.
    const { keyRing, keyId } = cloudKmsKey(`${name}-key`, { ...auditKeyArgs(resolved), labels: { ...AUDIT_LABELS } }, { parent: this });
    // The bucket's writes are encrypted by the project's Cloud Storage service agent, which must hold the key role
    // before the bucket names the key (https://cloud.google.com/storage/docs/encryption/using-customer-managed-keys).
    const agent = storage.getProjectServiceAccountOutput({ project: resolved.project }, { parent: this });
    const keyUser = new kms.CryptoKeyIAMMember(
      `${name}-key-storage-agent`,
      { cryptoKeyId: keyId, role: KMS_ENCRYPTER_DECRYPTER_ROLE, member: pulumi.interpolate`serviceAccount:${agent.emailAddress}` },
      { parent: this },
    );
    const bucket = new storage.Bucket(`${name}-bucket`, auditBucketArgs(resolved, keyId), { parent: this, dependsOn: [keyUser] });
    this.bucketName = bucket.name;
    this.url = bucket.url;
    this.keyId = keyId;
    this.keyRingId = keyRing.id;
    this.retentionDays = resolved.retentionDays;
    this.registerOutputs({
      bucketName: this.bucketName,
      url: this.url,
      keyId: this.keyId,
      keyRingId: this.keyRingId,
      retentionDays: this.retentionDays,
    });
  }
}
