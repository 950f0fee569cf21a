import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { AgentCloud } from "../../../components/blueprint/component";
import { lateBoundPlaceholder, type AgentCloudSpec } from "../../../components/blueprint/spec";
import { ciliumFabric } from "../../../components/kubernetes/network/fabrics";
import { ArgumentError } from "../../../components/validation";
import { record, recordRejection, type Recorded } from "../../helpers/pulumi";
import { invalidObjects } from "../../helpers/schema";
import { smallFleet } from "./fixtures";

/** The small fleet on a real provider and the Cilium fabric agentcloud installs. */
function fleetArgs(change: (spec: AgentCloudSpec) => void = () => {}) {
  const spec = smallFleet();
  change(spec);
  return { ...spec, platform: { ...spec.platform, provider: new k8s.Provider("cluster", {}), network: ciliumFabric() } };
}

/** Resolves an output under the mock runtime. */
function value<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => output.apply(resolve));
}

/** Every registration below `urn`, at any depth. */
function descendants(rec: Recorded, urn: string): string[] {
  const children = rec.registrations.filter((r) => r.parent === urn);
  return children.flatMap((c) => [c.urn, ...descendants(rec, c.urn)]);
}

describe("AgentCloud", () => {
  it("composes runtimes, priorities, the sandbox controller, tenants, the network and the agents under one component", async () => {
    const rec = await record(() => {
      new AgentCloud("fleet", fleetArgs());
    });
    const cloud = rec.named("fleet");
    expect(cloud.type).toBe("agentcloud:blueprint:AgentCloud");
    expect(
      rec.registrations
        .filter((r) => r.parent === cloud.urn)
        .map((r) => `${r.name} ${r.type}`)
        .sort(),
    ).toEqual([
      "fleet-agent-sandbox agentcloud:kubernetes:AgentSandboxController",
      "fleet-caller agentcloud:kubernetes:Agent",
      "fleet-fleet-graph kubernetes:core/v1:ConfigMap",
      "fleet-gateway agentcloud:kubernetes:McpGateway",
      "fleet-memory agentcloud:kubernetes:Agent",
      "fleet-network agentcloud:kubernetes:AgentNetwork",
      "fleet-observability agentcloud:kubernetes:Observability",
      "fleet-pool agentcloud:kubernetes:Agent",
      "fleet-priorities agentcloud:kubernetes:PriorityClasses",
      "fleet-runtimes agentcloud:kubernetes:SandboxRuntimes",
      "fleet-system-namespace kubernetes:core/v1:Namespace",
      "fleet-tenant-agents agentcloud:kubernetes:AgentNamespace",
    ]);
    // Only the runtimes the fleet uses.
    expect(rec.kind("RuntimeClass").map((r) => r.metadata.name)).toEqual(["gvisor"]);
    // Every Kubernetes object goes through the platform's provider.
    const custom = rec.registrations.filter((r) => r.custom && r.type.startsWith("kubernetes:"));
    expect(custom.length).toBeGreaterThan(30);
    for (const r of custom) expect(r.provider).toMatch(/::cluster::cluster-id$/);
    expect(await invalidObjects(rec.objects())).toEqual([]);
  });

  it("makes every agent wait for the runtimes, priorities, controller, its namespace and its own enforcement", async () => {
    const rec = await record(() => {
      new AgentCloud("fleet", fleetArgs());
    });
    const below = (name: string) => descendants(rec, rec.named(name).urn);
    const required = ["fleet-runtimes", "fleet-priorities", "fleet-agent-sandbox", "fleet-tenant-agents"].flatMap(below);
    const shared = ["fleet-network-cilium", "fleet-network-tenant-default-deny"].map((n) => rec.named(n).urn);
    const policies = ["caller", "memory", "pool"].map((a) => rec.named(`fleet-network-cilium-policy-agents.${a}`).urn);
    for (const [i, agent] of ["caller", "memory", "pool"].entries()) {
      const dependencies = rec.named(`fleet-${agent}`).dependencies;
      expect(dependencies).toEqual(expect.arrayContaining([...required, ...shared, policies[i]]));
      // Only its own policy: waiting for the whole network would make every agent wait for every agent's policy.
      expect(dependencies.filter((d: string) => policies.includes(d))).toEqual([policies[i]]);
    }
    // Each agent's policy lives in its tenant namespace, so it waits for that namespace, and for the release.
    for (const policy of policies) {
      expect(rec.registrations.find((r) => r.urn === policy)!.dependencies).toEqual(
        expect.arrayContaining([rec.named("fleet-tenant-agents-namespace").urn, rec.named("fleet-network-cilium").urn]),
      );
    }
    expect(rec.named("fleet-fleet-graph").dependencies).toEqual([rec.named("fleet-system-namespace").urn]);
  });

  it("annotates each tenant namespace with the fabric and its encryption", async () => {
    const rec = await record(() => {
      new AgentCloud("fleet", fleetArgs());
    });
    const tenant = rec.kind("Namespace").find((n) => n.metadata.name === "agents")!;
    expect(tenant.metadata.annotations).toEqual({
      "agentcloud.dev/network-fabric": "cilium",
      "agentcloud.dev/network-encryption": "wireguard",
    });
    expect(tenant.metadata.labels).toMatchObject({ "agentcloud.dev/owner": "platform-team", "agentcloud.dev/cost-centre": "cc-1" });
  });

  it("derives the callee's ingress from the caller's delegatesTo: NetworkPolicy, CiliumNetworkPolicy and the pool's claim RBAC", async () => {
    const rec = await record(() => {
      new AgentCloud("fleet", fleetArgs());
    });
    const policy = rec.kind("NetworkPolicy").find((n) => n.metadata.namespace === "agents" && n.metadata.name === "memory") as any;
    expect(policy.spec.ingress).toEqual([
      {
        from: [
          {
            namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "agents" } },
            podSelector: { matchLabels: { "agentcloud.dev/agent": "caller" } },
          },
        ],
        ports: [{ protocol: "TCP", port: 8080 }],
      },
      // The gateway forwards the caller's A2A requests.
      {
        from: [
          {
            namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "agentcloud-gateway" } },
            podSelector: { matchLabels: { "app.kubernetes.io/name": "mcp-gateway", "app.kubernetes.io/component": "mcp-gateway" } },
          },
        ],
        ports: [{ protocol: "TCP", port: 8080 }],
      },
    ]);
    const binding = rec.kind("RoleBinding").find((r) => r.metadata.name === "pool-sandbox-claims") as any;
    expect(binding.subjects).toEqual([{ kind: "ServiceAccount", name: "caller", namespace: "agents" }]);
    expect(
      rec
        .kind("CiliumNetworkPolicy")
        .map((p) => `${p.metadata.namespace}/${p.metadata.name}`)
        .sort(),
    ).toEqual(["agentcloud-gateway/mcp-gateway", "agents/caller", "agents/memory", "agents/pool"]);
    const cilium = rec.kind("CiliumNetworkPolicy").find((p) => p.metadata.name === "memory") as any;
    expect(cilium.spec.ingress).toEqual([
      {
        fromEndpoints: [
          {
            matchLabels: {
              "k8s:io.kubernetes.pod.namespace": "agents",
              "k8s:agentcloud.dev/agent": "caller",
              "k8s:io.cilium.k8s.policy.serviceaccount": "caller",
            },
          },
        ],
        toPorts: [{ ports: [{ port: "8080", protocol: "TCP" }] }],
      },
      {
        fromEndpoints: [
          {
            matchLabels: {
              "k8s:io.kubernetes.pod.namespace": "agentcloud-gateway",
              "k8s:app.kubernetes.io/name": "mcp-gateway",
              "k8s:app.kubernetes.io/component": "mcp-gateway",
              "k8s:io.cilium.k8s.policy.serviceaccount": "mcp-gateway",
            },
          },
        ],
        toPorts: [{ ports: [{ port: "8080", protocol: "TCP" }] }],
      },
    ]);
  });

  it("writes the fleet graph to the agentcloud-fleet ConfigMap in a restricted system namespace, with the plan file and note", async () => {
    let cloud: AgentCloud | undefined;
    const rec = await record(() => {
      cloud = new AgentCloud("fleet", fleetArgs());
    });
    const system = rec.kind("Namespace").find((n) => n.metadata.name === "agentcloud-system")!;
    expect(system.metadata.labels).toMatchObject({
      "pod-security.kubernetes.io/enforce": "restricted",
      "pod-security.kubernetes.io/audit": "restricted",
      "pod-security.kubernetes.io/warn": "restricted",
    });
    expect(system.metadata.labels).not.toHaveProperty("agentcloud.dev/tenant");
    const [configMap] = rec.kind("ConfigMap").filter((c) => c.metadata.name === "agentcloud-fleet") as any[];
    expect(configMap.metadata.namespace).toBe("agentcloud-system");
    expect(configMap.metadata.annotations).toEqual({
      "agentcloud.dev/plan-file": "agent-graph.mmd",
      "agentcloud.dev/plan-note": ciliumFabric().enforcement.summary,
    });
    const graph: string = configMap.data["agent-graph.mmd"];
    expect(graph.split("\n").slice(0, 2)).toEqual(["flowchart LR", '  subgraph tenant_agents["tenant agents"]']);
    expect(graph).toContain('  agent_agents_2fcaller -->|"claims sandbox :8080"| agent_agents_2fpool\n');
    expect(await value(cloud!.graph)).toBe(graph);
  });

  it("hands out namespaces, runtime classes, agents, the fabric and the graph", async () => {
    let cloud: AgentCloud | undefined;
    await record(() => {
      cloud = new AgentCloud(
        "fleet",
        fleetArgs((s) => {
          s.platform.runtimeClasses = ["gvisor"];
          s.agents.memory = { ...s.agents.memory, sandbox: "kata-clh" };
        }),
      );
    });
    expect(await value(cloud!.namespaces)).toEqual(["agents"]);
    expect(await value(cloud!.runtimeClasses)).toEqual(["gvisor", "kata-clh"]);
    expect(await value(cloud!.platformRuntimeClasses)).toEqual(["gvisor"]);
    expect(await value(cloud!.agents)).toEqual({
      caller: { serviceAccount: "caller", namespace: "agents", workload: "deployment" },
      memory: { serviceAccount: "memory", namespace: "agents", workload: "deployment" },
      pool: { serviceAccount: "pool", namespace: "agents", workload: "sandbox-pool" },
    });
    expect(await value(cloud!.networkFabric)).toEqual({ kind: "cilium", enforcement: ciliumFabric().enforcement });
  });

  it("injects the platform into agents: identity annotations and labels, GPU nodes, the API server", async () => {
    const rec = await record(() => {
      new AgentCloud(
        "fleet",
        fleetArgs((s) => {
          s.platform.identity = {
            bind: ({ name, namespace }) => ({
              serviceAccountAnnotations: { "example.com/role": `${namespace}-${name}` },
              podLabels: { "example.com/bound": "true" },
            }),
            endpoints: [{ address: "169.254.170.23", port: 80 }],
          };
          s.platform.gpu = { nodeSelector: { "example.com/pool": "gpu" } };
          s.platform.apiServer = { cidrs: ["172.16.0.2/32"], ports: [443] };
          s.agents.memory = { ...s.agents.memory, resources: { gpu: 1 } };
        }),
      );
    });
    const account = rec.kind("ServiceAccount").find((a) => a.metadata.name === "memory")!;
    expect(account.metadata.annotations).toEqual({ "example.com/role": "agents-memory" });
    const memory = rec.kind("Deployment").find((d) => d.metadata.name === "memory") as any;
    expect(memory.spec.template.metadata.labels).toMatchObject({ "example.com/bound": "true" });
    expect(memory.spec.template.spec.nodeSelector).toMatchObject({ "example.com/pool": "gpu" });
    const caller = rec.kind("NetworkPolicy").find((n) => n.metadata.name === "caller") as any;
    // On Cilium the API server is admitted by identity (kube-apiserver entity), so the NetworkPolicy has no CIDR rule
    // for it, which would open every host in those ranges; the identity endpoint is allowed on its port only.
    expect(caller.spec.egress.filter((r: any) => r.to?.some((p: any) => p.ipBlock))).toEqual([
      { to: [{ ipBlock: { cidr: "169.254.170.23/32" } }], ports: [{ protocol: "TCP", port: 80 }] },
    ]);
    // The identity endpoint is the one link-local address left out of the metadata denial.
    const callerCilium = rec.kind("CiliumNetworkPolicy").find((p) => p.metadata.name === "caller") as any;
    expect(callerCilium.spec.egressDeny[0]).toEqual({ toCIDRSet: [{ cidr: "169.254.0.0/16", except: ["169.254.170.23/32"] }] });
  });

  it("creates the gateway derived from the fleet, after the fabric's release; agents do not wait for it", async () => {
    let cloud: AgentCloud | undefined;
    const rec = await record(() => {
      cloud = new AgentCloud("fleet", fleetArgs());
    });
    const gateway = rec.named("fleet-gateway");
    expect(gateway.parent).toBe(rec.named("fleet").urn);
    const below = descendants(rec, gateway.urn);
    expect(
      rec.registrations
        .filter((r) => below.includes(r.urn) && r.custom)
        .map((r) => r.name)
        .sort(),
    ).toEqual(expect.arrayContaining(["fleet-gateway-deployment", "fleet-gateway-config", "fleet-gateway-service"]));
    for (const urn of below.filter((u) => rec.registrations.find((r) => r.urn === u)!.custom)) {
      expect(rec.registrations.find((r) => r.urn === urn)!.dependencies).toContain(rec.named("fleet-network-cilium").urn);
    }
    for (const agent of ["caller", "memory", "pool"]) {
      expect(rec.named(`fleet-${agent}`).dependencies.filter((d: string) => d === gateway.urn || below.includes(d))).toEqual([]);
    }
    // Its grants and routes come from the fleet: the caller's tool and its call to memory.
    const config = rec.kind("ConfigMap").find((c) => c.metadata.namespace === "agentcloud-gateway") as any;
    const routes = parse(config.data["agentgateway.yaml"]).binds[0].listeners[0].routes;
    expect(routes.map((r: any) => r.name)).toEqual(["mcp", "a2a-agents-memory"]);
    expect(routes[0].policies.mcpAuthorization.rules).toEqual([
      { allow: 'jwt.sub == "system:serviceaccount:agents:caller" && mcp.tool.target == "web-search" && mcp.tool.name in ["search"]' },
    ]);
    expect(routes[1].policies.authorization.rules).toEqual([{ allow: 'jwt.sub in ["system:serviceaccount:agents:caller"]' }]);
    const caller = rec.kind("Deployment").find((d) => d.metadata.name === "caller") as any;
    expect(caller.spec.template.spec.containers[0].env).toEqual(
      expect.arrayContaining([
        { name: "AGENTCLOUD_MCP_URL", value: "http://mcp-gateway.agentcloud-gateway.svc.cluster.local:8080/mcp" },
        { name: "AGENTCLOUD_A2A_URL", value: "http://mcp-gateway.agentcloud-gateway.svc.cluster.local:8080/a2a" },
      ]),
    );
    expect(await value(cloud!.gateway)).toEqual({
      namespace: "agentcloud-gateway",
      mcpUrl: "http://mcp-gateway.agentcloud-gateway.svc.cluster.local:8080/mcp",
      a2aUrl: "http://mcp-gateway.agentcloud-gateway.svc.cluster.local:8080/a2a",
      audience: "agentcloud-gateway",
    });
    expect(await invalidObjects(rec.objects())).toEqual([]);
  });

  it("has no gateway when no agent declares tools or calls an agent that is not a pool", async () => {
    let cloud: AgentCloud | undefined;
    const rec = await record(() => {
      cloud = new AgentCloud(
        "fleet",
        fleetArgs((s) => {
          s.agents.caller = { ...s.agents.caller, tools: [], delegatesTo: [{ agent: "pool", sandboxPool: true }] };
        }),
      );
    });
    expect(rec.ofType("agentcloud:kubernetes:McpGateway")).toEqual([]);
    expect(rec.kind("Namespace").map((n) => n.metadata.name)).not.toContain("agentcloud-gateway");
    expect(await value(cloud!.gateway)).toBeUndefined();
  });

  it("leaves the sandbox controller out when no agent is a sandbox pool", async () => {
    const rec = await record(() => {
      new AgentCloud(
        "fleet",
        fleetArgs((s) => {
          delete s.agents.pool;
          s.agents.caller = { ...s.agents.caller, delegatesTo: [{ agent: "memory" }] };
        }),
      );
    });
    expect(rec.ofType("agentcloud:kubernetes:AgentSandboxController")).toEqual([]);
    expect(rec.kind("Namespace").map((n) => n.metadata.name)).not.toContain("agent-sandbox-system");
  });

  it("throws every problem of the fleet before registering anything", async () => {
    const { error, rec } = await recordRejection(
      () =>
        new AgentCloud(
          "fleet",
          fleetArgs((s) => {
            s.agents.caller = { ...s.agents.caller, delegatesTo: [{ agent: "ghost" }], egress: ["http://x.example.com"] };
            s.agents.stray = { namespace: "nowhere", image: "ghcr.io/acme/agent:1.0.0" };
            s.agents.memory = { ...s.agents.memory, tools: [{ server: "web-search", tools: ["delete_index"] }] };
            s.gateway = { replicas: 1 };
          }),
        ),
    );
    expect(error).toBeInstanceOf(ArgumentError);
    expect((error as Error).message).toBe(
      [
        'AgentCloud "fleet" has 5 invalid arguments:',
        '  - agents.caller.egress[0]: has a URL scheme (http://) (got "http://x.example.com"); fix: write the host only, like "api.github.com" or "api.github.com:8443"',
        '  - agents.memory.tools[0].tools[0]: is not a tool of server "web-search" (got "delete_index"); fix: name one of "search", "fetch_page", or add "delete_index" to the server\'s tools in the registry',
        '  - agents.stray.namespace: is not a declared tenant (got "nowhere"); fix: use one of "agents", or declare it in tenants',
        '  - agents.caller.delegatesTo[0].agent: names "agents/ghost", which is not an agent of the fleet (got "ghost"); fix: name one of "agents/caller", "agents/memory", "agents/pool", "nowhere/stray", or declare the agent in agents',
        "  - gateway.replicas: must be a whole number from 2 to 1000: two or more replicas keep tool calls up during node drains (got 1); fix: set replicas to 2 or more, or leave it out for 2",
      ].join("\n"),
    );
    expect(rec.registrations.filter((r) => r.type !== "pulumi:providers:kubernetes")).toEqual([]);
  });
});

