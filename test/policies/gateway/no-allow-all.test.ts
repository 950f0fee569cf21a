import { describe, expect, it } from "vitest";
import { noAllowAll } from "../../../policies/gateway/no-allow-all";
import { messages, violations } from "../helpers";
import { configMap, configSchemaErrors, fleetConfig, gatewayDeployment, routePolicies, builtGateway } from "./objects";

const CM = 'ConfigMap "mcp-gateway" in namespace "agentcloud-gateway": agentgateway.yaml';
const MCP = "binds[0].listeners[0].routes[0]";
const A2A = "binds[0].listeners[0].routes[1]";
const MCP_FIX =
  'add one allow rule per caller and server: jwt.sub == "system:serviceaccount:<namespace>:<name>" && ' +
  'mcp.tool.target == "<server>" && mcp.tool.name in [...].';
const A2A_FIX = 'add an allow rule naming the callers: jwt.sub in ["<subject>", ...].';
const always = (path: string, kind: string, effect: string) =>
  `${CM} ${path} (${kind}) is always true, so it ${effect}; remove it and name callers by jwt.sub.`;
const unpinned = (path: string, kind: string) =>
  `${CM} ${path} (${kind}) does not pin the caller: every || alternative needs an && term jwt.sub == "<subject>" or ` +
  `jwt.sub in ["<subject>", ...]; key it on the caller's ServiceAccount subject.`;

/** The fleet's config with these rule lists (undefined: no rule set); schema-valid unless `malformed`. */
function withRules(mcp: unknown[] | undefined, a2a: unknown[] | undefined, malformed = false): Record<string, unknown> {
  const config = fleetConfig();
  if (mcp === undefined) delete routePolicies(config, 0).mcpAuthorization;
  else routePolicies(config, 0).mcpAuthorization = { rules: mcp };
  if (a2a === undefined) delete routePolicies(config, 1).authorization;
  else routePolicies(config, 1).authorization = { rules: a2a };
  expect(configSchemaErrors(config).length > 0).toBe(malformed);
  return config;
}

