import { serviceAccountSubject } from "./endpoint";
import type { GatewayPeer, GatewayToolGrant } from "./spec";

// The CEL rules of the gateway. agentgateway's rule sets are allowlists once one allow rule exists (v1.4.1
// crates/agentgateway/src/http/authorization.rs, RuleSets::validate): a request no rule allows is denied, and a rule
// whose evaluation fails (a missing `jwt` or `mcp.tool`) counts as false. mcpAuthorization is checked on tools/call
// and filters tools/list with the same rules (src/mcp/handler.rs merge_tools), where `mcp.tool.target` is the
// registry's server name and `mcp.tool.name` the tool's name on that server, without the `<server>_` prefix clients see.

/**
 * A CEL string literal for `value`: printable ASCII as is (except `"` and `\`, escaped), everything else as `\u`/`\U`
 * escapes, so no value can end the literal or inject an expression. Lone UTF-16 surrogates cannot be expressed and throw.
 */
export function celString(value: string): string {
  let out = '"';
  for (const ch of value) {
    const cp = ch.codePointAt(0) as number;
    if (ch === '"' || ch === "\\") out += `\\${ch}`;
    else if (cp >= 0x20 && cp < 0x7f) out += ch;
    else if (cp >= 0xd800 && cp <= 0xdfff) throw new Error(`lone surrogate U+${cp.toString(16)} in a CEL string`);
    else if (cp <= 0xffff) out += `\\u${cp.toString(16).padStart(4, "0")}`;
    else out += `\\U${cp.toString(16).padStart(8, "0")}`;
  }
  return `${out}"`;
}

/** A CEL list literal of string literals. */
export function celStringList(values: readonly string[]): string {
  return `[${values.map(celString).join(", ")}]`;
}

/**
 * The `mcpAuthorization` allow rules for the grants: one per (caller ServiceAccount, server), allowing exactly the
 * granted tools of that server, e.g. `jwt.sub == "system:serviceaccount:team-a:coder" && mcp.tool.target == "github"
 * && mcp.tool.name in ["create_issue", "get_issue"]`. Several grants of the same caller and server are merged; tools
 * appear once, in declaration order; a server granted no tool gets no rule.
 */
export function mcpAuthorizationRules(grants: readonly GatewayToolGrant[]): string[] {
  const byCallerServer = new Map<string, { subject: string; server: string; tools: Set<string> }>();
  for (const grant of grants) {
    const subject = serviceAccountSubject(grant);
    for (const tool of grant.tools) {
      const key = JSON.stringify([subject, tool.server]);
      let entry = byCallerServer.get(key);
      if (!entry) {
        entry = { subject, server: tool.server, tools: new Set() };
        byCallerServer.set(key, entry);
      }
      for (const name of tool.tools) entry.tools.add(name);
    }
  }
  return [...byCallerServer.values()]
    .filter((e) => e.tools.size > 0)
    .map(
      (e) =>
        `jwt.sub == ${celString(e.subject)} && mcp.tool.target == ${celString(e.server)} && mcp.tool.name in ${celStringList([...e.tools])}`,
    );
}

/**
 * The `authorization` allow rule of a callee's A2A route: the caller's verified subject is one of the declared
 * callers, e.g. `jwt.sub in ["system:serviceaccount:team-a:planner"]`. Callers appear once, in declaration order.
 */
export function a2aAuthorizationRule(peer: GatewayPeer): string {
  const subjects = [...new Set(peer.callers.map(serviceAccountSubject))];
  return `jwt.sub in ${celStringList(subjects)}`;
}
