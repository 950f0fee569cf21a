import { describe, expect, it } from "vitest";
import {
  checkTokenIssuer,
  checkToolGrants,
  checkToolRegistry,
  validateMcpGatewayArgs,
} from "../../../../components/kubernetes/mcp-gateway/validate";
import type { ToolRegistry } from "../../../../components/kubernetes/mcp-gateway/spec";
import { formatProblem, type ValidationProblem } from "../../../../components/validation";
import { EKS_ISSUER, gatewayArgs, remoteIssuerArgs } from "./gateway-fixtures";

const lines = (problems: ValidationProblem[]) => problems.map(formatProblem);
const check = (args: unknown) => lines(validateMcpGatewayArgs(args));
const REGISTRY: ToolRegistry = gatewayArgs().servers;
const LABEL_RULE =
  "must be a DNS-1123 label of at most 63 characters (lower-case letters, digits and '-', starting and ending with a letter or digit)";

describe("validateMcpGatewayArgs", () => {
  it("accepts the fleet's gateway with the API server's or a remote JWKS, an inline JWKS, and every option set", () => {
    expect(check(gatewayArgs())).toEqual([]);
    expect(check(remoteIssuerArgs())).toEqual([]);
    expect(
      check(
        gatewayArgs({
          authentication: {
            issuer: { issuer: EKS_ISSUER, jwks: { inline: '{"keys":[{"kty":"RSA","n":"x","e":"AQAB"}]}' } },
            audience: "tools-gateway",
          },
          namespace: "gateway",
          replicas: 3,
          port: 9000,
          resources: { cpu: "1", memory: "512Mi" },
          dns: { pods: [{ namespaceSelector: { "kubernetes.io/metadata.name": "kube-system" }, podSelector: { "k8s-app": "coredns" } }] },
          apiServer: { cidrs: ["172.18.0.2/32"], ports: [6443] },
        }),
      ),
    ).toEqual([]);
    // No peers, only in-cluster servers, on a fabric without FQDN egress.
    expect(
      check(
        gatewayArgs({ servers: [REGISTRY[0]], grants: [], peers: undefined, network: { kind: "networkpolicy-only", fqdnEgress: false } }),
      ),
    ).toEqual([]);
  });

  it("reports the issue's bad inputs at once: an unknown tool, an http:// server, a stdio server, no authentication, duplicate names", () => {
    const args = {
      servers: [
        { name: "web-search", url: "http://search.example.com/mcp", tools: ["search"] },
        { name: "files", command: "npx", args: ["-y", "@modelcontextprotocol/server-filesystem"], tools: ["read_file"] },
        { name: "web-search", service: REGISTRY[0].service, tools: ["fetch_page"] },
      ],
      grants: [{ namespace: "agents", serviceAccount: "researcher", tools: [{ server: "web-search", tools: ["serch"] }] }],
      network: { kind: "cilium", fqdnEgress: true },
    };
    expect(check(args)).toEqual([
      `servers[0].url: is a plain http:// URL, which would carry tokens and tool results unencrypted (got "http://search.example.com/mcp"); fix: use https://search.example.com/mcp, or run the server in the cluster and register service`,
      `servers[1].command: declares a stdio command; stdio servers would run inside the gateway's pod, outside any sandbox (got "npx"); fix: run the server as a Service and register service: { name, namespace, port, podSelector }`,
      `servers[2].name: is also the name of servers[0]; grants name servers, so names must be unique (got "web-search"); fix: rename one of servers[0] and servers[2], or merge their tools into one server`,
      `grants[0].tools[0].tools[0]: is not a tool of server "web-search" (got "serch"); fix: name "search" (the closest tool of "web-search"), or add "serch" to its tools in the registry`,
      `authentication: is missing: every request must carry a token, and there is no unauthenticated gateway (got undefined); fix: set authentication.issuer to the cluster's token issuer (IN_CLUSTER_TOKEN_ISSUER, or the cloud's OIDC issuer)`,
    ]);
  });

  it("refuses a value that is no object", () => {
    expect(check("gateway")).toEqual([`args: must be an object (got "gateway"); fix: pass { servers, grants, authentication, network }`]);
  });

  it("checks the grants: a list, each caller once, a ServiceAccount name, at least one tool, the agent-level grant shape", () => {
    expect(check(gatewayArgs({ grants: "all" as never }))[0]).toBe(
      `grants: must be a list (got "all"); fix: use [{ namespace: "agents", serviceAccount: "researcher", tools: [{ server: "github", tools: ["search_issues"] }] }]`,
    );
    const grants = [
      { namespace: "Agents", serviceAccount: "researcher", tools: [] },
      { namespace: "agents", serviceAccount: "memory", tools: [{ server: "web-search", tools: ["*"] }] },
      { namespace: "agents", serviceAccount: "memory", tools: [{ server: "web-search", tools: ["search"] }] },
    ];
    expect(check(gatewayArgs({ grants }))).toEqual([
      `grants[0].namespace: ${LABEL_RULE} (got "Agents"); fix: use a name like "my-agent"`,
      `grants[0].tools: grants nothing (got []); fix: grant at least one tool, or drop the grant`,
      `grants[1].tools[0].tools: grants tools by wildcard (grants are explicit) (got ["*"]); fix: list each tool by name, like ["search_issues"]`,
      `grants[2]: is the same caller as grants[1] (got "agents/memory"); fix: merge its tools into grants[1]`,
    ]);
  });

  it("checks the peers: a list, each callee once, a port, at least one caller", () => {
    expect(check(gatewayArgs({ peers: {} as never }))).toEqual([
      `peers: must be a list (got {}); fix: use [{ namespace: "agents", agent: "writer", port: 8080, callers: [{ namespace: "agents", serviceAccount: "planner" }] }]`,
    ]);
    const peers = [
      { namespace: "agents", agent: "writer", port: 0, callers: [] },
      { namespace: "agents", agent: "writer", port: 8080, callers: [{ namespace: "agents", serviceAccount: "Planner!" }] },
      "researcher",
    ];
    expect(check(gatewayArgs({ peers: peers as never }))).toEqual([
      "peers[0].port: must be a whole number from 1 to 65535 (got 0); fix: set peers[0].port to a whole number from 1 to 65535",
      `peers[0].callers: must list at least one caller (a route nobody may call is not needed) (got []); fix: list the callers, like [{ namespace: "agents", serviceAccount: "planner" }], or drop the peer`,
      `peers[1].callers[0].serviceAccount: must be a DNS-1123 subdomain of at most 253 characters (lower-case letters, digits, '-' and '.') (got "Planner!"); fix: use a name like "my-agent" or "tools.example.com"`,
      `peers[1]: is the same callee as peers[0] (got "agents/writer"); fix: merge its callers into peers[0]`,
      `peers[2]: must be an object (got "researcher"); fix: use { namespace: "agents", agent: "writer", port: 8080, callers: [{ namespace: "agents", serviceAccount: "planner" }] }`,
    ]);
  });

  it("requires the issuer's https:// URLs, a JWKS that is one URL or an inline key set, and an audience of the gateway only", () => {
    const auth = (authentication: unknown) => check(gatewayArgs({ authentication: authentication as never }));
    expect(auth({ issuer: { issuer: "http://issuer.example.com", jwks: { url: "http://issuer.example.com/keys" } } })).toEqual([
      `authentication.issuer.issuer: must be an https:// URL (the tokens' iss claim) (got "http://issuer.example.com"); fix: use the cluster's issuer, like "https://kubernetes.default.svc.cluster.local"`,
      `authentication.issuer.jwks.url: is a plain http:// URL, which would carry tokens and tool results unencrypted (got "http://issuer.example.com/keys"); fix: use https://issuer.example.com/keys`,
    ]);
    expect(auth({ issuer: { issuer: EKS_ISSUER, jwks: { url: `${EKS_ISSUER}/keys`, inline: "{}" } } })).toEqual([
      `authentication.issuer.jwks: must set exactly one of url and inline (got {"url":"https://oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLE/keys","inline":"{}"}); fix: use { url: "https://oidc.example.com/keys" } or { inline: '{"keys": [...]}' }`,
    ]);
    expect(auth({ issuer: { issuer: EKS_ISSUER, jwks: { inline: '{"keys": []}' } } })).toEqual([
      `authentication.issuer.jwks.inline: must be a JSON Web Key Set with a non-empty keys array (got "{\\"keys\\": []}"); fix: pass the issuer's key set as JSON, like '{"keys": [{"kty": "RSA", ...}]}'`,
    ]);
    expect(auth({ issuer: { issuer: EKS_ISSUER, jwks: { inline: "not json" } } })[0]).toMatch(
      /^authentication\.issuer\.jwks\.inline: must be a JSON Web Key Set/,
    );
    expect(auth({ issuer: { issuer: EKS_ISSUER, jwks: { url: `${EKS_ISSUER}/keys` } }, audience: EKS_ISSUER })).toEqual([
      `authentication.audience: is an audience of the API server's own tokens, so a token for the API server would be accepted (got "${EKS_ISSUER}"); fix: use an audience of the gateway only, like "agentcloud-gateway"`,
    ]);
    expect(
      auth({ issuer: { issuer: EKS_ISSUER, jwks: { url: `${EKS_ISSUER}/keys` } }, audience: "https://kubernetes.default.svc" }),
    ).toHaveLength(1);
    expect(auth({ issuer: { issuer: EKS_ISSUER, jwks: { url: `${EKS_ISSUER}/keys` } }, audience: " " })).toEqual([
      `authentication.audience: must be a non-empty string (got " "); fix: use a value like "agentcloud-gateway"`,
    ]);
    expect(auth({ audience: "agentcloud-gateway" })).toEqual([
      `authentication.issuer: must be an object with issuer and jwks (got undefined); fix: use { issuer: "https://oidc.example.com", jwks: { url: "https://oidc.example.com/keys" } }`,
    ]);
  });

  it("refuses remote servers and a remote JWKS on a fabric that cannot allow a host name", () => {
    const fix = `use a Cilium fabric ("cilium" or "cilium-existing"), or serve it from the cluster (a server's service, an inline JWKS)`;
    expect(check(remoteIssuerArgs({ network: { kind: "networkpolicy-only", fqdnEgress: false } }))).toEqual([
      `servers[1].url: is a remote host, but the gateway's fabric cannot allow egress to a host name (network is "networkpolicy-only" without FQDN egress) (got "https://mcp.deepwiki.com/mcp"); fix: ${fix}`,
      `authentication.issuer.jwks.url: is a remote host, but the gateway's fabric cannot allow egress to a host name (network is "networkpolicy-only" without FQDN egress) (got "${EKS_ISSUER}/keys"); fix: ${fix}`,
    ]);
    // Dataplane V2 allows them by GKE's FQDNNetworkPolicy, unless its FQDN network policy is off.
    expect(check(remoteIssuerArgs({ network: { kind: "dataplane-v2", fqdnEgress: true } }))).toEqual([]);
    expect(check(gatewayArgs({ network: { kind: "dataplane-v2", fqdnEgress: false } }))).toEqual([
      `servers[1].url: is a remote host, but the gateway's fabric cannot allow egress to a host name (network is "dataplane-v2" without FQDN egress) (got "https://mcp.deepwiki.com/mcp"); fix: ${fix}`,
    ]);
    // The API server's JWKS is in the cluster.
    expect(check(gatewayArgs({ servers: [REGISTRY[0]], grants: [], network: { kind: "networkpolicy-only", fqdnEgress: false } }))).toEqual(
      [],
    );
  });

  it("checks the network, namespace, replicas, port and resources", () => {
    expect(
      check(
        gatewayArgs({
          network: { kind: "calico", fqdnEgress: "yes", apiServerByIdentity: 1 } as never,
          namespace: "kube-system",
          replicas: 1,
          port: 15021,
          resources: { cpu: "lots", memory: "0" },
        }),
      ),
    ).toEqual([
      `network.kind: must be one of "cilium", "cilium-existing", "dataplane-v2", "networkpolicy-only" (got "calico"); fix: set network.kind to one of those`,
      `network.fqdnEgress: must be true or false (got "yes"); fix: set network.fqdnEgress to true or false`,
      `network.apiServerByIdentity: must be true or false (got 1); fix: set network.apiServerByIdentity to true or false`,
      `servers[1].url: is a remote host, but the gateway's fabric cannot allow egress to a host name (network is "calico" without FQDN egress) (got "https://mcp.deepwiki.com/mcp"); fix: use a Cilium fabric ("cilium" or "cilium-existing"), or serve it from the cluster (a server's service, an inline JWKS)`,
      `namespace: is a system namespace (got "kube-system"); fix: leave it out for "agentcloud-gateway", or name a namespace of the gateway's own`,
      "replicas: must be a whole number from 2 to 1000: two or more replicas keep tool calls up during node drains (got 1); fix: set replicas to 2 or more, or leave it out for 2",
      "port: is a port of the gateway itself (admin 15000, metrics 15020, readiness 15021) (got 15021); fix: use another port, like 8080",
      `resources.cpu: is not a Kubernetes quantity (got "lots"); fix: use a quantity like "500m"`,
      `resources.memory: must be greater than zero (got "0"); fix: use a positive quantity like "256Mi"`,
    ]);
    expect(check(gatewayArgs({ network: undefined as never }))).toEqual([
      `network: must be an object with kind and fqdnEgress (got undefined); fix: use the fabric's, like { kind: "cilium", fqdnEgress: true, apiServerByIdentity: true }`,
    ]);
    expect(check(gatewayArgs({ namespace: "agents", port: 0, replicas: 2.5, resources: "big" as never }))).toEqual([
      `namespace: is a namespace of agents; the gateway runs in a namespace of its own (Pod Security restricted, no tenant policies) (got "agents"); fix: leave it out for "agentcloud-gateway"`,
      "replicas: must be a whole number from 2 to 1000: two or more replicas keep tool calls up during node drains (got 2.5); fix: set replicas to 2 or more, or leave it out for 2",
      "port: must be a whole number from 1 to 65535 (got 0); fix: set port to a whole number from 1 to 65535",
      `resources: must be an object (got "big"); fix: use { cpu: "500m", memory: "256Mi" }`,
    ]);
    expect(check(gatewayArgs({ namespace: "Gateway" }))).toEqual([
      `namespace: ${LABEL_RULE} (got "Gateway"); fix: use a name like "my-agent"`,
    ]);
  });

  it("checks DNS and the API server as the network does", () => {
    expect(check(gatewayArgs({ dns: { addresses: ["10.0.0.0/8"] }, apiServer: { cidrs: ["0.0.0.0/0"] } }))).toEqual([
      `dns.addresses[0]: is not a single IPv4 or IPv6 address (ranges are not allowed for DNS) (got "10.0.0.0/8"); fix: use one address like "169.254.20.10"`,
      `apiServer.cidrs[0]: opens the API server ports to every address, the internet included (got "0.0.0.0/0"); fix: state the control-plane CIDR (the addresses of the kubernetes Service's endpoints)`,
    ]);
  });
});