describe("agentcloud-gateway-no-allow-all", () => {
  it("passes every object McpGateway builds", async () => {
    expect(await messages(noAllowAll, [...builtGateway()])).toEqual([]);
  });

  it("passes the rules agentcloud generates, and is not applicable to other objects", async () => {
    expect(await messages(noAllowAll, [configMap(fleetConfig())])).toEqual([]);
    expect(await violations([noAllowAll], [gatewayDeployment(), configMap(fleetConfig(), "other", { app: "other" })])).toEqual([]);
  });

  it("flags routes without rules (agentgateway allows everything) and with deny rules only, with severity and URN", async () => {
    const found = await violations([noAllowAll], [configMap(withRules(undefined, [{ deny: 'jwt.sub == "system:serviceaccount:x:y"' }]))]);
    expect(found.map((v) => [v.message, v.urn, v.severity])).toEqual([
      [
        `${CM} ${MCP} has no policies.mcpAuthorization rules, so agentgateway lets every caller list and call every tool; ${MCP_FIX}`,
        "urn:pulumi:test::test::kubernetes:core/v1:ConfigMap::res-mcp-gateway",
        "critical",
      ],
      [
        `${CM} ${A2A} has no allow or require rule in policies.authorization, so agentgateway allows every request no deny ` +
          `rule matches; ${A2A_FIX}`,
        "urn:pulumi:test::test::kubernetes:core/v1:ConfigMap::res-mcp-gateway",
        "critical",
      ],
    ]);
    expect(await messages(noAllowAll, [configMap(withRules([], []))])).toEqual([
      `${CM} ${MCP} has no policies.mcpAuthorization rules, so agentgateway lets every caller list and call every tool; ${MCP_FIX}`,
      `${CM} ${A2A} has no policies.authorization rules, so agentgateway allows every request; ${A2A_FIX}`,
    ]);
  });

  it("flags rules spelled always true, in any spacing and parentheses, as allow, plain string or require", async () => {
    const pinned = 'jwt.sub == "system:serviceaccount:research:memory-keeper"';
    const config = withRules(
      ["true", { allow: " ( 1 == 1 ) " }, { require: "!false" }, { allow: `${pinned} || true` }, { deny: "true" }],
      [{ allow: `"a" != "b"` }, { allow: "jwt.sub == jwt.sub" }],
    );
    const rules = `${MCP}.policies.mcpAuthorization.rules`;
    const a2a = `${A2A}.policies.authorization.rules`;
    expect(await messages(noAllowAll, [configMap(config)])).toEqual([
      always(`${rules}[0]`, "allow", "admits every caller"),
      always(`${rules}[1]`, "allow", "admits every caller"),
      always(`${rules}[2]`, "require", "requires nothing"),
      always(`${rules}[3]`, "allow", "admits every caller"),
      always(`${a2a}[0]`, "allow", "admits every caller"),
      always(`${a2a}[1]`, "allow", "admits every caller"),
    ]);
  });

  it("flags allow and require rules that do not pin the caller by jwt.sub, anywhere in the file", async () => {
    const config = withRules(
      [
        'mcp.tool.name == "search"',
        { allow: 'jwt.sub != "" && mcp.tool.name == "search"' },
        { allow: 'jwt.sub == "system:serviceaccount:a:b" || mcp.tool.target == "web-search"' },
        { require: 'has(jwt.sub) ? true : jwt.sub == "system:serviceaccount:a:b"' },
        { allow: '(jwt.sub == "system:serviceaccount:a:b" || jwt.sub == "system:serviceaccount:a:c") && mcp.tool.name == "x"' },
        { deny: 'mcp.tool.name == "delete"' },
      ],
      [{ allow: 'jwt.sub in ["system:serviceaccount:research:memory-keeper", ""]' }, { allow: "jwt.sub in []" }],
    );
    const listener = ((config.binds as Record<string, unknown>[])[0].listeners as Record<string, unknown>[])[0];
    listener.policies = { authorization: { rules: ['request.path.startsWith("/a2a")'] } };
    expect(configSchemaErrors(config)).toEqual([]);
    const rules = `${MCP}.policies.mcpAuthorization.rules`;
    const a2a = `${A2A}.policies.authorization.rules`;
    expect(await messages(noAllowAll, [configMap(config)])).toEqual([
      unpinned("binds[0].listeners[0].policies.authorization.rules[0]", "allow"),
      unpinned(`${rules}[0]`, "allow"),
      unpinned(`${rules}[1]`, "allow"),
      unpinned(`${rules}[2]`, "allow"),
      unpinned(`${rules}[3]`, "require"),
      unpinned(`${a2a}[0]`, "allow"),
      unpinned(`${a2a}[1]`, "allow"),
    ]);
  });

  it("flags malformed rules and fails closed on a config it cannot read", async () => {
    const config = withRules([{ allow: 'jwt.sub == "system:serviceaccount:a:b"', deny: "true" }], [{ allow: 'jwt.sub == "x' }], true);
    expect(await messages(noAllowAll, [configMap(config), configMap("{", "broken")])).toEqual([
      'ConfigMap "broken" in namespace "agentcloud-gateway": agentgateway.yaml is not valid YAML (line 1), so its authorization ' +
        "rules cannot be checked (agentgateway would not load it either); render agentgateway's standalone config as YAML.",
      `${CM} ${MCP} has no allow or require rule in policies.mcpAuthorization, so agentgateway allows every request no deny ` +
        `rule matches; ${MCP_FIX}`,
      `${CM} ${MCP}.policies.mcpAuthorization.rules[0] is neither a CEL string nor {allow|deny|require: <CEL>}; write it as one of them.`,
      unpinned(`${A2A}.policies.authorization.rules[0]`, "allow"),
    ]);
  });
});
