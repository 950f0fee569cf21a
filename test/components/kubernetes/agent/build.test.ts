import { describe, expect, it } from "vitest";
import {
  AGENT_ENV,
  buildAgent,
  calledThroughGateway,
  callsAgents,
  callsTools,
  reachesGateway,
  resolveAgent,
  type AgentArgs,
} from "../../../../components/kubernetes/agent";
import { invalidObjects } from "../../../helpers/schema";
import { BASE, GATEWAY, GPU_PLATFORM, OTHER_GATEWAY } from "./fixtures";

const build = (name: string, args: AgentArgs) => buildAgent(resolveAgent(name, args));
const byKind = (objects: ReturnType<typeof build>, kind: string) =>
  objects.filter((o) => o.object.kind === kind).map((o) => o.object as any);

describe("buildAgent", () => {
  it("renders a stateless agent: ServiceAccount, Deployment, Service, NetworkPolicy, all schema-valid", async () => {
    const objects = build("coder", BASE);
    expect(objects.map((o) => `${o.role}:${o.object.kind}`)).toEqual([
      "service-account:ServiceAccount",
      "deployment:Deployment",
      "service:Service",
      "network-policy:NetworkPolicy",
    ]);
    expect(await invalidObjects(objects.map((o) => o.object))).toEqual([]);
    const [sa] = byKind(objects, "ServiceAccount");
    expect(sa.automountServiceAccountToken).toBe(false);
    const [deployment] = byKind(objects, "Deployment");
    const pod = deployment.spec.template.spec;
    expect(pod.runtimeClassName).toBe("gvisor");
    expect(pod.priorityClassName).toBe("agentcloud-standard");
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(pod.securityContext).toEqual({
      runAsNonRoot: true,
      runAsUser: 65532,
      runAsGroup: 65532,
      fsGroup: 65532,
      seccompProfile: { type: "RuntimeDefault" },
    });
    const container = pod.containers[0];
    expect(container.securityContext).toEqual({
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      runAsNonRoot: true,
      capabilities: { drop: ["ALL"] },
      seccompProfile: { type: "RuntimeDefault" },
    });
    expect(container.resources).toEqual({
      requests: { cpu: "500m", memory: "512Mi", "ephemeral-storage": "1Gi" },
      limits: { cpu: "500m", memory: "512Mi", "ephemeral-storage": "1Gi" },
    });
    expect(pod.volumes[1]).toEqual({
      name: "agentcloud-token",
      projected: { sources: [{ serviceAccountToken: { audience: "agentcloud", expirationSeconds: 3600, path: "token" } }] },
    });
    expect(deployment.spec.selector).toEqual({ matchLabels: { "agentcloud.dev/agent": "coder" } });
    expect(deployment.spec.template.metadata.labels["agentcloud.dev/agent"]).toBe("coder");
  });

  it("adds a PodDisruptionBudget only when replicated", () => {
    expect(byKind(build("a", { ...BASE, replicas: 1 }), "PodDisruptionBudget")).toEqual([]);
    const [pdb] = byKind(build("a", { ...BASE, replicas: 3 }), "PodDisruptionBudget");
    expect(pdb.spec).toEqual({ maxUnavailable: 1, selector: { matchLabels: { "agentcloud.dev/agent": "a" } } });
  });

  it("renders a stateful agent under Kata with a headless Service and volume claim templates", async () => {
    const objects = build("memory", {
      ...BASE,
      workload: "statefulset",
      sandbox: "kata-qemu",
      intent: "critical",
      storage: { size: "10Gi", storageClassName: "gp3" },
    });
    expect(await invalidObjects(objects.map((o) => o.object))).toEqual([]);
    const [sts] = byKind(objects, "StatefulSet");
    expect(sts.spec.serviceName).toBe("memory");
    expect(sts.spec.template.spec.runtimeClassName).toBe("kata-qemu");
    expect(sts.spec.template.spec.priorityClassName).toBe("agentcloud-critical");
    expect(sts.spec.volumeClaimTemplates[0].spec).toEqual({
      accessModes: ["ReadWriteOnce"],
      storageClassName: "gp3",
      resources: { requests: { storage: "10Gi" } },
    });
    expect(sts.spec.template.spec.containers[0].volumeMounts).toContainEqual({ name: "data", mountPath: "/data" });
    const [svc] = byKind(objects, "Service");
    expect(svc.spec.clusterIP).toBe("None");
  });

  it("renders a sandbox pool as a SandboxTemplate and SandboxWarmPool valid against the upstream CRDs", async () => {
    const objects = build("interp", { ...BASE, workload: "sandbox-pool", warmPool: 3, intent: "batch" });
    // No acceptsFrom: no claim RBAC, but the admission check that keeps every ServiceAccount's claims off the pool.
    expect(objects.map((o) => o.object.kind)).toEqual([
      "ServiceAccount",
      "SandboxTemplate",
      "SandboxWarmPool",
      "ValidatingAdmissionPolicy",
      "ValidatingAdmissionPolicyBinding",
      "NetworkPolicy",
    ]);
    expect(await invalidObjects(objects.map((o) => o.object))).toEqual([]);
    const [template] = byKind(objects, "SandboxTemplate");
    expect(template.spec.podTemplate.spec.runtimeClassName).toBe("gvisor");
    expect(template.spec.podTemplate.spec.priorityClassName).toBe("agentcloud-batch");
    const [pool] = byKind(objects, "SandboxWarmPool");
    expect(pool.spec.replicas).toBe(3);
    expect(pool.spec.sandboxTemplateRef).toEqual({ name: "interp" });
    expect(pool.spec.updateStrategy).toEqual({ type: "Recreate" });
    expect(template.spec.service).toBe(true);
  });

  it("records an explicit sandbox opt-out on the workload and pods, without a runtime class", () => {
    const [d] = byKind(build("raw", { ...BASE, sandbox: "none", unsafeNoSandbox: { reason: "needs host GPU driver" } }), "Deployment");
    expect(d.spec.template.spec.runtimeClassName).toBeUndefined();
    expect(d.spec.template.metadata.annotations["agentcloud.dev/unsafe-no-sandbox"]).toBe("needs host GPU driver");
    expect(d.metadata.annotations["agentcloud.dev/unsafe-no-sandbox"]).toBe("needs host GPU driver");
  });

  it("requests GPU shares with equal limits and GPU node placement", async () => {
    const objects = build("vision", { ...BASE, resources: { gpu: 2 }, platform: GPU_PLATFORM });
    const [d] = byKind(objects, "Deployment");
    const pod = d.spec.template.spec;
    expect(pod.containers[0].resources.requests["nvidia.com/gpu"]).toBe("2");
    expect(pod.containers[0].resources.limits["nvidia.com/gpu"]).toBe("2");
    expect(pod.nodeSelector).toEqual({ "agentcloud.dev/pool": "gpu" });
    expect(pod.tolerations).toEqual([{ key: "nvidia.com/gpu", operator: "Exists", effect: "NoSchedule" }]);
    expect(await invalidObjects(objects.map((o) => o.object))).toEqual([]);
  });

  it("admits only declared callers and reaches only declared delegates", () => {
    const [np] = byKind(
      build("router", {
        ...BASE,
        port: 9000,
        acceptsFrom: [{ agent: "frontend", namespace: "web" }],
        delegatesTo: [{ agent: "memory", port: 7000 }],
      }),
      "NetworkPolicy",
    );
    expect(np.spec).toEqual({
      podSelector: { matchLabels: { "agentcloud.dev/agent": "router" } },
      policyTypes: ["Ingress", "Egress"],
      ingress: [
        {
          from: [
            {
              namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "web" } },
              podSelector: { matchLabels: { "agentcloud.dev/agent": "frontend" } },
            },
          ],
          ports: [{ protocol: "TCP", port: 9000 }],
        },
      ],
      egress: [
        {
          to: [
            {
              namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "agents" } },
              podSelector: { matchLabels: { "agentcloud.dev/agent": "memory" } },
            },
          ],
          ports: [{ protocol: "TCP", port: 7000 }],
        },
      ],
    });
    const [isolated] = byKind(build("alone", BASE), "NetworkPolicy");
    expect(isolated.spec.ingress).toEqual([]);
    expect(isolated.spec.egress).toEqual([]);
  });

  it("records tools, delegation, egress and cloud permissions as a declaration annotation", () => {
    const [d] = byKind(
      build("a", {
        ...BASE,
        tools: [{ server: "github", tools: ["search_issues"] }],
        egress: ["api.github.com"],
        cloudPermissions: [{ cloud: "aws", actions: ["s3:GetObject"], resources: ["arn:aws:s3:::b/*"] }],
      }),
      "Deployment",
    );
    expect(JSON.parse(d.metadata.annotations["agentcloud.dev/declaration"])).toEqual({
      tools: [{ server: "github", tools: ["search_issues"] }],
      delegatesTo: [],
      egress: ["api.github.com"],
      cloudPermissions: [{ cloud: "aws", actions: ["s3:GetObject"], resources: ["arn:aws:s3:::b/*"] }],
    });
  });
});

