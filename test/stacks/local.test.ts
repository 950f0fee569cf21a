import { describe, expect, it } from "vitest";
import { validateAgentArgs } from "../../components/kubernetes/agent";
import { checkDelegationEdges } from "../../components/kubernetes/agent/validate-delegation";
import { ArgumentError } from "../../components/validation";
import { localAgents, localStack } from "../../stacks/local";
import { record, recordRejection } from "../helpers/pulumi";
import { invalidObjects } from "../helpers/schema";

describe("local stack", () => {
  it("declares three valid agents: stateless under gVisor, stateful under Kata, a gVisor sandbox pool", () => {
    const agents = localAgents("agents", 2);
    expect(Object.entries(agents).map(([n, a]) => [n, a.workload, a.sandbox])).toEqual([
      ["research-assistant", "deployment", "gvisor"],
      ["memory-keeper", "statefulset", "kata-qemu"],
      ["code-interpreter", "sandbox-pool", "gvisor"],
    ]);
    for (const [name, args] of Object.entries(agents)) expect(validateAgentArgs(name, args)).toEqual([]);
    expect(checkDelegationEdges(agents)).toEqual([]);
    expect(agents["research-assistant"].delegatesTo).toContainEqual({ agent: "code-interpreter", sandboxPool: true });
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
    expect(rec.ofType("kubernetes:helm.sh/v3:Release")).toEqual([]);
    expect(
      rec
        .kind("RuntimeClass")
        .map((r) => r.metadata.name)
        .sort(),
    ).toEqual(["kata-clh", "kata-qemu"]);
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
    const policy = rec.kind("ValidatingAdmissionPolicy")[0] as any;
    expect(policy.spec.validations[0].expression).toContain("['system:serviceaccount:agents:research-assistant']");
    expect(rec.ofType("kubernetes:admissionregistration.k8s.io/v1:ValidatingAdmissionPolicyBinding")).toHaveLength(1);
    const caller = rec.kind("Deployment").find((d) => d.metadata.name === "research-assistant") as any;
    expect(caller.spec.template.spec.volumes.map((v: { name: string }) => v.name)).toContain("kube-api-access");
    const policyOf = (name: string) => rec.kind("NetworkPolicy").find((n) => n.metadata.name === name) as any;
    expect(policyOf("research-assistant").spec.egress.at(-1).ports).toEqual([
      { protocol: "TCP", port: 443 },
      { protocol: "TCP", port: 6443 },
    ]);
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
    expect(policyOf("agents", "research-assistant").spec.egress.at(-1)).toEqual({
      to: [{ ipBlock: { cidr: "172.16.0.2/32" } }],
      ports: [{ protocol: "TCP", port: 443 }],
    });
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
});
