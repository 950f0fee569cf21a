import { parse as parseCel } from "@bufbuild/cel";
import Ajv2020 from "ajv/dist/2020";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import {
  a2aRouteName,
  buildGatewayConfig,
  DECISION_EXPRESSION,
  renderGatewayConfig,
} from "../../../../components/kubernetes/mcp-gateway/config";
import type { GatewayConfig } from "../../../../components/kubernetes/mcp-gateway/config-types";
import { resolveMcpGateway } from "../../../../components/kubernetes/mcp-gateway/resolve";
import type { McpGatewayArgs } from "../../../../components/kubernetes/mcp-gateway/spec";
import { UPSTREAM_DIR } from "../../../helpers/schema";
import { a2aAllowed, callTool, evaluate, routeKeys, selectRoute } from "./cel";

const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
const validateConfig = ajv.compile(
  JSON.parse(readFileSync(join(UPSTREAM_DIR, "agentgateway/v1.4.1/schema/config.json"), "utf8")) as object,
);

const ISSUER = "https://oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLE";

function args(overrides: Partial<McpGatewayArgs> = {}): McpGatewayArgs {
  return {
    servers: [
      {
        name: "web-search",
        service: { name: "web-search", namespace: "tools", port: 8000, podSelector: { app: "web-search" } },
        tools: ["search", "fetch_page"],
      },
      { name: "deepwiki", url: "https://mcp.deepwiki.com/mcp", tools: ["ask_question", "read_wiki_structure"] },
    ],
    grants: [
      {
        namespace: "agents",
        serviceAccount: "researcher",
        tools: [
          { server: "web-search", tools: ["search"] },
          { server: "deepwiki", tools: ["ask_question"] },
        ],
      },
    ],
    peers: [{ namespace: "agents", agent: "memory", port: 8080, callers: [{ namespace: "agents", serviceAccount: "researcher" }] }],
    authentication: { issuer: { issuer: ISSUER, jwks: { url: `${ISSUER}/keys` } } },
    network: { kind: "cilium", fqdnEgress: true },
    ...overrides,
  };
}

const JWT_AUTH = { mode: "strict", issuer: ISSUER, audiences: ["agentcloud-gateway"], jwks: { url: `${ISSUER}/keys` } };
const RESEARCHER = "system:serviceaccount:agents:researcher";

/** Every CEL expression of a config, with where it is. */
function celExpressions(config: GatewayConfig): [string, string][] {
  const out: [string, string][] = [];
  for (const [k, v] of Object.entries(config.config.logging.fields.add)) out.push([`logging.${k}`, v]);
  for (const [k, v] of Object.entries(config.config.metrics.fields.add)) out.push([`metrics.${k}`, v]);
  for (const route of config.binds[0].listeners[0].routes) {
    const p = route.policies;
    if ("mcpAuthorization" in p) p.mcpAuthorization.rules.forEach((r, i) => out.push([`${route.name}.rules[${i}]`, r.allow]));
    if ("authorization" in p) p.authorization.rules.forEach((r, i) => out.push([`${route.name}.rules[${i}]`, r.allow]));
    if ("transformations" in p) {
      for (const [h, v] of Object.entries(p.transformations.request.set)) out.push([`${route.name}.${h}`, v]);
    }
  }
  return out;
}

