import { describe, expect, it } from "vitest";
import { alwaysTrue, authenticatorProblems, findKeys, parseGatewayConfig, pinsCaller, tokenize } from "../../../policies/lib/gateway";

const SA = '"system:serviceaccount:team-a:coder"';

describe("the gateway config reader", () => {
  it.each([
    ["true", true],
    ["  true  ", true],
    ["((true))", true],
    ["!false", true],
    ["!(false)", true],
    ["1 == 1", true],
    ["1==1.0", true],
    ['"a" == "a"', true],
    ['"a" != "b"', true],
    ["jwt.sub == jwt.sub", true],
    ["false || true", true],
    ["true && (1 == 1)", true],
    [`jwt.sub == ${SA} || true`, true],
    ["false", false],
    ["1 == 2", false],
    [`jwt.sub == ${SA}`, false],
    [`true && jwt.sub == ${SA}`, false],
    ["size([]) == 0", false],
    ["true ? true : true", false],
    ['"unterminated', false],
  ])("alwaysTrue(%s) is %s", (expression, expected) => {
    expect(alwaysTrue(expression)).toBe(expected);
  });

  it.each([
    [`jwt.sub == ${SA}`, true],
    [`${SA} == jwt.sub`, true],
    [`(jwt.sub == ${SA})`, true],
    [`jwt.sub == ${SA} && mcp.tool.target == "github" && mcp.tool.name in ["a", "b"]`, true],
    [`jwt.sub in [${SA}, "system:serviceaccount:team-a:b",]`, true],
    [`jwt.sub == ${SA} || jwt.sub == "system:serviceaccount:team-a:b"`, true],
    [`(jwt.sub == ${SA} || jwt.sub == "x") && mcp.tool.name == "a"`, true],
    ['jwt.sub == "a\\"b" && x', true],
    ['jwt.sub == ""', false],
    ["jwt.sub in []", false],
    ['jwt.sub in ["a", x]', false],
    [`jwt.sub == ${SA} || mcp.tool.name == "a"`, false],
    [`!(jwt.sub == ${SA})`, false],
    [`jwt.sub != ${SA}`, false],
    [`jwt.sub == ${SA} + "x"`, false],
    [`jwt.sub == ${SA} ? true : true`, false],
    [`jwt.sub == ${SA} && (true ? x : y) || true`, false],
    [`jwt["sub"] == ${SA}`, false],
    ["", false],
    ["jwt.sub == 'unterminated", false],
  ])("pinsCaller(%s) is %s", (expression, expected) => {
    expect(pinsCaller(expression)).toBe(expected);
  });

  it("tokenizes CEL strings (raw, bytes, triple-quoted, escaped), numbers, comments and operators", () => {
    expect(tokenize(`r"a\\" + b'x' + """q"q""" + 0x1F + 1.5e3 // note\n && !x`)?.map((t) => t.text)).toEqual([
      'r"a\\"',
      "+",
      "b'x'",
      "+",
      '"""q"q"""',
      "+",
      "0x1F",
      "+",
      "1.5e3",
      "&&",
      "!",
      "x",
    ]);
    expect(tokenize("a # b")).toBeUndefined();
  });

  it("reads authenticators by agentgateway's schema defaults", () => {
    const sound = { issuer: "https://i", audiences: ["a"], jwks: { url: "https://i/jwks" } };
    expect(authenticatorProblems("jwtAuth", { mode: "strict", ...sound })).toEqual([]);
    expect(authenticatorProblems("mcpAuthentication", { ...sound })).toEqual([]);
    expect(authenticatorProblems("mcpAuthentication", { issuer: "https://i", audiences: ["a"], provider: { keycloak: {} } })).toEqual([]);
    expect(authenticatorProblems("jwtAuth", { mode: "weird", audiences: [""], jwks: "" })).toEqual([
      "mode is not strict",
      "issuer is missing",
      "audiences is empty (tokens for any audience would pass)",
      "jwks is missing",
    ]);
    expect(authenticatorProblems("jwtAuth", { mode: "strict", providers: [] })).toEqual(["providers is empty"]);
    expect(authenticatorProblems("jwtAuth", { mode: "strict", ...sound, jwks: { url: "http://i/jwks" } })).toEqual([
      "jwks.url is not https",
    ]);
    expect(authenticatorProblems("mcpAuthentication", { ...sound, jwks: { url: 5 } })).toEqual(["jwks.url is not https"]);
  });

  it("finds keys anywhere with their paths, skipping nulls, and parses YAML and JSON configs", () => {
    expect(findKeys({ a: [{ jwtAuth: 1 }, { b: { jwtAuth: null, jwtAuthX: 2 } }], jwtAuth: { jwtAuth: 3 } }, ["jwtAuth"])).toEqual([
      { path: "a[0].jwtAuth", key: "jwtAuth", value: 1 },
      { path: "jwtAuth", key: "jwtAuth", value: { jwtAuth: 3 } },
      { path: "jwtAuth.jwtAuth", key: "jwtAuth", value: 3 },
    ]);
    expect(parseGatewayConfig('{"binds": []}')).toEqual({ ok: true, config: { binds: [] } });
    expect(parseGatewayConfig("a: 1\na: 2\n")).toEqual({ ok: false, problem: "is not valid YAML (line 2)" });
  });
});
