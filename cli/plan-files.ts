import { stringify } from "yaml";
import { canonicalJson, sortKeys } from "./canonical";
import { kubernetesObjects, type KubernetesObject } from "./kubernetes-objects";
import type { Registration } from "./mock-runtime";
import type { AnyPolicy, PolicyEvaluation } from "./policy-harness";
import { redactSecrets } from "./secrets";

const HELM_RELEASE = "kubernetes:helm.sh/v3:Release";

/** Kinds in the order `kubectl apply` should meet them within a namespace file; others follow by name. */
const KIND_ORDER = [
  "Namespace", "CustomResourceDefinition", "PriorityClass", "RuntimeClass", "ClusterRole", "ClusterRoleBinding",
  "ServiceAccount", "Role", "RoleBinding", "ConfigMap", "Secret", "ResourceQuota", "LimitRange", "NetworkPolicy",
  "Service", "PersistentVolumeClaim", "Deployment", "StatefulSet", "DaemonSet", "Job", "CronJob", "PodDisruptionBudget",
];

function kindRank(kind: string): number {
  const i = KIND_ORDER.indexOf(kind);
  return i === -1 ? KIND_ORDER.length : i;
}

function compareObjects(a: KubernetesObject, b: KubernetesObject): number {
  return kindRank(a.kind) - kindRank(b.kind) || a.kind.localeCompare(b.kind)
    || String(a.metadata.name).localeCompare(String(b.metadata.name));
}

/** apiVersion, kind, metadata first (as people write manifests), everything below sorted. */
function manifestOrder(object: KubernetesObject): Record<string, unknown> {
  const sorted = sortKeys(object) as Record<string, unknown>;
  const { apiVersion, kind, metadata, ...rest } = sorted;
  return { apiVersion, kind, metadata, ...rest };
}

function yamlDocuments(objects: KubernetesObject[]): string {
  return objects.map((o) => stringify(manifestOrder(o), { lineWidth: 0 })).join("---\n");
}

/**
 * Groups objects into files `kubectl apply -f manifests/` takes in lexical order: cluster-scoped objects
 * (namespaces first), then one file per namespace. CRDs go to `crds/crds.yaml` (the key says its folder), applied
 * first on their own: kubectl resolves every kind in a folder before applying any, so a custom resource next to
 * its CRD fails on a fresh cluster.
 */
export function manifestFiles(registrations: readonly Registration[]): Record<string, string> {
  const objects = kubernetesObjects(registrations);
  const crds = objects.filter((o) => o.kind === "CustomResourceDefinition");
  const cluster = objects.filter((o) => o.kind !== "CustomResourceDefinition" && !o.metadata.namespace);
  const byNamespace = new Map<string, KubernetesObject[]>();
  for (const o of objects) {
    if (!o.metadata.namespace) continue;
    byNamespace.set(o.metadata.namespace, [...(byNamespace.get(o.metadata.namespace) ?? []), o]);
  }
  const files: Record<string, string> = {};
  if (crds.length > 0) files["crds/crds.yaml"] = yamlDocuments(crds.sort(compareObjects));
  if (cluster.length > 0) files["01-cluster.yaml"] = yamlDocuments(cluster.sort(compareObjects));
  for (const ns of [...byNamespace.keys()].sort()) files[`10-${ns}.yaml`] = yamlDocuments(byNamespace.get(ns)!.sort(compareObjects));
  return files;
}

/** The Helm releases of the plan: chart, repository, version, namespace and values of each. */
export function helmReleases(registrations: readonly Registration[]): Record<string, unknown>[] {
  return registrations
    .filter((r) => r.type === HELM_RELEASE)
    .map((r) => {
      const i = redactSecrets(r.inputs) as { name?: string; chart?: string; version?: string; namespace?: string; values?: unknown; repositoryOpts?: { repo?: string } };
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

/** Every registration, by URN. */
export function resourcesJson(project: string, stack: string, registrations: readonly Registration[]): string {
  const resources = [...registrations].sort((a, b) => a.urn.localeCompare(b.urn)).map((r) => ({ ...r, inputs: redactSecrets(r.inputs) }));
  return canonicalJson({ project, stack, resources });
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
    policies: policies.map((p) => ({
      name: p.name,
      description: p.description,
      enforcementLevel: evaluation.levels[p.name],
      severity: p.severity ?? "medium",
      framework: p.framework?.name,
      violations: count((v) => v.policy === p.name),
    })).sort((a, b) => a.name.localeCompare(b.name)),
    violations: evaluation.violations,
  };
}
