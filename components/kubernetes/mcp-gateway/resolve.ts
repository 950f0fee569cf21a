import { UPSTREAM } from "../../vocabulary";
import { resolveApiServer, resolveClusterDns } from "../network/cluster-endpoints";
import { DEFAULT_GATEWAY_AUDIENCE, DEFAULT_GATEWAY_NAMESPACE, DEFAULT_GATEWAY_PORT, GATEWAY_NAME, MCP_PATH } from "./endpoint";
import type { GatewayResources, McpGatewayArgs, McpServer, ResolvedMcpGateway, ResolvedMcpServer } from "./spec";
import { isApiServerUrl } from "./validate";

/** Replicas of the gateway unless told otherwise. */
export const DEFAULT_GATEWAY_REPLICAS = 2;
/** Resources of each gateway container unless told otherwise (requests equal limits). */
export const DEFAULT_GATEWAY_RESOURCES: Readonly<Required<GatewayResources>> = { cpu: "500m", memory: "256Mi" };
/** Port of an `https://` URL that names none. */
const HTTPS_PORT = 443;

/** Host and port of an `https://` URL. */
function hostPort(url: URL): { host: string; port: number } {
  return { host: url.hostname, port: url.port === "" ? HTTPS_PORT : Number(url.port) };
}

/** One registry server as the gateway's target. Call only on a validated server. */
export function resolveMcpServer(server: McpServer): ResolvedMcpServer {
  const tools = [...server.tools];
  if (server.service !== undefined) {
    const s = server.service;
    const service = {
      name: s.name,
      namespace: s.namespace,
      port: s.port,
      targetPort: s.targetPort ?? s.port,
      podSelector: { ...s.podSelector },
      path: s.path ?? MCP_PATH,
    };
    const url = `http://${service.name}.${service.namespace}.svc.cluster.local:${service.port}${service.path}`;
    return { name: server.name, tools, kind: "service", url, service };
  }
  const url = server.url as string;
  return { name: server.name, tools, kind: "remote", url, remote: hostPort(new URL(url)) };
}

/** `McpGatewayArgs` with every default applied. Call only on args that passed `validateMcpGatewayArgs`. */
export function resolveMcpGateway(args: McpGatewayArgs): ResolvedMcpGateway {
  const { issuer } = args.authentication;
  const jwksUrl = "url" in issuer.jwks ? new URL(issuer.jwks.url) : undefined;
  const jwksFromApiServer = jwksUrl !== undefined && isApiServerUrl(jwksUrl);
  const resolved: ResolvedMcpGateway = {
    name: GATEWAY_NAME,
    namespace: args.namespace ?? DEFAULT_GATEWAY_NAMESPACE,
    port: args.port ?? DEFAULT_GATEWAY_PORT,
    replicas: args.replicas ?? DEFAULT_GATEWAY_REPLICAS,
    image: UPSTREAM.agentgateway.image,
    resources: {
      cpu: args.resources?.cpu ?? DEFAULT_GATEWAY_RESOURCES.cpu,
      memory: args.resources?.memory ?? DEFAULT_GATEWAY_RESOURCES.memory,
    },
    servers: args.servers.map(resolveMcpServer),
    grants: args.grants.map((g) => ({
      namespace: g.namespace,
      serviceAccount: g.serviceAccount,
      tools: g.tools.map((t) => ({ server: t.server, tools: [...t.tools] })),
    })),
    peers: (args.peers ?? []).map((p) => ({
      namespace: p.namespace,
      agent: p.agent,
      port: p.port,
      callers: p.callers.map((c) => ({ namespace: c.namespace, serviceAccount: c.serviceAccount })),
    })),
    issuer: { issuer: issuer.issuer, jwks: { ...issuer.jwks } },
    audience: args.authentication.audience ?? DEFAULT_GATEWAY_AUDIENCE,
    jwksFromApiServer,
    network: {
      kind: args.network.kind,
      fqdnEgress: args.network.fqdnEgress,
      apiServerByIdentity: args.network.apiServerByIdentity ?? false,
    },
    dns: resolveClusterDns(args.dns),
    apiServer: resolveApiServer(args.apiServer),
  };
  if (jwksUrl !== undefined && !jwksFromApiServer) resolved.jwksRemote = hostPort(jwksUrl);
  if (args.monitoring) resolved.monitoring = { namespace: args.monitoring.namespace, podSelector: { ...args.monitoring.podSelector } };
  return resolved;
}
