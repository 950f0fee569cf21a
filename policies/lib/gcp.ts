/**
 * How the GCP policies read GKE clusters, node pools and Cloud Storage buckets from their `@pulumi/gcp` inputs, and
 * how messages name them. Field names: `@pulumi/gcp` 9.37.0 (`container/cluster.d.ts`, `container/nodePool.d.ts`,
 * `storage/bucket.d.ts`).
 */
import type { PolicyResource } from "@pulumi/policy";
import { shown } from "./messages";
import { record } from "./pod-templates";

/** The type tokens the GCP policies judge. */
export const GCP_TYPES = {
  cluster: "gcp:container/cluster:Cluster",
  nodePool: "gcp:container/nodePool:NodePool",
  bucket: "gcp:storage/bucket:Bucket",
} as const;

/**
 * Node label and taint keys the GCP policies read (copies of `SANDBOX_NODE_KEY` and `GPU_TAINT_KEY` in
 * components/vocabulary.ts; test/policies/gcp/lib.test.ts checks they agree).
 */
export const GKE_NODE_KEYS = {
  /** Label (and taint) key of node pools meant for sandboxed agents; value `gvisor` or `kata`. */
  sandbox: "agentcloud.dev/sandbox",
  /** Taint key of GPU nodes. */
  gpuTaint: "nvidia.com/gpu",
} as const;

/** A GCP resource name (clusters, node pools, buckets without dots): what messages show of a name. */
export const GCP_NAME = /^[a-z0-9]([-a-z0-9_.]{0,220}[a-z0-9])?$/;

/** What a policy needs of a resource: its type, name, URN and inputs. */
export type GcpResource = Pick<PolicyResource, "type" | "name" | "urn" | "props">;

/** The resource's `name` input when it has a name's shape, else its Pulumi name, as messages show it. */
export function shownName(resource: GcpResource): string {
  const own = record(resource.props).name;
  return shown(typeof own === "string" ? own : resource.name, GCP_NAME, "(unnamed)");
}

/** The name a cluster is known by: its `name` input (undefined when unset). */
export function clusterName(cluster: GcpResource): string | undefined {
  const name = record(cluster.props).name;
  return typeof name === "string" && name !== "" ? name : undefined;
}

/**
 * The cluster name a node pool refers to: the last segment of its `cluster` input, which takes the cluster's name or
 * `projects/<p>/locations/<l>/clusters/<name>` (undefined when unset).
 */
export function poolClusterName(pool: GcpResource): string | undefined {
  const cluster = record(pool.props).cluster;
  if (typeof cluster !== "string" || cluster === "") return undefined;
  return cluster.split("/").pop();
}

/** How messages name a cluster: `GKE cluster "agents"`. */
export function describeCluster(cluster: GcpResource): string {
  return `GKE cluster ${shownName(cluster)}`;
}

/** How messages name a node pool: `GKE node pool "gpu" of cluster "agents"`. */
export function describeNodePool(pool: GcpResource): string {
  const cluster = poolClusterName(pool);
  const of = cluster === undefined ? "" : ` of cluster ${shown(cluster, GCP_NAME, "(unnamed)")}`;
  return `GKE node pool ${shownName(pool)}${of}`;
}

/** True for an Autopilot cluster (GKE manages its nodes: no node pools of its own). */
export function isAutopilot(cluster: GcpResource): boolean {
  return record(cluster.props).enableAutopilot === true;
}

/** One node configuration: the nodes of one pool, wherever it is declared. */
export interface NodeConfigRef {
  /** The resource that declares it (a Cluster or a NodePool). */
  resource: GcpResource;
  /** How messages name the resource: `GKE cluster "agents"`, `GKE node pool "gpu" of cluster "agents"`. */
  who: string;
  /** The path of the node config in the resource's inputs: `nodeConfig`, `nodePools[1].nodeConfig`. */
  path: string;
  /** The node config (`{}` when the pool sets none). */
  nodeConfig: Record<string, unknown>;
  /** The name of the cluster the pool belongs to, when known. */
  cluster?: string;
}

/**
 * Every node configuration a Cluster or NodePool declares: a cluster's `nodeConfig` (its default pool) when set, or
 * `{}` when the cluster (not Autopilot) sets neither it, `nodePools` nor `removeDefaultNodePool` (GKE creates a default
 * pool anyway); each of its inline `nodePools[i]` (their `nodeConfig`, `{}` when unset); a NodePool's `nodeConfig`
 * (`{}` when unset). Other resources declare none.
 */
export function nodeConfigs(resource: GcpResource): NodeConfigRef[] {
  const props = record(resource.props);
  if (resource.type === GCP_TYPES.nodePool) {
    return [
      {
        resource,
        who: describeNodePool(resource),
        path: "nodeConfig",
        nodeConfig: record(props.nodeConfig),
        cluster: poolClusterName(resource),
      },
    ];
  }
  if (resource.type !== GCP_TYPES.cluster) return [];
  const who = describeCluster(resource);
  const cluster = clusterName(resource);
  const inline = Array.isArray(props.nodePools) ? (props.nodePools as unknown[]) : [];
  const hasOwn = props.nodeConfig !== undefined && props.nodeConfig !== null;
  // Without nodeConfig, nodePools or removeDefaultNodePool, GKE still creates a default pool, with default settings.
  const implicit = !hasOwn && inline.length === 0 && props.removeDefaultNodePool !== true && props.enableAutopilot !== true;
  const own: NodeConfigRef[] =
    hasOwn || implicit ? [{ resource, who, path: "nodeConfig", nodeConfig: record(props.nodeConfig), cluster }] : [];
  return [
    ...own,
    ...inline.map((pool, i) => ({
      resource,
      who,
      path: `nodePools[${i}].nodeConfig`,
      nodeConfig: record(record(pool).nodeConfig),
      cluster,
    })),
  ];
}

/** True for GKE clusters and node pools. */
export function isGkeResource(resource: GcpResource): boolean {
  return resource.type === GCP_TYPES.cluster || resource.type === GCP_TYPES.nodePool;
}

/** The not-applicable reason of a policy that judges GKE clusters and node pools. */
export const ONLY_GKE =
  "Policy only applies to GKE clusters (gcp:container/cluster:Cluster) and node pools (gcp:container/nodePool:NodePool)";

/** A node config's labels (`{}` when none). */
export function nodeLabels(nodeConfig: Record<string, unknown>): Record<string, unknown> {
  return record(nodeConfig.labels);
}

/** A node config's taints, each as a record (`[]` when none). */
export function nodeTaints(nodeConfig: Record<string, unknown>): Record<string, unknown>[] {
  return Array.isArray(nodeConfig.taints) ? (nodeConfig.taints as unknown[]).map(record) : [];
}

/** The `resource.props` of a `GcpResource`, as a record. */
export function propsOf(resource: GcpResource): Record<string, unknown> {
  return record(resource.props);
}
