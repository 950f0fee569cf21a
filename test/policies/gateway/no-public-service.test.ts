import { describe, expect, it } from "vitest";
import { noPublicService } from "../../../policies/gateway/no-public-service";
import { invalidObjects } from "../../helpers/schema";
import { list, messages, registration, violations } from "../helpers";
import { configMap, fleetConfig, gatewayService, builtGateway } from "./objects";

const SVC = 'Service "mcp-gateway" in namespace "agentcloud-gateway" is the MCP gateway\'s and';

describe("agentcloud-gateway-no-public-service", () => {
  it("passes every object McpGateway builds", async () => {
    expect(await messages(noPublicService, [...builtGateway()])).toEqual([]);
  });

  it("passes a ClusterIP Service (or type unset), and is not applicable to other Services and objects", async () => {
    const unset = gatewayService((spec) => delete spec.type, "unset");
    expect(await invalidObjects([gatewayService().inputs, unset.inputs])).toEqual([]);
    expect(await messages(noPublicService, [gatewayService(), unset])).toEqual([]);
    const other = registration("kubernetes:core/v1:Service", "web", {
      apiVersion: "v1",
      kind: "Service",
      metadata: { name: "web", namespace: "apps" },
      spec: { type: "LoadBalancer", ports: [{ port: 80 }] },
    });
    expect(await violations([noPublicService], [other, configMap(fleetConfig())])).toEqual([]);
  });

  it("flags LoadBalancer and NodePort types, externalIPs, loadBalancerIP and nodePorts, with severity and URN", async () => {
    const lb = gatewayService((spec) => {
      spec.type = "LoadBalancer";
      spec.loadBalancerIP = "203.0.113.10";
      spec.externalIPs = ["203.0.113.11"];
      (spec.ports as Record<string, unknown>[])[0].nodePort = 30080;
    });
    expect(await invalidObjects([lb.inputs])).toEqual([]);
    const found = await violations([noPublicService], [lb]);
    expect(found.map((v) => [v.message, v.urn, v.severity])).toEqual(
      [
        `${SVC} sets spec.externalIPs, which exposes it on those addresses; remove them.`,
        `${SVC} sets spec.loadBalancerIP; remove it and use type ClusterIP.`,
        `${SVC} sets spec.ports[0].nodePort, which opens it on every node; remove it and use type ClusterIP.`,
        `${SVC} sets spec.type to "LoadBalancer"; use ClusterIP.`,
      ].map((m) => [m, "urn:pulumi:test::test::kubernetes:core/v1:Service::res-mcp-gateway", "high"]),
    );
    const nodePort = gatewayService((spec) => (spec.type = "NodePort"));
    const odd = gatewayService((spec) => (spec.type = "Public CANARY"), "odd");
    expect(await messages(noPublicService, [nodePort, odd])).toEqual([
      `${SVC} sets spec.type to "NodePort"; use ClusterIP.`,
      'Service "odd" in namespace "agentcloud-gateway" is the MCP gateway\'s and sets spec.type to a value; use ClusterIP.',
    ]);
  });

  it("judges Service patches and list items", async () => {
    const patch = { ...gatewayService((spec) => (spec.type = "NodePort")), type: "kubernetes:core/v1:ServicePatch" };
    const items = list("kubernetes:core/v1:ServiceList", "services", [gatewayService((spec) => (spec.externalIPs = ["10.0.0.1"]))]);
    expect(await messages(noPublicService, [patch, items])).toEqual([
      'ServicePatch "mcp-gateway" in namespace "agentcloud-gateway" is the MCP gateway\'s and sets spec.type to "NodePort"; use ClusterIP.',
      `${SVC} sets items[0].spec.externalIPs, which exposes it on those addresses; remove them.`,
    ]);
  });
});
