import { describe, expect, it } from "vitest";
import { agentRoleNoWildcards as policy } from "../../../policies/aws/agent-role-no-wildcards";
import { messages, registration, violations } from "../helpers";
import { ROLE_NAME, agentRole, compliantAws, document, rolePolicy } from "./objects";

const WHO = 'Agent IAM role "coder-role"';
const FIX =
  "name the specific actions and resources the agent needs, or declare the agent's unsafeBroadCloudPermissions with the " +
  "reason (agentcloud tags the role agentcloud.dev/unsafe-broad-cloud-permissions).";
const INLINE = 'RolePolicy "coder-policy"';

describe("agentcloud-aws-agent-role-no-wildcards", () => {
  it("passes exactly declared permissions, and ignores roles that are not an agent's", async () => {
    expect(await messages(policy, compliantAws())).toEqual([]);
    const operator = agentRole((i) => delete i.tags, "cilium-operator", "cilium-operator");
    expect(await messages(policy, [operator, rolePolicy(document("ec2:*", "*"), "operator-policy", "cilium-operator")])).toEqual([]);
  });

  it("reports wildcard actions and resources, NotAction and NotResource, in every document of the role", async () => {
    const wild = rolePolicy(document(["s3:GetObject", "s3:Get*", "*"], ["arn:aws:s3:::bucket/*", "arn:aws:s3:::bucket/key"]));
    const not = JSON.stringify({ Statement: { Effect: "Allow", NotAction: "iam:*", NotResource: "arn:aws:iam::123456789012:role/x" } });
    const role = agentRole((i) => (i.inlinePolicies = [{ name: "extra", policy: not }]));
    const deny = rolePolicy(JSON.stringify({ Statement: [{ Effect: "Deny", Action: "*", Resource: "*" }] }), "deny-policy");
    expect(await messages(policy, [role, wild, deny])).toEqual([
      `${WHO} allows every action but some (NotAction) in inlinePolicies[0] Statement; ${FIX}`,
      `${WHO} allows every resource but some (NotResource) in inlinePolicies[0] Statement; ${FIX}`,
      `${WHO} allows wildcard actions "s3:Get*", "*" in ${INLINE} Statement[0]; ${FIX}`,
      `${WHO} allows wildcard resources "arn:aws:s3:::bucket/*" in ${INLINE} Statement[0]; ${FIX}`,
    ]);
  });

  it("passes an acknowledged role, and says so when the acknowledgement states no reason", async () => {
    const wild = rolePolicy(document("s3:*", "*"));
    const acknowledged = agentRole((i) => (i.tags["agentcloud.dev/unsafe-broad-cloud-permissions"] = "CANARY reason"));
    expect(await messages(policy, [acknowledged, wild])).toEqual([]);
    const blank = agentRole((i) => (i.tags["agentcloud.dev/unsafe-broad-cloud-permissions"] = " "));
    const why = " (its agentcloud.dev/unsafe-broad-cloud-permissions tag states no reason)";
    expect(await messages(policy, [blank, wild])).toEqual([
      `${WHO} allows wildcard actions "s3:*" in ${INLINE} Statement[0]${why}; ${FIX}`,
      `${WHO} allows wildcard resources "*" in ${INLINE} Statement[0]${why}; ${FIX}`,
    ]);
  });

  it("reads attached managed policies defined in the stack, and reports those it cannot read", async () => {
    const managed = registration("aws:iam/policy:Policy", "extra-policy", {
      name: "coder-extra",
      path: "/agents/",
      policy: document("s3:List*", "arn:aws:s3:::b"),
    });
    const attach = registration("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "extra-attach", {
      role: ROLE_NAME,
      policyArn: "arn:aws:iam::123456789012:policy/agents/coder-extra",
    });
    const admin = registration("aws:iam/policyAttachment:PolicyAttachment", "admin-attach", {
      roles: [ROLE_NAME],
      policyArn: "arn:aws:iam::aws:policy/AdministratorAccess",
    });
    const role = agentRole((i) => (i.managedPolicyArns = ["arn:aws:iam::123456789012:policy/CANARY secret"]));
    expect(await messages(policy, [role, managed, attach, admin])).toEqual([
      `${WHO} allows wildcard actions "s3:List*" in RolePolicyAttachment "extra-attach", Policy "extra-policy" Statement[0]; ${FIX}`,
      `${WHO} attaches managed policy "arn:aws:iam::aws:policy/AdministratorAccess" (PolicyAttachment "admin-attach"), which is ` +
        "not defined in this stack, so its actions cannot be checked; give the agent exactly its declared permissions in an inline policy.",
      `${WHO} attaches managed policy of an unreadable ARN (managedPolicyArns[0]), which is not defined in this stack, so its ` +
        "actions cannot be checked; give the agent exactly its declared permissions in an inline policy.",
    ]);
  });

  it("reports unreadable documents and a role without a name", async () => {
    const role = agentRole((i) => {
      delete i.name;
      i.inlinePolicies = [
        { name: "broken", policy: "{CANARY" },
        { name: "empty", policy: JSON.stringify({ Version: "2012-10-17" }) },
      ];
    });
    expect(await messages(policy, [role])).toEqual([
      `${WHO} has a policy document in inlinePolicies[0] that is not IAM policy JSON with a Statement; write a valid document.`,
      `${WHO} has a policy document in inlinePolicies[1] that is not IAM policy JSON with a Statement; write a valid document.`,
      `${WHO} sets no name, so the RolePolicy and attachment resources that name it cannot be found; give it an explicit name.`,
    ]);
    const objectDocument = rolePolicy({
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Action: "sqs:*", Resource: "arn:aws:sqs:eu-west-1:123456789012:q" }],
    });
    const [v] = await violations([policy], [agentRole(), objectDocument]);
    expect([v.enforcementLevel, v.severity, v.message]).toEqual([
      "mandatory",
      "high",
      `${WHO} allows wildcard actions "sqs:*" in ${INLINE} Statement[0]; ${FIX}`,
    ]);
  });
});
