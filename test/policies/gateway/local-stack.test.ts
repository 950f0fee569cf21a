import { stringify, parse } from "yaml";
import { describe, expect, it } from "vitest";
import { evaluatePolicies } from "../../../cli/policy-harness";
import { policies } from "../../../policies/all";
import { localStack } from "../../../stacks/local";
import { record } from "../../helpers/pulumi";

// The gateway policies over what the local reference stack registers: its gateway passes and every policy judges it
// (none is merely not applicable); breaking the stack's own objects is reported.
const GATEWAY = policies.filter((p) => p.name.startsWith("agentcloud-gateway-"));
type Registrations = Awaited<ReturnType<typeof record>>["registrations"];

async function judge(edit?: (regs: Registrations) => void) {
  const rec = await record(() => {
    localStack();
  }, {});
  edit?.(rec.registrations);
  const evaluation = await evaluatePolicies(GATEWAY, rec.registrations);
  return { ...evaluation, messages: evaluation.violations.map((v) => `${v.policy}: ${v.message}`) };
}

const labelled = (r: Registrations[number]) =>
  ((r.inputs.metadata as { labels?: Record<string, string> } | undefined)?.labels ?? {})["app.kubernetes.io/component"] === "mcp-gateway";

describe("gateway policies over the local stack", () => {
  it("pass the stack's gateway and agents, and each stack-wide policy applies", async () => {
    const { messages, notApplicable } = await judge();
    expect(messages).toEqual([]);
    expect(notApplicable["agentcloud-gateway-required"]).toBeUndefined();
    expect(notApplicable["agentcloud-gateway-hardened"]).toBeUndefined();
  });

  it("judge the stack's own objects: an optional token, an allow-all rule, a LoadBalancer, no budget are reported", async () => {
    const { messages } = await judge((regs) => {
      const config = regs.find((r) => r.type === "kubernetes:core/v1:ConfigMap" && labelled(r))!;
      const data = config.inputs.data as Record<string, string>;
      const parsed = parse(data["agentgateway.yaml"]) as { binds: { listeners: { routes: { policies: Record<string, unknown> }[] }[] }[] };
      const mcp = parsed.binds[0].listeners[0].routes[0].policies;
      (mcp.jwtAuth as Record<string, unknown>).mode = "optional";
      mcp.mcpAuthorization = { rules: ["true"] };
      config.inputs = { ...config.inputs, data: { ...data, "agentgateway.yaml": stringify(parsed) } };
      const service = regs.find((r) => r.type === "kubernetes:core/v1:Service" && labelled(r))!;
      service.inputs = { ...service.inputs, spec: { ...(service.inputs.spec as object), type: "LoadBalancer" } };
      regs.splice(
        regs.findIndex((r) => r.type === "kubernetes:policy/v1:PodDisruptionBudget" && labelled(r)),
        1,
      );
    });
    const cm = 'ConfigMap "mcp-gateway" in namespace "agentcloud-gateway": agentgateway.yaml binds[0].listeners[0].routes[0]';
    expect(messages).toEqual([
      `agentcloud-gateway-authentication: ${cm}.policies.jwtAuth does not enforce the fleet's tokens: mode is "optional"; ` +
        "set mode: strict, the fleet's token issuer, the gateway's audience and the issuer's jwks.",
      'agentcloud-gateway-hardened: Deployment "mcp-gateway" in namespace "agentcloud-gateway" is the MCP gateway and has no ' +
        'PodDisruptionBudget in namespace "agentcloud-gateway" that selects its pods and keeps one up; add a policy/v1 ' +
        "PodDisruptionBudget with minAvailable: 1 and a selector matching its pod labels.",
      `agentcloud-gateway-no-allow-all: ${cm}.policies.mcpAuthorization.rules[0] (allow) is always true, so it admits every ` +
        "caller; remove it and name callers by jwt.sub.",
      'agentcloud-gateway-no-public-service: Service "mcp-gateway" in namespace "agentcloud-gateway" is the MCP gateway\'s ' +
        'and sets spec.type to "LoadBalancer"; use ClusterIP.',
    ]);
  });

  it("report an agent with tools that is not routed through the gateway", async () => {
    const { messages } = await judge((regs) => {
      for (const r of regs) {
        const spec = (r.inputs.spec as { template?: { spec?: { containers?: { env?: { name: string }[] }[] } } } | undefined)?.template
          ?.spec;
        for (const c of spec?.containers ?? []) c.env = c.env?.filter((e) => e.name !== "AGENTCLOUD_MCP_URL");
      }
    });
    const unrouted = (workload: string) =>
      `agentcloud-gateway-required: ${workload} in namespace "agents" declares tools but no container sets ` +
      "AGENTCLOUD_MCP_URL, so its tool calls would not go through the gateway; set it to the gateway's MCP URL " +
      "(agentcloud does when the platform has a gateway).";
    expect(messages).toEqual([unrouted('Deployment "research-assistant"'), unrouted('StatefulSet "memory-keeper"')]);
  });
});