describe("AgentCloud: observability", () => {
  it("creates the monitoring stack after the fabric, scraping what the fleet has, and hands out its Services", async () => {
    let cloud: AgentCloud | undefined;
    const rec = await record(() => {
      cloud = new AgentCloud("fleet", fleetArgs());
    });
    const observability = rec.named("fleet-observability");
    expect(observability.type).toBe("agentcloud:kubernetes:Observability");
    expect(observability.parent).toBe(rec.named("fleet").urn);
    expect(observability.dependencies).toEqual(
      expect.arrayContaining([rec.named("fleet-network-cilium").urn, rec.named("fleet-network-tenant-default-deny").urn]),
    );
    const [release] = rec.ofType("kubernetes:helm.sh/v3:Release").filter((r) => r.inputs.chart === "kube-prometheus-stack");
    expect(release.inputs.namespace).toBe("agentcloud-monitoring");
    // The small fleet has a gateway, a sandbox pool and Cilium with Hubble: each is scraped; no agent declares metrics.
    const monitors = rec.registrations.filter((r) => r.type === "kubernetes:monitoring.coreos.com/v1:PodMonitor");
    expect(monitors.length).toBeGreaterThan(0);
    const scraped = JSON.stringify(monitors.map((m) => m.inputs));
    for (const namespace of ["agentcloud-gateway", "kube-system", "agent-sandbox-system"]) expect(scraped).toContain(`"${namespace}"`);
    expect(await value(cloud!.observability)).toEqual({
      namespace: "agentcloud-monitoring",
      grafanaService: "agentcloud-monitoring-grafana",
      prometheusService: "agentcloud-monitoring-prometheus",
    });
  });

  it("is off with observability: false: no stack, no scraper admitted by the gateway, output undefined", async () => {
    let cloud: AgentCloud | undefined;
    const rec = await record(() => {
      cloud = new AgentCloud(
        "fleet",
        fleetArgs((s) => {
          s.observability = false;
        }),
      );
    });
    expect(rec.ofType("agentcloud:kubernetes:Observability")).toEqual([]);
    expect(rec.ofType("kubernetes:helm.sh/v3:Release").map((r) => r.inputs.chart)).toEqual(["cilium"]);
    const gatewayPolicy = rec.kind("NetworkPolicy").find((p) => p.metadata.name === "mcp-gateway") as any;
    expect(JSON.stringify(gatewayPolicy.spec.ingress)).not.toContain("15020");
    expect(await value(cloud!.observability)).toBeUndefined();
  });

  it("admits the Prometheus pods on an agent's metrics port when it declares one", async () => {
    const rec = await record(() => {
      new AgentCloud(
        "fleet",
        fleetArgs((s) => {
          s.agents.memory = { ...s.agents.memory, metrics: { port: 9090 } };
        }),
      );
    });
    const policy = rec.kind("NetworkPolicy").find((p) => p.metadata.name === "memory" && p.metadata.namespace === "agents") as any;
    expect(policy.spec.ingress).toContainEqual({
      from: [
        {
          namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "agentcloud-monitoring" } },
          podSelector: { matchLabels: { "app.kubernetes.io/name": "prometheus", prometheus: "agentcloud-monitoring-prometheus" } },
        },
      ],
      ports: [{ protocol: "TCP", port: 9090 }],
    });
  });
});

