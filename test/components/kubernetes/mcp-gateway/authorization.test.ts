import { describe, expect, it } from "vitest";
import { fleetGatewayArgs } from "../../../../components/blueprint/gateway";
import type { AgentCloudSpec } from "../../../../components/blueprint/spec";
import { buildGatewayConfig } from "../../../../components/kubernetes/mcp-gateway/config";
import { a2aPath, DEFAULT_GATEWAY_AUDIENCE, serviceAccountSubject } from "../../../../components/kubernetes/mcp-gateway/endpoint";
import { resolveMcpGateway } from "../../../../components/kubernetes/mcp-gateway/resolve";
import { IN_CLUSTER_TOKEN_ISSUER } from "../../../../components/kubernetes/mcp-gateway/spec";
import { validateMcpGatewayArgs } from "../../../../components/kubernetes/mcp-gateway/validate";
import { referenceFleet } from "../../../../stacks/agents";
import { API_SERVER, PLAIN_FABRIC } from "../../blueprint/fixtures";
import { a2aAllowed, callTool, listTools, type Claims, type UpstreamTools } from "./cel";

// The reference fleet end to end: its declarations -> fleetGatewayArgs -> resolveMcpGateway -> the generated config,
// whose rules are evaluated with a real CEL evaluator under agentgateway's rule-set semantics (./cel.ts).

const fleet = referenceFleet();
/** A Cilium fabric: the remote DeepWiki server needs FQDN egress. */
const CILIUM = { ...PLAIN_FABRIC, kind: "cilium", enforcement: { ...PLAIN_FABRIC.enforcement, fqdnEgress: true } } as const;
const spec: AgentCloudSpec = { platform: { provider: {}, network: CILIUM, apiServer: API_SERVER }, ...fleet };
const args = fleetGatewayArgs(spec);
if (args === undefined) throw new Error("the reference fleet has a gateway");
const config = buildGatewayConfig(resolveMcpGateway(args));

const NAMESPACE = "agents";
const agents = Object.entries(fleet.agents).map(([name, a]) => ({ name, ...a }));
const token = (sub: string, overrides: Partial<Claims> = {}): Claims => ({
  sub,
  iss: IN_CLUSTER_TOKEN_ISSUER.issuer,
  aud: DEFAULT_GATEWAY_AUDIENCE,
  ...overrides,
});
const agentToken = (agent: string) => token(serviceAccountSubject({ namespace: NAMESPACE, serviceAccount: agent }));
/** What every registered server lists upstream. */
const upstream: UpstreamTools = Object.fromEntries(fleet.tools.map((s) => [s.name, s.tools]));

function declared(agent: string, server: string, tool: string): boolean {
  return (fleet.agents[agent].tools ?? []).some((g) => g.server === server && g.tools.includes(tool));
}

/** Every fleet agent × every registry server × each of its tools and a tool it does not have. */
const triples = agents.flatMap((a) =>
  fleet.tools.flatMap((s) =>
    [...s.tools, "not_a_registered_tool"].map((tool) => [a.name, s.name, tool, declared(a.name, s.name, tool)] as const),
  ),
);

describe("the reference fleet's gateway", () => {
  it("is derived from valid arguments and grants what the fleet declares", () => {
    expect(validateMcpGatewayArgs(args)).toEqual([]);
    expect(triples.filter(([, , , allowed]) => allowed).map(([a, s, t]) => `${a} ${s}_${t}`)).toEqual([
      "research-assistant web-search_search",
      "research-assistant web-search_fetch_page",
      "research-assistant deepwiki_ask_question",
      "memory-keeper deepwiki_read_wiki_structure",
      "memory-keeper deepwiki_read_wiki_contents",
    ]);
    expect(triples).toHaveLength(3 * (3 + 1 + 3 + 1));
  });

  it.each(triples)("%s calling %s_%s is allowed: %s", (agent, server, tool, allowed) => {
    expect(callTool(config, agentToken(agent), `${server}_${tool}`)).toBe(allowed);
  });

  it.each(agents.map((a) => a.name))("%s cannot reach a tool through an unregistered server's name", (agent) => {
    expect(callTool(config, agentToken(agent), "no-such-server_search")).toBe(false);
    expect(callTool(config, agentToken(agent), "search")).toBe(false);
  });

  it.each([
    ["research-assistant", ["web-search_search", "web-search_fetch_page", "deepwiki_ask_question"]],
    ["memory-keeper", ["deepwiki_read_wiki_structure", "deepwiki_read_wiki_contents"]],
    ["code-interpreter", []],
  ])("tools/list for %s shows exactly %j", (agent, tools) => {
    expect(listTools(config, upstream, agentToken(agent))).toEqual(tools);
    const granted = triples.filter(([a, , , allowed]) => a === agent && allowed).map(([, s, t]) => `${s}_${t}`);
    expect([...tools].sort()).toEqual([...granted].sort());
  });

  it.each(triples.filter(([, , , allowed]) => allowed))("an unauthenticated request for %s's %s_%s is rejected", (_agent, server, tool) => {
    expect(callTool(config, undefined, `${server}_${tool}`)).toBe(false);
    expect(listTools(config, upstream, undefined)).toBe("rejected");
  });

  it.each([
    ["a ServiceAccount outside the fleet", token("system:serviceaccount:agents:intruder")],
    ["a fleet agent's name in another namespace", token("system:serviceaccount:other:research-assistant")],
    ["the gateway's own ServiceAccount", token("system:serviceaccount:agentcloud-gateway:mcp-gateway")],
  ])("%s gets no tool", (_what, claims) => {
    for (const [, server, tool] of triples) expect(callTool(config, claims, `${server}_${tool}`)).toBe(false);
    expect(listTools(config, upstream, claims)).toEqual([]);
  });

  it.each([
    ["the API server's audience", { aud: "https://kubernetes.default.svc.cluster.local" }],
    ["another issuer", { iss: "https://evil.example.com" }],
  ])("a fleet agent's token for %s is rejected", (_what, overrides) => {
    const claims = token(serviceAccountSubject({ namespace: NAMESPACE, serviceAccount: "research-assistant" }), overrides);
    expect(callTool(config, claims, "web-search_search")).toBe(false);
    expect(listTools(config, upstream, claims)).toBe("rejected");
  });

  /** Every ordered (caller, callee) pair of fleet agents, allowed iff the caller declares the callee (not a pool). */
  const pairs = agents.flatMap((caller) =>
    agents
      .filter((callee) => callee.name !== caller.name)
      .map((callee) => {
        const allowed = (caller.delegatesTo ?? []).some(
          (d) => d.agent === callee.name && (d.namespace ?? caller.namespace) === callee.namespace && d.sandboxPool !== true,
        );
        return [caller.name, callee.name, allowed] as const;
      }),
  );

  it("derives exactly the fleet's A2A edges", () => {
    expect(pairs.filter(([, , allowed]) => allowed).map(([a, b]) => `${a} -> ${b}`)).toEqual([
      "research-assistant -> memory-keeper",
      "memory-keeper -> research-assistant",
    ]);
    expect(pairs).toHaveLength(6);
  });

  it.each(pairs)("%s calling %s by A2A is allowed: %s", (caller, callee, allowed) => {
    const path = a2aPath({ namespace: NAMESPACE, agent: callee });
    expect(a2aAllowed(config, agentToken(caller), path)).toBe(allowed);
    expect(a2aAllowed(config, agentToken(caller), `${path}/tasks/send`)).toBe(allowed);
    expect(a2aAllowed(config, undefined, path)).toBe(false);
  });
});
