import { describe, expect, it } from "vitest";
import type { AgentCloudSpec } from "../../../components/blueprint/spec";
import { validateAgentCloudArgs } from "../../../components/blueprint/validate";
import { ciliumFabric, networkPolicyOnlyFabric } from "../../../components/kubernetes/network/fabrics";
import { API_SERVER, PLAIN_FABRIC, REGISTRY, smallFleet } from "./fixtures";

const IMAGE = "ghcr.io/acme/agent:1.0.0";
const NOT_A_LABEL =
  "must be a DNS-1123 label of at most 63 characters (lower-case letters, digits and '-', starting and ending with a letter or digit)";

describe("validateAgentCloudArgs", () => {
  it("accepts a valid fleet", () => {
    expect(validateAgentCloudArgs(smallFleet())).toEqual([]);
  });

  it("reports every bad input of the issue at once: unknown delegate, undeclared tenant, bad egress entries", () => {
    const spec = smallFleet();
    spec.agents.caller = {
      ...spec.agents.caller,
      delegatesTo: [{ agent: "memroy" }, { agent: "pool", sandboxPool: true }],
      egress: ["https://api.github.com", "api.github.com/v3", "api.github.com:99999", "api.*.github.com"],
    };
    spec.agents.stray = { namespace: "team-b", image: IMAGE };
    expect(validateAgentCloudArgs(spec)).toEqual([
      {
        argument: "agents.caller.egress[0]",
        value: "https://api.github.com",
        problem: "has a URL scheme (https://)",
        fix: 'write the host only, like "api.github.com" or "api.github.com:8443"',
      },
      {
        argument: "agents.caller.egress[1]",
        value: "api.github.com/v3",
        problem: "has a path, query or fragment (/v3); egress rules are FQDN rules, matched on the names the agent resolves",
        fix: 'remove everything from "/" on',
      },
      {
        argument: "agents.caller.egress[2]",
        value: "api.github.com:99999",
        problem: 'has port "99999", which is not a TCP port from 1 to 65535',
        fix: 'write a port number, like "api.github.com:8443", or leave ":port" out for 443',
      },
      {
        argument: "agents.caller.egress[3]",
        value: "api.*.github.com",
        problem: 'has a wildcard that is not one leading "*."',
        fix: 'use one leading "*." over a domain, like "*.example.com", or list each host',
      },
      {
        argument: "agents.stray.namespace",
        value: "team-b",
        problem: "is not a declared tenant",
        fix: 'use one of "agents", or declare it in tenants',
      },
      {
        argument: "agents.caller.delegatesTo[0].agent",
        value: "memroy",
        problem: 'names "agents/memroy", which is not an agent of the fleet',
        fix: 'name "agents/memory" (the closest agent of the fleet), or declare "agents/memroy" in agents',
      },
    ]);
  });

  it("lists the fleet's agents when no agent is close to an unknown delegate", () => {
    const spec = smallFleet();
    spec.agents.caller = { ...spec.agents.caller, delegatesTo: [{ agent: "planner", namespace: "other" }] };
    expect(validateAgentCloudArgs(spec)).toEqual([
      {
        argument: "agents.caller.delegatesTo[0].agent",
        value: "planner",
        problem: 'names "other/planner", which is not an agent of the fleet',
        fix: 'name one of "agents/caller", "agents/memory", "agents/pool", or declare the agent in agents',
      },
    ]);
  });

  it("rejects two agents with one identity (an agentName override colliding with a key)", () => {
    const spec = smallFleet();
    spec.agents.twin = { namespace: "agents", image: IMAGE, agentName: "memory" };
    expect(validateAgentCloudArgs(spec)).toEqual([
      {
        argument: "agents.twin.agentName",
        value: "memory",
        problem: 'gives agent "agents/memory", the same as agents.memory',
        fix: "give each agent a distinct name (agentName) within its namespace",
      },
    ]);
  });

  it("accepts acceptsFrom entries that agree with the caller or name callers outside the fleet; rejects ones that disagree", () => {
    const spec = smallFleet();
    spec.agents.memory = {
      ...spec.agents.memory,
      acceptsFrom: [{ agent: "caller" }, { agent: "pool" }, { agent: "gateway", namespace: "edge" }],
    };
    expect(validateAgentCloudArgs(spec)).toEqual([
      {
        argument: "agents.memory.acceptsFrom[1]",
        value: { agent: "pool" },
        problem: 'names "agents/pool", a fleet agent that does not delegate to "agents/memory": the two sides disagree',
        fix: 'add { agent: "memory" } to agents.pool.delegatesTo, or remove this entry (callers in the fleet are derived from their delegatesTo)',
      },
    ]);
  });

  it("names the namespace in the fix when the disagreeing caller is in another tenant", () => {
    const spec = smallFleet({
      tenants: { agents: { owner: "a", costCentre: "b" }, research: { owner: "a", costCentre: "b" } },
    });
    spec.agents.analyst = { namespace: "research", image: IMAGE };
    spec.agents.memory = { ...spec.agents.memory, acceptsFrom: [{ agent: "analyst", namespace: "research" }] };
    expect(validateAgentCloudArgs(spec).map((p) => p.fix)).toEqual([
      'add { agent: "memory", namespace: "agents" } to agents.analyst.delegatesTo, or remove this entry (callers in the fleet are derived from their delegatesTo)',
    ]);
  });

  it("checks sandbox-pool edges on the derived fleet: a pool needs sandboxPool: true, nothing else takes it", () => {
    const spec = smallFleet();
    spec.agents.caller = { ...spec.agents.caller, delegatesTo: [{ agent: "memory", sandboxPool: true }, { agent: "pool" }] };
    expect(validateAgentCloudArgs(spec)).toEqual([
      {
        argument: "agents.caller.delegatesTo[0]",
        value: { agent: "memory", sandboxPool: true },
        problem: 'sets sandboxPool: true but "memory" is a deployment',
        fix: "remove sandboxPool",
      },
      {
        argument: "agents.caller.delegatesTo[1]",
        value: { agent: "pool" },
        problem: 'names "pool", a sandbox-pool, without sandboxPool: true, so the caller could never claim a sandbox',
        fix: 'use { agent: "pool", sandboxPool: true }',
      },
    ]);
  });

  it("runs the cross-agent checks beside malformed reference lists, which the agent's own checks report", () => {
    const spec = smallFleet();
    spec.agents.memory = { ...spec.agents.memory, delegatesTo: "caller" as never };
    expect(validateAgentCloudArgs(spec)).toEqual([
      { argument: "agents.memory.delegatesTo", value: "caller", problem: "must be a list", fix: 'use [{ agent: "other-agent" }]' },
    ]);
  });

  it("rejects system namespaces and bad names or labels as tenants, offering only usable tenants", () => {
    const spec = smallFleet({
      tenants: {
        "kube-system": { owner: "a", costCentre: "b" },
        Team_A: { owner: "a b", costCentre: "c" },
        broken: 3 as never,
        research: { owner: "ml", costCentre: "cc-2" },
      },
    });
    expect(validateAgentCloudArgs(spec)).toEqual([
      {
        argument: "tenants.kube-system",
        value: "kube-system",
        problem: "is a system namespace, not a tenant",
        fix: 'name the tenant after its team, e.g. "agents" (not "agentcloud-system", "agentcloud-gateway", "agentcloud-monitoring", "agentcloud-audit", "agentcloud-gpu", "agent-sandbox-system", "kube-system", "kube-public", "kube-node-lease", "default")',
      },
      { argument: "tenants.Team_A", value: "Team_A", problem: NOT_A_LABEL, fix: 'use a name like "my-agent"' },
      {
        argument: "tenants.Team_A.owner",
        value: "a b",
        problem:
          "must be a Kubernetes label value (at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit)",
        fix: `use a value like "platform-team" (no spaces, '@' or '/')`,
      },
      { argument: "tenants.broken", value: 3, problem: "must be an object", fix: 'use { owner: "platform-team", costCentre: "cc-1234" }' },
      ...["caller", "memory", "pool"].map((key) => ({
        argument: `agents.${key}.namespace`,
        value: "agents",
        problem: "is not a declared tenant",
        fix: 'use one of "research", or declare it in tenants',
      })),
    ]);
  });

  it("checks the platform: provider, name, runtime classes, Kata, GPU nodes, fabric, identity endpoints, once each", () => {
    const spec = smallFleet({
      platform: {
        provider: undefined,
        network: undefined,
        name: "aks",
        runtimeClasses: ["runc"],
        installKata: "yes",
        identity: { bind: () => ({}), endpoints: [{ address: "169.254.170.0/24", port: 0 }, "x"] },
        gpu: { nodeSelector: { "a b": "x" } },
        apiServer: { cidrs: ["0.0.0.0/0"] },
      } as never,
    });
    expect(validateAgentCloudArgs(spec).map((p) => `${p.argument}: ${p.problem}`)).toEqual([
      "platform.provider: is required",
      'platform.name: must be one of "local", "eks", "gke"',
      'platform.runtimeClasses[0]: must be one of "gvisor", "kata-qemu", "kata-clh", "kata-fc"',
      "platform.installKata: must be true or false",
      `platform.gpu.nodeSelector["a b"]: is not a label key (an optional DNS subdomain prefix and '/', then at most 63 letters, digits, '-', '_' or '.')`,
      "platform.network: must be a network fabric",
      "platform.identity.endpoints[0].address: is not a single IPv4 or IPv6 address (ranges and names are not allowed)",
      "platform.identity.endpoints[0].port: must be a whole number from 1 to 65535",
      "platform.identity.endpoints[1]: must be an object with address and port",
      "platform.apiServer.cidrs[0]: opens the API server ports to every address, the internet included",
    ]);
  });

  it("requires platform.apiServer when agents claim sandboxes on a fabric that cannot admit it by identity", () => {
    const spec = smallFleet({ platform: { provider: {}, network: PLAIN_FABRIC } });
    expect(validateAgentCloudArgs(spec)).toEqual([
      {
        argument: "platform.apiServer",
        value: undefined,
        problem:
          "is needed: caller claims sandboxes, and the networkpolicy-only fabric cannot admit the API server by identity, so the default private ranges would open every host in them on 443 and 6443",
        fix: 'state the control-plane endpoints (kubectl get endpointslices -n default -l kubernetes.io/service-name=kubernetes), e.g. { cidrs: ["172.18.0.2/32"], ports: [6443] }',
      },
    ]);
    // On Cilium the kube-apiserver entity admits it; with no agent claiming, nothing reaches it.
    expect(validateAgentCloudArgs(smallFleet({ platform: { provider: {}, network: ciliumFabric() } }))).toEqual([]);
    const noClaims = smallFleet({ platform: { provider: {}, network: PLAIN_FABRIC } });
    noClaims.agents.caller = { ...noClaims.agents.caller, delegatesTo: [{ agent: "memory" }] };
    delete noClaims.agents.pool;
    expect(validateAgentCloudArgs(noClaims)).toEqual([]);
  });

  it("rejects a fabric without rule builders and an identity binding without bind", () => {
    const spec = smallFleet({ platform: { provider: {}, network: { kind: "calico" }, identity: { endpoints: [] } } as never });
    expect(validateAgentCloudArgs(spec)).toEqual([
      {
        argument: "platform.identity",
        value: { endpoints: [] },
        problem: "must be an identity binding with a bind function",
        fix: "pass { bind: (agent) => ({ serviceAccountAnnotations, podLabels }), endpoints } (the cloud layer provides one)",
      },
      {
        argument: "platform.network",
        value: { kind: "calico" },
        problem: "must be a network fabric",
        fix: "use ciliumFabric(), existingCiliumFabric({...}) or networkPolicyOnlyFabric({...})",
      },
    ]);
  });

  it("reports the fabric's own problems (a missing acknowledgement) and DNS that Cilium cannot select, as platform arguments", () => {
    const spec = smallFleet({
      platform: {
        provider: {},
        network: networkPolicyOnlyFabric({} as never),
        apiServer: API_SERVER,
        dns: { pods: [{ namespaceSelector: { team: "dns" }, podSelector: { "k8s-app": "kube-dns" } }] },
      },
    });
    expect(validateAgentCloudArgs(spec).map((p) => `${p.argument}: ${p.problem}`)).toEqual([
      "platform.network.unsafeNetworkPolicyOnly: is required: without Cilium, declared egress hosts are not reachable (no FQDN egress), pod traffic between nodes is not encrypted and there is no fabric-level default deny",
    ]);
    const onCilium = smallFleet({ platform: { ...spec.platform, network: ciliumFabric() } });
    expect(validateAgentCloudArgs(onCilium)).toEqual([
      {
        argument: "platform.dns.pods[0].namespaceSelector",
        value: { team: "dns" },
        problem: "must select the namespace by name only: Cilium ignores namespace labels in a namespaced policy",
        fix: 'use {"kubernetes.io/metadata.name": "<namespace>"}',
      },
    ]);
  });

  it("checks what the identity binding gives each agent, and reports a binding that throws", () => {
    const bound = smallFleet({
      platform: {
        provider: {},
        network: PLAIN_FABRIC,
        apiServer: API_SERVER,
        identity: { bind: ({ name }) => (name === "pool" ? { podLabels: { "agentcloud.dev/x": "y" } } : {}) },
      },
    });
    expect(validateAgentCloudArgs(bound)).toEqual([
      {
        argument: 'agents.pool.platform.podLabels["agentcloud.dev/x"]',
        value: "agentcloud.dev/x",
        problem: 'uses the prefix "agentcloud.dev/", which agentcloud sets itself',
        fix: 'use a key under your own domain, like "example.com/x"',
      },
    ]);
    const throwing = smallFleet({
      platform: {
        provider: {},
        network: PLAIN_FABRIC,
        apiServer: API_SERVER,
        identity: {
          bind: ({ name }) => {
            if (name === "memory") throw new Error("no role for it");
            return {};
          },
        },
      },
    });
    expect(validateAgentCloudArgs(throwing)).toEqual([
      {
        argument: "platform.identity.bind",
        value: "memory",
        problem: 'failed to bind agent "memory": no role for it',
        fix: "fix the identity binding's bind function",
      },
    ]);
  });

  it("hands the binding each agent's name, namespace and declaration", () => {
    const seen: string[] = [];
    const spec = smallFleet({
      platform: {
        provider: {},
        network: PLAIN_FABRIC,
        apiServer: API_SERVER,
        identity: {
          bind: ({ name, namespace, declaration }) => {
            seen.push(`${namespace}/${name} ${declaration.image}`);
            return {};
          },
        },
      },
    });
    spec.agents.memory = { ...spec.agents.memory, agentName: "memory-keeper" };
    spec.agents.caller = { ...spec.agents.caller, delegatesTo: [{ agent: "memory-keeper" }, { agent: "pool", sandboxPool: true }] };
    expect(validateAgentCloudArgs(spec)).toEqual([]);
    expect(seen).toEqual([`agents/caller ${IMAGE}`, `agents/memory-keeper ${IMAGE}`, `agents/pool ${IMAGE}`]);
  });

  it("refuses to install Kata when no agent runs under a Kata runtime the platform does not provide", () => {
    const spec = smallFleet({ platform: { provider: {}, network: PLAIN_FABRIC, apiServer: API_SERVER, installKata: true } });
    const problem = {
      argument: "platform.installKata",
      value: true,
      problem: "installs Kata, but no agent runs under a Kata runtime the platform does not already provide",
      fix: 'set installKata to false, or run an agent under "kata-qemu", "kata-clh", "kata-fc"',
    };
    expect(validateAgentCloudArgs(spec)).toEqual([problem]);
    spec.agents.memory = { ...spec.agents.memory, sandbox: "kata-qemu" };
    expect(validateAgentCloudArgs(spec)).toEqual([]);
    spec.platform.runtimeClasses = ["kata-qemu"];
    expect(validateAgentCloudArgs(spec)).toEqual([problem]);
  });

  it("refuses a platform on an agent, and GPU shares without GPU nodes", () => {
    const spec = smallFleet();
    spec.agents.memory = { ...spec.agents.memory, platform: {}, resources: { gpu: 1 } } as never;
    expect(validateAgentCloudArgs(spec)).toEqual([
      {
        argument: "agents.memory.platform",
        value: {},
        problem: "is injected from the fleet's platform",
        fix: "remove it; set GPU nodes, identity and the API server on platform",
      },
      {
        argument: "agents.memory.resources.gpu",
        value: 1,
        problem: "asks for GPU shares but the platform has no GPU nodes",
        fix: "add GPU nodes (platform.gpu, set by the cloud layer's GPU node pool) or remove resources.gpu",
      },
    ]);
  });

  it("reports the agent's own name problem as declared (name, not the agentName the blueprint sets)", () => {
    const spec = smallFleet();
    spec.agents.Bad_Agent = { namespace: "agents", image: IMAGE };
    expect(validateAgentCloudArgs(spec).map((p) => p.argument)).toEqual(["agents.Bad_Agent.name"]);
  });

  it("checks the API server's size limits on what derivation builds: a callee with too many callers", () => {
    const spec = smallFleet();
    for (let i = 0; i < 10000; i++) {
      spec.agents[`caller-with-a-rather-long-name-${String(i).padStart(5, "0")}`] = {
        namespace: "agents",
        image: IMAGE,
        delegatesTo: [{ agent: "memory" }],
      };
    }
    expect(validateAgentCloudArgs(spec)).toEqual([
      {
        argument: "agents.memory",
        value: "10001 callers",
        problem:
          "has 10001 callers (derived from their delegatesTo), which make the agent's NetworkPolicy 1730964 bytes, over the 1572864-byte (1.5 MiB) limit of a Kubernetes API request",
        fix: "split the work over several agents, so fewer agents delegate to each",
      },
    ]);
  }, 30_000);

  it("reports arguments that are not objects", () => {
    expect(validateAgentCloudArgs(undefined as never)).toEqual([
      { argument: "args", value: undefined, problem: "must be an object", fix: "pass { platform, tenants, agents }" },
    ]);
    const spec = { platform: "k8s", tenants: [], agents: { a: 5 } } as unknown as AgentCloudSpec;
    expect(validateAgentCloudArgs(spec)).toEqual([
      { argument: "platform", value: "k8s", problem: "must be an object", fix: "pass { provider, network, ... }" },
      { argument: "tenants", value: [], problem: "must be an object keyed by namespace", fix: "use { agents: { owner, costCentre } }" },
      { argument: "agents.a", value: 5, problem: "must be an object", fix: "pass { namespace, image, ... }" },
    ]);
    expect(validateAgentCloudArgs({ ...smallFleet(), agents: 5 as never }).map((p) => p.argument)).toEqual(["agents"]);
  });
});

