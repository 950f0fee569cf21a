import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fleetGraph, mermaidId, mermaidText } from "../../../components/blueprint/graph";
import { resolveFleet } from "../../../components/blueprint/resolve";
import { smallFleet } from "./fixtures";

describe("fleetGraph", () => {
  it("draws tenants, agents with their sandbox, calls, claims, outside callers, tools and egress hosts", () => {
    const spec = smallFleet();
    spec.agents.memory = {
      ...spec.agents.memory,
      acceptsFrom: [{ agent: "gateway", namespace: "edge" }],
      workload: "statefulset",
      storage: { size: "1Gi" },
      sandbox: "kata-qemu",
    };
    expect(fleetGraph({ tenants: Object.keys(spec.tenants), agents: resolveFleet(spec) }).split("\n")).toEqual([
      "flowchart LR",
      '  subgraph tenant_agents["tenant agents"]',
      '    agent_agents_2fcaller["caller<br/>deployment, gvisor"]',
      '    agent_agents_2fmemory["memory<br/>statefulset, kata-qemu"]',
      '    agent_agents_2fpool["pool<br/>sandbox pool, gvisor"]',
      "  end",
      '  outside_edge_2fgateway["edge/gateway (outside the fleet)"]',
      '  mcp_web_2dsearch{{"MCP server web-search"}}',
      '  host_api_2egithub_2ecom_3a443(["api.github.com:443"])',
      '  agent_agents_2fcaller -->|"calls :8080"| agent_agents_2fmemory',
      '  agent_agents_2fcaller -->|"claims sandbox :8080"| agent_agents_2fpool',
      '  agent_agents_2fcaller -.->|"search"| mcp_web_2dsearch',
      '  agent_agents_2fcaller -.->|"egress"| host_api_2egithub_2ecom_3a443',
      '  outside_edge_2fgateway -->|"calls :8080"| agent_agents_2fmemory',
      "",
    ]);
  });

  it("sorts tenants, agents, edges, servers and hosts, so declaration order does not change the text", () => {
    const spec = smallFleet({
      tenants: { zeta: { owner: "a", costCentre: "b" }, agents: { owner: "a", costCentre: "b" } },
    });
    spec.agents.caller = {
      ...spec.agents.caller,
      tools: [
        { server: "zz", tools: ["b", "a"] },
        { server: "aa", tools: ["x"] },
      ],
      egress: ["b.example.com:8443", "a.example.com"],
    };
    spec.agents.late = { namespace: "zeta", image: "ghcr.io/acme/agent:1.0.0" };
    const forward = fleetGraph({ tenants: ["zeta", "agents"], agents: resolveFleet(spec) });
    const backward = fleetGraph({ tenants: ["agents", "zeta"], agents: [...resolveFleet(spec)].reverse() });
    expect(backward).toBe(forward);
    const lines = forward.split("\n");
    expect(lines.filter((l) => l.startsWith("  subgraph"))).toEqual([
      '  subgraph tenant_agents["tenant agents"]',
      '  subgraph tenant_zeta["tenant zeta"]',
    ]);
    expect(lines.filter((l) => l.includes("-.->"))).toEqual([
      '  agent_agents_2fcaller -.->|"x"| mcp_aa',
      '  agent_agents_2fcaller -.->|"a, b"| mcp_zz',
      '  agent_agents_2fcaller -.->|"egress"| host_a_2eexample_2ecom_3a443',
      '  agent_agents_2fcaller -.->|"egress"| host_b_2eexample_2ecom_3a8443',
    ]);
  });

  it("draws every registered server with where it runs, granted or not, and each grant as a dotted edge with its tools", () => {
    const spec = smallFleet();
    spec.tools = [
      ...spec.tools!,
      { name: "deepwiki", url: "https://mcp.deepwiki.com/mcp", tools: ["ask_question"] },
      { name: "quote", url: 'https://q.example.com/mcp?x="1"', tools: ["get"] },
    ];
    spec.agents.memory = { ...spec.agents.memory, tools: [{ server: "deepwiki", tools: ["ask_question"] }] };
    const lines = fleetGraph({ tenants: ["agents"], agents: resolveFleet(spec), servers: spec.tools }).split("\n");
    expect(lines.filter((l) => l.includes("mcp_"))).toEqual([
      '  mcp_deepwiki{{"MCP server deepwiki<br/>https://mcp.deepwiki.com/mcp"}}',
      '  mcp_quote{{"MCP server quote<br/>https://q.example.com/mcp?x=#34;1#34;"}}',
      '  mcp_web_2dsearch{{"MCP server web-search<br/>tools/web-search:8000"}}',
      '  agent_agents_2fcaller -.->|"search"| mcp_web_2dsearch',
      '  agent_agents_2fmemory -.->|"ask_question"| mcp_deepwiki',
    ]);
  });

  it("keeps an empty tenant as an empty subgraph", () => {
    expect(fleetGraph({ tenants: ["empty"], agents: [] })).toBe('flowchart LR\n  subgraph tenant_empty["tenant empty"]\n  end\n');
  });
});

describe("mermaidId and mermaidText", () => {
  it("escapes every character outside [a-z0-9] with its hex code, so names that differ give ids that differ", () => {
    expect(mermaidId("host", "*.example.com:443")).toBe("host__2a_2eexample_2ecom_3a443");
    expect(mermaidId("agent", "a-b.c")).not.toBe(mermaidId("agent", "a.b-c"));
    expect(mermaidId("x", "\u0100")).toBe("x__u000100");
    expect(mermaidId("x", "\u0010" + "0")).toBe("x__100");
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), fc.string({ unit: "binary" }), (a, b) => {
        expect(mermaidId("x", a) === mermaidId("x", b)).toBe(a === b);
        expect(mermaidId("x", a)).toMatch(/^x_[a-z0-9_]*$/);
      }),
    );
  });

  it("turns quotes, markup and line breaks in labels into entity codes", () => {
    expect(mermaidText('say "hi" <b>#1</b> & |x|\n')).toBe("say #34;hi#34; #60;b#62;#35;1#60;/b#62; #38; #124;x#124;#10;");
  });
});
