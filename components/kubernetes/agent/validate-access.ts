import { broadGrants } from "../../validation/cloud-permissions";
import { checkDnsLabel } from "../../validation/names";
import type { ValidationProblem } from "../../validation/problems";
import { checkInteger, checkNonEmptyString, checkOneOf, checkStringList, isRecord } from "../../validation/values";
import { checkEgressEntries, parseEgressHost } from "../network/egress";
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

/**
 * Problems with `egress` and `unsafeWildcardEgress`: each entry a `host` or `host:port` that no other entry repeats
 * (see `checkEgressEntry`), and `*.` wildcards only with a stated reason, which is refused when there is none.
 */
export function checkEgress(args: Pick<AgentArgs, "egress" | "unsafeWildcardEgress">): ValidationProblem[] {
  const { egress, unsafeWildcardEgress: ack } = args;
  const problems: ValidationProblem[] = [];
  if (ack !== undefined) {
    problems.push(
      ...(isRecord(ack)
        ? checkNonEmptyString("unsafeWildcardEgress.reason", ack.reason, "calls per-tenant hosts under *.example.com")
        : [{ argument: "unsafeWildcardEgress", value: ack, problem: "must be an object", fix: `use { reason: "why" }` }]),
    );
  }
  if (egress !== undefined && !Array.isArray(egress)) {
    return [
      { argument: "egress", value: egress, problem: "must be a list of host names", fix: `use ["api.github.com", "api.github.com:8443"]` },
      ...problems,
    ];
  }
  const entries: unknown[] = egress ?? [];
  const entryProblems = checkEgressEntries("egress", entries);
  problems.unshift(...entryProblems);
  const acknowledged = isRecord(ack) && typeof ack.reason === "string" && ack.reason.trim() !== "";
  const wildcards = entries.flatMap((e, i) => (typeof e === "string" && e.startsWith("*.") ? [i] : []));
  if (!acknowledged) {
    // Entries with problems of their own are reported once, for those.
    const refused = new Set(entryProblems.map((p) => p.argument));
    for (const i of wildcards.filter((i) => !refused.has(`egress[${i}]`))) {
      problems.push({
        argument: `egress[${i}]`,
        value: entries[i],
        problem: `is a wildcard, which allows every name one label under ${parseEgressHost(entries[i] as string).host.slice(2)}, and needs an acknowledgement`,
        fix: `list each host, or acknowledge it with unsafeWildcardEgress: { reason: "why" }`,
      });
    }
  }
  if (ack !== undefined && wildcards.length === 0) {
    problems.push({
      argument: "unsafeWildcardEgress",
      value: ack,
      problem: `acknowledges wildcard egress, but no egress entry is a "*." wildcard`,
      fix: "remove unsafeWildcardEgress",
    });
  }
  return problems;
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