const REMOTE_FIX =
  "use a Cilium fabric (ciliumFabric() or existingCiliumFabric(...)), or run the server in the cluster and register its service";
const JWKS_FIX = `use a Cilium fabric (ciliumFabric() or existingCiliumFabric(...)), or give the key set inline: jwks: { inline: '{"keys": [...]}' }`;
const OIDC = { issuer: "https://oidc.example.com", jwks: { url: "https://oidc.example.com/keys" } };

describe("validateAgentCloudArgs: the tool registry and the gateway", () => {
  it("reports the issue's bad input at once: tools not in the registry, http:// and stdio servers, duplicate names, a bad issuer", () => {
    const spec = smallFleet();
    spec.tools = [
      ...REGISTRY,
      { name: "github", url: "http://api.githubcopilot.com/mcp/", tools: ["get_issue"] },
      { name: "shell", command: "npx", tools: ["run"] } as never,
      { name: "web-search", service: { name: "search", namespace: "tools", port: 80, podSelector: { app: "search" } }, tools: ["search"] },
    ];
    spec.agents.caller.tools = [
      { server: "web-search", tools: ["search", "serch"] },
      { server: "githb", tools: ["get_issue"] },
    ];
    spec.platform.tokenIssuer = { issuer: "http://issuer", jwks: { inline: "{}" } };
    expect(validateAgentCloudArgs(spec)).toEqual([
      {
        argument: "platform.tokenIssuer.issuer",
        value: "http://issuer",
        problem: "must be an https:// URL (the tokens' iss claim)",
        fix: 'use the cluster\'s issuer, like "https://kubernetes.default.svc.cluster.local"',
      },
      {
        argument: "platform.tokenIssuer.jwks.inline",
        value: "{}",
        problem: "must be a JSON Web Key Set with a non-empty keys array",
        fix: `pass the issuer's key set as JSON, like '{"keys": [{"kty": "RSA", ...}]}'`,
      },
      {
        argument: "tools[1].url",
        value: "http://api.githubcopilot.com/mcp/",
        problem: "is a plain http:// URL, which would carry tokens and tool results unencrypted",
        fix: "use https://api.githubcopilot.com/mcp/, or run the server in the cluster and register service",
      },
      {
        argument: "tools[2].command",
        value: "npx",
        problem: "declares a stdio command; stdio servers would run inside the gateway's pod, outside any sandbox",
        fix: "run the server as a Service and register service: { name, namespace, port, podSelector }",
      },
      {
        argument: "tools[3].name",
        value: "web-search",
        problem: "is also the name of tools[0]; grants name servers, so names must be unique",
        fix: "rename one of tools[0] and tools[3], or merge their tools into one server",
      },
      {
        argument: "agents.caller.tools[0].tools[1]",
        value: "serch",
        problem: 'is not a tool of server "web-search"',
        fix: 'name "search" (the closest tool of "web-search"), or add "serch" to its tools in the registry',
      },
      {
        argument: "agents.caller.tools[1].server",
        value: "githb",
        problem: "is not a server of the tool registry",
        fix: 'name "github" (the closest registered server), or register "githb"',
      },
    ]);
  });

  it("requires every grant to name a registered server, with no registry at all", () => {
    const spec = smallFleet();
    delete spec.tools;
    expect(validateAgentCloudArgs(spec)).toEqual([
      {
        argument: "agents.caller.tools[0].server",
        value: "web-search",
        problem: "is not a server of the tool registry",
        fix: 'register "web-search" in the tool registry',
      },
    ]);
  });

  it("reports a malformed grant once, by the agent's own checks, not again against the registry", () => {
    const spec = smallFleet();
    spec.agents.caller.tools = [{ server: "Web_Search", tools: ["search"] }];
    expect(validateAgentCloudArgs(spec)).toEqual([
      { argument: "agents.caller.tools[0].server", value: "Web_Search", problem: NOT_A_LABEL, fix: 'use a name like "my-agent"' },
    ]);
  });

  it("rejects an agent's tokenAudience when the fleet has a gateway, and leaves it alone otherwise", () => {
    const spec = smallFleet({ gateway: { audience: "fleet-gw" } });
    spec.agents.memory.tokenAudience = "my-audience";
    expect(validateAgentCloudArgs(spec)).toEqual([
      {
        argument: "agents.memory.tokenAudience",
        value: "my-audience",
        problem: "is set by the fleet: every agent's token carries the gateway's audience (\"fleet-gw\")",
        fix: "remove tokenAudience; set gateway.audience for the whole fleet",
      },
    ]);
    const none = smallFleet();
    none.agents.caller = { namespace: "agents", image: IMAGE, delegatesTo: [{ agent: "pool", sandboxPool: true }] };
    none.agents.memory.tokenAudience = "my-audience";
    expect(validateAgentCloudArgs(none)).toEqual([]);
  });

  it("checks the gateway's options as McpGateway does, once each, and keeps it out of the tenants", () => {
    const spec = smallFleet({ gateway: { replicas: 1, port: 15000, namespace: "agents", audience: "", resources: { cpu: "lots" } } });
    expect(validateAgentCloudArgs(spec)).toEqual([
      { argument: "gateway.audience", value: "", problem: "must be a non-empty string", fix: 'use a value like "agentcloud-gateway"' },
      {
        argument: "gateway.replicas",
        value: 1,
        problem: "must be a whole number from 2 to 1000: two or more replicas keep tool calls up during node drains",
        fix: "set replicas to 2 or more, or leave it out for 2",
      },
      {
        argument: "gateway.port",
        value: 15000,
        problem: "is a port of the gateway itself (admin 15000, metrics 15020, readiness 15021)",
        fix: "use another port, like 8080",
      },
      { argument: "gateway.resources.cpu", value: "lots", problem: "is not a Kubernetes quantity", fix: 'use a quantity like "500m"' },
      {
        argument: "gateway.namespace",
        value: "agents",
        problem: "is the tenant tenants.agents; the gateway runs in a namespace of its own (no tenant's quota or policies)",
        fix: 'leave it out for "agentcloud-gateway", or name a namespace that is no tenant',
      },
    ]);
    const system = smallFleet({ gateway: { namespace: "kube-system", audience: "https://kubernetes.default.svc.cluster.local" } });
    expect(validateAgentCloudArgs(system)).toEqual([
      {
        argument: "gateway.audience",
        value: "https://kubernetes.default.svc.cluster.local",
        problem: "is an audience of the API server's own tokens, so a token for the API server would be accepted",
        fix: 'use an audience of the gateway only, like "agentcloud-gateway"',
      },
      {
        argument: "gateway.namespace",
        value: "kube-system",
        problem: "is a system namespace",
        fix: 'leave it out for "agentcloud-gateway", or name a namespace of the gateway\'s own',
      },
    ]);
    expect(validateAgentCloudArgs(smallFleet({ gateway: 5 as never }))).toEqual([
      { argument: "gateway", value: 5, problem: "must be an object", fix: "pass { replicas, port, resources, namespace, audience }" },
    ]);
  });

  it("rejects remote servers and a remote JWKS on a fabric without FQDN egress; accepts them on Cilium and the API server's JWKS anywhere", () => {
    const spec = smallFleet();
    spec.tools = [...REGISTRY, { name: "deepwiki", url: "https://mcp.deepwiki.com/mcp", tools: ["ask_question"] }];
    spec.platform.tokenIssuer = OIDC;
    expect(validateAgentCloudArgs(spec)).toEqual([
      {
        argument: "tools[1].url",
        value: "https://mcp.deepwiki.com/mcp",
        problem: "is a remote server, which the gateway reaches by host name, but the networkpolicy-only fabric has no FQDN egress",
        fix: REMOTE_FIX,
      },
      {
        argument: "platform.tokenIssuer.jwks.url",
        value: "https://oidc.example.com/keys",
        problem: "is outside the cluster, which the gateway reaches by host name, but the networkpolicy-only fabric has no FQDN egress",
        fix: JWKS_FIX,
      },
    ]);
    expect(validateAgentCloudArgs({ ...spec, platform: { ...spec.platform, network: ciliumFabric() } })).toEqual([]);
    spec.platform.tokenIssuer = {
      issuer: "https://kubernetes.default.svc.cluster.local",
      jwks: { url: "https://kubernetes.default.svc/openid/v1/jwks" },
    };
    spec.tools = REGISTRY;
    expect(validateAgentCloudArgs(spec)).toEqual([]);
  });

  it("leaves remote hosts alone when the fleet has no gateway (nothing reaches them)", () => {
    const spec = smallFleet();
    spec.agents.caller = { namespace: "agents", image: IMAGE, delegatesTo: [{ agent: "pool", sandboxPool: true }] };
    spec.tools = [{ name: "deepwiki", url: "https://mcp.deepwiki.com/mcp", tools: ["ask_question"] }];
    spec.platform.tokenIssuer = OIDC;
    expect(validateAgentCloudArgs(spec)).toEqual([]);
  });

  it("checks gateway options once, not per agent through the injected endpoint", () => {
    const spec = smallFleet({ gateway: { port: 0 } });
    expect(validateAgentCloudArgs(spec)).toEqual([
      {
        argument: "gateway.port",
        value: 0,
        problem: "must be a whole number from 1 to 65535",
        fix: "set port to a whole number from 1 to 65535",
      },
    ]);
  });
});