describe("buildGatewayConfig", () => {
  const config = buildGatewayConfig(resolveMcpGateway(args()));

  it("is the whole expected config", () => {
    expect(config).toEqual({
      config: {
        logging: { format: "json", fields: { add: { "agentcloud.decision": DECISION_EXPRESSION } } },
        metrics: { fields: { add: { agent: "jwt.sub", decision: DECISION_EXPRESSION } } },
      },
      binds: [
        {
          port: 8080,
          listeners: [
            {
              name: "agents",
              protocol: "HTTP",
              routes: [
                {
                  name: "mcp",
                  matches: [{ path: { exact: "/mcp" } }],
                  policies: {
                    jwtAuth: JWT_AUTH,
                    mcpAuthorization: {
                      rules: [
                        { allow: `jwt.sub == "${RESEARCHER}" && mcp.tool.target == "web-search" && mcp.tool.name in ["search"]` },
                        { allow: `jwt.sub == "${RESEARCHER}" && mcp.tool.target == "deepwiki" && mcp.tool.name in ["ask_question"]` },
                      ],
                    },
                  },
                  backends: [
                    {
                      mcp: {
                        targets: [
                          { name: "web-search", mcp: { host: "http://web-search.tools.svc.cluster.local:8000/mcp" } },
                          { name: "deepwiki", mcp: { host: "https://mcp.deepwiki.com/mcp" } },
                        ],
                        prefixMode: "always",
                        statefulMode: "stateless",
                        failureMode: "failOpen",
                      },
                    },
                  ],
                },
                {
                  name: "a2a-agents-memory",
                  namespace: "agents",
                  matches: [{ path: { pathPrefix: "/a2a/agents/memory" } }],
                  policies: {
                    jwtAuth: JWT_AUTH,
                    authorization: { rules: [{ allow: `jwt.sub in ["${RESEARCHER}"]` }] },
                    a2a: {},
                    urlRewrite: { path: { prefix: "/" } },
                    transformations: { request: { set: { "x-agentcloud-caller": "jwt.sub" } } },
                  },
                  backends: [{ host: "memory.agents.svc.cluster.local:8080" }],
                },
              ],
            },
          ],
        },
      ],
    });
  });

  it("validates against agentgateway v1.4.1's config schema", () => {
    expect(validateConfig(config) ? [] : validateConfig.errors).toEqual([]);
  });

  it("has only CEL that @bufbuild/cel parses", () => {
    const expressions = celExpressions(config);
    expect(expressions.map(([where]) => where)).toEqual([
      "logging.agentcloud.decision",
      "metrics.agent",
      "metrics.decision",
      "mcp.rules[0]",
      "mcp.rules[1]",
      "a2a-agents-memory.rules[0]",
      "a2a-agents-memory.x-agentcloud-caller",
    ]);
    for (const [, expression] of expressions) expect(() => parseCel(expression)).not.toThrow();
  });

  it("sets the caller header to the verified subject", () => {
    const jwt = { sub: RESEARCHER, iss: ISSUER, aud: "agentcloud-gateway" };
    expect(evaluate("jwt.sub", { jwt })).toEqual({ value: RESEARCHER });
  });

  it.each([
    [200, "/mcp", "allow"],
    [202, "/a2a/agents/memory", "allow"],
    [400, "/mcp", "deny"],
    [401, "/mcp", "deny"],
    [401, "/a2a/agents/memory", "deny"],
    [403, "/a2a/agents/memory", "deny"],
    [400, "/a2a/agents/memory", "error"],
    [404, "/other", "error"],
    [502, "/mcp", "error"],
  ])("logs status %i on %s as decision %s", (code, path, decision) => {
    expect(evaluate(DECISION_EXPRESSION, { request: { method: "POST", path, headers: {} }, response: { code } })).toEqual({
      value: decision,
    });
  });

  it("has no route for any other path (no catch-all)", () => {
    expect(
      ["/", "/mcp/", "/mcpx", "/a2a", "/a2a/agents", "/a2a/agents/memoryx", "/a2a/agents/other", "/admin"].map(
        (p) => selectRoute(config, p)?.name,
      ),
    ).toEqual([undefined, undefined, undefined, undefined, undefined, undefined, undefined, undefined]);
    expect(
      ["/mcp", "/a2a/agents/memory", "/a2a/agents/memory/", "/a2a/agents/memory/tasks"].map((p) => selectRoute(config, p)?.name),
    ).toEqual(["mcp", "a2a-agents-memory", "a2a-agents-memory", "a2a-agents-memory"]);
  });

  it("puts an inline JWKS as the JSON string itself", () => {
    const jwks = '{"keys":[{"kty":"RSA","kid":"k1","n":"AQAB","e":"AQAB"}]}';
    const inline = buildGatewayConfig(
      resolveMcpGateway(args({ authentication: { issuer: { issuer: ISSUER, jwks: { inline: jwks } }, audience: "fleet-gw" } })),
    );
    const mcp = inline.binds[0].listeners[0].routes[0];
    expect(mcp.policies.jwtAuth).toEqual({ mode: "strict", issuer: ISSUER, audiences: ["fleet-gw"], jwks });
    expect(validateConfig(inline) ? [] : validateConfig.errors).toEqual([]);
  });

  it("has no MCP route without grants (no rule would allow everything), only the A2A routes", () => {
    const noGrants = buildGatewayConfig(resolveMcpGateway(args({ grants: [] })));
    expect(noGrants.binds[0].listeners[0].routes.map((r) => r.name)).toEqual(["a2a-agents-memory"]);
    expect(callTool(noGrants, { sub: RESEARCHER, iss: ISSUER, aud: "agentcloud-gateway" }, "web-search_search")).toBe(false);
    expect(validateConfig(noGrants) ? [] : validateConfig.errors).toEqual([]);
  });

  it("has no route at all for a grant of no tools and no peers", () => {
    const empty = buildGatewayConfig(
      resolveMcpGateway(
        args({ grants: [{ namespace: "agents", serviceAccount: "researcher", tools: [{ server: "web-search", tools: [] }] }], peers: [] }),
      ),
    );
    expect(empty.binds[0].listeners[0].routes).toEqual([]);
  });

  it("serves on the gateway's port and names A2A routes after the callee", () => {
    expect(buildGatewayConfig(resolveMcpGateway(args({ port: 9090 }))).binds[0].port).toBe(9090);
    expect(a2aRouteName({ namespace: "team-b", agent: "planner" })).toBe("a2a-team-b-planner");
  });

  it("keys A2A routes uniquely even when `a2a-<ns>-<agent>` names coincide", () => {
    const callers = [{ namespace: "agents", serviceAccount: "researcher" }];
    const ambiguous = buildGatewayConfig(
      resolveMcpGateway(
        args({
          peers: [
            { namespace: "a-b", agent: "c", port: 8080, callers },
            { namespace: "a", agent: "b-c", port: 8080, callers },
          ],
        }),
      ),
    );
    expect(routeKeys(ambiguous)).toEqual(["agents/default/mcp", "agents/a-b/a2a-a-b-c", "agents/a/a2a-a-b-c"]);
    const researcher = { sub: RESEARCHER, iss: ISSUER, aud: "agentcloud-gateway" };
    expect(a2aAllowed(ambiguous, researcher, "/a2a/a-b/c")).toBe(true);
    expect(a2aAllowed(ambiguous, researcher, "/a2a/a/b-c")).toBe(true);
  });

  it("admits the declared A2A caller only", () => {
    const token = (sub: string) => ({ sub, iss: ISSUER, aud: "agentcloud-gateway" });
    expect(a2aAllowed(config, token(RESEARCHER), "/a2a/agents/memory")).toBe(true);
    expect(a2aAllowed(config, token("system:serviceaccount:agents:memory"), "/a2a/agents/memory")).toBe(false);
    expect(a2aAllowed(config, undefined, "/a2a/agents/memory")).toBe(false);
    expect(a2aAllowed(config, { ...token(RESEARCHER), aud: "https://kubernetes.default.svc.cluster.local" }, "/a2a/agents/memory")).toBe(
      false,
    );
  });
});

describe("renderGatewayConfig", () => {
  it("parses back to buildGatewayConfig's object", () => {
    const gw = resolveMcpGateway(args());
    const yaml = renderGatewayConfig(gw);
    expect(parse(yaml)).toEqual(buildGatewayConfig(gw));
    expect(yaml.split("\n").slice(0, 8)).toEqual([
      "config:",
      "  logging:",
      "    format: json",
      "    fields:",
      "      add:",
      // Quoted: the expression's ` ? ` and `: ` would be YAML syntax.
      `        agentcloud.decision: '${DECISION_EXPRESSION}'`,
      "  metrics:",
      "    fields:",
    ]);
  });
});
