import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { a2aAuthorizationRule, celString, celStringList, mcpAuthorizationRules } from "../../../../components/kubernetes/mcp-gateway/rules";
import { evalBool, evaluate } from "./cel";

const CODER = "system:serviceaccount:team-a:coder";

describe("the test evaluator's context", () => {
  it("must have agentgateway's CEL context shape (cel.json)", () => {
    expect(() => evaluate("true", { mcp: { tool: { target: "github" } } } as never)).toThrow(
      "CEL context does not match cel.json: data/mcp/tool must have required property 'name'",
    );
    expect(() => evaluate("true", { response: { code: 70000 } })).toThrow(
      "CEL context does not match cel.json: data/response/code must be <= 65535",
    );
  });
});

describe("celString", () => {
  it.each([
    ["search", '"search"'],
    ["fetch_page", '"fetch_page"'],
    ["a.b-c", '"a.b-c"'],
    ['say "hi"', '"say \\"hi\\""'],
    ["back\\slash", '"back\\\\slash"'],
    ["line\nbreak", '"line\\u000abreak"'],
    ["é", '"\\u00e9"'],
    ["😀", '"\\U0001f600"'],
    ["", '""'],
  ])("%j is the literal %s", (value, literal) => {
    expect(celString(value)).toBe(literal);
  });

  it("evaluates back to the same string for any string, so no value can escape the literal", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme" }), (value) => {
        expect(evaluate(celString(value), {})).toEqual({ value });
      }),
      { numRuns: 300 },
    );
  });

  it("keeps an injection attempt a plain string", () => {
    const attack = '" || true || "';
    expect(evaluate(`${celString(attack)} == "x"`, {})).toEqual({ value: false });
    expect(evalBool(`mcp.tool.name in ${celStringList([attack])}`, { mcp: { tool: { target: "s", name: "other" } } })).toBe(false);
  });

  it("refuses a lone surrogate (no CEL literal spells it)", () => {
    expect(() => celString("\ud800")).toThrow("lone surrogate U+d800 in a CEL string");
  });
});

describe("mcpAuthorizationRules", () => {
  it("writes one rule per (caller, server) with exactly the granted tools", () => {
    expect(
      mcpAuthorizationRules([
        {
          namespace: "team-a",
          serviceAccount: "coder",
          tools: [
            { server: "github", tools: ["create_issue", "get_issue"] },
            { server: "web-search", tools: ["search"] },
          ],
        },
        { namespace: "team-b", serviceAccount: "reader", tools: [{ server: "github", tools: ["get_issue"] }] },
      ]),
    ).toEqual([
      `jwt.sub == "${CODER}" && mcp.tool.target == "github" && mcp.tool.name in ["create_issue", "get_issue"]`,
      `jwt.sub == "${CODER}" && mcp.tool.target == "web-search" && mcp.tool.name in ["search"]`,
      `jwt.sub == "system:serviceaccount:team-b:reader" && mcp.tool.target == "github" && mcp.tool.name in ["get_issue"]`,
    ]);
  });

  it("merges repeated grants of one caller and server, each tool once, in declaration order", () => {
    expect(
      mcpAuthorizationRules([
        { namespace: "team-a", serviceAccount: "coder", tools: [{ server: "github", tools: ["b", "a"] }] },
        { namespace: "team-a", serviceAccount: "coder", tools: [{ server: "github", tools: ["a", "c"] }] },
      ]),
    ).toEqual([`jwt.sub == "${CODER}" && mcp.tool.target == "github" && mcp.tool.name in ["b", "a", "c"]`]);
  });

  it("writes no rule for a server granted no tool, and none for no grants", () => {
    expect(mcpAuthorizationRules([{ namespace: "team-a", serviceAccount: "coder", tools: [{ server: "github", tools: [] }] }])).toEqual([]);
    expect(mcpAuthorizationRules([])).toEqual([]);
  });

  it("evaluates: true for the caller's granted tool only", () => {
    const [rule] = mcpAuthorizationRules([
      { namespace: "team-a", serviceAccount: "coder", tools: [{ server: "github", tools: ["get_issue"] }] },
    ]);
    const jwt = { sub: CODER, iss: "https://issuer", aud: "agentcloud-gateway" };
    expect(evalBool(rule, { jwt, mcp: { tool: { target: "github", name: "get_issue" } } })).toBe(true);
    expect(evalBool(rule, { jwt, mcp: { tool: { target: "github", name: "create_issue" } } })).toBe(false);
    expect(evalBool(rule, { jwt, mcp: { tool: { target: "gitlab", name: "get_issue" } } })).toBe(false);
    expect(
      evalBool(rule, {
        jwt: { ...jwt, sub: "system:serviceaccount:team-a:other" },
        mcp: { tool: { target: "github", name: "get_issue" } },
      }),
    ).toBe(false);
    // No token, or not a tool (a prompt): evaluation fails, which agentgateway counts as false.
    expect(evaluate(rule, { mcp: { tool: { target: "github", name: "get_issue" } } })).toEqual({ error: "unresolved attribute" });
    expect(evalBool(rule, { mcp: { tool: { target: "github", name: "get_issue" } } })).toBe(false);
    expect(evalBool(rule, { jwt: null, mcp: { tool: { target: "github", name: "get_issue" } } })).toBe(false);
    expect(evalBool(rule, { jwt, mcp: {} })).toBe(false);
    expect(evalBool(rule, { jwt, mcp: null })).toBe(false);
  });
});

describe("a2aAuthorizationRule", () => {
  it("lists the callers' subjects, each once", () => {
    expect(
      a2aAuthorizationRule({
        namespace: "agents",
        agent: "memory-keeper",
        port: 8080,
        callers: [
          { namespace: "agents", serviceAccount: "research-assistant" },
          { namespace: "team-b", serviceAccount: "planner" },
          { namespace: "agents", serviceAccount: "research-assistant" },
        ],
      }),
    ).toBe('jwt.sub in ["system:serviceaccount:agents:research-assistant", "system:serviceaccount:team-b:planner"]');
  });

  it("evaluates: true for a declared caller only", () => {
    const rule = a2aAuthorizationRule({
      namespace: "agents",
      agent: "memory-keeper",
      port: 8080,
      callers: [{ namespace: "agents", serviceAccount: "research-assistant" }],
    });
    const token = (sub: string) => ({ sub, iss: "https://issuer", aud: "agentcloud-gateway" });
    expect(evalBool(rule, { jwt: token("system:serviceaccount:agents:research-assistant") })).toBe(true);
    expect(evalBool(rule, { jwt: token("system:serviceaccount:other:research-assistant") })).toBe(false);
    expect(evalBool(rule, {})).toBe(false);
    expect(evalBool(rule, { jwt: null })).toBe(false);
  });
});
