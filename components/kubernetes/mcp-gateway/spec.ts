import type { ToolGrant } from "../agent/spec";
import type { ApiServerEndpoint, ClusterDns } from "../network/cluster-endpoints";
import type { NetworkFabricKind } from "../network/fabric";
import type { MonitoringEndpoint } from "../observability/endpoint";

/** An MCP server inside the cluster, reached through its Service over plain HTTP on the pod network (encrypted by the fabric). */
export interface McpServiceServer {
  /** The Service's name. */
  name: string;
  /** The Service's namespace. */
  namespace: string;
  /** The Service's port. */
  port: number;
  /**
   * The port the server's pods listen on (the Service's `targetPort`, as a number): network policies see pod ports.
   * @default - equal to `port`
   */
  targetPort?: number;
  /**
   * Labels of the server's pods (its Service's selector): the gateway's egress and the server's ingress select them.
   * At least one label.
   */
  podSelector: Record<string, string>;
  /**
   * Path of the server's streamable-HTTP MCP endpoint.
   * @default "/mcp"
   */
  path?: string;
}

/**
 * One MCP server of the tool registry: an in-cluster Service or a remote HTTPS URL, never a command (stdio servers
 * would run inside the gateway's pod, outside any sandbox), with the tools it offers.
 */
export interface McpServer {
  /** Registry name: a DNS label, unique in the registry. Agents' `tools[].server` names it. */
  name: string;
  /**
   * The in-cluster Service serving it. Exactly one of `service` and `url`.
   * @default - none: `url` is set
   */
  service?: McpServiceServer;
  /**
   * Remote streamable-HTTP endpoint, `https://` only, e.g. `https://mcp.example.com/mcp`. Its host (and port, 443 when
   * left out) becomes egress of the gateway only, never of the agents; it needs a fabric with FQDN egress.
   * @default - none: `service` is set
   */
  url?: string;
  /** Tool names the server offers (MCP tool names as the server lists them); at least one. Grants name these. */
  tools: string[];
}

/** The tool registry: every MCP server agents may be granted tools of. */
export type ToolRegistry = McpServer[];

/** A JWKS fetched over HTTPS (and refetched as its cache headers say). */
export interface JwksUrl {
  /** The JWKS URL, `https://` only, e.g. `https://oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLE/keys`. */
  url: string;
}

/** A JWKS given inline. */
export interface JwksInline {
  /** The JWKS document as a JSON string, with a non-empty `keys` array. */
  inline: string;
}

/** JSON Web Key Set of a token issuer: fetched over HTTPS, or given inline (a JSON string). */
export type JwksSource = JwksUrl | JwksInline;

/** A host name and TCP port the gateway reaches outside the cluster. */
export interface RemoteHost {
  /** Lower-case host name. */
  host: string;
  /** TCP port (443 when the URL names none). */
  port: number;
}

/** Resources of each gateway container; requests equal limits. */
export interface GatewayResources {
  /**
   * CPU.
   * @default "500m"
   */
  cpu?: string;
  /**
   * Memory.
   * @default "256Mi"
   */
  memory?: string;
}

/**
 * The issuer of the agents' ServiceAccount tokens and where its signing keys are: on EKS and GKE the cluster's OIDC
 * issuer (set by the cloud layer), elsewhere the API server ({@link IN_CLUSTER_TOKEN_ISSUER}).
 */
export interface TokenIssuer {
  /** The tokens' `iss` claim, e.g. `https://oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLE`. */
  issuer: string;
  /** The issuer's JWKS: `{ url }` (`https://` only) or `{ inline }`. */
  jwks: JwksSource;
}

/**
 * The API server as issuer (kubeadm's and kind's default `--service-account-issuer`), with its JWKS served at
 * `/openid/v1/jwks`; the gateway reaches it through the API server's ClusterIP Service.
 */
export const IN_CLUSTER_TOKEN_ISSUER: Readonly<TokenIssuer> = {
  issuer: "https://kubernetes.default.svc.cluster.local",
  jwks: { url: "https://kubernetes.default.svc.cluster.local/openid/v1/jwks" },
};

/** How the gateway authenticates every request: a projected ServiceAccount token of the agent, checked against the issuer. */
export interface GatewayAuthentication {
  /** Who issues the agents' tokens and where its keys are. */
  issuer: TokenIssuer;
  /**
   * The audience the agents' tokens carry; tokens for any other audience (the API server's too) are rejected.
   * @default "agentcloud-gateway"
   */
  audience?: string;
}

/** A ServiceAccount calling through the gateway. */
export interface GatewayCaller {
  /** Its namespace. */
  namespace: string;
  /** Its name (an agent's ServiceAccount is named after the agent). */
  serviceAccount: string;
}

/** The tools one ServiceAccount may list and call. */
export interface GatewayToolGrant extends GatewayCaller {
  /** Explicit grants, each naming a registered server and some of its tools. */
  tools: ToolGrant[];
}

