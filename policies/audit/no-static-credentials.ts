import type { StackValidationPolicy } from "@pulumi/policy";
import { entry, outputsOf, shipperReleases, type ShipperRelease } from "../lib/audit";
import { strictConfigSchema } from "../lib/config-schema";
import { owaspAgenticTop10 } from "../lib/frameworks";
import { record, text } from "../lib/pod-templates";
import { AUDIT } from "../lib/vocabulary";

/** Environment variables the AWS and Google SDKs (and Fluent Bit's outputs) read static credentials from. */
const CREDENTIAL_ENV = [
  "AWS_ACCESS_KEY_ID",
  "AWS_SECRET_ACCESS_KEY",
  "AWS_SESSION_TOKEN",
  "GOOGLE_APPLICATION_CREDENTIALS",
  "GOOGLE_SERVICE_CREDENTIALS",
  "SERVICE_ACCOUNT_SECRET",
];
/** Output keys that take a credentials file or a private key (Fluent Bit's stackdriver output). */
const CREDENTIAL_KEYS = ["google_service_credentials", "service_account_secret"];
/** Resources that are long-lived cloud keys. */
const KEY_TYPES = ["aws:iam/accessKey:AccessKey", "gcp:serviceaccount/key:Key"];

/** Where one release takes static credentials from, as phrases. */
function staticSources(release: ShipperRelease): string[] {
  const found: string[] = [];
  const env = Array.isArray(release.values.env) ? release.values.env : [];
  for (const item of env) {
    const name = text(record(item).name);
    if (name !== undefined && CREDENTIAL_ENV.includes(name)) found.push(`environment variable ${name}`);
  }
  const envFrom = Array.isArray(release.values.envFrom) ? release.values.envFrom : [];
  envFrom.forEach((item, i) => {
    const secret = text(record(record(item).secretRef).name);
    if (secret !== undefined) found.push(`envFrom[${i}] (Secret ${JSON.stringify(secret)})`);
  });
  for (const output of outputsOf(release)) {
    for (const key of CREDENTIAL_KEYS) {
      if (entry(output, key) !== undefined)
        found.push(`output ${JSON.stringify(entry(output, "alias") ?? entry(output, "name"))} key ${key}`);
    }
  }
  return found;
}

/**
 * The audit shipper writes the record nobody may rewrite: a static key could be copied and used from anywhere, and
 * outlives any rotation. The shipper's identity is the cloud's workload identity bound to its ServiceAccount (IRSA or
 * EKS Pod Identity, GKE Workload Identity), and the stack creates no long-lived cloud keys next to it.
 */
export const noStaticCredentials: StackValidationPolicy = {
  name: "agentcloud-audit-no-static-credentials",
  description:
    `Helm releases of ${AUDIT.chart} (the audit shipper) take no static cloud credentials: no ${CREDENTIAL_ENV.join(", ")} ` +
    `environment variables, no envFrom Secrets, no ${CREDENTIAL_KEYS.join(" or ")} output keys; and a stack with the ` +
    `shipper creates no long-lived cloud keys (${KEY_TYPES.join(", ")}).`,
  enforcementLevel: "mandatory",
  severity: "high",
  configSchema: strictConfigSchema(),
  framework: owaspAgenticTop10("ASI03 Identity and Privilege Abuse: no long-lived credentials where workload identity serves"),
  tags: ["owasp-agentic-top10:ASI03", "cis-gke-1.6:5.2.2"],
  remediationSteps:
    "Bind the shipper's ServiceAccount to a cloud identity instead (AwsAuditShipping sets its IRSA role annotation; " +
    "GcpAuditShipping grants its Workload Identity principal), remove the credential variables, Secrets and keys, and " +
    "delete any access key or service account key created for it.",
  validateStack: (args, report) => {
    const releases = shipperReleases(args.resources);
    if (releases.length === 0) return args.notApplicable(`No Helm release of ${AUDIT.chart} (no audit shipper) in the stack`);
    for (const release of releases) {
      const sources = staticSources(release);
      if (sources.length > 0) {
        report(
          `${release.label} (the audit shipper) takes static cloud credentials from ${sources.join(", ")}; bind a workload identity to its ServiceAccount instead.`,
          release.resource.urn,
        );
      }
    }
    for (const key of args.resources.filter((r) => KEY_TYPES.includes(r.type))) {
      report(
        `${key.type.split(":").pop()} ${JSON.stringify(key.name)} is a long-lived cloud key in a stack with the audit shipper; delete it and use workload identity.`,
        key.urn,
      );
    }
  },
};
