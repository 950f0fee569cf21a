import type { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { strictConfigSchema } from "../lib/config-schema";
import { owaspAgenticTop10 } from "../lib/frameworks";
import { record, text } from "../lib/pod-templates";
import { AWS_TAGS, GCP_LABELS } from "../lib/vocabulary";

const AWS_KEY = "aws:kms/key:Key";
const AWS_EXTERNAL_KEY = "aws:kms/externalKey:ExternalKey";
const GCP_KEY = "gcp:kms/cryptoKey:CryptoKey";

/** True for a resource tagged (AWS) or labelled (GCP) as an audit resource. */
function audit(resource: PolicyResource): boolean {
  const props = record(resource.props);
  return record(props.tags)[AWS_TAGS.audit] === "true" || record(props.labels)[GCP_LABELS.audit] === "true";
}

/** What makes one signing key exportable or unverifiable, as phrases. */
function keyProblems(resource: PolicyResource): string[] {
  const props = record(resource.props);
  if (resource.type === AWS_EXTERNAL_KEY) return ["holds imported key material, a copy of which exists outside AWS KMS"];
  if (resource.type === AWS_KEY) {
    const problems: string[] = [];
    if (text(props.xksKeyId) !== undefined) problems.push("lives in an external key store, outside AWS KMS");
    const spec = text(props.customerMasterKeySpec) ?? text(props.keySpec);
    if (spec !== "ECC_NIST_EDWARDS25519")
      problems.push(
        `has key spec ${JSON.stringify(spec ?? "SYMMETRIC_DEFAULT")}, not ECC_NIST_EDWARDS25519 (Ed25519), which the verifier checks`,
      );
    return problems;
  }
  const problems: string[] = [];
  if (props.importOnly === true) problems.push("is importOnly: its key material is imported, so a copy exists outside Cloud KMS");
  const template = record(props.versionTemplate);
  const level = text(template.protectionLevel);
  if (level === "EXTERNAL" || level === "EXTERNAL_VPC") problems.push(`has protection level ${level}, outside Cloud KMS`);
  if (text(template.algorithm) !== "EC_SIGN_ED25519") {
    problems.push(
      `has algorithm ${JSON.stringify(text(template.algorithm) ?? "(none)")}, not EC_SIGN_ED25519 (Ed25519), which the verifier checks`,
    );
  }
  return problems;
}

/** The stack's receipt-signing keys: audit-tagged signing keys (AWS SIGN_VERIFY, GCP ASYMMETRIC_SIGN) and imported keys. */
function signingKeys(resources: readonly PolicyResource[]): PolicyResource[] {
  return resources.filter((r) => {
    if (!audit(r)) return false;
    const props = record(r.props);
    if (r.type === AWS_KEY) return props.keyUsage === "SIGN_VERIFY";
    if (r.type === AWS_EXTERNAL_KEY) return props.keyUsage === "SIGN_VERIFY";
    return r.type === GCP_KEY && props.purpose === "ASYMMETRIC_SIGN";
  });
}

/**
 * A checkpoint signature proves the receipts only while nobody else holds the key: the fleet's receipt-signing key is
 * generated inside the cloud's KMS and never leaves it (no imported material, no external key store), and it is an
 * Ed25519 key, the algorithm `agentcloud audit verify` checks.
 */
export const signingKeyNotExportable: StackValidationPolicy = {
  name: "agentcloud-audit-signing-key-not-exportable",
  description:
    `Receipt-signing keys (${AWS_KEY} with keyUsage SIGN_VERIFY tagged ${AWS_TAGS.audit}, ${GCP_KEY} with purpose ` +
    `ASYMMETRIC_SIGN labelled ${GCP_LABELS.audit}) are generated in KMS and stay there: no imported material ` +
    `(${AWS_EXTERNAL_KEY}, importOnly), no external key store or protection level; and they are Ed25519 ` +
    "(ECC_NIST_EDWARDS25519, EC_SIGN_ED25519).",
  enforcementLevel: "mandatory",
  severity: "high",
  configSchema: strictConfigSchema(),
  framework: owaspAgenticTop10("ASI09 Human-Agent Trust Exploitation: receipts sealed by a key nobody can copy"),
  tags: ["owasp-agentic-top10:ASI09", "owasp-agentic-top10:ASI03"],
  remediationSteps:
    "Create the key with AwsAuditShipping (AWS KMS ECC_NIST_EDWARDS25519) or GcpAuditShipping (Cloud KMS EC_SIGN_ED25519): " +
    "generated in KMS, sign only, never imported.",
  validateStack: (args, report) => {
    const keys = signingKeys(args.resources);
    if (keys.length === 0) return args.notApplicable("No receipt-signing key (an audit-tagged signing key) in the stack");
    for (const key of keys) {
      const problems = keyProblems(key);
      if (problems.length > 0) report(`${key.type.split(":").pop()} ${JSON.stringify(key.name)} ${problems.join("; ")}.`, key.urn);
    }
  },
};
