import { createHash } from "node:crypto";
import type { AgentDeclaration, AgentIdentity as BoundIdentity, IdentityBinding, IdentityBindingTarget } from "../../blueprint/spec";
import type { CloudPermission } from "../../kubernetes/agent/spec";
import { formatProblem } from "../../validation/problems";
import { parseGcpResource } from "./resources";
import { GKE_GSA_ANNOTATION, GKE_METADATA_SERVER, type GcpGrant, type GcpIdentityBindingArgs } from "./spec";
import { validateGcpIdentityBindingArgs, validateGcpPermissions } from "./validate";

/** Longest Google service account id. */
export const MAX_ACCOUNT_ID = 30;

/** The GCP permissions of a declaration (`cloud: "gcp"`); other clouds' are ignored. */
export function gcpPermissionsOf(declaration: Pick<AgentDeclaration, "cloudPermissions">): CloudPermission[] {
  const all: unknown = declaration.cloudPermissions;
  return Array.isArray(all) ? (all as (CloudPermission | undefined)[]).filter((p): p is CloudPermission => p?.cloud === "gcp") : [];
}

/** Every grant of a declaration, one per role and resource, in declaration order (unsupported resources left out). */
export function gcpGrants(declaration: Pick<AgentDeclaration, "cloudPermissions">): GcpGrant[] {
  return gcpPermissionsOf(declaration).flatMap((permission) =>
    permission.resources.flatMap((resource) => {
      const parsed = parseGcpResource(resource);
      if (!parsed) return [];
      return permission.actions.map((role): GcpGrant => ({ ...parsed, resource, role }));
    }),
  );
}

/** The cluster's workload identity pool: the given one, else `<project>.svc.id.goog`. */
export function workloadPoolOf(args: Pick<GcpIdentityBindingArgs, "project" | "workloadPool">): string {
  return args.workloadPool ?? `${args.project}.svc.id.goog`;
}

/**
 * The principal identifier of a Kubernetes ServiceAccount under Workload Identity Federation for GKE
 * (https://cloud.google.com/kubernetes-engine/docs/how-to/workload-identity): granted roles directly, no Google
 * service account in between.
 */
export function gkePrincipal(projectNumber: string, workloadPool: string, namespace: string, serviceAccount: string): string {
  return `principal://iam.googleapis.com/projects/${projectNumber}/locations/global/workloadIdentityPools/${workloadPool}/subject/ns/${namespace}/sa/${serviceAccount}`;
}

/** The member that lets a Kubernetes ServiceAccount act as a Google service account (`roles/iam.workloadIdentityUser`). */
export function gkeServiceAccountMember(workloadPool: string, namespace: string, serviceAccount: string): string {
  return `serviceAccount:${workloadPool}[${namespace}/${serviceAccount}]`;
}

/**
 * The agent's Google service account id, unique per namespace and agent, 6 to 30 characters: `ac-`, the agent name
 * cut to 17 characters, `-` and 8 hex digits of the SHA-256 of `<namespace>/<agent>` (names alone are ambiguous).
 */
export function gcpAgentAccountId(namespace: string, agent: string): string {
  const hash = createHash("sha256").update(`${namespace}/${agent}`).digest("hex").slice(0, 8);
  const readable = `ac-${agent}`.slice(0, MAX_ACCOUNT_ID - 9).replace(/-+$/, "");
  return `${readable}-${hash}`;
}

/** The agent's Google service account e-mail. */
export function gcpAgentServiceAccountEmail(project: string, namespace: string, agent: string): string {
  return `${gcpAgentAccountId(namespace, agent)}@${project}.iam.gserviceaccount.com`;
}

/**
 * Whether the agent is bound through a Google service account: one of its roles is in `serviceAccountRoles`. Then all
 * its grants go to that account, since the GKE metadata server serves the annotated account's tokens, not the
 * principal's.
 */
export function usesGoogleServiceAccount(grants: readonly GcpGrant[], serviceAccountRoles: readonly string[] = []): boolean {
  return grants.some((g) => serviceAccountRoles.includes(g.role));
}

/** The Google API hosts an agent's grants call, once each, in first-seen order. */
export function gcpApiHosts(grants: readonly GcpGrant[]): string[] {
  return [...new Set(grants.flatMap((g) => (g.apiHost ? [g.apiHost] : [])))];
}

/**
 * What one agent gets from the binding (pure; {@link gcpIdentityBinding}'s `bind`). Agents without GCP permissions get
 * nothing, not even the metadata server. The others reach the GKE metadata server (`169.254.169.254:80`, what pods
 * on Dataplane V2 connect to) and, by FQDN, the Google APIs of their resources; bound through a Google service account,
 * their ServiceAccount names it. Throws the agent's problems (unsupported resources, project-wide grants without
 * acknowledgement, malformed roles), which `AgentCloud` reports before creating anything.
 */
export function bindGcpIdentity(args: GcpIdentityBindingArgs, agent: IdentityBindingTarget): BoundIdentity {
  if (gcpPermissionsOf(agent.declaration).length === 0) return {};
  const problems = validateGcpPermissions(agent.declaration);
  if (problems.length > 0) throw new Error(problems.map(formatProblem).join("; "));
  const grants = gcpGrants(agent.declaration);
  const hosts = gcpApiHosts(grants);
  return {
    endpoints: [{ ...GKE_METADATA_SERVER }],
    ...(hosts.length > 0 && { egress: hosts }),
    ...(usesGoogleServiceAccount(grants, args.serviceAccountRoles) && {
      serviceAccountAnnotations: { [GKE_GSA_ANNOTATION]: gcpAgentServiceAccountEmail(args.project, agent.namespace, agent.name) },
    }),
  };
}

/**
 * The GKE identity binding for `AgentCloudPlatform.identity`: Workload Identity Federation for GKE, per agent. Its
 * binding-level `endpoints` are empty, so only agents with GCP permissions reach the metadata server. Throws when the
 * arguments are invalid.
 */
export function gcpIdentityBinding(args: GcpIdentityBindingArgs): IdentityBinding {
  const problems = validateGcpIdentityBindingArgs(args);
  if (problems.length > 0) throw new Error(`gcpIdentityBinding: ${problems.map(formatProblem).join("; ")}`);
  const given = { ...args, ...(args.serviceAccountRoles && { serviceAccountRoles: [...args.serviceAccountRoles] }) };
  return { bind: (agent) => bindGcpIdentity(given, agent), endpoints: [] };
}
