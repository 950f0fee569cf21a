import { describe, expect, it } from "vitest";
import { required } from "../../../policies/gateway/required";
import { invalidObjects } from "../../helpers/schema";
import { agentDeployment, messages, namespace, violations } from "../helpers";
import { configMap, fleetConfig, gateway, gatewayDeployment, gatewayService, toolAgent, builtGateway } from "./objects";

const NO_DEPLOYMENT =
  "but the stack has no MCP gateway Deployment labelled app.kubernetes.io/component: mcp-gateway; declare the tool " +
  "registry in AgentCloud so it renders the McpGateway, or deploy agentgateway with that label.";
const NO_CONFIG =
  "but the stack has no MCP gateway config (a ConfigMap labelled app.kubernetes.io/component: mcp-gateway with data key " +
  "agentgateway.yaml); declare the tool registry in AgentCloud so it renders the McpGateway, or deploy agentgateway with that label.";
const noUrl = (name: string) =>
  `Deployment "${name}" in namespace "research" declares tools but no container sets AGENTCLOUD_MCP_URL, so its tool ` +
  "calls would not go through the gateway; set it to the gateway's MCP URL (agentcloud does when the platform has a gateway).";

describe("agentcloud-gateway-required", () => {
  it("passes every object McpGateway builds", async () => {
    expect(await messages(required, [...builtGateway(), toolAgent("research-assistant")])).toEqual([]);
  });

  it("passes agents with tools and the gateway, and is not applicable without tool declarations", async () => {
    expect(await invalidObjects([toolAgent("research-assistant").inputs, ...gateway().map((r) => r.inputs)])).toEqual([]);
    expect(await messages(required, [...gateway(), toolAgent("research-assistant")])).toEqual([]);
    const noTools = toolAgent("writer", []);
    expect(await violations([required], [agentDeployment("coder"), noTools, namespace("research", "research")])).toEqual([]);
  });

  it("flags a stack whose agents declare tools without the gateway's Deployment or config, with severity", async () => {
    const found = await violations([required], [toolAgent("research-assistant")]);
    expect(found.map((v) => [v.message, v.severity])).toEqual([
      [`An agent declares tools (Deployment "research-assistant" in namespace "research") ${NO_CONFIG}`, "high"],
      [`An agent declares tools (Deployment "research-assistant" in namespace "research") ${NO_DEPLOYMENT}`, "high"],
    ]);
    const agents = ["a", "b", "c", "d", "e"].map((n) => toolAgent(n));
    expect(await messages(required, [...agents, gatewayDeployment(), gatewayService()])).toEqual([
      '5 agents declare tools (Deployment "a" in namespace "research", Deployment "b" in namespace "research", ' +
        `Deployment "c" in namespace "research" and 2 more) ${NO_CONFIG}`,
    ]);
    const unlabelled = configMap(fleetConfig(), "mcp-gateway", { app: "gateway" });
    expect(await messages(required, [toolAgent("a"), gatewayDeployment(), unlabelled])).toEqual([
      `An agent declares tools (Deployment "a" in namespace "research") ${NO_CONFIG}`,
    ]);
  });

  it("flags an agent with tools whose containers do not set AGENTCLOUD_MCP_URL, on the agent's URN", async () => {
    const found = await violations([required], [...gateway(), toolAgent("research-assistant", undefined, false)]);
    expect(found.map((v) => [v.message, v.urn])).toEqual([
      [noUrl("research-assistant"), "urn:pulumi:test::test::kubernetes:apps/v1:Deployment::res-research-assistant"],
    ]);
    const empty = toolAgent("memory-keeper");
    const env = (empty.inputs as { spec: { template: { spec: { containers: { env: { name: string; value: string }[] }[] } } } }).spec
      .template.spec.containers[0].env;
    env[2].value = "";
    expect(await messages(required, [...gateway(), empty])).toEqual([noUrl("memory-keeper")]);
  });

  it("flags an MCP URL whose host is not the gateway's Service, and accepts the Service's other in-cluster names", async () => {
    const withUrl = (name: string, url: string) => {
      const agent = toolAgent(name);
      const inputs = agent.inputs as { spec: { template: { spec: { containers: { env: { name: string; value: string }[] }[] } } } };
      inputs.spec.template.spec.containers[0].env[2].value = url;
      return agent;
    };
    expect(
      await messages(required, [
        ...gateway(),
        withUrl("short", "http://mcp-gateway.agentcloud-gateway:8080/mcp"),
        withUrl("svc", "http://MCP-GATEWAY.agentcloud-gateway.svc:8080/mcp"),
        withUrl("domain", "http://mcp-gateway.agentcloud-gateway.svc.corp.example./mcp"),
        withUrl("direct", "http://web-search.tools.svc.cluster.local:8080/mcp"),
        withUrl("lookalike", "http://mcp-gateway.agentcloud-gateway.svcx.example/mcp"),
      ]),
    ).toEqual(
      ["direct", "lookalike"].map(
        (name) =>
          `Deployment "${name}" in namespace "research" declares tools but sets AGENTCLOUD_MCP_URL to a URL whose host is ` +
          "not the gateway's Service (mcp-gateway.agentcloud-gateway.svc); set it to the gateway's MCP URL.",
      ),
    );
  });
});
