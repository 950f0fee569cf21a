import type { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { strictConfigSchema } from "../lib/config-schema";
import { owaspAgenticTop10 } from "../lib/frameworks";
import { annotation, hasFabricAcknowledgement, tenantNamespaceObjects } from "../lib/network";
import { record, text } from "../lib/pod-templates";
import { ANNOTATIONS, LABELS } from "../lib/vocabulary";

/** Cilium 1.20's transparent encryption types (values.yaml: "Can be one of ipsec, wireguard or ztunnel"). */
const ENCRYPTION_TYPES = ["wireguard", "ipsec", "ztunnel"];
/** The chart's default `encryption.type` (upstream/cilium/1.20.0/values.yaml), used when values leave it out. */
const CHART_DEFAULT_TYPE = "ipsec";
/** Helm resources of @pulumi/kubernetes that take `chart` and `values` inputs. */
const HELM_TYPE = /^kubernetes:helm\.sh\/v\d+:(Release|Chart)$/;

/** True when a chart reference names Cilium's chart: `cilium`, `<repo>/cilium`, an OCI or URL path ending in `/cilium`, or its `.tgz`. */
export function isCiliumChart(chart: unknown): boolean {
  if (typeof chart !== "string") return false;
  const last = chart.trim().replace(/\/+$/, "").split("/").pop() ?? "";
  return last === "cilium" || /^cilium-\d[^/]*\.tgz$/.test(last);
}

/** The name messages give a Helm resource: its `name` input when set, else its Pulumi name. */
function releaseName(resource: PolicyResource): string {
  return text(record(resource.props).name) ?? resource.name;
}

/** What is wrong with a Cilium release's encryption values, or undefined when encryption is on with a known type. */
function encryptionProblem(values: Record<string, unknown>): string | undefined {
  const encryption = record(values.encryption);
  if (encryption.enabled !== true) return "does not set values.encryption.enabled to true";
  const type = encryption.type ?? CHART_DEFAULT_TYPE;
  if (typeof type === "string" && ENCRYPTION_TYPES.includes(type)) return undefined;
  return "sets values.encryption.type to an unknown type";
}

/**
 * Agent traffic between nodes is encrypted: every Cilium Helm release turns transparent encryption on, and every
 * tenant namespace whose fabric states no encryption carries the named opt-out.
 */
export const encryptionInTransit: StackValidationPolicy = {
  name: "agentcloud-network-encryption-in-transit",
  description:
    "Every Helm Release or Chart of Cilium's chart (chart cilium, or an OCI/URL chart ending in /cilium) must set " +
    "values.encryption.enabled: true with values.encryption.type wireguard, ipsec or ztunnel (the chart's default type " +
    `is ipsec). Every Namespace labelled ${LABELS.tenant} whose ${ANNOTATIONS.networkEncryption} annotation is none, ` +
    `another value, or missing while ${ANNOTATIONS.networkFabric} is set, must carry ${ANNOTATIONS.unsafeNetworkFabric} ` +
    "with a non-blank reason.",
  enforcementLevel: "mandatory",
  severity: "high",
  configSchema: strictConfigSchema(),
  framework: owaspAgenticTop10("ASI07 Insecure Inter-Agent Communication: encrypt agent traffic between nodes"),
  tags: ["owasp-agentic-top10:ASI07"],
  remediationSteps:
    "Install Cilium with values {encryption: {enabled: true, type: wireguard}} (agentcloud's Cilium fabric does), or " +
    "ztunnel or ipsec. On a fabric without encryption, turn the fabric's encryption on (GKE Dataplane V2: inter-node " +
    "transparent encryption) and annotate the namespace with it, or state why the agents may run without it in the " +
    `fabric's unsafe reason, which agentcloud writes as ${ANNOTATIONS.unsafeNetworkFabric}.`,
  validateStack: (args, report) => {
    const releases = args.resources.filter((r) => HELM_TYPE.test(r.type) && isCiliumChart(record(r.props).chart));
    const namespaces = tenantNamespaceObjects(args.resources).filter(
      (n) =>
        annotation(n.annotations, ANNOTATIONS.networkFabric) !== undefined ||
        annotation(n.annotations, ANNOTATIONS.networkEncryption) !== undefined,
    );
    if (releases.length === 0 && namespaces.length === 0) {
      return args.notApplicable(
        `No Helm release of Cilium's chart, and no Namespace labelled ${LABELS.tenant} annotated ${ANNOTATIONS.networkFabric} or ${ANNOTATIONS.networkEncryption}`,
      );
    }
    for (const release of releases) {
      const problem = encryptionProblem(record(record(release.props).values));
      if (problem === undefined) continue;
      report(
        `Helm ${release.type.split(":").pop()} "${releaseName(release)}" installs Cilium and ${problem}; set values ` +
          "encryption: {enabled: true, type: wireguard} (or ipsec, ztunnel) so agent traffic between nodes is encrypted.",
        release.urn,
      );
    }
    for (const namespace of namespaces) {
      const encryption = annotation(namespace.annotations, ANNOTATIONS.networkEncryption);
      if (encryption !== undefined && ENCRYPTION_TYPES.includes(encryption)) continue;
      if (hasFabricAcknowledgement(namespace.annotations)) continue;
      const stated =
        encryption === undefined
          ? "states no encryption"
          : encryption === "none"
            ? 'says encryption "none"'
            : "names an unknown encryption";
      report(
        `Namespace "${namespace.name}" is a tenant namespace whose fabric ${stated} (${ANNOTATIONS.networkEncryption}) and ` +
          `it carries no ${ANNOTATIONS.unsafeNetworkFabric} reason; turn the fabric's encryption on (wireguard, ipsec or ` +
          "ztunnel), or state why the agents may run without it.",
        namespace.urn,
      );
    }
  },
};