describe("validateAgentCloudArgs: runtimes the platform cannot offer", () => {
  it("names the agent, the runtime and the platform's reason, and offers the runtimes it has", () => {
    const spec = smallFleet({
      platform: {
        provider: {},
        name: "gke",
        network: PLAIN_FABRIC,
        apiServer: API_SERVER,
        unavailableRuntimes: { "kata-qemu": "GKE Sandbox offers gVisor only", "kata-clh": "GKE Sandbox offers gVisor only" },
      },
    });
    spec.agents.memory = { ...spec.agents.memory, sandbox: "kata-qemu" };
    expect(validateAgentCloudArgs(spec)).toEqual([
      {
        argument: "agents.memory.sandbox",
        value: "kata-qemu",
        problem: "is not offered on platform gke: GKE Sandbox offers gVisor only",
        fix: 'use one of "gvisor", "kata-fc"',
      },
    ]);
  });

  it("checks the list itself: known runtimes, each with a reason", () => {
    const spec = smallFleet({
      platform: {
        provider: {},
        network: PLAIN_FABRIC,
        apiServer: API_SERVER,
        unavailableRuntimes: { firecracker: "x", "kata-fc": " " } as never,
      },
    });
    expect(validateAgentCloudArgs(spec).map((p) => `${p.argument}: ${p.problem}`)).toEqual([
      'platform.unavailableRuntimes.firecracker: must be one of "gvisor", "kata-qemu", "kata-clh", "kata-fc"',
      "platform.unavailableRuntimes.kata-fc: must be a non-empty reason",
    ]);
  });
});
