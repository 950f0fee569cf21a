import { IN_CLUSTER_TOKEN_ISSUER, type McpGatewayArgs } from "../../../../components/kubernetes/mcp-gateway/spec";

/** A remote issuer (EKS's shape), with its JWKS at `/keys`. */
export const EKS_ISSUER = "https://oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLE";

/** Gateway args of a small fleet: one in-cluster server, one remote; two callers; one A2A callee. */
export function gatewayArgs(overrides: Partial<McpGatewayArgs> = {}): McpGatewayArgs {
  return {
    servers: [
      {
        name: "web-search",
        service: { name: "web-search", namespace: "tools", port: 80, targetPort: 8000, podSelector: { app: "web-search" } },
        tools: ["search", "fetch_page"],
      },
      { name: "deepwiki", url: "https://mcp.deepwiki.com/mcp", tools: ["ask_question", "read_wiki_structure"] },
    ],
    grants: [
      {
        namespace: "agents",
        serviceAccount: "researcher",
        tools: [
          { server: "web-search", tools: ["search"] },
          { server: "deepwiki", tools: ["ask_question"] },
        ],
      },
      { namespace: "agents", serviceAccount: "memory", tools: [{ server: "web-search", tools: ["fetch_page"] }] },
    ],
    peers: [{ namespace: "agents", agent: "researcher", port: 8080, callers: [{ namespace: "agents", serviceAccount: "memory" }] }],
    authentication: { issuer: { ...IN_CLUSTER_TOKEN_ISSUER, jwks: { ...IN_CLUSTER_TOKEN_ISSUER.jwks } } },
    network: { kind: "cilium", fqdnEgress: true, apiServerByIdentity: true },
    ...overrides,
  };
}

/** {@link gatewayArgs} with the EKS issuer's remote JWKS. */
export function remoteIssuerArgs(overrides: Partial<McpGatewayArgs> = {}): McpGatewayArgs {
  return gatewayArgs({ authentication: { issuer: { issuer: EKS_ISSUER, jwks: { url: `${EKS_ISSUER}/keys` } } }, ...overrides });
}
