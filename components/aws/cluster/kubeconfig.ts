/** What a kubeconfig for an EKS cluster needs. */
export interface EksKubeconfigArgs {
  /** The cluster's name. */
  clusterName: string;
  /** The API server endpoint (`https://...`). */
  endpoint: string;
  /** The cluster CA, base64. */
  certificateAuthority: string;
  /** The cluster's region. */
  region: string;
}

/**
 * A kubeconfig (JSON) that authenticates with `aws eks get-token` (AWS CLI v2) as the caller's AWS identity, so no
 * long-lived token is stored in the state; the identity needs an access entry (an admin, or the cluster creator).
 */
export function eksKubeconfig(args: EksKubeconfigArgs): string {
  return JSON.stringify({
    apiVersion: "v1",
    kind: "Config",
    clusters: [{ name: args.clusterName, cluster: { server: args.endpoint, "certificate-authority-data": args.certificateAuthority } }],
    contexts: [{ name: args.clusterName, context: { cluster: args.clusterName, user: args.clusterName } }],
    "current-context": args.clusterName,
    users: [
      {
        name: args.clusterName,
        user: {
          exec: {
            apiVersion: "client.authentication.k8s.io/v1beta1",
            command: "aws",
            args: ["eks", "get-token", "--cluster-name", args.clusterName, "--region", args.region, "--output", "json"],
          },
        },
      },
    ],
  });
}
