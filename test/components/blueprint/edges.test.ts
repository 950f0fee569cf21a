import { describe, expect, it } from "vitest";
import { agentId, deriveAcceptsFrom, referenceId } from "../../../components/blueprint/edges";
import type { AgentArgs } from "../../../components/kubernetes/agent/spec";

const IMAGE = "ghcr.io/acme/agent:1.0.0";

describe("deriveAcceptsFrom", () => {
  it("derives each agent's callers from the fleet's delegatesTo, across namespaces and agentName overrides", () => {
    const agents: Record<string, AgentArgs> = {
      planner: { namespace: "a", image: IMAGE, delegatesTo: [{ agent: "mem" }, { agent: "coder", namespace: "b" }] },
      mem: { namespace: "a", image: IMAGE, agentName: "mem" },
      coder: { namespace: "b", image: IMAGE, agentName: "coder" },
      helper: { namespace: "b", image: IMAGE, agentName: "reviewer", delegatesTo: [{ agent: "coder" }, { agent: "coder" }] },
    };
    const derived = deriveAcceptsFrom(agents);
    expect(Object.keys(derived)).toEqual(["planner", "mem", "coder", "helper"]);
    expect(derived.planner.acceptsFrom).toEqual([]);
    expect(derived.mem.acceptsFrom).toEqual([{ agent: "planner", namespace: "a" }]);
    // Repeated delegation gives one entry; the caller's agentName is its identity.
    expect(derived.coder.acceptsFrom).toEqual([
      { agent: "planner", namespace: "a" },
      { agent: "reviewer", namespace: "b" },
    ]);
    expect(derived.helper).toEqual({ ...agents.helper, acceptsFrom: [] });
  });

  it("keeps declared callers from outside the fleet after the derived ones, and drops declared fleet callers", () => {
    const agents: Record<string, AgentArgs> = {
      caller: { namespace: "a", image: IMAGE, delegatesTo: [{ agent: "target" }] },
      target: {
        namespace: "a",
        image: IMAGE,
        acceptsFrom: [{ agent: "gateway", namespace: "edge", port: 9000 }, { agent: "caller" }],
      },
    };
    expect(deriveAcceptsFrom(agents).target.acceptsFrom).toEqual([
      { agent: "caller", namespace: "a" },
      { agent: "gateway", namespace: "edge", port: 9000 },
    ]);
  });

  it("ignores delegation to agents outside the fleet (validation reports them)", () => {
    const agents: Record<string, AgentArgs> = { caller: { namespace: "a", image: IMAGE, delegatesTo: [{ agent: "ghost" }] } };
    expect(deriveAcceptsFrom(agents)).toEqual({ caller: { ...agents.caller, acceptsFrom: [] } });
  });
});

describe("agentId and referenceId", () => {
  it("name an agent namespace/name, a reference defaulting to the declaring agent's namespace", () => {
    expect(agentId("key", { namespace: "a" })).toBe("a/key");
    expect(agentId("key", { namespace: "a", agentName: "named" })).toBe("a/named");
    expect(referenceId({ agent: "x" }, { namespace: "a" })).toBe("a/x");
    expect(referenceId({ agent: "x", namespace: "b" }, { namespace: "a" })).toBe("b/x");
  });
});
