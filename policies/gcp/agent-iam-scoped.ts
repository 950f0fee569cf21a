import type { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { agentTemplates } from "../lib/agents";
import { strictConfigSchema } from "../lib/config-schema";
import { owaspAgenticTop10 } from "../lib/frameworks";
import { OBJECT_NAME, shown } from "../lib/messages";
import { record } from "../lib/pod-templates";
import { ANNOTATIONS, AUDIT } from "../lib/vocabulary";

/** IAM grants on a project, folder or organization: every resource in it. */
const WIDE: ReadonlyMap<string, string> = new Map([
  ["gcp:projects/iAMMember:IAMMember", "project"],
  ["gcp:projects/iAMBinding:IAMBinding", "project"],
  ["gcp:folder/iAMMember:IAMMember", "folder"],
  ["gcp:folder/iAMBinding:IAMBinding", "folder"],
  ["gcp:organizations/iAMMember:IAMMember", "organization"],
  ["gcp:organizations/iAMBinding:IAMBinding", "organization"],
]);
/** A Pulumi resource name or a service account e-mail, as messages show them. */
const RESOURCE_NAME = /^[A-Za-z0-9][-A-Za-z0-9_.]{0,200}$/;
const EMAIL = /^[a-z0-9-]+@[a-z0-9.-]+$/;
/** Any `*IAMMember`/`*IamMember`/`*IAMBinding`/`*IamBinding` resource of `@pulumi/gcp`. */
const GRANT = /^gcp:[a-z0-9]+\/[A-Za-z0-9]+:[A-Za-z0-9]*I[Aa][Mm](Member|Binding)$/;
const IMPERSONATION = new Set(["gcp:serviceaccount/iAMMember:IAMMember", "gcp:serviceaccount/iAMBinding:IAMBinding"]);
/** Roles on a Google service account that let its members act as it. */
const ACT_AS = ["roles/iam.workloadIdentityUser", "roles/iam.serviceAccountTokenCreator"];
const BASIC_ROLES = ["roles/owner", "roles/editor", "roles/viewer"];

const POOL = "projects/[^/]+/locations/global/workloadIdentityPools/[^/]+\\.svc\\.id\\.goog";
/** Workload Identity Federation for GKE: one Kubernetes ServiceAccount. */
const SUBJECT = new RegExp(`^principal://iam\\.googleapis\\.com/${POOL}/subject/ns/([^/]+)/sa/([^/]+)$`);
/** Workload Identity Federation for GKE: a set of workloads (a namespace, a cluster, every pod...). */
const SET = new RegExp(`^principalSet://iam\\.googleapis\\.com/${POOL}/`);
/** The older Workload Identity member of one Kubernetes ServiceAccount. */
const LEGACY = /^serviceAccount:[^[\]]+\.svc\.id\.goog\[([^/\]]+)\/([^\]]+)\]$/;

/** A Kubernetes workload an IAM member stands for: one ServiceAccount, or a set of them. */
type Workload = { kind: "account"; namespace: string; account: string; via?: string } | { kind: "set" };

/** The Kubernetes ServiceAccount (or set) an IAM member names directly, or undefined. */
function directWorkload(member: string): Workload | undefined {
  const one = SUBJECT.exec(member) ?? LEGACY.exec(member);
  if (one !== null) return { kind: "account", namespace: one[1], account: one[2] };
  return SET.test(member) ? { kind: "set" } : undefined;
}

/** An IAM member or binding's members (`member`, or `members`). */
function membersOf(props: Record<string, unknown>): string[] {
  const list = Array.isArray(props.members) ? (props.members as unknown[]) : [props.member];
  return list.filter((m): m is string => typeof m === "string");
}

/** Google service account e-mail -> the Kubernetes ServiceAccounts that may act as it. */
function impersonators(resources: readonly PolicyResource[]): Map<string, Workload[]> {
  const found = new Map<string, Workload[]>();
  for (const resource of resources.filter((r) => IMPERSONATION.has(r.type))) {
    const props = record(resource.props);
    if (typeof props.role !== "string" || !ACT_AS.includes(props.role)) continue;
    const id = props.serviceAccountId;
    const email = typeof id === "string" ? id.split("/").pop() : undefined;
    if (email === undefined) continue;
    const workloads = membersOf(props).flatMap((m) => directWorkload(m) ?? []);
    found.set(email, [...(found.get(email) ?? []), ...workloads]);
  }
  return found;
}

/** `namespace/account` of every agent whose pod template acknowledges broad cloud permissions with a reason. */
function acknowledged(resources: readonly PolicyResource[]): Set<string> {
  const keys = agentTemplates(resources)
    .filter(({ template }) => {
      const reason = template.metadata.annotations?.[ANNOTATIONS.unsafeBroadCloudPermissions];
      return typeof reason === "string" && reason.trim() !== "";
    })
    .map(({ template }) => `${template.namespace ?? "default"}/${template.spec.serviceAccountName ?? "default"}`);
  return new Set(keys);
}

