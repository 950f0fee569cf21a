import { Duration } from "aws-cdk-lib";
import * as eks from "aws-cdk-lib/aws-eks-v2";
import { Construct } from "constructs";
import {
  bindFleetLateValues,
  type FleetGeneratedSecret,
  type FleetHelmRelease,
  type FleetKubernetes,
  type FleetObjectGroup,
} from "../blueprint/fleet-objects";
import { lateBoundPlaceholder } from "../blueprint/spec";
import type { BuiltObject } from "../kubernetes/objects";

/** Longest install `eks.HelmChart` accepts: the kubectl provider is a Lambda function, which runs 15 minutes at most. */
export const HELM_CHART_MAX_TIMEOUT_SECONDS = 900;

/**
 * Most JSON one `eks.KubernetesManifest` carries. CloudFormation hands the manifest to the kubectl provider in an
 * `Event` invocation, limited to 262,144 bytes with the request around it (aws/aws-cdk#19165); an agent-sandbox CRD
 * alone is about 136 kB, so a group's objects are split over as many manifests as needed.
 */
export const MANIFEST_MAX_BYTES = 200_000;

/** How every late-bound placeholder starts (`lateBoundPlaceholder`). */
const LATE_BOUND_PREFIX = lateBoundPlaceholder("");

/** Kinds applied before the rest of their group: what the others are created in or are instances of. */
const DEFINITION_KINDS: ReadonlySet<string> = new Set(["Namespace", "CustomResourceDefinition"]);
// Manifests keep eks.KubernetesManifest's default `prune`: the kubectl handler labels each object
// `aws.cdk.eks/prune-<hash>` and deletes what a later version of the manifest leaves out (the only change to the objects).

/** Options of {@link applyFleetKubernetes}. */
export interface FleetKubernetesOptions {
  /**
   * The generated value of each of the fleet's `generatedSecrets`, by id (`grafana-admin`): e.g.
   * `secret.secretValue.unsafeUnwrap()` of a `secretsmanager.Secret` with a generated string, a dynamic reference
   * CloudFormation resolves at deploy time, so the value is never in the template.
   * @default {} (a fleet with generated secrets then throws, naming each id without a value)
   */
  readonly generatedSecretValues?: Readonly<Record<string, string>>;
  /**
   * The value of each late-bound platform value, by placeholder (the keys of `platform.lateBound`): CDK token
   * strings, e.g. the cluster's OIDC issuer id.
   * @default {} (a fleet with late-bound values then throws, naming each placeholder without a value)
   */
  readonly lateBound?: Readonly<Record<string, string>>;
}

/** What {@link applyFleetKubernetes} created. */
export interface AppliedFleetKubernetes {
  /** The scope holding everything below (`id` under the caller's scope). */
  readonly scope: Construct;
  /**
   * Manifests by id: `<group>-definitions` (the group's Namespaces and CRDs) and `<group>` (its other objects), plus
   * one per generated secret (its id).
   */
  readonly manifests: ReadonlyMap<string, eks.KubernetesManifest>;
  /** Helm charts by release id (`cilium`, `kube-prometheus-stack`, `kata-deploy`, `fluent-bit`). */
  readonly charts: ReadonlyMap<string, eks.HelmChart>;
}

/** A deep copy of plain objects and arrays (other values kept): eks.KubernetesManifest adds its prune label in place. */
function copy<T>(value: T): T {
  if (Array.isArray(value)) return value.map(copy) as T;
  if (value !== null && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, copy(v)])) as T;
  }
  return value;
}

/** A group's objects in an order that puts each after the roles it names in `dependsOn` (else in list order). */
function ordered(objects: readonly BuiltObject[]): BuiltObject[] {
  const done = new Set<string>();
  const pending = [...objects];
  const out: BuiltObject[] = [];
  while (pending.length > 0) {
    // Roles outside this slice (e.g. a namespace in the definitions manifest) are applied already.
    const next = pending.findIndex((o) => (o.dependsOn ?? []).every((d) => done.has(d) || !pending.some((p) => p.role === d)));
    if (next < 0) throw new Error(`dependency cycle among ${pending.map((o) => o.role).join(", ")}`);
    const [found] = pending.splice(next, 1);
    done.add(found.role);
    out.push(found);
  }
  return out;
}

