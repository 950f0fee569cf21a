import { describe, expect, it } from "vitest";
import { authentication } from "../../../policies/gateway/authentication";
import { invalidObjects } from "../../helpers/schema";
import { messages, violations } from "../helpers";
import { configMap, configSchemaErrors, fleetConfig, gatewayService, routePolicies, builtGateway } from "./objects";

const CM = 'ConfigMap "mcp-gateway" in namespace "agentcloud-gateway": agentgateway.yaml';
const FIX = "set mode: strict, the fleet's token issuer, the gateway's audience and the issuer's jwks.";
const weak = (path: string, problems: string) => `${CM} ${path} does not enforce the fleet's tokens: ${problems}; ${FIX}`;
const MCP = "binds[0].listeners[0].routes[0]";
const A2A = "binds[0].listeners[0].routes[1]";

describe("agentcloud-gateway-authentication", () => {
  it("passes every object McpGateway builds", async () => {
    expect(await messages(authentication, [...builtGateway()])).toEqual([]);
  });

  it("passes the config agentcloud generates (schema-valid), and is not applicable to other objects", async () => {
    const config = fleetConfig();
    expect(configSchemaErrors(config)).toEqual([]);
    expect(await invalidObjects([configMap(config).inputs])).toEqual([]);
    expect(await messages(authentication, [configMap(config)])).toEqual([]);
    const unlabelled = configMap("not: [yaml", "other", { app: "other" });
    expect(await violations([authentication], [unlabelled, gatewayService()])).toEqual([]);
  });

  it("flags a route without an authenticator, with the exact message, severity and URN", async () => {
    const config = fleetConfig();
    delete routePolicies(config, 1).jwtAuth;
    expect(configSchemaErrors(config)).toEqual([]);
    const found = await violations([authentication], [configMap(config)]);
    expect(found.map((v) => [v.message, v.urn, v.severity, v.enforcementLevel])).toEqual([
      [
        `${CM} ${A2A} forwards requests without authenticating them; add policies.jwtAuth with mode: strict, the fleet's ` +
          "token issuer, the gateway's audience and the issuer's jwks.",
        "urn:pulumi:test::test::kubernetes:core/v1:ConfigMap::res-mcp-gateway",
        "critical",
        "mandatory",
      ],
    ]);
  });

  it("flags jwtAuth without mode (agentgateway's default is optional), optional and permissive modes, and missing parts", async () => {
    const config = fleetConfig();
    const mcp = routePolicies(config, 0).jwtAuth as Record<string, unknown>;
    delete mcp.mode;
    mcp.audiences = [];
    const a2a = routePolicies(config, 1).jwtAuth as Record<string, unknown>;
    a2a.mode = "permissive";
    delete a2a.audiences;
    expect(configSchemaErrors(config)).toEqual([]);
    const other = fleetConfig();
    (routePolicies(other, 0).jwtAuth as Record<string, unknown>).mode = "optional";
    routePolicies(other, 1).jwtAuth = { mode: "strict", providers: [{ issuer: "https://issuer.example", jwks: "{}" }] };
    expect(configSchemaErrors(other)).toEqual([]);
    expect(await messages(authentication, [configMap(config), configMap(other, "second")])).toEqual([
      weak(
        `${MCP}.policies.jwtAuth`,
        "mode is unset (agentgateway's default is optional, which lets requests without a token through); audiences is " +
          "empty (tokens for any audience would pass)",
      ),
      weak(`${A2A}.policies.jwtAuth`, 'mode is "permissive"; audiences is empty (tokens for any audience would pass)'),
      weak(`${MCP}.policies.jwtAuth`, 'mode is "optional"').replace("mcp-gateway", "second"),
      weak(`${A2A}.policies.jwtAuth`, "providers[0].audiences is empty (tokens for any audience would pass)").replace(
        "mcp-gateway",
        "second",
      ),
    ]);
  });

  it("accepts mcpAuthentication (strict by default) and flags a non-strict one", async () => {
    const config = fleetConfig();
    const policies = routePolicies(config, 0);
    const jwt = policies.jwtAuth as Record<string, unknown>;
    delete policies.jwtAuth;
    policies.mcpAuthentication = { issuer: jwt.issuer, audiences: jwt.audiences, jwks: jwt.jwks, resourceMetadata: {} };
    expect(configSchemaErrors(config)).toEqual([]);
    expect(await messages(authentication, [configMap(config)])).toEqual([]);
    (policies.mcpAuthentication as Record<string, unknown>).mode = "optional";
    delete (policies.mcpAuthentication as Record<string, unknown>).jwks;
    expect(await messages(authentication, [configMap(config)])).toEqual([
      weak(`${MCP}.policies.mcpAuthentication`, 'mode is "optional"; jwks is missing'),
    ]);
  });

  it("flags weaker authenticators at the listener, in attached policies and the mcp section, and TCP routes", async () => {
    const config = fleetConfig();
    const binds = config.binds as Record<string, unknown>[];
    const listener = (binds[0].listeners as Record<string, unknown>[])[0];
    const jwt = routePolicies(config, 0).jwtAuth as Record<string, unknown>;
    listener.policies = { jwtAuth: { ...jwt, mode: "optional" } };
    config.policies = [
      {
        name: { name: "open", namespace: "x" },
        target: { route: { name: "mcp", namespace: "x" } },
        policy: { jwtAuth: { ...jwt, mode: "permissive" } },
      },
    ];
    config.mcp = { port: 3000, targets: [{ name: "local", mcp: { host: "http://localhost:3001/mcp" } }] };
    listener.tcpRoutes = [{ backends: [{ host: "10.0.0.1:22" }] }];
    expect(configSchemaErrors(config)).toEqual([]);
    expect(await messages(authentication, [configMap(config)])).toEqual([
      weak("binds[0].listeners[0].policies.jwtAuth", 'mode is "optional"'),
      `${CM} binds[0].listeners[0].tcpRoutes[0] is a TCP route, which no token authenticates; serve agents on HTTP routes ` +
        "with jwtAuth only.",
      `${CM} mcp forwards requests without authenticating them; add policies.jwtAuth with mode: strict, the fleet's ` +
        "token issuer, the gateway's audience and the issuer's jwks.",
      weak("policies[0].policy.jwtAuth", 'mode is "permissive"'),
    ]);
  });

  it("counts a strict listener-level jwtAuth for its routes, and skips routes that forward nothing", async () => {
    const config = fleetConfig();
    const listener = ((config.binds as Record<string, unknown>[])[0].listeners as Record<string, unknown>[])[0];
    listener.policies = { jwtAuth: routePolicies(config, 0).jwtAuth };
    delete routePolicies(config, 0).jwtAuth;
    (listener.routes as unknown[]).push({ name: "nothing", policies: { directResponse: { body: "no", status: 404 } } });
    expect(configSchemaErrors(config)).toEqual([]);
    expect(await messages(authentication, [configMap(config)])).toEqual([]);
  });

  it("reads configs with nulls and wrong types in place of lists and objects without throwing", async () => {
    const odd = configMap(
      "binds: [null, {listeners: [null, 5, {routes: [null, 5, {backends: [null], policies: {jwtAuth: null}}], tcpRoutes: 5}]}]\n" +
        "routes: 5\nmcp: {policies: 5}\npolicies: [null, {policy: {jwtAuth: [1]}}]\n",
    );
    const unauthenticated = (path: string) =>
      `${CM} ${path} forwards requests without authenticating them; add policies.jwtAuth with mode: strict, the fleet's ` +
      "token issuer, the gateway's audience and the issuer's jwks.";
    expect(await messages(authentication, [odd])).toEqual([unauthenticated("binds[1].listeners[2].routes[2]"), unauthenticated("mcp")]);
  });

  it("fails closed on a config that is not YAML, not a mapping or not a string", async () => {
    const bad = configMap("binds: [\n  - port: 8080\n    listeners: {", "bad");
    const list = configMap("- a\n- b\n", "list");
    const number = configMap("", "number");
    (number.inputs.data as Record<string, unknown>)["agentgateway.yaml"] = 5;
    const msg = (name: string, problem: string) =>
      `ConfigMap "${name}" in namespace "agentcloud-gateway": agentgateway.yaml ${problem}, so its authentication cannot be ` +
      "checked (agentgateway would not load it either); render agentgateway's standalone config as YAML.";
    expect(await messages(authentication, [bad, list, number])).toEqual([
      msg("bad", "is not valid YAML (line 2)"),
      msg("list", "is not a YAML mapping"),
      msg("number", "is not a string"),
    ]);
  });
});
