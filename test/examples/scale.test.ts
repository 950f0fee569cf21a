import { describe, expect, it } from "vitest";
import { fleetGatewayArgs } from "../../components/blueprint/gateway";
import { validateAgentCloudArgs } from "../../components/blueprint/validate";
import { ciliumFabric } from "../../components/kubernetes/network/fabrics";
import { fleet } from "../../examples/scale/fleet";

describe("examples/scale fleet", () => {
  it("is a valid fleet whose even agents hold the web-search grant and whose first agents call through the gateway", () => {
    const { tenants, agents, tools } = fleet(30);
    const spec = { platform: { provider: {}, network: ciliumFabric() }, tenants, agents, tools };
    expect(validateAgentCloudArgs(spec)).toEqual([]);
    const args = fleetGatewayArgs(spec)!;
    expect(args.grants.map((g) => `${g.namespace}/${g.serviceAccount}`)).toEqual(
      Object.entries(agents)
        .filter((_, i) => (i % 10) % 2 === 0)
        .map(([name, a]) => `${a.namespace}/${name}`),
    );
    expect(args.grants.every((g) => JSON.stringify(g.tools) === JSON.stringify([{ server: "web-search", tools: ["search"] }]))).toBe(true);
    // Agent 0 of each tenant calls agent 1 (agent 2 is a pool: claimed, not called through the gateway).
    expect(args.peers!.map((p) => [p.namespace, p.agent, p.callers.map((c) => c.serviceAccount)])).toEqual([
      ["tenant-0000", "agent-00001", ["agent-00000"]],
      ["tenant-0001", "agent-00011", ["agent-00010"]],
      ["tenant-0002", "agent-00021", ["agent-00020"]],
    ]);
  });
});
