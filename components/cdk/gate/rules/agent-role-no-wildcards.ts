import { AWS_TAGS, hasWildcard, iamStatements, isStatedReason } from "../../../../policies/lib/shared-rules";
import type { CfnTemplate, RuleFinding } from "../spec";
import { list, props, refOf, resourcesOf, tag, withText, type Located } from "../template";

const FIX =
  "name the specific actions and resources the agent needs, or declare the agent's unsafeBroadCloudPermissions with the " +
  `reason (agentcloud tags the role ${AWS_TAGS.unsafeBroadCloudPermissions})`;

/** One permissions document of a role, with where it comes from for messages. */
interface Document {
  where: string;
  document: unknown;
}

/** `"s3:Get*", "*"`; an entry that cannot be read (an unreadable intrinsic) shows as `(unreadable)`. */
function showAll(values: readonly (string | undefined)[]): string {
  return values.map((v) => (v === undefined ? "(unreadable)" : JSON.stringify(v))).join(", ");
}

/** True when a policy's `Roles` names the role, by `Ref` or by the role's literal RoleName. */
function names(policy: Located, role: Located): boolean {
  const roleName = props(role.resource).RoleName;
  return list(props(policy.resource).Roles).some((r) => refOf(r) === role.id || (typeof roleName === "string" && r === roleName));
}

/**
 * An agent's role holds exactly the permissions the agent declared (the pack's agentcloud-aws-agent-role-no-wildcards,
 * whose reading of IAM documents and wildcard test this shares): no wildcard action or resource, no NotAction or
 * NotResource, no managed policy from outside the stack, unless the role carries the acknowledgement tag with a reason.
 */
export function agentRoleNoWildcards(template: CfnTemplate): RuleFinding[] {
  const found: RuleFinding[] = [];
  const policies = resourcesOf(template, "AWS::IAM::Policy");
  const managed = resourcesOf(template, "AWS::IAM::ManagedPolicy");
  for (const role of resourcesOf(template, "AWS::IAM::Role")) {
    if (tag(role.resource, AWS_TAGS.agent) === undefined) continue;
    const reason = tag(role.resource, AWS_TAGS.unsafeBroadCloudPermissions);
    if (isStatedReason(reason)) continue;
    const blank = reason === undefined ? "" : ` (its ${AWS_TAGS.unsafeBroadCloudPermissions} tag states no reason)`;
    const say = (location: string, problem: string, fix = FIX) => found.push({ logicalId: role.id, location, problem, fix });
    const own = props(role.resource);
    const documents: Document[] = list(own.Policies).map((p, i) => ({
      where: `Policies[${i}]`,
      document: (p as { PolicyDocument?: unknown }).PolicyDocument,
    }));
    const seen = new Set<string>();
    for (const p of [...policies, ...managed].filter((p) => names(p, role))) {
      seen.add(p.id);
      documents.push({ where: `${p.resource.Type} ${p.id}`, document: props(p.resource).PolicyDocument });
    }
    list(own.ManagedPolicyArns).forEach((arn, i) => {
      const ref = refOf(arn);
      const policy = managed.find((m) => m.id === ref);
      if (policy === undefined) {
        say(
          "Properties/ManagedPolicyArns",
          `is an agent's role that attaches a managed policy not defined in this stack (ManagedPolicyArns[${i}]), so its actions cannot be checked`,
          "give the agent exactly its declared permissions in an inline policy",
        );
      } else if (!seen.has(policy.id)) {
        seen.add(policy.id);
        documents.push({ where: `AWS::IAM::ManagedPolicy ${policy.id}`, document: props(policy.resource).PolicyDocument });
      }
    });
    for (const { where, document } of documents) {
      const statements = iamStatements(withText(document));
      if (statements === undefined) {
        say(
          "Properties",
          `is an agent's role with a policy document in ${where} that is not IAM policy JSON with a Statement`,
          "write a valid document",
        );
        continue;
      }
      for (const s of statements.filter((st) => st.effect === "Allow")) {
        const at = `${where} ${s.path}`;
        const actions = s.actions.filter(hasWildcard);
        if (actions.length > 0) say("Properties", `is an agent's role that allows wildcard actions ${showAll(actions)} in ${at}${blank}`);
        if (s.notAction) say("Properties", `is an agent's role that allows every action but some (NotAction) in ${at}${blank}`);
        const resources = s.resources.filter(hasWildcard);
        if (resources.length > 0)
          say("Properties", `is an agent's role that allows wildcard resources ${showAll(resources)} in ${at}${blank}`);
        if (s.notResource) say("Properties", `is an agent's role that allows every resource but some (NotResource) in ${at}${blank}`);
      }
    }
  }
  return found;
}