/** Objects split into runs of at most {@link MANIFEST_MAX_BYTES} of JSON, in order; throws for an object larger alone. */
function chunks(objects: readonly Record<string, unknown>[], where: string): Record<string, unknown>[][] {
  const out: Record<string, unknown>[][] = [];
  let size = 0;
  for (const object of objects) {
    const bytes = Buffer.byteLength(JSON.stringify(object));
    if (bytes > MANIFEST_MAX_BYTES) {
      const { kind, metadata } = object as { kind?: string; metadata?: { name?: string } };
      throw new Error(
        `${where}: ${kind} ${metadata?.name} is ${bytes} bytes of JSON, more than one manifest carries (${MANIFEST_MAX_BYTES})`,
      );
    }
    if (out.length === 0 || size + bytes > MANIFEST_MAX_BYTES) {
      out.push([]);
      size = 0;
    }
    out[out.length - 1].push(object);
    size += bytes;
  }
  return out;
}

/**
 * A group's manifests, each after the one before: `<group>-definitions` (its Namespaces, then its CRDs; `-2`, ... when
 * they need more than one), then `<group>` (the rest, in dependency order; likewise).
 */
function manifestParts(group: FleetObjectGroup): [string, Record<string, unknown>[]][] {
  const objects = ordered(group.objects);
  const definitions = [...DEFINITION_KINDS].flatMap((kind) => objects.filter((o) => o.object.kind === kind));
  const rest = objects.filter((o) => !DEFINITION_KINDS.has(o.object.kind ?? ""));
  const named = (list: readonly BuiltObject[], base: string) =>
    chunks(
      list.map((o) => o.object as Record<string, unknown>),
      `group "${group.id}"`,
    ).map((c, i): [string, Record<string, unknown>[]] => [i === 0 ? base : `${base}-${i + 1}`, c]);
  return [...named(definitions, `${group.id}-definitions`), ...named(rest, group.id)];
}

/** The chart, repository and version as `eks.HelmChart` takes them: an OCI reference goes in `repository`. */
function chartSource(release: FleetHelmRelease): { chart: string; repository?: string; version: string } {
  if (release.chart.startsWith("oci://")) {
    // The kubectl handler pulls `repository` and installs the directory named after its last segment.
    return { chart: release.chart.slice(release.chart.lastIndexOf("/") + 1), repository: release.chart, version: release.version };
  }
  return { chart: release.chart, ...(release.repo !== undefined && { repository: release.repo }), version: release.version };
}

/** The Kubernetes Secret of a generated secret, with its value. */
function secretObject(secret: FleetGeneratedSecret, value: string): Record<string, unknown> {
  return {
    apiVersion: "v1",
    kind: "Secret",
    metadata: { name: secret.name, namespace: secret.namespace, labels: secret.labels },
    type: "Opaque",
    stringData: { ...secret.stringData, [secret.generatedKey]: value },
  };
}

/**
 * Applies a fleet's Kubernetes objects (`buildFleetKubernetes`) to an `aws-eks-v2` cluster: per group, its
 * Namespaces and CRDs as one `eks.KubernetesManifest` (`<group>-definitions`) and its other objects as another
 * (`<group>`) that waits for the first; each release as an `eks.HelmChart` (waiting for its resources like Pulumi's
 * Release, namespaces never created by Helm: agentcloud's own carry Pod Security labels); each generated secret as a
 * manifest with its value. Every `after` of the fleet becomes a CloudFormation dependency, so CRDs exist before their
 * objects and agents start under their network rules. The cluster needs a kubectl provider (`kubectlProviderOptions`
 * with the `KubectlV35Layer`). Checks the options before creating anything.
 */
