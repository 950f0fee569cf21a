import { describe, expect, it } from "vitest";
import { DEFAULT_API_SERVER, DEFAULT_CLUSTER_DNS } from "../../../../components/kubernetes/network/cluster-endpoints";
import { resolveMcpGateway, resolveMcpServer } from "../../../../components/kubernetes/mcp-gateway/resolve";
import { UPSTREAM } from "../../../../components/vocabulary";
import { EKS_ISSUER, gatewayArgs, remoteIssuerArgs } from "./gateway-fixtures";

describe("resolveMcpServer", () => {
  it("turns an in-cluster server into its Service URL, with targetPort and path defaulted", () => {
    expect(
      resolveMcpServer({
        name: "memory",
        service: { name: "memory-mcp", namespace: "tools", port: 8080, podSelector: { app: "memory" } },
        tools: ["recall"],
      }),
    ).toEqual({
      name: "memory",
      tools: ["recall"],
      kind: "service",
      url: "http://memory-mcp.tools.svc.cluster.local:8080/mcp",
      service: { name: "memory-mcp", namespace: "tools", port: 8080, targetPort: 8080, podSelector: { app: "memory" }, path: "/mcp" },
    });
    expect(
      resolveMcpServer({
        name: "search",
        service: { name: "search", namespace: "tools", port: 80, targetPort: 8000, podSelector: { app: "search" }, path: "/v1/mcp" },
        tools: ["search"],
      }).url,
    ).toBe("http://search.tools.svc.cluster.local:80/v1/mcp");
  });

  it("keeps a remote URL and takes its host and port (443 unless given)", () => {
    expect(resolveMcpServer({ name: "deepwiki", url: "https://mcp.deepwiki.com/mcp", tools: ["ask_question"] })).toEqual({
      name: "deepwiki",
      tools: ["ask_question"],
      kind: "remote",
      url: "https://mcp.deepwiki.com/mcp",
      remote: { host: "mcp.deepwiki.com", port: 443 },
    });
    expect(resolveMcpServer({ name: "x", url: "https://MCP.Example.com:8443/mcp", tools: ["t"] }).remote).toEqual({
      host: "mcp.example.com",
      port: 8443,
    });
  });
});

describe("resolveMcpGateway", () => {
  it("applies every default, with the API server's JWKS", () => {
    const args = gatewayArgs({ peers: undefined });
    const gw = resolveMcpGateway(args);
    expect(gw).toEqual({
      name: "mcp-gateway",
      namespace: "agentcloud-gateway",
      port: 8080,
      replicas: 2,
      image: UPSTREAM.agentgateway.image,
      resources: { cpu: "500m", memory: "256Mi" },
      servers: args.servers.map(resolveMcpServer),
      grants: args.grants,
      peers: [],
      issuer: {
        issuer: "https://kubernetes.default.svc.cluster.local",
        jwks: { url: "https://kubernetes.default.svc.cluster.local/openid/v1/jwks" },
      },
      audience: "agentcloud-gateway",
      jwksFromApiServer: true,
      network: { kind: "cilium", fqdnEgress: true, apiServerByIdentity: true },
      dns: DEFAULT_CLUSTER_DNS,
      apiServer: DEFAULT_API_SERVER,
    });
    expect(gw.image).toBe("cr.agentgateway.dev/agentgateway:v1.4.1");
    expect("jwksRemote" in gw).toBe(false);
  });

  it("takes every option given, and a remote JWKS's host and port", () => {
    const gw = resolveMcpGateway(
      remoteIssuerArgs({
        namespace: "gateway",
        replicas: 3,
        port: 9000,
        resources: { memory: "1Gi" },
        network: { kind: "networkpolicy-only", fqdnEgress: false },
        dns: { addresses: ["169.254.20.10"] },
        apiServer: { cidrs: ["172.18.0.2/32"] },
      }),
    );
    expect(gw).toMatchObject({
      namespace: "gateway",
      replicas: 3,
      port: 9000,
      resources: { cpu: "500m", memory: "1Gi" },
      issuer: { issuer: EKS_ISSUER, jwks: { url: `${EKS_ISSUER}/keys` } },
      jwksFromApiServer: false,
      jwksRemote: { host: "oidc.eks.eu-west-1.amazonaws.com", port: 443 },
      network: { kind: "networkpolicy-only", fqdnEgress: false, apiServerByIdentity: false },
      // A field left out of the DNS allowance takes its default (resolveClusterDns).
      dns: { pods: DEFAULT_CLUSTER_DNS.pods, addresses: ["169.254.20.10"] },
      apiServer: { cidrs: ["172.18.0.2/32"], ports: [443, 6443] },
    });
  });

  it("treats the API server by its short Service name as the API server, and an inline JWKS as no host at all", () => {
    const short = resolveMcpGateway(
      gatewayArgs({
        authentication: {
          issuer: { issuer: "https://kubernetes.default.svc", jwks: { url: "https://kubernetes.default.svc/openid/v1/jwks" } },
          audience: "tools",
        },
      }),
    );
    expect([short.jwksFromApiServer, short.jwksRemote, short.audience]).toEqual([true, undefined, "tools"]);
    const inline = resolveMcpGateway(
      gatewayArgs({ authentication: { issuer: { issuer: EKS_ISSUER, jwks: { inline: '{"keys":[{}]}' } } } }),
    );
    expect([inline.jwksFromApiServer, inline.jwksRemote, inline.issuer.jwks]).toEqual([false, undefined, { inline: '{"keys":[{}]}' }]);
  });

  it("copies what it keeps, so changing the args later does not change the gateway", () => {
    const args = gatewayArgs();
    const gw = resolveMcpGateway(args);
    args.grants[0].tools[0].tools.push("fetch_page");
    args.peers![0].callers.push({ namespace: "agents", serviceAccount: "intruder" });
    args.servers[0].service!.podSelector.tier = "x";
    expect(gw.grants[0].tools[0].tools).toEqual(["search"]);
    expect(gw.peers[0].callers).toEqual([{ namespace: "agents", serviceAccount: "memory" }]);
    expect(gw.servers[0].service!.podSelector).toEqual({ app: "web-search" });
  });
});