describe("AgentCloud with a cloud's identity binding and late-bound values", () => {
  it("lets each agent reach only the identity endpoint and hosts its own binding names", async () => {
    const podIdentity = { address: "169.254.170.23", port: 80 };
    const rec = await record(() => {
      new AgentCloud(
        "fleet",
        fleetArgs((spec) => {
          spec.platform.identity = {
            bind: (agent) =>
              agent.name === "caller"
                ? { endpoints: [podIdentity] }
                : agent.name === "memory"
                  ? {
                      egress: ["sts.eu-west-1.amazonaws.com"],
                      serviceAccountAnnotations: { "eks.amazonaws.com/role-arn": "arn:aws:iam::1:role/m" },
                    }
                  : { endpoints: [] },
          };
        }),
      );
    });
    const cilium = (name: string) => rec.kind("CiliumNetworkPolicy").find((p) => p.metadata.name === name) as any;
    const cidrRules = (name: string) => cilium(name).spec.egress.filter((r: any) => r.toCIDRSet);
    expect(cidrRules("caller")).toEqual([
      { toCIDRSet: [{ cidr: "169.254.170.23/32" }], toPorts: [{ ports: [{ port: "80", protocol: "TCP" }] }] },
    ]);
    expect(cidrRules("memory")).toEqual([]);
    expect(cidrRules("pool")).toEqual([]);
    // The endpoint is left out of every agent's metadata denial (denied on its other ports), so only the allow decides.
    expect(cilium("memory").spec.egressDeny).toContainEqual(expect.objectContaining({ toCIDRSet: [{ cidr: "169.254.170.23/32" }] }));
    const fqdns = (name: string) => cilium(name).spec.egress.flatMap((r: any) => r.toFQDNs ?? []);
    expect(fqdns("memory")).toEqual([{ matchName: "sts.eu-west-1.amazonaws.com" }]);
    expect(fqdns("caller")).toEqual([{ matchName: "api.github.com" }]);
    const sa = rec.kind("ServiceAccount").find((s) => s.metadata.name === "memory")!;
    expect(sa.metadata.annotations).toMatchObject({ "eks.amazonaws.com/role-arn": "arn:aws:iam::1:role/m" });
  });

  it("puts the late-bound OIDC issuer id into the gateway's config", async () => {
    const id = lateBoundPlaceholder("eks-oidc-id");
    const issuer = `https://oidc.eks.eu-west-1.amazonaws.com/id/${id}`;
    const rec = await record(() => {
      new AgentCloud(
        "fleet",
        fleetArgs((spec) => {
          spec.platform.tokenIssuer = { issuer, jwks: { url: `${issuer}/keys` } };
          spec.platform.lateBound = { [id]: pulumi.output("0123456789ABCDEF") };
        }),
      );
    });
    const config = rec.kind("ConfigMap").find((c) => c.metadata.namespace === "agentcloud-gateway") as any;
    const text: string = config.data["agentgateway.yaml"];
    expect(text).not.toContain(id);
    const jwt = JSON.stringify(parse(text));
    expect(jwt).toContain('"issuer":"https://oidc.eks.eu-west-1.amazonaws.com/id/0123456789ABCDEF"');
    expect(jwt).toContain('"url":"https://oidc.eks.eu-west-1.amazonaws.com/id/0123456789ABCDEF/keys"');
  });
});

