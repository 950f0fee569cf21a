import type { ResourceValidationPolicy } from "@pulumi/policy";
import { AWS_TYPES, describeAws } from "../lib/aws";
import { strictConfigSchema } from "../lib/config-schema";
import { cisAwsFoundations } from "../lib/frameworks";
import { text } from "../lib/pod-templates";

/**
 * Automatic rotation gives a key new key material every year (or every rotationPeriodInDays), so a leaked copy of old
 * material protects less. AWS KMS rotates only symmetric encryption keys in its own key store: asymmetric, HMAC and
 * signing keys, and keys in a custom key store, cannot rotate automatically (docs.aws.amazon.com/kms/latest/
 * developerguide/rotate-keys.html), and the policy does not apply to them.
 */
export const kmsKeyRotation: ResourceValidationPolicy = {
  name: "agentcloud-aws-kms-key-rotation",
  description:
    `Every symmetric encryption KMS key (${AWS_TYPES.key} with keyUsage ENCRYPT_DECRYPT and key spec SYMMETRIC_DEFAULT, ` +
    "the defaults) sets enableKeyRotation to true. Asymmetric, HMAC and signing keys (SIGN_VERIFY, GENERATE_VERIFY_MAC, " +
    "KEY_AGREEMENT) and keys in a custom key store cannot rotate automatically and are not judged.",
  enforcementLevel: "mandatory",
  severity: "medium",
  configSchema: strictConfigSchema(),
  framework: cisAwsFoundations("3.6 Ensure rotation for customer created symmetric CMKs is enabled"),
  tags: ["cis-aws-3.0:3.6"],
  remediationSteps:
    "Set enableKeyRotation: true on the key (agentcloud's customerManagedKey does), optionally with rotationPeriodInDays " +
    "(90 to 2560). For a signing key (an audit receipt's), rotate by creating a new key and switching to it.",
  validateResource: (args, report) => {
    if (args.type !== AWS_TYPES.key) return args.notApplicable(`Policy only applies to KMS keys (${AWS_TYPES.key})`);
    const usage = text(args.props.keyUsage) ?? "ENCRYPT_DECRYPT";
    const spec = text(args.props.customerMasterKeySpec) ?? "SYMMETRIC_DEFAULT";
    if (usage !== "ENCRYPT_DECRYPT" || spec !== "SYMMETRIC_DEFAULT") {
      return args.notApplicable("AWS KMS cannot rotate asymmetric, HMAC or signing keys automatically");
    }
    if (text(args.props.customKeyStoreId) !== undefined) {
      return args.notApplicable("AWS KMS cannot rotate keys in a custom key store automatically");
    }
    if (args.props.enableKeyRotation !== true) {
      report(
        `${describeAws("KMS key", args.name)} is a symmetric encryption key without automatic rotation; set enableKeyRotation to true.`,
      );
    }
  },
};
