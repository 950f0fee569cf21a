import { stringify } from "yaml";
import { sortKeys } from "./canonical";
import { isKubernetesObjectRegistration, type KubernetesObject } from "./kubernetes-objects";
import type { Registration } from "./mock-runtime";
import type { AnyPolicy, PolicyEvaluation } from "./policy-harness";
import { redactSecrets } from "./secrets";

const HELM_RELEASE = "kubernetes:helm.sh/v3:Release";

/** Kinds in the order `kubectl apply` should meet them within a namespace file; others follow by name. */
const KIND_ORDER = [
  "Namespace",
  "CustomResourceDefinition",
  "PriorityClass",
  "RuntimeClass",
  "ClusterRole",
  "ClusterRoleBinding",
  "ServiceAccount",
  "Role",
  "RoleBinding",
  "ConfigMap",
  "Secret",
  "ResourceQuota",
  "LimitRange",
  "NetworkPolicy",
  "Service",
  "PersistentVolumeClaim",
  "Deployment",
  "StatefulSet",
  "DaemonSet",
  "Job",
  "CronJob",
  "PodDisruptionBudget",
];

function kindRank(kind: string): number {
  const i = KIND_ORDER.indexOf(kind);
  return i === -1 ? KIND_ORDER.length : i;
}

/** What places and orders an object in the manifests, read from its redacted metadata (the object itself waits). */
interface ManifestEntry {
  registration: Registration;
  kind: string;
  name: string;
  namespace?: string;
}

function entry(registration: Registration): ManifestEntry {
  const metadata = redactSecrets(registration.inputs.metadata) as KubernetesObject["metadata"] | undefined;
  return {
    registration,
    kind: registration.inputs.kind as string,
    name: String(metadata?.name),
    namespace: metadata?.namespace || undefined,
  };
}

function compareEntries(a: ManifestEntry, b: ManifestEntry): number {
  return kindRank(a.kind) - kindRank(b.kind) || a.kind.localeCompare(b.kind) || a.name.localeCompare(b.name);
}

/** apiVersion, kind, metadata first (as people write manifests), everything below sorted. */
function manifestOrder(object: KubernetesObject): Record<string, unknown> {
  const sorted = sortKeys(object) as Record<string, unknown>;
  const { apiVersion, kind, metadata, ...rest } = sorted;
  return { apiVersion, kind, metadata, ...rest };
}

/** One YAML document per object, `---` between them; each object is redacted and rendered only when its turn comes. */
function* yamlDocuments(entries: readonly ManifestEntry[]): Generator<string> {
  for (const [i, { registration }] of entries.entries()) {
    const object = redactSecrets(registration.inputs) as unknown as KubernetesObject;
    yield `${i > 0 ? "---\n" : ""}${stringify(manifestOrder(object), { lineWidth: 0 })}`;
  }
}

/**
 * Groups objects into files `kubectl apply -f manifests/` takes in lexical order: cluster-scoped objects
 * (namespaces first), then one file per namespace. CRDs go to `crds/crds.yaml` (the key says its folder), applied
 * first on their own: kubectl resolves every kind in a folder before applying any, so a custom resource next to
 * its CRD fails on a fresh cluster. Each file's content is rendered object by object as it is read, so a large
 * plan never holds all its YAML at once.
 */
export function manifestFileChunks(registrations: readonly Registration[]): Record<string, Iterable<string>> {
  const crds: ManifestEntry[] = [];
  const cluster: ManifestEntry[] = [];
  const byNamespace = new Map<string, ManifestEntry[]>();
  for (const r of registrations) {
    if (!isKubernetesObjectRegistration(r)) continue;
    const e = entry(r);
    if (e.kind === "CustomResourceDefinition") crds.push(e);
    else if (!e.namespace) cluster.push(e);
    if (!e.namespace) continue;
    const inNamespace = byNamespace.get(e.namespace);
    if (inNamespace) inNamespace.push(e);
    else byNamespace.set(e.namespace, [e]);
  }
  const files: Record<string, Iterable<string>> = {};
  if (crds.length > 0) files["crds/crds.yaml"] = yamlDocuments(crds.sort(compareEntries));
  if (cluster.length > 0) files["01-cluster.yaml"] = yamlDocuments(cluster.sort(compareEntries));
  for (const ns of [...byNamespace.keys()].sort()) files[`10-${ns}.yaml`] = yamlDocuments(byNamespace.get(ns)!.sort(compareEntries));
  return files;
}