describe("checkToolRegistry", () => {
  it("accepts the registry and an empty one", () => {
    expect(checkToolRegistry("tools", REGISTRY)).toEqual([]);
    expect(checkToolRegistry("tools", [])).toEqual([]);
  });

  it("requires a list of objects", () => {
    expect(lines(checkToolRegistry("tools", { github: {} }))).toEqual([
      `tools: must be a list of MCP servers (got {"github":{}}); fix: use [{ name: "github", url: "https://api.githubcopilot.com/mcp/", tools: ["search_issues"] }]`,
    ]);
    expect(lines(checkToolRegistry("tools", ["github"]))).toEqual([
      `tools[0]: must be an object (got "github"); fix: use { name: "github", url: "https://api.githubcopilot.com/mcp/", tools: ["search_issues"] }`,
    ]);
  });

  it("requires exactly one of service and url, and no command of any spelling", () => {
    const service = REGISTRY[0].service;
    expect(
      lines(
        checkToolRegistry("tools", [
          { name: "a", service, url: "https://a.example.com/mcp", tools: ["x"] },
          { name: "b", tools: ["x"] },
          { name: "c", stdio: { command: "uvx" }, tools: ["x"] },
          { name: "d", cmd: ["python", "server.py"], service, tools: ["x"] },
        ]),
      ),
    ).toEqual([
      `tools[0]: sets both service and url (got {"service":{"name":"web-search","namespace":"tools","port":80,"targetPort":80...); fix: keep one: service for a server in the cluster, url for a remote one`,
      `tools[1]: sets neither service nor url (got {"name":"b","tools":["x"]}); fix: register an in-cluster service: { name: "search", namespace: "tools", port: 8080, podSelector: { app: "search" } }, or a remote url: "https://mcp.example.com/mcp"`,
      `tools[2].stdio: declares a stdio command; stdio servers would run inside the gateway's pod, outside any sandbox (got {"command":"uvx"}); fix: run the server as a Service and register service: { name, namespace, port, podSelector }`,
      `tools[3].cmd: declares a stdio command; stdio servers would run inside the gateway's pod, outside any sandbox (got ["python","server.py"]); fix: run the server as a Service and register service: { name, namespace, port, podSelector }`,
    ]);
  });

  it("checks the in-cluster service's names, ports, pod selector and path", () => {
    const server = {
      name: "Search",
      service: { name: "search_svc", namespace: "", port: 70000, targetPort: 0, podSelector: {}, path: "mcp" },
      tools: ["search"],
    };
    expect(lines(checkToolRegistry("tools", [server]))).toEqual([
      `tools[0].name: ${LABEL_RULE} (got "Search"); fix: use a name like "my-agent"`,
      `tools[0].service.name: ${LABEL_RULE} (got "search_svc"); fix: use a name like "my-agent"`,
      `tools[0].service.namespace: ${LABEL_RULE} (got ""); fix: use a name like "my-agent"`,
      "tools[0].service.port: must be a whole number from 1 to 65535 (got 70000); fix: set tools[0].service.port to a whole number from 1 to 65535",
      "tools[0].service.targetPort: must be a whole number from 1 to 65535 (got 0); fix: set tools[0].service.targetPort to a whole number from 1 to 65535",
      `tools[0].service.podSelector: must not be empty (an empty selector would open the gateway's egress to every pod of the namespace) (got {}); fix: use the labels of the server's pods (its Service's selector), like { app: "search" }`,
      `tools[0].service.path: must be a path starting with '/' (got "mcp"); fix: use a path like "/mcp"`,
    ]);
    expect(lines(checkToolRegistry("tools", [{ name: "s", service: "search.tools", tools: ["x"] }]))).toEqual([
      `tools[0].service: must be an object (got "search.tools"); fix: use { name: "search", namespace: "tools", port: 8080, podSelector: { app: "search" } }`,
    ]);
  });

  it("requires an https:// URL of a host name: no other scheme, credentials, IP address or metadata endpoint", () => {
    const urls = [
      "mcp.example.com/mcp",
      "ftp://mcp.example.com/mcp",
      "https://user:secret@mcp.example.com/mcp",
      "https://10.0.0.5/mcp",
      "https://metadata.google.internal/computeMetadata",
      "https://localhost:8443/mcp",
    ];
    expect(
      lines(
        checkToolRegistry(
          "tools",
          urls.map((url, i) => ({ name: `s${i}`, url, tools: ["x"] })),
        ),
      ),
    ).toEqual([
      `tools[0].url: is not an absolute URL (got "mcp.example.com/mcp"); fix: use a URL like "https://mcp.example.com/mcp"`,
      `tools[1].url: must be an https:// URL (got scheme "ftp:") (got "ftp://mcp.example.com/mcp"); fix: use a URL like "https://mcp.example.com/mcp"`,
      `tools[2].url: carries credentials, which would be written into the gateway's config (got "https://***@mcp.example.com/mcp"); fix: remove the user and password from the URL`,
      `tools[3].url: is not a fully qualified host name (got "https://10.0.0.5/mcp"); fix: use a host like "api.github.com" or "*.googleapis.com"`,
      `tools[4].url: reaches a cloud metadata endpoint (the metadata host metadata.google.internal), which hands out the node's credentials (got "https://metadata.google.internal/computeMetadata"); fix: remove it; agents get cloud access through cloudPermissions and their workload identity`,
      `tools[5].url: is not a fully qualified host name (got "https://localhost:8443/mcp"); fix: use a host like "api.github.com" or "*.googleapis.com"`,
    ]);
  });

  it("requires a non-empty list of unique MCP tool names", () => {
    expect(
      lines(
        checkToolRegistry("tools", [
          { name: "a", url: "https://a.example.com/mcp", tools: [] },
          { name: "b", url: "https://b.example.com/mcp", tools: ["search", "web search", "search", "x".repeat(129), 7] },
        ]),
      ),
    ).toEqual([
      `tools[0].tools: must list at least one tool (grants name these) (got []); fix: list the server's tools, like ["search_issues"]`,
      `tools[1].tools[1]: is not an MCP tool name (1 to 128 letters, digits, '_', '-' or '.') (got "web search"); fix: use the name the server lists, like "search_issues"`,
      `tools[1].tools[2]: repeats tools[1].tools[0] (got "search"); fix: list each tool once`,
      `tools[1].tools[3]: is not an MCP tool name (1 to 128 letters, digits, '_', '-' or '.') (got "${"x".repeat(76)}...); fix: use the name the server lists, like "search_issues"`,
      `tools[1].tools[4]: is not an MCP tool name (1 to 128 letters, digits, '_', '-' or '.') (got 7); fix: use the name the server lists, like "search_issues"`,
    ]);
    expect(checkToolRegistry("tools", [{ name: "a", url: "https://a.example.com/mcp", tools: ["x".repeat(128), "Get.Thing-2"] }])).toEqual(
      [],
    );
  });

  it("reports each later duplicate against the first of its name", () => {
    const server = (name: string) => ({ name, url: `https://${name}.example.com/mcp`, tools: ["x"] });
    expect(lines(checkToolRegistry("tools", [server("a"), server("b"), server("a"), server("a")]))).toEqual([
      `tools[2].name: is also the name of tools[0]; grants name servers, so names must be unique (got "a"); fix: rename one of tools[0] and tools[2], or merge their tools into one server`,
      `tools[3].name: is also the name of tools[0]; grants name servers, so names must be unique (got "a"); fix: rename one of tools[0] and tools[3], or merge their tools into one server`,
    ]);
  });
});

