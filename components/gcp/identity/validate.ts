import type { AgentDeclaration } from "../../blueprint/spec";
import type { ValidationProblem } from "../../validation/problems";
import { checkStringList, isRecord } from "../../validation/values";
import { parseGcpResource, SUPPORTED_RESOURCE_EXAMPLES } from "./resources";
import type { GcpIdentityBindingArgs } from "./spec";

const PROJECT_ID = /^[a-z][a-z0-9-]{4,28}[a-z0-9]$/;
// Predefined (`roles/...`) and custom roles (`projects/P/roles/R`, `organizations/N/roles/R`).
const ROLE =
  /^(roles\/[A-Za-z0-9_.]+|projects\/[a-z][a-z0-9-]{4,28}[a-z0-9]\/roles\/[A-Za-z0-9_.]{3,64}|organizations\/\d+\/roles\/[A-Za-z0-9_.]{3,64})$/;

/** Problems with the binding's own arguments: a project id, a workload pool and a list of roles. */
export function validateGcpIdentityBindingArgs(args: GcpIdentityBindingArgs): ValidationProblem[] {
  if (!isRecord(args)) return [{ argument: "args", value: args, problem: "must be an object", fix: `pass { project: "my-project" }` }];
  const problems: ValidationProblem[] = [];
  if (typeof args.project !== "string" || !PROJECT_ID.test(args.project)) {
    problems.push({
      argument: "project",
      value: args.project,
      problem: "must be a Google Cloud project id (6 to 30 lower-case letters, digits or '-', starting with a letter)",
      fix: `use the project id, like "acme-agents"`,
    });
  }
  if (
    args.workloadPool !== undefined &&
    (typeof args.workloadPool !== "string" || !/^[a-z][a-z0-9-]{4,28}[a-z0-9]\.svc\.id\.goog$/.test(args.workloadPool))
  ) {
    problems.push({
      argument: "workloadPool",
      value: args.workloadPool,
      problem: "must be a GKE workload identity pool, <project>.svc.id.goog",
      fix: "leave it unset, or pass the cluster's workloadIdentityConfig.workloadPool",
    });
  }
  if (args.serviceAccountRoles !== undefined) {
    const listProblems = checkStringList("serviceAccountRoles", args.serviceAccountRoles, "roles/storage.objectViewer");
    problems.push(
      ...(listProblems.length > 0 ? listProblems : args.serviceAccountRoles.flatMap((r, i) => checkRole(`serviceAccountRoles[${i}]`, r))),
    );
  }
  return problems;
}

function checkRole(argument: string, role: string): ValidationProblem[] {
  if (ROLE.test(role)) return [];
  return [
    {
      argument,
      value: role,
      problem: "is not an IAM role (roles/NAME, projects/PROJECT/roles/NAME or organizations/ORGANIZATION/roles/NAME)",
      fix: `use a role like "roles/storage.objectViewer"`,
    },
  ];
}

/**
 * Problems with an agent's GCP permissions that the agent's own checks do not see: resources agentcloud cannot bind
 * (with the kinds it can), project-level grants without `unsafeBroadCloudPermissions`, and roles that are not roles.
 * Malformed permissions (not lists, wildcards, basic roles) are the agent's checks (`checkCloudPermissions`).
 */
export function validateGcpPermissions(
  declaration: Pick<AgentDeclaration, "cloudPermissions" | "unsafeBroadCloudPermissions">,
): ValidationProblem[] {
  const permissions: unknown = declaration.cloudPermissions;
  if (!Array.isArray(permissions)) return [];
  const acknowledged = declaration.unsafeBroadCloudPermissions !== undefined;
  return permissions.flatMap((permission: unknown, i): ValidationProblem[] => {
    if (!isRecord(permission) || permission.cloud !== "gcp") return [];
    const at = `cloudPermissions[${i}]`;
    const actions = Array.isArray(permission.actions) ? permission.actions : [];
    const resources = Array.isArray(permission.resources) ? permission.resources : [];
    return [
      ...actions.flatMap((role: unknown, k) =>
        typeof role === "string" && !role.includes("*") ? checkRole(`${at}.actions[${k}]`, role) : [],
      ),
      ...resources.flatMap((resource: unknown, j): ValidationProblem[] => {
        if (typeof resource !== "string" || resource.includes("*")) return []; // the agent's checks report these
        const parsed = parseGcpResource(resource);
        if (!parsed) {
          return [
            {
              argument: `${at}.resources[${j}]`,
              value: resource,
              problem: "is not a Google Cloud resource agentcloud can bind (a full resource name of a supported kind)",
              fix: `use one of ${SUPPORTED_RESOURCE_EXAMPLES.join(", ")}`,
            },
          ];
        }
        if (parsed.kind === "project" && !acknowledged) {
          return [
            {
              argument: `${at}.resources[${j}]`,
              value: resource,
              problem: "grants its roles on the whole project, which is not least privilege",
              fix: "name the specific resources (a bucket, topic, secret or dataset), or acknowledge with unsafeBroadCloudPermissions",
            },
          ];
        }
        return [];
      }),
    ];
  });
}
