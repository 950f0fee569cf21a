import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { ConfigMap } from "kubernetes-types/core/v1";
import { describe, expect, it } from "vitest";
import { McpGateway } from "../../../../components/kubernetes";
import { buildMcpGateway } from "../../../../components/kubernetes/mcp-gateway/build";
import { renderGatewayConfig } from "../../../../components/kubernetes/mcp-gateway/config";
import { resolveMcpGateway } from "../../../../components/kubernetes/mcp-gateway/resolve";
import { objectOf } from "../../../../components/kubernetes/objects";
import { ArgumentError } from "../../../../components/validation";
import { record, recordRejection } from "../../../helpers/pulumi";
import { gatewayArgs } from "./gateway-fixtures";

interface Outputs {
  namespaceName: string;
  serviceName: string;
  mcpUrl: string;
  a2aUrl: string;
  audience: string;
  config: string;
}

function outputsOf(gateway: McpGateway): Promise<Outputs> {
  return new Promise((resolve) =>
    pulumi
      .all([gateway.namespaceName, gateway.serviceName, gateway.mcpUrl, gateway.a2aUrl, gateway.audience, gateway.config])
      .apply(([namespaceName, serviceName, mcpUrl, a2aUrl, audience, config]) =>
        resolve({ namespaceName, serviceName, mcpUrl, a2aUrl, audience, config }),
      ),
  );
}

describe("McpGateway", () => {
  it("registers every built object as its typed resource under the component, after what it depends on", async () => {
    let outputs: Promise<Outputs> | undefined;
    const rec = await record(() => {
      outputs = outputsOf(new McpGateway("gw", gatewayArgs()));
    });
    const component = rec.named("gw");
    expect([component.type, component.custom]).toEqual(["agentcloud:kubernetes:McpGateway", false]);
    const children = rec.registrations.filter((r) => r.parent === component.urn);
    // The engine sees them in arrival order; the order that matters is in their dependencies.
    expect(children.map((r) => [r.name, r.type]).sort(([a], [b]) => a.localeCompare(b))).toEqual([
      ["gw-cilium-policy", "kubernetes:cilium.io/v2:CiliumNetworkPolicy"],
      ["gw-config", "kubernetes:core/v1:ConfigMap"],
      ["gw-deployment", "kubernetes:apps/v1:Deployment"],
      ["gw-disruption-budget", "kubernetes:policy/v1:PodDisruptionBudget"],
      ["gw-namespace", "kubernetes:core/v1:Namespace"],
      ["gw-network-policy", "kubernetes:networking.k8s.io/v1:NetworkPolicy"],
      ["gw-oidc-discovery", "kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding"],
      ["gw-server-network-policy-web-search", "kubernetes:networking.k8s.io/v1:NetworkPolicy"],
      ["gw-service", "kubernetes:core/v1:Service"],
      ["gw-service-account", "kubernetes:core/v1:ServiceAccount"],
    ]);
    const urn = (name: string) => rec.named(name).urn;
    expect([...rec.named("gw-deployment").dependencies].sort()).toEqual(
      ["gw-namespace", "gw-service-account", "gw-config", "gw-oidc-discovery"].map(urn).sort(),
    );
    expect(rec.named("gw-service").dependencies).toEqual([urn("gw-namespace")]);
    expect(rec.named("gw-server-network-policy-web-search").dependencies).toEqual([]);

    // The inputs are the built objects.
    const gw = resolveMcpGateway(gatewayArgs());
    const built = buildMcpGateway(gw);
    const inputsOf = (role: string) => rec.named(`gw-${role}`).inputs;
    expect(inputsOf("service")).toMatchObject({
      metadata: { name: "mcp-gateway", namespace: "agentcloud-gateway" },
      spec: { type: "ClusterIP" },
    });
    expect(inputsOf("deployment")).toMatchObject({
      spec: {
        replicas: 2,
        template: { spec: { automountServiceAccountToken: false, containers: [{ image: "cr.agentgateway.dev/agentgateway:v1.4.1" }] } },
      },
    });
    expect(inputsOf("config").data).toEqual(objectOf<ConfigMap>(built, "config").data);
    expect(inputsOf("cilium-policy")).toMatchObject({
      apiVersion: "cilium.io/v2",
      kind: "CiliumNetworkPolicy",
      metadata: { name: "mcp-gateway" },
    });

    expect(await outputs).toEqual({
      namespaceName: "agentcloud-gateway",
      serviceName: "mcp-gateway",
      mcpUrl: "http://mcp-gateway.agentcloud-gateway.svc.cluster.local:8080/mcp",
      a2aUrl: "http://mcp-gateway.agentcloud-gateway.svc.cluster.local:8080/a2a",
      audience: "agentcloud-gateway",
      config: renderGatewayConfig(gw),
    });
  });

  it("registers every object after the resources in `after` (e.g. the fabric's release with the Cilium CRDs)", async () => {
    const rec = await record(() => {
      const release = new k8s.core.v1.Namespace("fabric", { metadata: { name: "fabric" } });
      new McpGateway("gw", { ...gatewayArgs({ namespace: "tools-gateway", port: 9000 }), after: [release] });
    });
    const fabric = rec.named("fabric").urn;
    const children = rec.registrations.filter((r) => r.parent === rec.named("gw").urn);
    expect(children.filter((r) => !r.dependencies.includes(fabric)).map((r) => r.name)).toEqual([]);
    expect(rec.named("gw-service").inputs).toMatchObject({ metadata: { namespace: "tools-gateway" }, spec: { ports: [{ port: 9000 }] } });
  });

  it("throws every problem before registering anything", async () => {
    const { error, rec } = await recordRejection(
      () =>
        new McpGateway("gw", {
          ...gatewayArgs({ replicas: 1, authentication: undefined as never }),
          servers: [{ name: "files", command: "npx", tools: ["read_file"] } as never],
        }),
    );
    expect(error).toBeInstanceOf(ArgumentError);
    expect((error as ArgumentError).message).toBe(
      [
        `McpGateway "gw" has 6 invalid arguments:`,
        `  - servers[0].command: declares a stdio command; stdio servers would run inside the gateway's pod, outside any sandbox (got "npx"); fix: run the server as a Service and register service: { name, namespace, port, podSelector }`,
        `  - grants[0].tools[0].server: is not a server of the tool registry (got "web-search"); fix: name one of "files", or register "web-search"`,
        `  - grants[0].tools[1].server: is not a server of the tool registry (got "deepwiki"); fix: name one of "files", or register "deepwiki"`,
        `  - grants[1].tools[0].server: is not a server of the tool registry (got "web-search"); fix: name one of "files", or register "web-search"`,
        `  - authentication: is missing: every request must carry a token, and there is no unauthenticated gateway (got undefined); fix: set authentication.issuer to the cluster's token issuer (IN_CLUSTER_TOKEN_ISSUER, or the cloud's OIDC issuer)`,
        `  - replicas: must be a whole number from 2 to 1000: two or more replicas keep tool calls up during node drains (got 1); fix: set replicas to 2 or more, or leave it out for 2`,
      ].join("\n"),
    );
    expect(rec.registrations).toEqual([]);
  });
});