/** {@link manifestFileChunks} with each file's content as one string (for tests and small plans). */
export function manifestFiles(registrations: readonly Registration[]): Record<string, string> {
  return Object.fromEntries(Object.entries(manifestFileChunks(registrations)).map(([name, chunks]) => [name, [...chunks].join("")]));
}

/** The Helm releases of the plan: chart, repository, version, namespace and values of each. */
export function helmReleases(registrations: readonly Registration[]): Record<string, unknown>[] {
  return registrations
    .filter((r) => r.type === HELM_RELEASE)
    .map((r) => {
      const i = redactSecrets(r.inputs) as {
        name?: string;
        chart?: string;
        version?: string;
        namespace?: string;
        values?: unknown;
        repositoryOpts?: { repo?: string };
      };
      return {
        resource: r.name,
        release: i.name ?? r.name,
        chart: i.chart,
        repository: i.repositoryOpts?.repo ?? (i.chart?.startsWith("oci://") ? i.chart.slice(0, i.chart.lastIndexOf("/")) : undefined),
        version: i.version,
        namespace: i.namespace ?? "default",
        values: sortKeys(i.values ?? {}),
      };
    })
    .sort((a, b) => `${a.namespace}/${a.release}`.localeCompare(`${b.namespace}/${b.release}`));
}

export function helmReleasesYaml(registrations: readonly Registration[]): string {
  return stringify({ releases: helmReleases(registrations) }, { lineWidth: 0 });
}

/**
 * `resources.json`: every registration, by URN, as canonical JSON (keys sorted, two-space indent). Yields one
 * resource at a time, redacted and rendered as it is read, so output size does not multiply memory.
 */
export function* resourcesJsonChunks(project: string, stack: string, registrations: readonly Registration[]): Generator<string> {
  const sorted = [...registrations].sort((a, b) => a.urn.localeCompare(b.urn));
  // The shape canonicalJson({ project, resources, stack }) gives, written piece by piece.
  yield `{\n  "project": ${JSON.stringify(project)},\n  "resources": [`;
  for (const [i, r] of sorted.entries()) {
    const json = JSON.stringify(sortKeys({ ...r, inputs: redactSecrets(r.inputs) }), null, 2);
    yield `${i > 0 ? "," : ""}\n    ${json.replace(/\n/g, "\n    ")}`;
  }
  yield `${sorted.length > 0 ? "\n  " : ""}],\n  "stack": ${JSON.stringify(stack)}\n}\n`;
}

/** {@link resourcesJsonChunks} as one string (for tests and small plans). */
export function resourcesJson(project: string, stack: string, registrations: readonly Registration[]): string {
  return [...resourcesJsonChunks(project, stack, registrations)].join("");
}

const SEVERITIES = ["critical", "high", "medium", "low"] as const;

/** The policy report: levels, counts by severity and enforcement, every violation. */
export function policyReport(project: string, stack: string, policies: readonly AnyPolicy[], evaluation: PolicyEvaluation) {
  const count = (f: (v: PolicyEvaluation["violations"][number]) => boolean) => evaluation.violations.filter(f).length;
  return {
    project,
    stack,
    policyPack: "agentcloud",
    summary: {
      policies: policies.length,
      violations: evaluation.violations.length,
      mandatory: count((v) => v.enforcementLevel === "mandatory"),
      advisory: count((v) => v.enforcementLevel === "advisory"),
      bySeverity: Object.fromEntries(SEVERITIES.map((s) => [s, count((v) => v.severity === s)])),
    },
    policies: policies
      .map((p) => ({
        name: p.name,
        description: p.description,
        enforcementLevel: evaluation.levels[p.name],
        severity: p.severity ?? "medium",
        framework: p.framework?.name,
        violations: count((v) => v.policy === p.name),
      }))
      .sort((a, b) => a.name.localeCompare(b.name)),
    violations: evaluation.violations,
  };
}
