import { readFileSync } from "node:fs";
import { join } from "node:path";
import Ajv2020 from "ajv/dist/2020";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { validateAgentCloudArgs } from "../../components/blueprint/validate";
import { ArgumentError } from "../../components/validation";
import { referenceFleet } from "../../stacks/agents";
import { localStack } from "../../stacks/local";
import { ciliumFabric } from "../../components/kubernetes/network/fabrics";
import { PLAIN_FABRIC } from "../components/blueprint/fixtures";
import { record, recordRejection } from "../helpers/pulumi";
import { invalidObjects, UPSTREAM_DIR } from "../helpers/schema";

const GATEWAY_SCHEMA = JSON.parse(readFileSync(join(UPSTREAM_DIR, "agentgateway/v1.4.1/schema/config.json"), "utf8")) as object;

describe("local stack", () => {
  it("declares the reference fleet once: three valid agents, callers derived (no acceptsFrom)", () => {
    const fleet = referenceFleet({ codeInterpreterWarmPool: 2, remoteTools: false });
    expect(fleet.tenants).toEqual({ agents: { owner: "platform-team", costCentre: "platform" } });
    expect(Object.entries(fleet.agents).map(([n, a]) => [n, a.workload, a.sandbox])).toEqual([
      ["research-assistant", "deployment", "gvisor"],
      ["memory-keeper", "statefulset", "gvisor"],
      ["code-interpreter", "sandbox-pool", "gvisor"],
    ]);
    expect(Object.values(fleet.agents).map((a) => a.acceptsFrom)).toEqual([undefined, undefined, undefined]);
    const apiServer = { cidrs: ["172.18.0.2/32"], ports: [6443] };
    expect(validateAgentCloudArgs({ platform: { provider: {}, network: PLAIN_FABRIC, apiServer }, ...fleet })).toEqual([]);
    expect(fleet.agents["research-assistant"].delegatesTo).toEqual([
      { agent: "memory-keeper" },
      { agent: "code-interpreter", sandboxPool: true },
    ]);
  });

  it("registers the tools its agents are granted: web-search in the cluster, DeepWiki remote (only with FQDN egress)", () => {
    const fleet = referenceFleet();
    expect(fleet.tools).toEqual([
      {
        name: "web-search",
        service: {
          name: "web-search",
          namespace: "tools",
          port: 80,
          targetPort: 8000,
          podSelector: { "app.kubernetes.io/name": "web-search", "app.kubernetes.io/component": "mcp-server" },
        },
        tools: ["search", "fetch_page", "search_news"],
      },
      { name: "deepwiki", url: "https://mcp.deepwiki.com/mcp", tools: ["read_wiki_structure", "read_wiki_contents", "ask_question"] },
    ]);
    expect(Object.entries(fleet.agents).map(([n, a]) => [n, a.tools ?? [], a.delegatesTo ?? []])).toEqual([
      [
        "research-assistant",
        [
          { server: "web-search", tools: ["search", "fetch_page"] },
          { server: "deepwiki", tools: ["ask_question"] },
        ],
        [{ agent: "memory-keeper" }, { agent: "code-interpreter", sandboxPool: true }],
      ],
      ["memory-keeper", [{ server: "deepwiki", tools: ["read_wiki_structure", "read_wiki_contents"] }], [{ agent: "research-assistant" }]],
      ["code-interpreter", [], []],
    ]);
    expect(validateAgentCloudArgs({ platform: { provider: {}, network: ciliumFabric() }, ...fleet })).toEqual([]);
    // Without FQDN egress the remote server is left out, and so are its grants.
    const local = referenceFleet({ remoteTools: false, toolsNamespace: "mcp" });
    expect(local.tools.map((t) => [t.name, t.service?.namespace])).toEqual([["web-search", "mcp"]]);
    expect(Object.values(local.agents).map((a) => a.tools)).toEqual([
      [{ server: "web-search", tools: ["search", "fetch_page"] }],
      [],
      undefined,
    ]);
  });

  it("applies typed config: namespace, platform-provided runtime classes, warm pool", async () => {
    const rec = await record(
      () => {
        localStack();
      },
      {
        "agentcloud:namespace": "team-a",
        "agentcloud:installKata": false,
        "agentcloud:platformRuntimeClasses": ["gvisor"],
        "agentcloud:codeInterpreterWarmPool": 5,
        "agentcloud:kubeconfigContext": "kind-agents",
      },
    );
    // Cilium and the monitoring stack only: no kata-deploy release, and no RuntimeClass (the platform has gVisor's).
    expect(rec.ofType("kubernetes:helm.sh/v3:Release").map((r) => r.inputs.chart)).toEqual(["cilium", "kube-prometheus-stack"]);
    expect(
      rec
        .kind("RuntimeClass")
        .map((r) => r.metadata.name)
        .sort(),
    ).toEqual([]);
    expect(rec.kind("Namespace").map((n) => n.metadata.name)).toContain("team-a");
    expect((rec.kind("SandboxWarmPool")[0] as any).spec.replicas).toBe(5);
    expect(rec.ofType("pulumi:providers:kubernetes")[0].inputs).toMatchObject({ context: "kind-agents", enableServerSideApply: "true" });
    const agentWorkloads = rec
      .objects()
      .filter((o) => ["StatefulSet", "SandboxTemplate"].includes(o.kind) || o.metadata.name === "research-assistant");
    expect(new Set(agentWorkloads.map((o) => o.metadata.namespace))).toEqual(new Set(["team-a"]));
  });

  it("lets research-assistant claim code-interpreter sandboxes: RBAC and admission on the pool, API token and egress on the caller", async () => {
    const rec = await record(() => {
      localStack();
    });
    const role = rec.kind("Role").find((r) => r.metadata.name === "code-interpreter-sandbox-claims") as any;
    expect(role.metadata.namespace).toBe("agents");
    expect(role.rules[0]).toEqual({
      apiGroups: ["extensions.agents.x-k8s.io"],
      resources: ["sandboxclaims"],
      verbs: ["create", "delete", "get", "list", "patch", "watch"],
    });
    const binding = rec.kind("RoleBinding").find((r) => r.metadata.name === "code-interpreter-sandbox-claims") as any;
    expect(binding.subjects).toEqual([{ kind: "ServiceAccount", name: "research-assistant", namespace: "agents" }]);
    const policy = rec.kind("ValidatingAdmissionPolicy").find((p) => p.metadata.name?.includes("sandbox-claims")) as any;
    expect(policy.spec.validations[0].expression).toContain("['system:serviceaccount:agents:research-assistant']");
    expect(
      rec
        .ofType("kubernetes:admissionregistration.k8s.io/v1:ValidatingAdmissionPolicyBinding")
        .filter((b) => (b.inputs as any).metadata.name.includes("sandbox-claims")),
    ).toHaveLength(1);
    const caller = rec.kind("Deployment").find((d) => d.metadata.name === "research-assistant") as any;
    expect(caller.spec.template.spec.volumes.map((v: { name: string }) => v.name)).toContain("kube-api-access");
    const policyOf = (name: string) => rec.kind("NetworkPolicy").find((n) => n.metadata.name === name) as any;
    // On Cilium the API server is reached by identity (the kube-apiserver entity), on its ports; the NetworkPolicy has
    // no CIDR rule for it, which would open every host in the default private ranges.
    expect(policyOf("research-assistant").spec.egress.filter((r: any) => r.to?.some((p: any) => p.ipBlock))).toEqual([]);
    const cilium = rec.kind("CiliumNetworkPolicy").find((p) => p.metadata.name === "research-assistant") as any;
    expect(cilium.spec.egress.find((r: any) => r.toEntities)).toEqual({
      toEntities: ["kube-apiserver"],
      toPorts: [
        {
          ports: [
            { port: "443", protocol: "TCP" },
            { port: "6443", protocol: "TCP" },
          ],
        },
      ],
    });
    // The pool's template gives each sandbox a Service, and its pool replaces stale sandboxes.
    expect((rec.kind("SandboxTemplate")[0] as any).spec.service).toBe(true);
    expect((rec.kind("SandboxWarmPool")[0] as any).spec.updateStrategy).toEqual({ type: "Recreate" });
    expect(await invalidObjects(rec.objects())).toEqual([]);
  });

  it("takes the cluster's DNS and API server endpoint from config, for the tenant, the controller and the caller", async () => {
    const rec = await record(
      () => {
        localStack();
      },
      {
        "agentcloud:clusterDns": ["kube-dns", "gke-node-local-dns-cache", "gke-cloud-dns"],
        "agentcloud:apiServer": { cidrs: ["172.16.0.2/32"], ports: [443] },
      },
    );
    const policyOf = (namespace: string, name: string) =>
      rec.kind("NetworkPolicy").find((n) => n.metadata.namespace === namespace && n.metadata.name === name) as any;
    const dnsPeers = [
      {
        namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "kube-system" } },
        podSelector: { matchLabels: { "k8s-app": "kube-dns" } },
      },
      { ipBlock: { cidr: "169.254.20.10/32" } },
      { ipBlock: { cidr: "169.254.169.254/32" } },
    ];
    expect(policyOf("agents", "default-deny").spec.egress).toEqual([
      {
        to: dnsPeers,
        ports: [
          { protocol: "UDP", port: 53 },
          { protocol: "TCP", port: 53 },
        ],
      },
    ]);
    expect(policyOf("agent-sandbox-system", "agent-sandbox-controller").spec.egress).toEqual([
      {
        to: dnsPeers,
        ports: [
          { protocol: "UDP", port: 53 },
          { protocol: "TCP", port: 53 },
        ],
      },
      { to: [{ ipBlock: { cidr: "172.16.0.2/32" } }], ports: [{ protocol: "TCP", port: 443 }] },
    ]);
    const cilium = rec.kind("CiliumNetworkPolicy").find((p) => p.metadata.name === "research-assistant") as any;
    expect(cilium.spec.egress.find((r: any) => r.toEntities).toPorts).toEqual([{ ports: [{ port: "443", protocol: "TCP" }] }]);
  });

  it("rejects unknown DNS presets and an API server range open to the internet", async () => {
    const { error, rec } = await recordRejection(() => localStack(), {
      "agentcloud:clusterDns": ["nodelocal"],
      "agentcloud:apiServer": { cidrs: ["0.0.0.0/0"] },
    });
    expect(error).toBeInstanceOf(ArgumentError);
    expect((error as ArgumentError).problems.map((p) => `${p.argument}: ${p.problem}`)).toEqual([
      `agentcloud:clusterDns: [0]: must be one of "kube-dns", "coredns", "node-local-dns", "gke-node-local-dns-cache", "gke-cloud-dns"`,
      "agentcloud:apiServer: cidrs[0]: opens the API server ports to every address, the internet included",
    ]);
    expect(rec.registrations).toEqual([]);
  });

  it("runs the monitoring stack by default, with agentcloud:observability's options, and none with false", async () => {
    const on = await record(
      () => {
        localStack();
      },
      { "agentcloud:observability": { retention: { time: "30d" }, storage: { size: "100Gi" } } },
    );
    const [release] = on.ofType("kubernetes:helm.sh/v3:Release").filter((r) => r.inputs.chart === "kube-prometheus-stack");
    const values = release.inputs.values as { prometheus: { prometheusSpec: { retention: string } } };
    expect(values.prometheus.prometheusSpec.retention).toBe("30d");
    // research-assistant declares metrics on 9090: its container port and the Prometheus pods' ingress on it.
    const deployment = on.kind("Deployment").find((d) => d.metadata.name === "research-assistant") as any;
    expect(deployment.spec.template.spec.containers[0].ports).toContainEqual({ name: "metrics", containerPort: 9090, protocol: "TCP" });
    const policy = on.kind("NetworkPolicy").find((p) => p.metadata.name === "research-assistant") as any;
    expect(policy.spec.ingress).toContainEqual({
      from: [
        {
          namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "agentcloud-monitoring" } },
          podSelector: { matchLabels: { "app.kubernetes.io/name": "prometheus", prometheus: "agentcloud-monitoring-prometheus" } },
        },
      ],
      ports: [{ protocol: "TCP", port: 9090 }],
    });
    const off = await record(
      () => {
        localStack();
      },
      { "agentcloud:observability": false },
    );
    expect(off.ofType("agentcloud:kubernetes:Observability")).toEqual([]);
  });

  it("rejects observability options that are neither an object nor false, or that Observability would reject", async () => {
    const { error, rec } = await recordRejection(() => localStack(), { "agentcloud:observability": true });
    expect((error as ArgumentError).problems.map((p) => [p.argument, p.problem])).toEqual([
      [
        "agentcloud:observability",
        "must be an object or false (the monitoring stack (kube-prometheus-stack with the fleet's scrape targets, dashboards and alerts): {namespace, retention: {time, size}, storage: {size, storageClassName}, grafana, managedPrometheus}, or false for none)",
      ],
    ]);
    expect(rec.registrations).toEqual([]);
    const bad = await recordRejection(() => localStack(), { "agentcloud:observability": { retention: { time: "1h" } } });
    expect((bad.error as ArgumentError).problems.map((p) => p.argument)).toEqual(["agentcloud:observability"]);
    expect((bad.error as ArgumentError).problems[0].problem).toMatch(/^retention\.time: /);
  });

  it("rejects bad config with every key named, before creating anything", async () => {
    const { error, rec } = await recordRejection(() => localStack(), {
      "agentcloud:installKata": "maybe",
      "agentcloud:platformRuntimeClasses": ["runc"],
      "agentcloud:owner": "Ops Team",
    });
    expect(error).toBeInstanceOf(ArgumentError);
    expect((error as ArgumentError).problems.map((p) => p.argument)).toEqual([
      "agentcloud:owner",
      "agentcloud:installKata",
      "agentcloud:platformRuntimeClasses",
    ]);
    expect(rec.registrations).toEqual([]);
  });

  it("runs on Cilium installed by agentcloud by default: tenant annotated, fabric policies, the plan note", async () => {
    let outputs: ReturnType<typeof localStack> | undefined;
    const rec = await record(() => {
      outputs = localStack();
    });
    expect(rec.kind("Namespace").find((n) => n.metadata.name === "agents")!.metadata.annotations).toEqual({
      "agentcloud.dev/network-fabric": "cilium",
      "agentcloud.dev/network-encryption": "wireguard",
    });
    expect(
      rec
        .kind("CiliumNetworkPolicy")
        .map((p) => p.metadata.name)
        .sort(),
    ).toEqual(["code-interpreter", "mcp-gateway", "memory-keeper", "research-assistant"]);
    const configMap = rec.kind("ConfigMap").find((c) => c.metadata.name === "agentcloud-fleet")!;
    expect((configMap.metadata.annotations as Record<string, string>)["agentcloud.dev/plan-file"]).toBe("agent-graph.mmd");
    // The README shows the reference fleet's graph exactly as the plan writes it.
    const readme = readFileSync(join(__dirname, "../../README.md"), "utf8");
    const shown = /```mermaid\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(shown).toBe((configMap as unknown as { data: Record<string, string> }).data["agent-graph.mmd"]);
    const kind = await new Promise((resolve) => outputs!.networkFabric.apply((f) => resolve(f.kind)));
    expect(kind).toBe("cilium");
  });

  it("plans the gateway derived from the reference fleet; its config file validates against agentgateway's pinned schema", async () => {
    let outputs: ReturnType<typeof localStack> | undefined;
    const rec = await record(() => {
      outputs = localStack();
    });
    const gatewayObjects = rec.objects().filter((o) => o.metadata.namespace === "agentcloud-gateway");
    expect(gatewayObjects.map((o) => `${o.kind} ${o.metadata.name}`).sort()).toEqual([
      "CiliumNetworkPolicy mcp-gateway",
      "ConfigMap mcp-gateway",
      "Deployment mcp-gateway",
      "NetworkPolicy mcp-gateway",
      "PodDisruptionBudget mcp-gateway",
      "Service mcp-gateway",
      "ServiceAccount mcp-gateway",
    ]);
    expect(rec.kind("Namespace").map((n) => n.metadata.name)).toContain("agentcloud-gateway");
    expect(await invalidObjects(rec.objects())).toEqual([]);
    const configMap = gatewayObjects.find((o) => o.kind === "ConfigMap") as any;
    // The plan writes the config file to out/local/agentgateway.yaml.
    expect(configMap.metadata.annotations["agentcloud.dev/plan-file"]).toBe("agentgateway.yaml");
    const config = parse(configMap.data["agentgateway.yaml"]);
    const validate = new Ajv2020({ strict: false, allErrors: true, validateFormats: false }).compile(GATEWAY_SCHEMA);
    expect(validate(config) ? [] : validate.errors).toEqual([]);
    const routes = config.binds[0].listeners[0].routes;
    expect(routes.map((r: any) => r.name)).toEqual(["mcp", "a2a-agents-research-assistant", "a2a-agents-memory-keeper"]);
    expect(routes[0].backends[0].mcp.targets.map((t: any) => [t.name, t.mcp.host])).toEqual([
      ["web-search", "http://web-search.tools.svc.cluster.local:80/mcp"],
      ["deepwiki", "https://mcp.deepwiki.com/mcp"],
    ]);
    expect(routes[0].policies.mcpAuthorization.rules.map((r: any) => r.allow)).toEqual([
      'jwt.sub == "system:serviceaccount:agents:research-assistant" && mcp.tool.target == "web-search" && mcp.tool.name in ["search", "fetch_page"]',
      'jwt.sub == "system:serviceaccount:agents:research-assistant" && mcp.tool.target == "deepwiki" && mcp.tool.name in ["ask_question"]',
      'jwt.sub == "system:serviceaccount:agents:memory-keeper" && mcp.tool.target == "deepwiki" && mcp.tool.name in ["read_wiki_structure", "read_wiki_contents"]',
    ]);
    expect(routes[0].policies.jwtAuth).toEqual({
      mode: "strict",
      issuer: "https://kubernetes.default.svc.cluster.local",
      audiences: ["agentcloud-gateway"],
      jwks: { url: "https://kubernetes.default.svc.cluster.local/openid/v1/jwks" },
    });
    expect(routes.slice(1).map((r: any) => r.policies.authorization.rules)).toEqual([
      [{ allow: 'jwt.sub in ["system:serviceaccount:agents:memory-keeper"]' }],
      [{ allow: 'jwt.sub in ["system:serviceaccount:agents:research-assistant"]' }],
    ]);
    const gateway = await new Promise((resolve) => outputs!.gateway.apply(resolve));
    expect(gateway).toEqual({
      namespace: "agentcloud-gateway",
      mcpUrl: "http://mcp-gateway.agentcloud-gateway.svc.cluster.local:8080/mcp",
      a2aUrl: "http://mcp-gateway.agentcloud-gateway.svc.cluster.local:8080/a2a",
      audience: "agentcloud-gateway",
    });
  });

  it("takes the token issuer from agentcloud:tokenIssuer, and rejects a bad one before creating anything", async () => {
    const issuer = { issuer: "https://oidc.example.com/id/ABC", jwks: { url: "https://oidc.example.com/id/ABC/keys" } };
    const rec = await record(() => void localStack(), { "agentcloud:tokenIssuer": issuer });
    const configMap = rec.kind("ConfigMap").find((c) => c.metadata.namespace === "agentcloud-gateway") as any;
    const jwtAuth = parse(configMap.data["agentgateway.yaml"]).binds[0].listeners[0].routes[0].policies.jwtAuth;
    expect([jwtAuth.issuer, jwtAuth.jwks]).toEqual([issuer.issuer, issuer.jwks]);
    const { error, rec: rejected } = await recordRejection(() => localStack(), {
      "agentcloud:tokenIssuer": { issuer: "http://oidc.example.com", jwks: {} },
    });
    expect((error as ArgumentError).problems.map((p) => `${p.argument}: ${p.problem}`)).toEqual([
      "agentcloud:tokenIssuer: issuer: must be an https:// URL (the tokens' iss claim); jwks: must set exactly one of url and inline",
    ]);
    expect(rejected.registrations).toEqual([]);
  });

  it("takes Cilium's options from agentcloud:cilium", async () => {
    const rec = await record(
      () => {
        localStack();
      },
      { "agentcloud:cilium": { encryption: "ipsec", operatorReplicas: 1 } },
    );
    const [release] = rec.ofType("kubernetes:helm.sh/v3:Release").filter((r) => r.inputs.chart === "cilium");
    expect((release.inputs.values as { encryption: unknown }).encryption).toMatchObject({ enabled: true, type: "ipsec" });
    expect(rec.kind("Namespace").find((n) => n.metadata.name === "agents")!.metadata.annotations).toMatchObject({
      "agentcloud.dev/network-encryption": "ipsec",
    });
  });

  it("on networkpolicy-only, records the stated reason on the tenant and installs no Cilium", async () => {
    const rec = await record(
      () => {
        localStack();
      },
      {
        "agentcloud:networkFabric": "networkpolicy-only",
        "agentcloud:unsafeNetworkPolicyOnlyReason": "kind with Calico for a demo",
        "agentcloud:apiServer": { cidrs: ["172.18.0.2/32"], ports: [6443] },
      },
    );
    expect(rec.kind("Namespace").find((n) => n.metadata.name === "agents")!.metadata.annotations).toEqual({
      "agentcloud.dev/network-fabric": "networkpolicy-only",
      "agentcloud.dev/network-encryption": "none",
      "agentcloud.dev/unsafe-network-fabric": "kind with Calico for a demo",
    });
    expect(rec.ofType("kubernetes:helm.sh/v3:Release").map((r) => r.inputs.chart)).toEqual(["kube-prometheus-stack"]);
    expect(rec.kind("CiliumNetworkPolicy")).toEqual([]);
    expect(rec.kind("NetworkPolicy").map((p) => p.metadata.name)).toContain("research-assistant");
    // No FQDN egress: the remote DeepWiki server is not registered, so the gateway needs no host name.
    const configMap = rec.kind("ConfigMap").find((c) => c.metadata.namespace === "agentcloud-gateway") as any;
    const [mcp] = parse(configMap.data["agentgateway.yaml"]).binds[0].listeners[0].routes;
    expect(mcp.backends[0].mcp.targets.map((t: any) => t.name)).toEqual(["web-search"]);
  });

  it("on cilium-existing, adds policies only, after checking the declared settings", async () => {
    const rec = await record(
      () => {
        localStack();
      },
      {
        "agentcloud:networkFabric": "cilium-existing",
        "agentcloud:existingCilium": { encryption: "wireguard", kubeProxyReplacement: false, l7Proxy: true },
      },
    );
    expect(rec.ofType("kubernetes:helm.sh/v3:Release").map((r) => r.inputs.chart)).toEqual(["kube-prometheus-stack"]);
    // The three agents' and the gateway's.
    expect(rec.kind("CiliumNetworkPolicy")).toHaveLength(4);
    expect(rec.kind("Namespace").find((n) => n.metadata.name === "agents")!.metadata.annotations).toEqual({
      "agentcloud.dev/network-fabric": "cilium-existing",
      "agentcloud.dev/network-encryption": "wireguard",
    });
  });

  it("names the config key of each fabric problem, and settings of a fabric not in use, before creating anything", async () => {
    const { error, rec } = await recordRejection(() => localStack(), {
      "agentcloud:networkFabric": "networkpolicy-only",
      "agentcloud:cilium": { encryption: "wireguard" },
    });
    expect(error).toBeInstanceOf(ArgumentError);
    expect((error as ArgumentError).problems.map((p) => `${p.argument}: ${p.problem}`)).toEqual([
      "agentcloud:unsafeNetworkPolicyOnlyReason: must be a non-empty string",
      "agentcloud:cilium: applies only to networkFabric cilium, but networkFabric is networkpolicy-only",
      "agentcloud:apiServer: must be stated on networkFabric networkpolicy-only: research-assistant claims sandboxes, and a NetworkPolicy reaches the API server only by address (the default private ranges would open every host in them)",
    ]);
    expect(rec.registrations).toEqual([]);
    const existing = await recordRejection(() => localStack(), {
      "agentcloud:networkFabric": "cilium-existing",
      "agentcloud:existingCilium": { encryption: "ztunnel", kubeProxyReplacement: true, l7Proxy: false },
    });
    expect((existing.error as ArgumentError).problems.map((p) => p.argument)).toEqual([
      "agentcloud:existingCilium.encryption",
      "agentcloud:existingCilium.socketLBHostNamespaceOnly",
      "agentcloud:existingCilium.l7Proxy",
    ]);
    expect(existing.rec.registrations).toEqual([]);
    const unknown = await recordRejection(() => localStack(), { "agentcloud:networkFabric": "calico" });
    expect((unknown.error as ArgumentError).problems.map((p) => `${p.argument}: ${p.problem}`)).toEqual([
      "agentcloud:networkFabric: must be one of cilium, cilium-existing, networkpolicy-only",
    ]);
  });
});
