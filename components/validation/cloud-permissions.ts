/** GCP basic roles: project-wide owner, editor and viewer, never least privilege. */
export const GCP_BASIC_ROLES: readonly string[] = ["roles/owner", "roles/editor", "roles/viewer"];

/** Whether an IAM action, role or resource contains a wildcard (`*` or IAM's single-character `?`) anywhere. */
export function hasWildcard(value: string): boolean {
  return value.includes("*") || value.includes("?");
}

/**
 * What makes one cloud permission broader than least privilege, as sentences (empty when it is not): wildcard actions
 * (`iam:*Policy`, `s3:Get*`), wildcard resources (`arn:aws:s3:::*`, `arn:aws:s3:::bucket/*`) and GCP basic roles.
 */
export function broadPermissionFindings(permission: { cloud?: unknown; actions?: unknown; resources?: unknown }): string[] {
  const strings = (list: unknown) => (Array.isArray(list) ? list.filter((v): v is string => typeof v === "string") : []);
  const actions = strings(permission.actions);
  const findings: string[] = [];
  const wildActions = actions.filter(hasWildcard);
  if (wildActions.length > 0) findings.push(`wildcard actions ${wildActions.map((a) => `"${a}"`).join(", ")}`);
  const wildResources = strings(permission.resources).filter(hasWildcard);
  if (wildResources.length > 0) findings.push(`wildcard resources ${wildResources.map((r) => `"${r}"`).join(", ")}`);
  const basic = permission.cloud === "gcp" ? actions.filter((a) => GCP_BASIC_ROLES.includes(a)) : [];
  if (basic.length > 0) findings.push(`GCP basic roles ${basic.map((r) => `"${r}"`).join(", ")}`);
  return findings;
}
