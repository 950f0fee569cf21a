import * as bigquery from "@pulumi/gcp/bigquery";
import * as projects from "@pulumi/gcp/projects";
import * as pubsub from "@pulumi/gcp/pubsub";
import * as secretmanager from "@pulumi/gcp/secretmanager";
import * as serviceaccount from "@pulumi/gcp/serviceaccount";
import * as storage from "@pulumi/gcp/storage";
import * as pulumi from "@pulumi/pulumi";
import { createHash } from "node:crypto";
import { agentNameOf } from "../../blueprint/resolve";
import { ArgumentError, throwIfProblems } from "../../validation/argument-error";
import { nestProblems } from "../../validation/problems";
import {
  gcpAgentAccountId,
  gcpGrants,
  gcpPermissionsOf,
  gkePrincipal,
  gkeServiceAccountMember,
  usesGoogleServiceAccount,
  workloadPoolOf,
} from "./binding";
import { WORKLOAD_IDENTITY_USER_ROLE, type GcpAgentIdentityArgs, type GcpFleetIdentitiesArgs, type GcpGrant } from "./spec";
import { validateGcpIdentityBindingArgs, validateGcpPermissions } from "./validate";

/** Child name of one grant: its kind and 8 hex digits of the SHA-256 of resource and role (stable, unique). */
function grantName(name: string, grant: GcpGrant): string {
  return `${name}-${grant.kind}-${createHash("sha256").update(`${grant.resource}|${grant.role}`).digest("hex").slice(0, 8)}`;
}

/** One IAM member resource on the grant's resource: that resource's policy only, never the project's (but for `project`). */
function grantMember(
  name: string,
  grant: GcpGrant,
  member: pulumi.Input<string>,
  opts: pulumi.CustomResourceOptions,
): pulumi.CustomResource {
  const common = { role: grant.role, member };
  switch (grant.kind) {
    case "storage-bucket":
      return new storage.BucketIAMMember(name, { bucket: grant.id, ...common }, opts);
    case "pubsub-topic":
      return new pubsub.TopicIAMMember(name, { project: grant.project, topic: grant.id, ...common }, opts);
    case "pubsub-subscription":
      return new pubsub.SubscriptionIAMMember(name, { project: grant.project, subscription: grant.id, ...common }, opts);
    case "secretmanager-secret":
      return new secretmanager.SecretIamMember(name, { project: grant.project, secretId: grant.id, ...common }, opts);
    case "bigquery-dataset":
      return new bigquery.DatasetIamMember(name, { project: grant.project, datasetId: grant.id, ...common }, opts);
    case "project":
      return new projects.IAMMember(name, { project: grant.id, ...common }, opts);
  }
}

/**
 * One agent's Google Cloud access through Workload Identity Federation for GKE: an IAM member on each declared resource
 * (a bucket, topic, subscription, secret, dataset; the project only with `unsafeBroadCloudPermissions`) for the agent's
 * principal identifier, `principal://.../subject/ns/<namespace>/sa/<agent>`. When one of its roles is in
 * `serviceAccountRoles`, a Google service account holds the grants instead, and the agent's Kubernetes ServiceAccount
 * gets `roles/iam.workloadIdentityUser` on it (`gcpIdentityBinding` annotates the ServiceAccount to match).
 */
export class AgentIdentity extends pulumi.ComponentResource {
  /** The IAM member the grants name: the agent's principal identifier, or `serviceAccount:<e-mail>`. */
  readonly member: pulumi.Output<string>;
  /** The Google service account's e-mail, when the agent is bound through one. */
  readonly serviceAccountEmail?: pulumi.Output<string>;
  /** The grants, one per role and resource (plain). */
  readonly grants: GcpGrant[];

  constructor(name: string, args: GcpAgentIdentityArgs, opts: pulumi.ComponentResourceOptions = {}) {
    throwIfProblems(`AgentIdentity "${name}"`, [
      ...validateGcpIdentityBindingArgs(args),
      ...(gcpPermissionsOf(args.declaration).length === 0
        ? [
            {
              argument: "declaration.cloudPermissions",
              value: args.declaration.cloudPermissions,
              problem: "has no GCP permission",
              fix: `declare one like { cloud: "gcp", actions: ["roles/storage.objectViewer"], resources: ["//storage.googleapis.com/projects/_/buckets/BUCKET"] }`,
            },
          ]
        : nestProblems("declaration", validateGcpPermissions(args.declaration))),
    ]);
    super("agentcloud:gcp:AgentIdentity", name, {}, opts);
    const pool = workloadPoolOf(args);
    this.grants = gcpGrants(args.declaration);
    let member: pulumi.Output<string>;
    if (usesGoogleServiceAccount(this.grants, args.serviceAccountRoles)) {
      const account = new serviceaccount.Account(
        `${name}-gsa`,
        {
          project: args.project,
          accountId: gcpAgentAccountId(args.namespace, args.agentName),
          displayName: `agentcloud ${args.namespace}/${args.agentName}`,
          description: `Workload identity of the agentcloud agent ${args.agentName} in namespace ${args.namespace}`,
        },
        { parent: this },
      );
      new serviceaccount.IAMMember(
        `${name}-workload-identity-user`,
        {
          serviceAccountId: account.name,
          role: WORKLOAD_IDENTITY_USER_ROLE,
          member: gkeServiceAccountMember(pool, args.namespace, args.agentName),
        },
        { parent: this },
      );
      this.serviceAccountEmail = account.email;
      member = pulumi.interpolate`serviceAccount:${account.email}`;
    } else {
      member = pulumi.output(args.projectNumber).apply((n) => gkePrincipal(n, pool, args.namespace, args.agentName));
    }
    this.member = member;
    for (const grant of this.grants) grantMember(grantName(name, grant), grant, member, { parent: this });
    this.registerOutputs({ member: this.member, serviceAccountEmail: this.serviceAccountEmail, grants: this.grants });
  }
}

/**
 * An `AgentIdentity` (named `<name>-<agent key>`) for every agent of the fleet with GCP permissions, keyed by agent
 * key. Checks every agent before creating any.
 */
export function gcpFleetIdentities(
  name: string,
  args: GcpFleetIdentitiesArgs,
  opts: pulumi.ComponentResourceOptions = {},
): Record<string, AgentIdentity> {
  const withGcp = Object.entries(args.agents).filter(([, declaration]) => gcpPermissionsOf(declaration).length > 0);
  const problems = [
    ...validateGcpIdentityBindingArgs(args),
    ...withGcp.flatMap(([key, declaration]) => nestProblems(`agents.${key}`, validateGcpPermissions(declaration))),
  ];
  if (problems.length > 0) throw new ArgumentError(`gcpFleetIdentities "${name}"`, problems);
  const { agents: _agents, ...binding } = args;
  return Object.fromEntries(
    withGcp.map(([key, declaration]) => [
      key,
      new AgentIdentity(
        `${name}-${key}`,
        { ...binding, namespace: declaration.namespace, agentName: agentNameOf(key, declaration), declaration },
        opts,
      ),
    ]),
  );
}