describe("checkToolGrants", () => {
  const at = "agents.researcher.tools";

  it("accepts grants of registered servers and tools", () => {
    expect(checkToolGrants(at, [{ server: "deepwiki", tools: ["ask_question", "read_wiki_structure"] }], REGISTRY)).toEqual([]);
    expect(checkToolGrants(at, undefined, REGISTRY)).toEqual([]);
  });

  it("names the closest server, or lists the registry, for an unknown server", () => {
    expect(
      lines(
        checkToolGrants(
          at,
          [
            { server: "web-serch", tools: ["search"] },
            { server: "github", tools: ["search_issues"] },
          ],
          REGISTRY,
        ),
      ),
    ).toEqual([
      `${at}[0].server: is not a server of the tool registry (got "web-serch"); fix: name "web-search" (the closest registered server), or register "web-serch"`,
      `${at}[1].server: is not a server of the tool registry (got "github"); fix: name one of "web-search", "deepwiki", or register "github"`,
    ]);
    expect(lines(checkToolGrants(at, [{ server: "github", tools: ["x"] }], []))).toEqual([
      `${at}[0].server: is not a server of the tool registry (got "github"); fix: register "github" in the tool registry`,
    ]);
  });

  it("names the closest tool, or lists the server's tools, for an unknown tool; a second grant of a server is a problem", () => {
    expect(
      lines(
        checkToolGrants(
          at,
          [
            { server: "deepwiki", tools: ["ask_questions", "delete_wiki"] },
            { server: "deepwiki", tools: ["ask_question"] },
          ],
          REGISTRY,
        ),
      ),
    ).toEqual([
      `${at}[0].tools[0]: is not a tool of server "deepwiki" (got "ask_questions"); fix: name "ask_question" (the closest tool of "deepwiki"), or add "ask_questions" to its tools in the registry`,
      `${at}[0].tools[1]: is not a tool of server "deepwiki" (got "delete_wiki"); fix: name one of "ask_question", "read_wiki_structure", or add "delete_wiki" to the server's tools in the registry`,
      `${at}[1].server: grants server "deepwiki" again (${at}[0] grants it too) (got "deepwiki"); fix: merge the tools into ${at}[0]`,
    ]);
  });

  it("leaves malformed grants to the agent's own checks (reported once)", () => {
    expect(checkToolGrants(at, "web-search", REGISTRY)).toEqual([]);
    expect(
      checkToolGrants(at, [null, { server: 3 }, { server: "deepwiki", tools: "ask_question" }, { server: "web-search" }], REGISTRY),
    ).toEqual([]);
    expect(checkToolGrants(at, [{ server: "web-search", tools: ["", "*", 4] }], REGISTRY)).toEqual([]);
  });
});

describe("checkTokenIssuer", () => {
  it("accepts the in-cluster issuer and a remote one", () => {
    expect(checkTokenIssuer("platform.tokenIssuer", gatewayArgs().authentication.issuer)).toEqual([]);
    expect(checkTokenIssuer("platform.tokenIssuer", remoteIssuerArgs().authentication.issuer)).toEqual([]);
  });

  it("reports the issuer and its JWKS under the argument given", () => {
    expect(lines(checkTokenIssuer("platform.tokenIssuer", { issuer: "kubernetes", jwks: "https://x.example.com/keys" }))).toEqual([
      `platform.tokenIssuer.issuer: must be an https:// URL (the tokens' iss claim) (got "kubernetes"); fix: use the cluster's issuer, like "https://kubernetes.default.svc.cluster.local"`,
      `platform.tokenIssuer.jwks: must be an object with url or inline (got "https://x.example.com/keys"); fix: use { url: "https://oidc.example.com/keys" } or { inline: '{"keys": [...]}' }`,
    ]);
    expect(lines(checkTokenIssuer("platform.tokenIssuer", "https://issuer.example.com"))).toHaveLength(1);
  });
});
