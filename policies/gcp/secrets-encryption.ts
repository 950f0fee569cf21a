import type { ResourceValidationPolicy } from "@pulumi/policy";
import { strictConfigSchema } from "../lib/config-schema";
import { cisGke } from "../lib/frameworks";
import { GCP_TYPES, describeCluster, propsOf } from "../lib/gcp";
import { shownIfKnown } from "../lib/messages";
import { record } from "../lib/pod-templates";

const AT = "databaseEncryption";
/** GKE takes the key, not one of its versions (which would pin Secrets to a version rotation never replaces). */
const KEY_VERSION = /\/cryptoKeyVersions\//;
const FIX = `set ${AT} to {state: "ENCRYPTED", keyName: "projects/<p>/locations/<region>/keyRings/<ring>/cryptoKeys/<key>"}`;

/**
 * Kubernetes Secrets (agents' tool credentials among them) are encrypted in etcd with a Cloud KMS key the project
 * controls, not only with Google's default encryption (CIS GKE 5.3.1).
 */
export const secretsEncryption: ResourceValidationPolicy = {
  name: "agentcloud-gcp-secrets-encryption",
  description:
    `Every GKE cluster sets ${AT}.state to ENCRYPTED and ${AT}.keyName to a Cloud KMS key ` +
    "(projects/<p>/locations/<l>/keyRings/<r>/cryptoKeys/<k>, not a key version): application-layer Secrets encryption.",
  enforcementLevel: "mandatory",
  severity: "high",
  configSchema: strictConfigSchema(),
  framework: cisGke("5.3.1 Ensure Kubernetes Secrets are encrypted using keys managed in Cloud KMS"),
  tags: ["cis-gke-1.6:5.3.1"],
  remediationSteps:
    "Create a Cloud KMS key ring and key in the cluster's region, grant the GKE service agent " +
    "(service-<number>@container-engine-robot.iam.gserviceaccount.com) roles/cloudkms.cryptoKeyEncrypterDecrypter on " +
    `the key, and ${FIX} (agentcloud's GkeAgentCluster does).`,
  validateResource: (args, report) => {
    if (args.type !== GCP_TYPES.cluster) {
      return args.notApplicable("Policy only applies to GKE clusters (gcp:container/cluster:Cluster)");
    }
    const who = describeCluster(args);
    const encryption = propsOf(args)[AT];
    if (encryption === undefined || encryption === null) {
      report(`${who} does not set ${AT}, so its Secrets are not encrypted with a Cloud KMS key; ${FIX}.`);
      return;
    }
    const { state, keyName } = record(encryption);
    if (state !== "ENCRYPTED") {
      const shown = shownIfKnown(state, ["DECRYPTED", "UNKNOWN"], "a value other than ENCRYPTED");
      report(`${who} sets ${AT}.state to ${shown}, so its Secrets are not encrypted with a Cloud KMS key; ${FIX}.`);
    }
    if (typeof keyName !== "string" || keyName === "") {
      report(`${who} does not set ${AT}.keyName, so no Cloud KMS key encrypts its Secrets; ${FIX}.`);
    } else if (KEY_VERSION.test(keyName)) {
      report(`${who} sets ${AT}.keyName to a key version, not a key; ${FIX}.`);
    }
  },
};