function describeWorkload(workload: Workload): string {
  if (workload.kind === "set") return "a set of Kubernetes workloads (principalSet://)";
  const who =
    `Kubernetes ServiceAccount ${shown(workload.account, OBJECT_NAME, "(unnamed)")} in namespace ` +
    shown(workload.namespace, OBJECT_NAME, "(unnamed)");
  return workload.via === undefined ? who : `${who} (through Google service account ${workload.via})`;
}

/**
 * The audit shipper writing its log: Cloud Logging grants roles/logging.logWriter on projects (and above) only, and the
 * shipper is agentcloud's, not an agent.
 */
function shipperLogWriter(workload: Workload, role: string, scope: string | undefined): boolean {
  return (
    workload.kind === "account" &&
    workload.via === undefined &&
    workload.namespace === AUDIT.namespace &&
    workload.account === AUDIT.serviceAccount &&
    role === "roles/logging.logWriter" &&
    scope === "project"
  );
}

/**
 * Agents get their cloud permissions on the resources they declared, never project-wide or as a basic role, unless
 * the agent states why (agentcloud's unsafeBroadCloudPermissions): a hijacked agent can use all it holds.
 */
export const agentIamScoped: StackValidationPolicy = {
  name: "agentcloud-gcp-agent-iam-scoped",
  description:
    "No IAM grant gives a Kubernetes workload (a Workload Identity Federation principal:// subject or principalSet://, " +
    "a <pool>.svc.id.goog[<namespace>/<account>] member, or a Google service account such a workload may act as " +
    "through roles/iam.workloadIdentityUser or roles/iam.serviceAccountTokenCreator) a role on a whole project, folder " +
    "or organization (IAMMember, IAMBinding), nor a basic role (roles/owner, roles/editor, roles/viewer) on anything; " +
    `unless an agent pod template in the stack runs as that ServiceAccount and carries ${ANNOTATIONS.unsafeBroadCloudPermissions} ` +
    "with a reason (agentcloud-identity-unsafe-broad-cloud-permissions reports those). The audit shipper's own principal " +
    `(${AUDIT.namespace}/${AUDIT.serviceAccount}) may hold roles/logging.logWriter on its project, which Cloud Logging grants no narrower.`,
  enforcementLevel: "mandatory",
  severity: "high",
  configSchema: strictConfigSchema(),
  framework: owaspAgenticTop10("ASI03 Identity and Privilege Abuse: an agent holds cloud roles only on the resources it declared"),
  tags: ["owasp-agentic-top10:ASI03"],
  remediationSteps:
    "Declare the agent's cloudPermissions on the resources it uses (a bucket, topic, subscription, secret or dataset) " +
    "with predefined or custom roles; agentcloud's AgentIdentity then binds each on that resource only. If an agent " +
    "truly needs a project-wide or basic role, state why with its unsafeBroadCloudPermissions option and have it reviewed.",
  validateStack: (args, report) => {
    const grants = args.resources.filter((r) => GRANT.test(r.type));
    if (grants.length === 0) return args.notApplicable("The stack has no IAM member or binding resource");
    const actAs = impersonators(args.resources);
    const ok = acknowledged(args.resources);
    for (const grant of grants) {
      const props = record(grant.props);
      const role = typeof props.role === "string" ? props.role : "";
      const scope = WIDE.get(grant.type);
      const basic = BASIC_ROLES.includes(role);
      if (scope === undefined && !basic) continue;
      for (const member of membersOf(props)) {
        const direct = directWorkload(member);
        const email = member.startsWith("serviceAccount:") ? member.slice("serviceAccount:".length) : undefined;
        const workloads =
          direct !== undefined ? [direct] : (actAs.get(email ?? "") ?? []).map((w) => ({ ...w, via: shown(email, EMAIL, "(unnamed)") }));
        for (const workload of workloads) {
          if (workload.kind === "account" && ok.has(`${workload.namespace}/${workload.account}`)) continue;
          if (shipperLogWriter(workload, role, scope)) continue;
          const what = basic ? `the basic role ${role}` : "a role";
          const where = scope === undefined ? "" : ` on a whole ${scope}`;
          const head = `IAM grant ${shown(grant.name, RESOURCE_NAME, "(unnamed)")} gives ${describeWorkload(workload)} ${what}${where}`;
          const tail =
            workload.kind === "set"
              ? "; grant roles to each agent's own principal, on the resources it declared, instead of to a set."
              : ", and no agent pod template in the stack running as it acknowledges broad cloud permissions; grant a " +
                "predefined or custom role on the resources the agent declared, or state why with the agent's " +
                "unsafeBroadCloudPermissions.";
          report(`${head}${tail}`, grant.urn);
        }
      }
    }
  },
};
