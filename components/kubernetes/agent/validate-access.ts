import { broadGrants } from "../../validation/cloud-permissions";
import { checkEgressHost } from "../../validation/hosts";
import { checkDnsLabel } from "../../validation/names";
import type { ValidationProblem } from "../../validation/problems";
import { checkInteger, checkNonEmptyString, checkOneOf, checkStringList, isRecord } from "../../validation/values";
import type { AgentArgs } from "./spec";

/** Longest agent name: leaves room for suffixes Kubernetes adds (StatefulSet pods, controller revisions). */
export const MAX_AGENT_NAME = 45;
const ACKNOWLEDGE = `, or acknowledge it with unsafeBroadCloudPermissions: { reason: "why" }`;

/** Problems with `acceptsFrom` or `delegatesTo`: other agents, never the agent itself. */
export function checkReferences(argument: string, refs: unknown, self: { name: string; namespace: unknown }): ValidationProblem[] {
  if (refs === undefined) return [];
  if (!Array.isArray(refs)) return [{ argument, value: refs, problem: "must be a list", fix: `use [{ agent: "other-agent" }]` }];
  return refs.flatMap((ref: unknown, i) => {
    const at = `${argument}[${i}]`;
    if (!isRecord(ref)) return [{ argument: at, value: ref, problem: "must be an object", fix: `use { agent: "other-agent" }` }];
    const problems = checkDnsLabel(`${at}.agent`, ref.agent, MAX_AGENT_NAME);
    if (ref.namespace !== undefined) problems.push(...checkDnsLabel(`${at}.namespace`, ref.namespace));
    if (ref.port !== undefined) problems.push(...checkInteger(`${at}.port`, ref.port, 1, 65535));
    if (ref.agent === self.name && (ref.namespace ?? self.namespace) === self.namespace) {
      problems.push({
        argument: `${at}.agent`,
        value: ref.agent,
        problem: "refers to the agent itself",
        fix: "remove it; an agent needs no rule to reach itself",
      });
    }
    return problems;
  });
}

/** Problems with `tools`: explicit grants of named tools on named servers. */
export function checkTools(tools: unknown): ValidationProblem[] {
  if (tools === undefined) return [];
  if (!Array.isArray(tools))
    return [{ argument: "tools", value: tools, problem: "must be a list", fix: `use [{ server: "github", tools: ["search_issues"] }]` }];
  return tools.flatMap((grant: unknown, i) => {
    const at = `tools[${i}]`;
    const g = isRecord(grant) ? grant : {};
    const problems = checkDnsLabel(`${at}.server`, g.server);
    if (!Array.isArray(g.tools) || g.tools.length === 0) {
      problems.push({
        argument: `${at}.tools`,
        value: g.tools,
        problem: "must list at least one tool (grants are explicit)",
        fix: `use tools: ["search_issues"]`,
      });
      return problems;
    }
    problems.push(...checkStringList(`${at}.tools`, g.tools, "search_issues"));
    const wild = g.tools.filter((t) => typeof t === "string" && t.includes("*"));
    if (wild.length > 0) {
      problems.push({
        argument: `${at}.tools`,
        value: g.tools,
        problem: "grants tools by wildcard (grants are explicit)",
        fix: `list each tool by name, like ["search_issues"]`,
      });
    }
    return problems;
  });
}

/** Problems with `egress`: host names, none of which reaches a cloud metadata endpoint. */
export function checkEgress(egress: unknown): ValidationProblem[] {
  if (egress === undefined) return [];
  if (!Array.isArray(egress))
    return [{ argument: "egress", value: egress, problem: "must be a list of host names", fix: `use ["api.github.com"]` }];
  return egress.flatMap((host, i) => checkEgressHost(`egress[${i}]`, host));
}

/**
 * Problems with `cloudPermissions` and `unsafeBroadCloudPermissions`: wildcards and GCP basic roles only with a
 * stated reason, and a reason only when something is broad.
 */
export function checkCloudPermissions(args: Pick<AgentArgs, "cloudPermissions" | "unsafeBroadCloudPermissions">): ValidationProblem[] {
  const { cloudPermissions: permissions = [], unsafeBroadCloudPermissions: ack } = args;
  const problems: ValidationProblem[] = [];
  if (ack !== undefined) {
    problems.push(
      ...(isRecord(ack)
        ? checkNonEmptyString("unsafeBroadCloudPermissions.reason", ack.reason, "reads every bucket of the analytics account")
        : [{ argument: "unsafeBroadCloudPermissions", value: ack, problem: "must be an object", fix: `use { reason: "why" }` }]),
    );
  }
  if (!Array.isArray(permissions)) {
    return [
      ...problems,
      {
        argument: "cloudPermissions",
        value: permissions,
        problem: "must be a list",
        fix: `use [{ cloud: "aws", actions: ["s3:GetObject"], resources: ["arn:aws:s3:::bucket/reports/latest.json"] }]`,
      },
    ];
  }
  const acknowledged = ack !== undefined && problems.length === 0;
  let broad = false;
  permissions.forEach((perm: unknown, i) => {
    const at = `cloudPermissions[${i}]`;
    const p = isRecord(perm) ? perm : {};
    problems.push(...checkOneOf(`${at}.cloud`, p.cloud, ["aws", "gcp"] as const));
    problems.push(...checkStringList(`${at}.actions`, p.actions, "s3:GetObject"));
    problems.push(...checkStringList(`${at}.resources`, p.resources, "arn:aws:s3:::bucket/reports/latest.json"));
    for (const grant of broadGrants(p)) {
      broad = true;
      if (!acknowledged)
        problems.push({
          argument: `${at}.${grant.field}`,
          value: grant.values,
          problem: `${grant.problem}, which is not least privilege`,
          fix: grant.fix + ACKNOWLEDGE,
        });
    }
  });
  if (ack !== undefined && !broad) {
    problems.push({
      argument: "unsafeBroadCloudPermissions",
      value: ack,
      problem: "acknowledges broad cloud permissions, but no permission uses wildcards or GCP basic roles",
      fix: "remove unsafeBroadCloudPermissions",
    });
  }
  return problems;
}