describe("AgentCloud with an audit pipeline", () => {
  it("ships the gateway's and every tenant's receipt lines, and scrapes the shipper", async () => {
    const rec = await record(() => {
      new AgentCloud(
        "fleet",
        fleetArgs((spec) => {
          spec.audit = { sink: { kind: "s3", bucket: "agentcloud-audit-123456789012-eu-west-1", region: "eu-west-1" } };
        }),
      );
    });
    const audit = rec.named("fleet-audit");
    expect(audit.type).toBe("agentcloud:kubernetes:AuditPipeline");
    expect(audit.parent).toBe(rec.named("fleet").urn);
    const release = rec.ofType("kubernetes:helm.sh/v3:Release").find((r) => r.inputs.name === "agentcloud-audit")!;
    const inputs = (release.inputs as any).values.config.inputs as string;
    expect(inputs).toContain("Path             /var/log/containers/mcp-gateway-*_agentcloud-gateway_*.log\n");
    expect(inputs).toContain("Path             /var/log/containers/*_agents_*.log\n");
    const monitor = rec.kind("PodMonitor").find((m) => m.metadata.name === "audit-shipper") as any;
    expect(monitor.spec.namespaceSelector).toEqual({ matchNames: ["agentcloud-audit"] });
    expect(rec.kind("PrometheusRule").map((r) => r.metadata.name)).toContain("agentcloud-audit");
  });

  it("rejects bad audit options before registering anything, naming them under audit", async () => {
    const { error, rec } = await recordRejection(
      () =>
        new AgentCloud(
          "fleet",
          fleetArgs((spec) => {
            spec.audit = { sink: { kind: "s3", bucket: "x", region: "eu-west-1" }, namespace: "agents" };
          }),
        ),
    );
    expect(rec.registrations.filter((r) => r.type !== "pulumi:providers:kubernetes")).toEqual([]);
    expect(error).toBeInstanceOf(ArgumentError);
    expect((error as ArgumentError).problems.map((p) => p.argument)).toEqual(["audit.sink.bucket", "audit.namespace"]);
  });
});