// The agent side of the MCP and A2A gateway (platform.gateway): the token's audience, the gateway variables, and the
// NetworkPolicy rules to and from the gateway's pods.

const kind = (objects: ReturnType<typeof build>, k: string) => objects.find((o) => o.object.kind === k)!.object as any;
const podSpec = (objects: ReturnType<typeof build>) => {
  const workload = objects.find((o) => ["deployment", "statefulset", "sandbox-template"].includes(o.role))!.object as any;
  return workload.kind === "SandboxTemplate" ? workload.spec.podTemplate.spec : workload.spec.template.spec;
};
const env = (objects: ReturnType<typeof build>) => podSpec(objects).containers[0].env;
const audience = (objects: ReturnType<typeof build>) =>
  podSpec(objects).volumes.find((v: any) => v.name === "agentcloud-token").projected.sources[0].serviceAccountToken.audience;

/** The gateway's pods as a NetworkPolicy peer. */
const GATEWAY_PEER = {
  namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "agentcloud-gateway" } },
  podSelector: { matchLabels: { "app.kubernetes.io/name": "mcp-gateway", "app.kubernetes.io/component": "mcp-gateway" } },
};
const FULL: AgentArgs = {
  ...BASE,
  port: 9000,
  tokenAudience: "ignored",
  env: { LOG_LEVEL: "debug" },
  tools: [{ server: "github", tools: ["search_issues"] }],
  acceptsFrom: [{ agent: "frontend", namespace: "web" }],
  delegatesTo: [
    { agent: "memory", port: 7000 },
    { agent: "interp", sandboxPool: true },
  ],
  platform: { gateway: GATEWAY, apiServerByFabric: true },
};

