import * as kms from "@pulumi/gcp/kms";
import * as pulumi from "@pulumi/pulumi";

/** Rotation period of agentcloud's Cloud KMS keys: 90 days (CIS GCP Foundations 1.10 asks for at most 90). */
export const KMS_ROTATION_PERIOD = "7776000s";

/** Arguments of {@link cloudKmsKey}. */
export interface CloudKmsKeyArgs {
  /** Project id of the key ring (the full key name needs it). */
  project: pulumi.Input<string>;
  /** Location of the key ring: the region of what it encrypts (GKE Secrets and Cloud Storage CMEK need the same location). */
  location: pulumi.Input<string>;
  /** Name of the key ring. */
  keyRingName: string;
  /** Name of the key. */
  keyName: string;
  /**
   * GCP labels of the key.
   * @default {}
   */
  labels?: Record<string, string>;
}

/** A key ring, its symmetric key and the key's full resource name. */
export interface CloudKmsKey {
  /** The key ring. */
  keyRing: kms.KeyRing;
  /** The key. */
  key: kms.CryptoKey;
  /** `projects/<p>/locations/<l>/keyRings/<ring>`: the key ring's full name (its id), known from the arguments. */
  keyRingId: pulumi.Output<string>;
  /** `projects/<p>/locations/<l>/keyRings/<ring>/cryptoKeys/<key>`: what `databaseEncryption.keyName` and CMEK take. */
  keyId: pulumi.Output<string>;
}

/**
 * A Cloud KMS key ring (`${name}-keyring`) and a symmetric encrypt/decrypt key (`name`) with
 * automatic rotation every 90 days and software protection. Key rings cannot be deleted in GCP; the key is protected
 * from `pulumi destroy` by its scheduled-destruction window (the provider's default, 30 days).
 */
export function cloudKmsKey(name: string, args: CloudKmsKeyArgs, opts: pulumi.CustomResourceOptions): CloudKmsKey {
  const keyRing = new kms.KeyRing(`${name}-keyring`, { project: args.project, name: args.keyRingName, location: args.location }, opts);
  const ringPath = pulumi.interpolate`projects/${args.project}/locations/${args.location}/keyRings/${keyRing.name}`;
  const key = new kms.CryptoKey(
    name,
    {
      name: args.keyName,
      keyRing: ringPath,
      purpose: "ENCRYPT_DECRYPT",
      rotationPeriod: KMS_ROTATION_PERIOD,
      versionTemplate: { algorithm: "GOOGLE_SYMMETRIC_ENCRYPTION", protectionLevel: "SOFTWARE" },
      labels: { ...(args.labels ?? {}) },
    },
    opts,
  );
  return { keyRing, key, keyRingId: ringPath, keyId: pulumi.interpolate`${key.keyRing}/cryptoKeys/${key.name}` };
}
