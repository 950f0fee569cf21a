import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { buildGatewayConfig } from "../../../../components/kubernetes/mcp-gateway/config";
import { a2aPath, serviceAccountSubject } from "../../../../components/kubernetes/mcp-gateway/endpoint";
import { resolveMcpGateway } from "../../../../components/kubernetes/mcp-gateway/resolve";
import type { GatewayPeer, GatewayToolGrant, McpGatewayArgs, ToolRegistry } from "../../../../components/kubernetes/mcp-gateway/spec";
import { a2aAllowed, callTool, listTools, routeKeys, type Claims, type UpstreamTools } from "./cel";

// Random registries and fleets: whatever is declared, the generated rules reach exactly the declared tools and peers.

const ISSUER = "https://issuer.example.com";
const AUDIENCE = "agentcloud-gateway";

const dnsLabel = fc.stringMatching(/^[a-z]([a-z0-9-]{0,6}[a-z0-9])?$/);
/** MCP tool names as registries may spell them, `_` and `.` included. */
const toolName = fc.stringMatching(/^[A-Za-z0-9_.-]{1,12}$/);

const registry: fc.Arbitrary<ToolRegistry> = fc
  .uniqueArray(dnsLabel, { minLength: 1, maxLength: 4 })
  .chain((names) =>
    fc.tuple(
      ...names.map((name, i) =>
        fc
          .uniqueArray(toolName, { minLength: 1, maxLength: 4 })
          .map((tools) =>
            i % 2 === 0
              ? { name, service: { name, namespace: "tools", port: 8000, podSelector: { app: name } }, tools }
              : { name, url: `https://${name}.example.com/mcp`, tools },
          ),
      ),
    ),
  );

interface Fleet {
  servers: ToolRegistry;
  agents: { namespace: string; serviceAccount: string }[];
  grants: GatewayToolGrant[];
  peers: GatewayPeer[];
}

const fleet: fc.Arbitrary<Fleet> = registry.chain((servers) =>
  fc
    .uniqueArray(fc.record({ namespace: fc.constantFrom("team-a", "team-b"), serviceAccount: dnsLabel }), {
      minLength: 1,
      maxLength: 5,
      selector: (a) => `${a.namespace}/${a.serviceAccount}`,
    })
    .chain((agents) =>
      fc.record({
        servers: fc.constant(servers),
        agents: fc.constant(agents),
        // Each agent: some servers, each with a non-empty subset of its tools; sometimes the same server twice.
        grants: fc
          .tuple(
            ...agents.map((agent) =>
              fc
                .array(
                  fc
                    .constantFrom(...servers)
                    .chain((s) => fc.subarray(s.tools, { minLength: 1 }).map((tools) => ({ server: s.name, tools }))),
                  { maxLength: 4 },
                )
                .map((tools) => ({ ...agent, tools })),
            ),
          )
          .map((gs) => gs.filter((g) => g.tools.length > 0)),
        // Each agent may be called by a subset of the others.
        peers: fc
          .tuple(
            ...agents.map((callee) =>
              fc.subarray(agents.filter((a) => a !== callee)).map((callers) => ({
                namespace: callee.namespace,
                agent: callee.serviceAccount,
                port: 8080,
                callers,
              })),
            ),
          )
          .map((ps) => ps.filter((p) => p.callers.length > 0)),
      }),
    ),
);

function gatewayArgs(f: Fleet): McpGatewayArgs {
  return {
    servers: f.servers,
    grants: f.grants,
    peers: f.peers,
    authentication: { issuer: { issuer: ISSUER, jwks: { url: `${ISSUER}/keys` } } },
    network: { kind: "cilium", fqdnEgress: true },
  };
}

const token = (agent: { namespace: string; serviceAccount: string }): Claims => ({
  sub: serviceAccountSubject(agent),
  iss: ISSUER,
  aud: AUDIENCE,
});

describe("generated authorization over random fleets", () => {
  it("reaches exactly the declared tools, in tools/list and tools/call, and exactly the declared A2A callers", () => {
    fc.assert(
      fc.property(fleet, toolName, (f, stranger) => {
        const config = buildGatewayConfig(resolveMcpGateway(gatewayArgs(f)));
        const keys = routeKeys(config);
        expect(new Set(keys).size).toBe(keys.length);
        const upstream: UpstreamTools = Object.fromEntries(f.servers.map((s) => [s.name, s.tools]));
        const outsider = { namespace: "team-c", serviceAccount: "outsider" };
        for (const agent of [...f.agents, outsider]) {
          const declared = new Set(
            f.grants
              .filter((g) => g.namespace === agent.namespace && g.serviceAccount === agent.serviceAccount)
              .flatMap((g) => g.tools.flatMap((t) => t.tools.map((tool) => `${t.server}_${tool}`))),
          );
          for (const s of f.servers) {
            for (const tool of [...s.tools, stranger]) {
              const name = `${s.name}_${tool}`;
              expect(callTool(config, token(agent), name)).toBe(declared.has(name));
            }
          }
          const listed = listTools(config, upstream, token(agent));
          // No grant at all in the fleet: no MCP route, so nothing is listed.
          expect(listed === "rejected" ? [] : [...listed].sort()).toEqual([...declared].sort());
        }
        for (const callee of f.agents) {
          const peer = f.peers.find((p) => p.namespace === callee.namespace && p.agent === callee.serviceAccount);
          for (const caller of [...f.agents, outsider]) {
            const allowed =
              peer?.callers.some((c) => c.namespace === caller.namespace && c.serviceAccount === caller.serviceAccount) ?? false;
            expect(a2aAllowed(config, token(caller), a2aPath({ namespace: callee.namespace, agent: callee.serviceAccount }))).toBe(allowed);
          }
        }
      }),
      { numRuns: 60 },
    );
  });
});
