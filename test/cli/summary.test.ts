import { describe, expect, it } from "vitest";
import type { Registration } from "../../cli/mock-runtime";
import { componentSummaryLines, componentsText, LISTED_COMPONENTS, resourcesPerComponent } from "../../cli/summary";

const STACK_URN = "urn:pulumi:s::p::pulumi:pulumi:Stack::p-s";

function reg(type: string, name: string, custom: boolean, parent = STACK_URN): Registration {
  return { type, name, urn: `urn:pulumi:s::p::${type}::${name}`, parent, custom, dependencies: [], inputs: {} };
}

/** A stack with a provider, one loose ConfigMap and `agents` Agents of two resources each (one nested a level deeper). */
function fleet(agents: number): Registration[] {
  const regs = [
    { type: "pulumi:pulumi:Stack", name: "p-s", urn: STACK_URN, custom: false, dependencies: [], inputs: {} },
    reg("pulumi:providers:kubernetes", "cluster", true),
    reg("kubernetes:core/v1:ConfigMap", "loose", true),
  ];
  for (let i = 0; i < agents; i++) {
    const agent = reg("agentcloud:kubernetes:Agent", `a${i}`, false);
    const inner = reg("agentcloud:kubernetes:Agent$test:index:Inner", `a${i}-inner`, false, agent.urn);
    regs.push(
      agent,
      inner,
      reg("kubernetes:core/v1:ServiceAccount", `a${i}-sa`, true, agent.urn),
      reg("kubernetes:apps/v1:Deployment", `a${i}-deployment`, true, inner.urn),
    );
  }
  return regs;
}

describe("summary", () => {
  it("counts custom resources under each top-level component, nested ones included", () => {
    expect(resourcesPerComponent(fleet(2))).toEqual([
      { component: "provider kubernetes cluster", type: "provider kubernetes", resources: 1 },
      { component: "kubernetes:core/v1:ConfigMap loose", type: "kubernetes:core/v1:ConfigMap", resources: 1 },
      { component: "Agent a0", type: "Agent", resources: 2 },
      { component: "Agent a1", type: "Agent", resources: 2 },
    ]);
  });

  it("lists every component of a small stack", () => {
    expect(componentSummaryLines(fleet(2))).toEqual([
      "Resources per component:",
      `  ${"provider kubernetes cluster".padEnd(48)} 1`,
      `  ${"kubernetes:core/v1:ConfigMap loose".padEnd(48)} 1`,
      `  ${"Agent a0".padEnd(48)} 2`,
      `  ${"Agent a1".padEnd(48)} 2`,
    ]);
  });

  it("summarises a fleet by component type and keeps the full list for components.txt", () => {
    const registrations = fleet(1000);
    expect(LISTED_COMPONENTS).toBe(20);
    expect(componentSummaryLines(registrations)).toEqual([
      "Resources per component type (1,002 components; each one is listed in components.txt):",
      `  ${"provider kubernetes".padEnd(48)} 1 component, 1 resource`,
      `  ${"kubernetes:core/v1:ConfigMap".padEnd(48)} 1 component, 1 resource`,
      `  ${"Agent".padEnd(48)} 1,000 components, 2,000 resources`,
    ]);
    const text = componentsText(registrations).split("\n");
    expect(text).toHaveLength(1003);
    expect(text[0]).toBe(`${"provider kubernetes cluster".padEnd(48)} 1`);
    expect(text[1001]).toBe(`${"Agent a999".padEnd(48)} 2`);
    expect(text[1002]).toBe("");
  });

  it("switches to the by-type summary just above the listing limit", () => {
    expect(componentSummaryLines(fleet(LISTED_COMPONENTS - 2))[0]).toBe("Resources per component:");
    expect(componentSummaryLines(fleet(LISTED_COMPONENTS - 1))[0]).toBe(
      "Resources per component type (21 components; each one is listed in components.txt):",
    );
  });
});