export function applyFleetKubernetes(
  scope: Construct,
  id: string,
  cluster: eks.ICluster,
  fleet: FleetKubernetes,
  options: FleetKubernetesOptions = {},
): AppliedFleetKubernetes {
  const secretValues = options.generatedSecretValues ?? {};
  const missing = fleet.generatedSecrets.filter((s) => secretValues[s.id] === undefined).map((s) => s.id);
  if (missing.length > 0) {
    throw new Error(
      `applyFleetKubernetes "${id}": no value for the generated secret ${missing.join(", ")}; pass generatedSecretValues, e.g. from a secretsmanager.Secret with generateSecretString`,
    );
  }
  const lateValues = options.lateBound ?? {};
  const undeclared = Object.keys(lateValues).filter((placeholder) => !fleet.lateBound.includes(placeholder));
  if (undeclared.length > 0) {
    throw new Error(
      `applyFleetKubernetes "${id}": late-bound values for ${undeclared.join(", ")}, which the fleet does not declare (it declares ${fleet.lateBound.join(", ") || "none"}); key options.lateBound by the placeholders of platform.lateBound`,
    );
  }
  const bound = bindFleetLateValues(fleet, lateValues);
  // A placeholder left in an object would reach the cluster as text (e.g. a token issuer no token has).
  const leftover = bound.groups.filter((g) => JSON.stringify(g.objects).includes(LATE_BOUND_PREFIX)).map((g) => g.id);
  if (leftover.length > 0) {
    throw new Error(
      `applyFleetKubernetes "${id}": objects of ${leftover.join(", ")} still carry a late-bound placeholder (${LATE_BOUND_PREFIX}...); declare it in platform.lateBound and pass its value in options.lateBound`,
    );
  }
  const known = new Set([...bound.groups, ...bound.releases, ...bound.generatedSecrets].map((i) => i.id));
  for (const item of [...bound.groups, ...bound.releases, ...bound.generatedSecrets]) {
    const unknown = item.after.filter((a) => !known.has(a));
    if (unknown.length > 0) throw new Error(`applyFleetKubernetes "${id}": "${item.id}" waits for unknown ${unknown.join(", ")}`);
  }
  // Split before anything is created, so an object too large for a manifest fails first.
  const groupParts = new Map(bound.groups.map((g) => [g.id, manifestParts(g)] as const));
  const container = new Construct(scope, id);
  const manifests = new Map<string, eks.KubernetesManifest>();
  const charts = new Map<string, eks.HelmChart>();
  // What each `after` id stands for: all of a group's manifests, a chart or a secret's manifest.
  const made = new Map<string, Construct[]>();

  const manifest = (manifestId: string, objects: readonly Record<string, unknown>[]): eks.KubernetesManifest => {
    // overwrite: `kubectl apply` rather than `create`, so a retried deployment takes over what a failed one left.
    const m = new eks.KubernetesManifest(container, manifestId, { cluster, manifest: objects.map(copy), overwrite: true });
    manifests.set(manifestId, m);
    return m;
  };
  const addGroup = (group: FleetObjectGroup): Construct[] => {
    const created = groupParts.get(group.id)!.map(([manifestId, list]) => manifest(manifestId, list));
    created.forEach((m, i) => i > 0 && m.node.addDependency(created[i - 1]));
    return created;
  };
  const addChart = (release: FleetHelmRelease): eks.HelmChart => {
    const timeout = release.timeoutSeconds && Math.min(release.timeoutSeconds, HELM_CHART_MAX_TIMEOUT_SECONDS);
    const chart = new eks.HelmChart(container, release.id, {
      cluster,
      release: release.name,
      ...chartSource(release),
      namespace: release.namespace,
      values: release.values,
      wait: true,
      createNamespace: false,
      ...(timeout && { timeout: Duration.seconds(timeout) }),
    });
    charts.set(release.id, chart);
    return chart;
  };

  // Registration order: groups, releases and secrets as the Pulumi side registers them; each after what it names.
  type Item = { id: string; after: string[]; create: () => Construct[] };
  const items: Item[] = [
    ...bound.groups.map((g) => ({ id: g.id, after: g.after, create: () => addGroup(g) })),
    ...bound.releases.map((r) => ({ id: r.id, after: r.after, create: () => [addChart(r)] })),
    ...bound.generatedSecrets.map((s) => ({
      id: s.id,
      after: s.after,
      create: () => [manifest(s.id, [secretObject(s, secretValues[s.id])])],
    })),
  ];
  const pending = [...items];
  while (pending.length > 0) {
    const next = pending.findIndex((i) => i.after.every((a) => made.has(a)));
    if (next < 0) throw new Error(`applyFleetKubernetes "${id}": dependency cycle among ${pending.map((i) => i.id).join(", ")}`);
    const [item] = pending.splice(next, 1);
    const created = item.create();
    for (const c of created) for (const a of item.after) for (const dep of made.get(a)!) c.node.addDependency(dep);
    made.set(item.id, created);
  }
  return { scope: container, manifests, charts };
}
