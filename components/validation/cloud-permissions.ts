/** GCP basic roles: project-wide owner, editor and viewer, never least privilege. */
export const GCP_BASIC_ROLES: readonly string[] = ["roles/owner", "roles/editor", "roles/viewer"];

/** Whether an IAM action, role or resource contains a wildcard (`*`, or IAM's single-character `?`) anywhere. */
export function hasWildcard(value: string): boolean {
  return value.includes("*") || value.includes("?");
}

/** One way a cloud permission is broader than least privilege. */
export interface BroadGrant {
  /** The field of the permission that is broad. */
  field: "actions" | "resources";
  /** The broad entries. */
  values: string[];
  /** What is broad about them, for a {@link ValidationProblem}. */
  problem: string;
  /** How to narrow them, for a {@link ValidationProblem}. */
  fix: string;
}

function strings(list: unknown): string[] {
  return Array.isArray(list) ? list.filter((v): v is string => typeof v === "string") : [];
}

function quoted(values: readonly string[]): string {
  return values.map((v) => `"${v}"`).join(", ");
}

/**
 * What makes a cloud permission broader than least privilege: wildcards anywhere in an action (`iam:*Policy`,
 * `s3:Get*`) or resource (`arn:aws:s3:::*`), and GCP basic roles. Empty when it is least privilege.
 */
export function broadGrants(permission: { cloud?: unknown; actions?: unknown; resources?: unknown }): BroadGrant[] {
  const grants: BroadGrant[] = [];
  const actions = strings(permission.actions);
  const wildActions = actions.filter(hasWildcard);
  if (wildActions.length > 0) {
    grants.push({
      field: "actions",
      values: wildActions,
      problem: `contains wildcard actions ${quoted(wildActions)}`,
      fix: "list the specific actions the agent needs",
    });
  }
  const basic = permission.cloud === "gcp" ? actions.filter((a) => GCP_BASIC_ROLES.includes(a)) : [];
  if (basic.length > 0) {
    grants.push({
      field: "actions",
      values: basic,
      problem: `contains GCP basic roles ${quoted(basic)}, which grant access to every resource of the project`,
      fix: `use predefined or custom roles like "roles/storage.objectViewer"`,
    });
  }
  const wildResources = strings(permission.resources).filter(hasWildcard);
  if (wildResources.length > 0) {
    grants.push({
      field: "resources",
      values: wildResources,
      problem: `contains wildcard resources ${quoted(wildResources)}`,
      fix: "name the specific resources (ARNs or resource names)",
    });
  }
  return grants;
}
