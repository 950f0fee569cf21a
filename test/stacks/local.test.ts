import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { validateAgentCloudArgs } from "../../components/blueprint/validate";
import { ArgumentError } from "../../components/validation";
import { referenceFleet } from "../../stacks/agents";
import { localStack } from "../../stacks/local";
import { ciliumFabric } from "../../components/kubernetes/network/fabrics";
import { PLAIN_FABRIC } from "../components/blueprint/fixtures";
import { record, recordRejection } from "../helpers/pulumi";
import { invalidObjects } from "../helpers/schema";

describe("local stack", () => {
  it("declares the reference fleet once: three valid agents, callers derived (no acceptsFrom)", () => {
    const fleet = referenceFleet({ codeInterpreterWarmPool: 2, remoteTools: false });
    expect(fleet.tenants).toEqual({ agents: { owner: "platform-team", costCentre: "platform" } });
    expect(Object.entries(fleet.agents).map(([n, a]) => [n, a.workload, a.sandbox])).toEqual([
      ["research-assistant", "deployment", "gvisor"],
      ["memory-keeper", "statefulset", "kata-qemu"],
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

  it("applies typed config: namespace, kata install, platform-provided runtime classes, warm pool", async () => {
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
    // Cilium only: no kata-deploy release.
    expect(rec.ofType("kubernetes:helm.sh/v3:Release").map((r) => r.inputs.chart)).toEqual(["cilium"]);
    expect(
      rec
        .kind("RuntimeClass")
        .map((r) => r.metadata.name)
        .sort(),
    ).toEqual(["kata-qemu"]);
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
    ).toEqual(["code-interpreter", "memory-keeper", "research-assistant"]);
    const configMap = rec.kind("ConfigMap").find((c) => c.metadata.name === "agentcloud-fleet")!;
    expect((configMap.metadata.annotations as Record<string, string>)["agentcloud.dev/plan-file"]).toBe("agent-graph.mmd");
    // The README shows the reference fleet's graph exactly as the plan writes it.
    const readme = readFileSync(join(__dirname, "../../README.md"), "utf8");
    const shown = /```mermaid\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(shown).toBe((configMap as unknown as { data: Record<string, string> }).data["agent-graph.mmd"]);
    const kind = await new Promise((resolve) => outputs!.networkFabric.apply((f) => resolve(f.kind)));
    expect(kind).toBe("cilium");
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
    expect(rec.ofType("kubernetes:helm.sh/v3:Release").map((r) => r.inputs.chart)).toEqual([
      "oci://ghcr.io/kata-containers/kata-deploy-charts/kata-deploy",
    ]);
    expect(rec.kind("CiliumNetworkPolicy")).toEqual([]);
    expect(rec.kind("NetworkPolicy").map((p) => p.metadata.name)).toContain("research-assistant");
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
    expect(rec.ofType("kubernetes:helm.sh/v3:Release").map((r) => r.inputs.chart)).toEqual([
      "oci://ghcr.io/kata-containers/kata-deploy-charts/kata-deploy",
    ]);
    expect(rec.kind("CiliumNetworkPolicy")).toHaveLength(3);
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