/** One agent reachable by A2A through the gateway, and exactly who may call it. */
export interface GatewayPeer {
  /** The callee's namespace. */
  namespace: string;
  /** The callee agent (its Service's name). */
  agent: string;
  /** The callee's Service port. */
  port: number;
  /** The only callers allowed (at least one). */
  callers: GatewayCaller[];
}

/** What the gateway's network may rely on from the fabric. */
export interface GatewayNetwork {
  /** The fabric's kind: Cilium fabrics get a CiliumNetworkPolicy with FQDN egress besides the NetworkPolicy. */
  kind: NetworkFabricKind;
  /** The fabric enforces FQDN egress (needed for remote servers and a remote JWKS). */
  fqdnEgress: boolean;
  /**
   * The fabric admits the API server by identity (Cilium's `kube-apiserver` entity).
   * @default false
   */
  apiServerByIdentity?: boolean;
}

/** Arguments of `McpGateway`. `AgentCloud` derives all of them from the fleet. */
export interface McpGatewayArgs {
  /** The tool registry. */
  servers: ToolRegistry;
  /** Per caller, its tool grants; every other (caller, tool) pair is denied, and `tools/list` shows only granted tools. */
  grants: GatewayToolGrant[];
  /**
   * A2A routes: per callee, its callers.
   * @default [] (no A2A route)
   */
  peers?: GatewayPeer[];
  /** Token authentication; required (there is no unauthenticated gateway). */
  authentication: GatewayAuthentication;
  /** What the fabric enforces. */
  network: GatewayNetwork;
  /**
   * Namespace of the gateway (created by the gateway, Pod Security `restricted`).
   * @default "agentcloud-gateway"
   */
  namespace?: string;
  /**
   * Gateway replicas, two or more (a PodDisruptionBudget keeps one up).
   * @default 2
   */
  replicas?: number;
  /**
   * Port of the gateway's Service.
   * @default 8080
   */
  port?: number;
  /**
   * Resources of each gateway container (requests equal limits).
   * @default { cpu: "500m", memory: "256Mi" }
   */
  resources?: GatewayResources;
  /**
   * DNS the gateway resolves through.
   * @default - the local platform's DNS (`DEFAULT_CLUSTER_DNS`)
   */
  dns?: ClusterDns;
  /**
   * The Prometheus that scrapes the gateway: admitted on the metrics port (15020) only.
   * @default - no scraper admitted
   */
  monitoring?: MonitoringEndpoint;
  /**
   * The API server, when the JWKS is the API server's.
   * @default - `DEFAULT_API_SERVER`
   */
  apiServer?: ApiServerEndpoint;
}

/** One registry server, resolved to the gateway's target. */
export interface ResolvedMcpServer {
  /** Registry name (the agentgateway target name). */
  name: string;
  /** Its tools. */
  tools: string[];
  /** In-cluster Service or remote URL. */
  kind: "service" | "remote";
  /** The URL the gateway connects to: `http://<svc>.<ns>.svc.cluster.local:<port><path>` or the remote URL. */
  url: string;
  /** The in-cluster Service (kind `service`). */
  service?: Required<McpServiceServer>;
  /** Remote host and port (kind `remote`): the gateway's FQDN egress. */
  remote?: RemoteHost;
}

/** `McpGatewayArgs` with defaults applied. */
export interface ResolvedMcpGateway {
  /** Object name (`mcp-gateway`). */
  name: string;
  /** Namespace. */
  namespace: string;
  /** Service and container port. */
  port: number;
  /** Replicas (two or more). */
  replicas: number;
  /** Proxy image (`UPSTREAM.agentgateway.image`). */
  image: string;
  /** Container resources; requests equal limits. */
  resources: Required<GatewayResources>;
  /** The registry, resolved. */
  servers: ResolvedMcpServer[];
  /** Tool grants per caller. */
  grants: GatewayToolGrant[];
  /** A2A routes per callee. */
  peers: GatewayPeer[];
  /** Token issuer and its JWKS. */
  issuer: TokenIssuer;
  /** The only token audience accepted. */
  audience: string;
  /** The JWKS URL is the in-cluster API server's (egress to the API server, its CA, anonymous discovery). */
  jwksFromApiServer: boolean;
  /** Remote JWKS host and port (egress), when the JWKS is fetched from outside the cluster. */
  jwksRemote?: RemoteHost;
  /** What the fabric enforces. */
  network: GatewayNetwork;
  /** DNS the gateway resolves through. */
  dns: Required<ClusterDns>;
  /** The API server (for the API server's JWKS). */
  apiServer: Required<ApiServerEndpoint>;
  /** The Prometheus admitted on the metrics port; unset when none. */
  monitoring?: MonitoringEndpoint;
}
