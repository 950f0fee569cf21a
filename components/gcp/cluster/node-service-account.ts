import * as projects from "@pulumi/gcp/projects";
import * as serviceaccount from "@pulumi/gcp/serviceaccount";
import type * as pulumi from "@pulumi/pulumi";
import { NODE_SERVICE_ACCOUNT_ROLES } from "./node-config";

/** Arguments of {@link nodeServiceAccount}. */
export interface NodeServiceAccountArgs {
  /** Account id (6 to 30 characters: lower-case letters, digits, `-`), e.g. `agentcloud-nodes`. */
  accountId: string;
  /**
   * Project of the account and of its role grants.
   * @default - the provider's project
   */
  project?: pulumi.Input<string>;
}

/** The node service account and its project role grants. */
export interface NodeServiceAccount {
  /** The Google service account the node pools run as. */
  account: serviceaccount.Account;
  /** One grant per role of {@link NODE_SERVICE_ACCOUNT_ROLES}; node pools should depend on them. */
  members: projects.IAMMember[];
}

/** `roles/logging.logWriter` → `logging-logwriter`: the role part of a grant's resource name. */
export function roleSuffix(role: string): string {
  return role
    .replace(/^roles\//, "")
    .replace(/[^A-Za-z0-9]+/g, "-")
    .toLowerCase();
}

/**
 * A dedicated, least-privilege Google service account for GKE nodes (`name`), granted only
 * {@link NODE_SERVICE_ACCOUNT_ROLES} on the project, each as `${name}-<role>`. Pass `{ parent: this }` in `opts`.
 */
export function nodeServiceAccount(name: string, args: NodeServiceAccountArgs, opts: pulumi.CustomResourceOptions): NodeServiceAccount {
  const project = args.project !== undefined ? { project: args.project } : {};
  const account = new serviceaccount.Account(
    name,
    {
      ...project,
      accountId: args.accountId,
      displayName: "agentcloud GKE nodes (least privilege)",
      description: "GKE node service account: logs, metrics, resource metadata and image pulls only",
    },
    opts,
  );
  const members = NODE_SERVICE_ACCOUNT_ROLES.map(
    (role) =>
      new projects.IAMMember(
        `${name}-${roleSuffix(role)}`,
        { project: args.project ?? account.project, role, member: account.member },
        opts,
      ),
  );
  return { account, members };
}
