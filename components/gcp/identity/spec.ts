import type * as pulumi from "@pulumi/pulumi";
import type { AgentDeclaration } from "../../blueprint/spec";
import type { IdentityEndpoint } from "../../kubernetes/network/fabric";

/** Arguments of `gcpIdentityBinding`: what the binding needs to know about the project (plain values: it is pure). */
export interface GcpIdentityBindingArgs {
  /** The project id of the cluster (its workload identity pool is `<project>.svc.id.goog`). */
  project: string;
  /**
   * The cluster's workload identity pool (`GkeAgentCluster`'s `workloadIdentityConfig.workloadPool`).
   * @default - `<project>.svc.id.goog`
   */
  workloadPool?: string;
  /**
   * Roles that cannot be granted to a `principal://` identifier (see Google's "Identity federation: products and
   * limitations"), or resources inside a VPC Service Controls perimeter, whose rules admit only service accounts. An
   * agent holding one of these roles gets a Google service account for all its grants (the GKE metadata server then
   * serves that account's tokens), with `roles/iam.workloadIdentityUser` for its Kubernetes ServiceAccount and the
   * `iam.gke.io/gcp-service-account` annotation.
   * @default [] (every agent is bound directly, by its principal identifier)
   */
  serviceAccountRoles?: string[];
}

/** The agent-facing side of `AgentIdentity` (GCP): who the agent is and what it declared. */
export interface GcpAgentIdentityArgs extends GcpIdentityBindingArgs {
  /** The project number (principal identifiers name the pool by number), e.g. `organizations.getProject().number`. */
  projectNumber: pulumi.Input<string>;
  /** The agent's namespace (its tenant). */
  namespace: string;
  /** The agent's name, which is its Kubernetes ServiceAccount's name. */
  agentName: string;
  /** The agent's declaration: its `cloudPermissions` and `unsafeBroadCloudPermissions`. */
  declaration: Pick<AgentDeclaration, "cloudPermissions" | "unsafeBroadCloudPermissions">;
}

/** Arguments of `gcpFleetIdentities`: the project and the fleet's agents. */
export interface GcpFleetIdentitiesArgs extends GcpIdentityBindingArgs {
  /** The project number (principal identifiers name the pool by number). */
  projectNumber: pulumi.Input<string>;
  /** The fleet's agents, as given to `AgentCloud` (`AgentCloudSpec["agents"]`). */
  agents: Record<string, AgentDeclaration>;
}

/** The kinds of Google Cloud resources an agent's permissions may name, and the IAM member resource each becomes. */
export const GCP_RESOURCE_KINDS = [
  "storage-bucket",
  "pubsub-topic",
  "pubsub-subscription",
  "secretmanager-secret",
  "bigquery-dataset",
  "project",
] as const;
/** A kind of Google Cloud resource agentcloud binds: one of {@link GCP_RESOURCE_KINDS}. */
export type GcpResourceKind = (typeof GCP_RESOURCE_KINDS)[number];

/** One grant: a role on one resource, as the agent declared it. */
export interface GcpGrant {
  /** What kind of resource. */
  kind: GcpResourceKind;
  /** The full resource name, as declared. */
  resource: string;
  /**
   * The resource's project.
   * @default - none: bucket names are global
   */
  project?: string;
  /** The resource's id within its parent (bucket, topic, subscription, secret or dataset id; the project id). */
  id: string;
  /** The role. */
  role: string;
  /**
   * The Google API host the agent calls for it (added to its FQDN egress).
   * @default - none: a project-level role spans many APIs, so the agent declares the hosts it calls in `egress`
   */
  apiHost?: string;
}

/** The GKE metadata server, as pods on Dataplane V2 reach it (Workload Identity Federation for GKE). */
export const GKE_METADATA_SERVER: IdentityEndpoint = { address: "169.254.169.254", port: 80 };
/** The KSA annotation naming the Google service account the GKE metadata server serves tokens of. */
export const GKE_GSA_ANNOTATION = "iam.gke.io/gcp-service-account";
/** The role that lets a Kubernetes ServiceAccount act as a Google service account. */
export const WORKLOAD_IDENTITY_USER_ROLE = "roles/iam.workloadIdentityUser";
