import type { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { ARN, AWS_TYPES, IAM_ACTION, describeAws, hasWildcard, iamStatements, linkedByName, list, resourcesOf, tag } from "../lib/aws";
import { strictConfigSchema } from "../lib/config-schema";
import { cisAwsFoundations } from "../lib/frameworks";
import { shown } from "../lib/messages";
import { record, text } from "../lib/pod-templates";
import { AWS_TAGS } from "../lib/vocabulary";

const FIX =
  "name the specific actions and resources the agent needs, or declare the agent's unsafeBroadCloudPermissions " +
  `with the reason (agentcloud tags the role ${AWS_TAGS.unsafeBroadCloudPermissions}).`;

/** One permissions document of a role, with how messages name where it comes from. */
interface Document {
  where: string;
  document: unknown;
}

/** `"s3:Get*", "*"`, each shown only when it has the shape of an IAM action (or ARN). */
function showAll(values: readonly (string | undefined)[], shape: RegExp, fallback: string): string {
  return values.map((v) => shown(v, shape, fallback)).join(", ");
}

/** The stack's IAM policy whose ARN this is (`...:policy<path><name>`), or undefined. */
function policyByArn(resources: readonly PolicyResource[], arn: string): PolicyResource | undefined {
  return resourcesOf(resources, AWS_TYPES.policy).find((p) => {
    const props = record(p.props);
    const name = text(props.name);
    return name !== undefined && arn.endsWith(`:policy${text(props.path) ?? "/"}${name}`);
  });
}

/**
 * Every permissions document that applies to a role: its inline policies, RolePolicy resources naming it, and the
 * managed policies attached to it (from its managedPolicyArns, RolePolicyAttachment and PolicyAttachment resources),
 * which must be defined in this stack to be read. Reports a managed policy it cannot read.
 */
function documentsOf(resources: readonly PolicyResource[], role: PolicyResource, report: (message: string) => void): Document[] {
  const props = record(role.props);
  const name = text(props.name);
  const documents: Document[] = list(props.inlinePolicies).map((p, i) => ({ where: `inlinePolicies[${i}]`, document: record(p).policy }));
  const arns: { where: string; arn: unknown }[] = list(props.managedPolicyArns).map((arn, i) => ({
    where: `managedPolicyArns[${i}]`,
    arn,
  }));
  if (name !== undefined) {
    for (const p of linkedByName(resources, AWS_TYPES.rolePolicy, "role", name)) {
      documents.push({ where: describeAws("RolePolicy", p.name), document: record(p.props).policy });
    }
    for (const a of linkedByName(resources, AWS_TYPES.rolePolicyAttachment, "role", name)) {
      arns.push({ where: describeAws("RolePolicyAttachment", a.name), arn: record(a.props).policyArn });
    }
    for (const a of resourcesOf(resources, AWS_TYPES.policyAttachment).filter((r) => list(record(r.props).roles).includes(name))) {
      arns.push({ where: describeAws("PolicyAttachment", a.name), arn: record(a.props).policyArn });
    }
  }
  for (const { where, arn } of arns) {
    const policy = typeof arn === "string" ? policyByArn(resources, arn) : undefined;
    if (policy === undefined) {
      report(
        `attaches managed policy ${shown(arn, ARN, "of an unreadable ARN")} (${where}), which is not defined in this stack, so ` +
          "its actions cannot be checked; give the agent exactly its declared permissions in an inline policy.",
      );
    } else {
      documents.push({ where: `${where}, ${describeAws("Policy", policy.name)}`, document: record(policy.props).policy });
    }
  }
  return documents;
}

/**
 * An agent's AWS role holds exactly the permissions the agent declared: no wildcard in an action or resource (`*`,
 * `s3:*`, `s3:Get*`, `arn:aws:s3:::*`), no NotAction or NotResource, unless the agent acknowledged broad permissions.
 * Then the role passes here; agentcloud-identity-unsafe-broad-cloud-permissions reports the acknowledgement on the
 * agent's pod template for review, as for every cloud.
 */
export const agentRoleNoWildcards: StackValidationPolicy = {
  name: "agentcloud-aws-agent-role-no-wildcards",
  description:
    `Every IAM role tagged ${AWS_TAGS.agent} (an agent's role) allows no action or resource with a wildcard (* or ?) ` +
    "and uses no NotAction or NotResource in an Allow statement of its inline policies, the RolePolicy resources naming " +
    "it, or the managed policies attached to it (which must be defined in the stack), unless the role carries tag " +
    `${AWS_TAGS.unsafeBroadCloudPermissions} with a reason. Agent roles need an explicit name, which links them to those resources.`,
  enforcementLevel: "mandatory",
  severity: "high",
  configSchema: strictConfigSchema(),
  framework: cisAwsFoundations('1.16 Ensure IAM policies that allow full "*:*" administrative privileges are not attached'),
  tags: ["cis-aws-3.0:1.16", "owasp-agentic-top10:ASI03", "review"],
  remediationSteps:
    "Declare each agent's cloudPermissions as the specific actions on the specific resource ARNs its task needs; " +
    "agentcloud's AgentIdentity writes exactly those into the role's inline policy. When an agent truly needs a wildcard, " +
    "state why in its unsafeBroadCloudPermissions option: the role is then tagged " +
    `${AWS_TAGS.unsafeBroadCloudPermissions} and the grant is reported for review on the agent's pod template.`,
  validateStack: (args, report) => {
    const roles = resourcesOf(args.resources, AWS_TYPES.role).filter((r) => tag(r.props, AWS_TAGS.agent) !== undefined);
    if (roles.length === 0) return args.notApplicable(`No IAM role tagged ${AWS_TAGS.agent} in the stack`);
    for (const role of roles) {
      const reason = tag(role.props, AWS_TAGS.unsafeBroadCloudPermissions);
      if (reason !== undefined && reason.trim() !== "") continue;
      const who = describeAws("Agent IAM role", role.name);
      const say = (message: string) => report(`${who} ${message}`, role.urn);
      if (text(record(role.props).name) === undefined) {
        say("sets no name, so the RolePolicy and attachment resources that name it cannot be found; give it an explicit name.");
      }
      const blank = reason === undefined ? "" : ` (its ${AWS_TAGS.unsafeBroadCloudPermissions} tag states no reason)`;
      for (const { where, document } of documentsOf(args.resources, role, say)) {
        const statements = iamStatements(document);
        if (statements === undefined) {
          say(`has a policy document in ${where} that is not IAM policy JSON with a Statement; write a valid document.`);
          continue;
        }
        for (const s of statements.filter((st) => st.effect === "Allow")) {
          const at = `${where} ${s.path}`;
          const actions = s.actions.filter(hasWildcard);
          if (actions.length > 0) say(`allows wildcard actions ${showAll(actions, IAM_ACTION, "(unreadable)")} in ${at}${blank}; ${FIX}`);
          if (s.notAction) say(`allows every action but some (NotAction) in ${at}${blank}; ${FIX}`);
          const resources = s.resources.filter(hasWildcard);
          if (resources.length > 0) say(`allows wildcard resources ${showAll(resources, ARN, "(unreadable)")} in ${at}${blank}; ${FIX}`);
          if (s.notResource) say(`allows every resource but some (NotResource) in ${at}${blank}; ${FIX}`);
        }
      }
    }
  },
};
