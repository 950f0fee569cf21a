/** Where a GKE cluster's token issuer and its keys are (pure, known before the cluster exists). */
export interface GkeClusterRef {
  /** Project id. */
  project: string;
  /** Region or zone of the cluster. */
  location: string;
  /** Cluster name. */
  clusterName: string;
}

/**
 * The issuer of the cluster's ServiceAccount tokens (`iss`): GKE names it after the cluster, so it is known up front
 * (GKE Workload Identity Federation docs; the Kubernetes Engine API's `projects.locations.clusters.getOpenid-configuration`).
 */
export function gkeIssuer(ref: GkeClusterRef): string {
  return `https://container.googleapis.com/v1/projects/${ref.project}/locations/${ref.location}/clusters/${ref.clusterName}`;
}

/** The issuer's JWKS: the Kubernetes Engine API's `projects.locations.clusters.getJwks` (`<issuer>/jwks`). */
export function gkeJwksUrl(ref: GkeClusterRef): string {
  return `${gkeIssuer(ref)}/jwks`;
}

/** The Workload Identity pool of a project: `<project>.svc.id.goog`. */
export function workloadPool(project: string): string {
  return `${project}.svc.id.goog`;
}

/**
 * A kubeconfig for a GKE cluster (JSON, which is YAML) from its endpoint and CA, authenticating with
 * `gke-gcloud-auth-plugin` (GKE's required kubectl credential plugin since 1.26), so no credential is stored.
 */
export function gkeKubeconfig(args: { name: string; endpoint: string; caCertificate: string }): string {
  return JSON.stringify({
    apiVersion: "v1",
    kind: "Config",
    clusters: [{ name: args.name, cluster: { server: `https://${args.endpoint}`, "certificate-authority-data": args.caCertificate } }],
    users: [
      {
        name: args.name,
        user: {
          exec: {
            apiVersion: "client.authentication.k8s.io/v1beta1",
            command: "gke-gcloud-auth-plugin",
            installHint: "Install gke-gcloud-auth-plugin: gcloud components install gke-gcloud-auth-plugin",
            provideClusterInfo: true,
          },
        },
      },
    ],
    contexts: [{ name: args.name, context: { cluster: args.name, user: args.name } }],
    "current-context": args.name,
  });
}