describe("an agent and the gateway", () => {
  it("resolves the gateway and takes its audience for the token, whatever tokenAudience says", () => {
    const agent = resolveAgent("router", FULL);
    expect(agent.gateway).toEqual(GATEWAY);
    expect(agent.tokenAudience).toBe("agentcloud-gateway");
    expect(resolveAgent("a", { ...BASE, platform: { gateway: OTHER_GATEWAY } }).tokenAudience).toBe("tools");
    // Without a gateway, tokenAudience or its default.
    expect(resolveAgent("a", { ...BASE, tokenAudience: "mine" }).tokenAudience).toBe("mine");
    expect(resolveAgent("a", BASE).tokenAudience).toBe("agentcloud");
    expect(resolveAgent("a", BASE).gateway).toBeUndefined();
    expect(Object.keys(resolveAgent("a", BASE))).not.toContain("gateway");
  });

  it("says who reaches the gateway (tools or non-pool delegates) and whom the gateway calls (callers, not pools)", () => {
    const on = (args: Partial<AgentArgs>) => resolveAgent("a", { ...BASE, ...args, platform: { gateway: GATEWAY } });
    const off = (args: Partial<AgentArgs>) => resolveAgent("a", { ...BASE, ...args });
    const tools = { tools: [{ server: "s", tools: ["t"] }] };
    const delegate = { delegatesTo: [{ agent: "b" }] };
    const pool = { delegatesTo: [{ agent: "p", sandboxPool: true }] };
    const callers = { acceptsFrom: [{ agent: "c" }] };
    expect([callsTools(on(tools)), callsAgents(on(tools)), reachesGateway(on(tools)), reachesGateway(off(tools))]).toEqual([
      true,
      false,
      true,
      false,
    ]);
    expect([callsTools(on(delegate)), callsAgents(on(delegate)), reachesGateway(on(delegate)), reachesGateway(off(delegate))]).toEqual([
      false,
      true,
      true,
      false,
    ]);
    expect([callsAgents(on(pool)), reachesGateway(on(pool))]).toEqual([false, false]);
    expect(reachesGateway(on({}))).toBe(false);
    expect(calledThroughGateway(on(callers))).toBe(true);
    expect(calledThroughGateway(off(callers))).toBe(false);
    expect(calledThroughGateway(on({ ...callers, workload: "sandbox-pool" }))).toBe(false);
    expect(calledThroughGateway(on({}))).toBe(false);
  });

  it("sets AGENTCLOUD_MCP_URL and AGENTCLOUD_A2A_URL after its own variables, before the declared ones, and the gateway's audience", async () => {
    const objects = build("router", FULL);
    expect(env(objects)).toEqual([
      { name: "AGENTCLOUD_AGENT_NAME", value: "router" },
      { name: "AGENTCLOUD_TOKEN_FILE", value: "/var/run/secrets/agentcloud/token" },
      { name: "AGENTCLOUD_MCP_URL", value: "http://mcp-gateway.agentcloud-gateway.svc.cluster.local:8080/mcp" },
      { name: "AGENTCLOUD_A2A_URL", value: "http://mcp-gateway.agentcloud-gateway.svc.cluster.local:8080/a2a" },
      { name: "LOG_LEVEL", value: "debug" },
      { name: "AGENTCLOUD_SANDBOX_POOLS", value: '[{"warmPool":"interp","namespace":"agents","port":8080}]' },
    ]);
    expect(audience(objects)).toBe("agentcloud-gateway");
    expect(AGENT_ENV).toEqual({
      agentName: "AGENTCLOUD_AGENT_NAME",
      tokenFile: "AGENTCLOUD_TOKEN_FILE",
      mcpUrl: "AGENTCLOUD_MCP_URL",
      a2aUrl: "AGENTCLOUD_A2A_URL",
    });
    expect(await invalidObjects(objects.map((o) => o.object))).toEqual([]);
  });

  it("sets each URL only for what the agent does, from the gateway's namespace, name and port", () => {
    const names = (args: AgentArgs) => env(build("a", args)).map((e: { name: string }) => e.name);
    const own = ["AGENTCLOUD_AGENT_NAME", "AGENTCLOUD_TOKEN_FILE"];
    expect(env(build("a", { ...BASE, tools: FULL.tools, platform: { gateway: OTHER_GATEWAY } }))).toEqual([
      { name: "AGENTCLOUD_AGENT_NAME", value: "a" },
      { name: "AGENTCLOUD_TOKEN_FILE", value: "/var/run/secrets/agentcloud/token" },
      { name: "AGENTCLOUD_MCP_URL", value: "http://tools-gw.gw.svc.cluster.local:9443/mcp" },
    ]);
    expect(env(build("a", { ...BASE, delegatesTo: [{ agent: "b" }], platform: { gateway: OTHER_GATEWAY } }))).toEqual([
      { name: "AGENTCLOUD_AGENT_NAME", value: "a" },
      { name: "AGENTCLOUD_TOKEN_FILE", value: "/var/run/secrets/agentcloud/token" },
      { name: "AGENTCLOUD_A2A_URL", value: "http://tools-gw.gw.svc.cluster.local:9443/a2a" },
    ]);
    // Only pools as delegates, only callers, nothing: no URL (the token still carries the gateway's audience).
    const pool = { ...BASE, delegatesTo: [{ agent: "p", sandboxPool: true }], platform: { gateway: GATEWAY } };
    expect(names(pool)).toEqual([...own, "AGENTCLOUD_SANDBOX_POOLS"]);
    expect(names({ ...BASE, acceptsFrom: [{ agent: "c" }], platform: { gateway: GATEWAY } })).toEqual(own);
    expect(names({ ...BASE, platform: { gateway: GATEWAY } })).toEqual(own);
    expect(audience(build("a", { ...BASE, platform: { gateway: GATEWAY } }))).toBe("agentcloud-gateway");
    // No gateway: no URL, whatever the agent declares.
    const { platform: _, ...noGateway } = FULL;
    expect(names(noGateway)).toEqual([...own, "LOG_LEVEL", "AGENTCLOUD_SANDBOX_POOLS"]);
    expect(audience(build("a", noGateway))).toBe("ignored");
  });

  it("reaches the gateway's pods on its port and admits them on its own, beside the direct rules", () => {
    const np = kind(build("router", FULL), "NetworkPolicy");
    expect(np.spec).toEqual({
      podSelector: { matchLabels: { "agentcloud.dev/agent": "router" } },
      policyTypes: ["Ingress", "Egress"],
      ingress: [
        {
          from: [
            {
              namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "web" } },
              podSelector: { matchLabels: { "agentcloud.dev/agent": "frontend" } },
            },
          ],
          ports: [{ protocol: "TCP", port: 9000 }],
        },
        { from: [GATEWAY_PEER], ports: [{ protocol: "TCP", port: 9000 }] },
      ],
      egress: [
        {
          to: [
            {
              namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "agents" } },
              podSelector: { matchLabels: { "agentcloud.dev/agent": "memory" } },
            },
          ],
          ports: [{ protocol: "TCP", port: 7000 }],
        },
        {
          to: [
            {
              namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "agents" } },
              podSelector: { matchLabels: { "agentcloud.dev/agent": "interp" } },
            },
          ],
          ports: [{ protocol: "TCP", port: 8080 }],
        },
        { to: [GATEWAY_PEER], ports: [{ protocol: "TCP", port: 8080 }] },
      ],
    });
    const other = kind(build("a", { ...BASE, tools: FULL.tools, platform: { gateway: OTHER_GATEWAY } }), "NetworkPolicy");
    expect(other.spec.egress).toEqual([
      {
        to: [
          {
            namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "gw" } },
            podSelector: { matchLabels: { "app.kubernetes.io/name": "tools-gw", "app.kubernetes.io/component": "mcp-gateway" } },
          },
        ],
        ports: [{ protocol: "TCP", port: 9443 }],
      },
    ]);
    expect(other.spec.ingress).toEqual([]);
  });

  it("adds no gateway rule without a gateway, for pools' callers, or for an agent that only claims sandboxes", async () => {
    const { platform: _, ...noGateway } = FULL;
    const direct = kind(build("router", noGateway), "NetworkPolicy").spec;
    expect(direct.ingress).toHaveLength(1);
    expect(direct.egress.map((r: any) => r.to[0].podSelector?.matchLabels)).toEqual([
      { "agentcloud.dev/agent": "memory" },
      { "agentcloud.dev/agent": "interp" },
      undefined, // the API server, by CIDR: this platform does not admit it by identity
    ]);
    // A pool with callers: they claim a sandbox and call it directly, so the gateway is not admitted.
    const pool = build("interp", { ...BASE, workload: "sandbox-pool", acceptsFrom: [{ agent: "router" }], platform: { gateway: GATEWAY } });
    expect(kind(pool, "NetworkPolicy").spec.ingress).toEqual([
      {
        from: [
          {
            namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "agents" } },
            podSelector: { matchLabels: { "agentcloud.dev/agent": "router" } },
          },
        ],
        ports: [{ protocol: "TCP", port: 8080 }],
      },
    ]);
    // A pool with tools reaches the gateway like any agent.
    const toolPool = build("interp", { ...BASE, workload: "sandbox-pool", tools: FULL.tools, platform: { gateway: GATEWAY } });
    expect(kind(toolPool, "NetworkPolicy").spec.egress).toEqual([{ to: [GATEWAY_PEER], ports: [{ protocol: "TCP", port: 8080 }] }]);
    expect(env(toolPool).map((e: { name: string }) => e.name)).toEqual([
      "AGENTCLOUD_AGENT_NAME",
      "AGENTCLOUD_TOKEN_FILE",
      "AGENTCLOUD_MCP_URL",
    ]);
    const claimer = build("a", {
      ...BASE,
      delegatesTo: [{ agent: "p", sandboxPool: true }],
      platform: { gateway: GATEWAY, apiServerByFabric: true },
    });
    expect(kind(claimer, "NetworkPolicy").spec.egress).toEqual([
      {
        to: [
          {
            namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "agents" } },
            podSelector: { matchLabels: { "agentcloud.dev/agent": "p" } },
          },
        ],
        ports: [{ protocol: "TCP", port: 8080 }],
      },
    ]);
    expect(await invalidObjects([...pool, ...toolPool, ...claimer].map((o) => o.object))).toEqual([]);
  });

  it("renders schema-valid objects for every workload kind with a gateway", async () => {
    const platform = { gateway: GATEWAY };
    const objects = [
      ...build("d", { ...FULL, replicas: 2 }),
      ...build("s", {
        ...BASE,
        workload: "statefulset",
        storage: { size: "1Gi" },
        tools: FULL.tools,
        acceptsFrom: [{ agent: "x" }],
        platform,
      }),
      ...build("p", { ...BASE, workload: "sandbox-pool", tools: FULL.tools, acceptsFrom: [{ agent: "x" }], platform }),
    ];
    expect(await invalidObjects(objects.map((o) => o.object))).toEqual([]);
  });
});
