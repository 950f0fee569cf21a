import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  AgentNamespace,
  buildAgentNamespace,
  validateAgentNamespaceSpec,
  type AgentNamespaceSpec,
} from "../../../../components/kubernetes/agent-namespace";
import { clusterDns, PLATFORM_DNS } from "../../../../components/kubernetes/network";
import { ArgumentError, throwIfProblems } from "../../../../components/validation";
import { LABELS } from "../../../../components/vocabulary";
import { record, recordRejection } from "../../../helpers/pulumi";
import { invalidObjects } from "../../../helpers/schema";

const SPEC: AgentNamespaceSpec = { namespace: "team-a", owner: "team-a", costCentre: "cc-1234" };

describe("buildAgentNamespace", () => {
  it("renders a restricted tenant namespace, a default-deny policy, a quota and container limits, all schema-valid", async () => {
    const objects = buildAgentNamespace(SPEC);
    expect(objects.map(({ object: o }) => `${o.kind}/${o.metadata?.namespace ?? ""}/${o.metadata?.name}`)).toEqual([
      "Namespace//team-a",
      "NetworkPolicy/team-a/default-deny",
      "ResourceQuota/team-a/agent-quota",
      "LimitRange/team-a/agent-limits",
    ]);
    expect(await invalidObjects(objects.map((o) => o.object))).toEqual([]);
  });

  it("labels the namespace for Pod Security Admission (restricted) and for tenancy", () => {
    const [{ object: namespace }] = buildAgentNamespace(SPEC);
    expect(namespace.metadata?.labels).toMatchObject({
      "pod-security.kubernetes.io/enforce": "restricted",
      "pod-security.kubernetes.io/enforce-version": "latest",
      "pod-security.kubernetes.io/audit": "restricted",
      "pod-security.kubernetes.io/warn": "restricted",
      [LABELS.tenant]: "team-a",
      [LABELS.owner]: "team-a",
      [LABELS.costCentre]: "cc-1234",
      "app.kubernetes.io/managed-by": "agentcloud",
    });
  });

  it("denies all ingress and allows egress only to cluster DNS on port 53", () => {
    const policy = buildAgentNamespace(SPEC)[1].object;
    expect(policy.spec).toEqual({
      podSelector: {},
      policyTypes: ["Ingress", "Egress"],
      egress: [
        {
          to: [
            {
              namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "kube-system" } },
              podSelector: { matchLabels: { "k8s-app": "kube-dns" } },
            },
          ],
          ports: [
            { protocol: "UDP", port: 53 },
            { protocol: "TCP", port: 53 },
          ],
        },
      ],
    });
    expect(policy.spec?.ingress).toBeUndefined();
  });

  it("takes the platform's DNS servers from args: pod sets and single addresses, port 53 only", () => {
    const policy = buildAgentNamespace({ ...SPEC, dns: clusterDns(["coredns", "node-local-dns", "gke-node-local-dns-cache"]) })[1].object;
    expect(policy.spec?.egress).toEqual([
      {
        to: [
          {
            namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "kube-system" } },
            podSelector: { matchLabels: { "k8s-app": "coredns" } },
          },
          {
            namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "kube-system" } },
            podSelector: { matchLabels: { "k8s-app": "node-local-dns" } },
          },
          { ipBlock: { cidr: "169.254.20.10/32" } },
        ],
        ports: [
          { protocol: "UDP", port: 53 },
          { protocol: "TCP", port: 53 },
        ],
      },
    ]);
  });

  it("renders schema-valid objects for every platform's DNS default", async () => {
    for (const platform of ["local", "eks", "gke"] as const) {
      expect(await invalidObjects(buildAgentNamespace({ ...SPEC, dns: clusterDns(PLATFORM_DNS[platform]) }).map((o) => o.object))).toEqual(
        [],
      );
    }
  });

  it("caps requests and limits of cpu and memory, pods and GPUs (none by default)", () => {
    expect(buildAgentNamespace(SPEC)[2].object.spec?.hard).toEqual({
      "requests.cpu": "16",
      "limits.cpu": "16",
      "requests.memory": "64Gi",
      "limits.memory": "64Gi",
      pods: "50",
      "requests.nvidia.com/gpu": "0",
    });
    const hard = buildAgentNamespace({ ...SPEC, quota: { cpu: "32", gpu: 4, gpuResource: "amd.com/gpu", pods: 10 } })[2].object.spec?.hard;
    expect(hard).toEqual({
      "requests.cpu": "32",
      "limits.cpu": "32",
      "requests.memory": "64Gi",
      "limits.memory": "64Gi",
      pods: "10",
      "requests.amd.com/gpu": "4",
    });
  });

  it("gives containers default requests and limits under a per-container maximum", () => {
    expect(buildAgentNamespace({ ...SPEC, limits: { max: { cpu: "2" } } })[3].object.spec?.limits).toEqual([
      {
        type: "Container",
        default: { cpu: "1", memory: "2Gi" },
        defaultRequest: { cpu: "250m", memory: "512Mi" },
        max: { cpu: "2", memory: "32Gi" },
      },
    ]);
  });
});

describe("networkFabric", () => {
  const fabric = { kind: "cilium", enforcement: { encryption: "wireguard" } } as const;

  it("annotates the namespace with the fabric and its encryption, schema-valid", async () => {
    const [{ object: namespace }] = buildAgentNamespace({ ...SPEC, networkFabric: fabric });
    expect(namespace.metadata?.annotations).toEqual({
      "agentcloud.dev/network-fabric": "cilium",
      "agentcloud.dev/network-encryption": "wireguard",
    });
    expect(await invalidObjects([namespace])).toEqual([]);
  });

  it("records the fabric's stated opt-out reason", () => {
    const [{ object: namespace }] = buildAgentNamespace({
      ...SPEC,
      networkFabric: { kind: "networkpolicy-only", enforcement: { encryption: "none" }, unsafeReason: "Calico without WireGuard" },
    });
    expect(namespace.metadata?.annotations).toEqual({
      "agentcloud.dev/network-fabric": "networkpolicy-only",
      "agentcloud.dev/network-encryption": "none",
      "agentcloud.dev/unsafe-network-fabric": "Calico without WireGuard",
    });
  });

  it("adds no annotations without a fabric", () => {
    expect(buildAgentNamespace(SPEC)[0].object.metadata?.annotations).toBeUndefined();
  });

  it("reports an unknown kind or encryption and a blank reason", () => {
    expect(
      validateAgentNamespaceSpec({
        ...SPEC,
        networkFabric: { kind: "calico", enforcement: { encryption: "tls" }, unsafeReason: " " } as never,
      }),
    ).toEqual([
      {
        argument: "networkFabric.kind",
        value: "calico",
        problem: 'must be one of "cilium", "cilium-existing", "dataplane-v2", "networkpolicy-only"',
        fix: "set networkFabric.kind to one of those",
      },
      {
        argument: "networkFabric.enforcement.encryption",
        value: "tls",
        problem: 'must be one of "wireguard", "ipsec", "ztunnel", "none"',
        fix: "set networkFabric.enforcement.encryption to one of those",
      },
      {
        argument: "networkFabric.unsafeReason",
        value: " ",
        problem: "must be a non-empty string",
        fix: 'use a value like "the CNI enforces NetworkPolicy only"',
      },
    ]);
    expect(validateAgentNamespaceSpec({ ...SPEC, networkFabric: "cilium" as never })).toEqual([
      {
        argument: "networkFabric",
        value: "cilium",
        problem: "must be a network fabric",
        fix: "pass the platform's fabric, e.g. ciliumFabric()",
      },
    ]);
  });
});

describe("validateAgentNamespaceSpec", () => {
  it("accepts the defaults and a GPU quota of 0", () => {
    expect(validateAgentNamespaceSpec(SPEC)).toEqual([]);
    expect(validateAgentNamespaceSpec({ ...SPEC, quota: { gpu: 0 } })).toEqual([]);
  });

  it("reports every problem at once, naming argument, value and fix", () => {
    const problems = validateAgentNamespaceSpec({
      namespace: "Team_A",
      owner: "alice@example.com",
      costCentre: "",
      quota: { cpu: "0", memory: "lots", pods: 0, gpu: -1, gpuResource: "gpu" },
      limits: { defaultRequest: { memory: "4Gi" } },
      dns: { pods: [{ namespaceSelector: { "kubernetes.io/metadata.name": "kube-system" }, podSelector: {} }] },
    });
    expect(problems.map((p) => `${p.argument}: ${p.problem}`)).toEqual([
      "namespace: must be a DNS-1123 label of at most 63 characters (lower-case letters, digits and '-', starting and ending with a letter or digit)",
      "owner: must be a Kubernetes label value (at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit)",
      "costCentre: is required",
      "quota.cpu: must be greater than zero",
      "quota.memory: is not a Kubernetes quantity",
      "quota.pods: must be a whole number at least 1",
      "quota.gpu: must be a whole number at least 0",
      "quota.gpuResource: is not an extended resource name (domain/name)",
      "limits.defaultRequest.memory: must not exceed limits.default.memory (2Gi)",
      "dns.pods[0].podSelector: must not be empty (an empty selector opens port 53 to every pod)",
    ]);
    expect(problems.find((p) => p.argument === "quota.memory")).toEqual({
      argument: "quota.memory",
      value: "lots",
      problem: "is not a Kubernetes quantity",
      fix: 'use a quantity like "64Gi"',
    });
  });

  it("keeps container defaults within the maximum and the quota", () => {
    expect(validateAgentNamespaceSpec({ ...SPEC, quota: { cpu: "500m" }, limits: { max: { memory: "1Gi" } } })).toEqual([
      {
        argument: "limits.default.cpu",
        value: "1",
        problem: "must not exceed quota.cpu (500m), or a container without resources never fits the quota",
        fix: "lower limits.default.cpu or raise quota.cpu",
      },
      {
        argument: "limits.default.memory",
        value: "2Gi",
        problem: "must not exceed limits.max.memory (1Gi)",
        fix: "lower limits.default.memory or raise limits.max.memory",
      },
    ]);
  });

  it("either accepts a generated quota and renders schema-valid objects, or reports it as ArgumentError problems", async () => {
    // Mostly well-formed quantities and counts (so valid quotas are common), plus malformed ones and arbitrary text.
    const quantity = fc.oneof(
      {
        arbitrary: fc
          .tuple(fc.integer({ min: 0, max: 200_000 }), fc.constantFrom("", "m", "k", "M", "G", "Mi", "Gi", "Ti"))
          .map(([n, s]) => `${n}${s}`),
        weight: 5,
      },
      { arbitrary: fc.constantFrom("-2", "1.5", "1e3", ".5", "lots", "", "1.5.5", "10MB", "1 Gi"), weight: 1 },
      { arbitrary: fc.string({ maxLength: 6 }), weight: 1 },
    );
    const count = fc.oneof(
      { arbitrary: fc.integer({ min: -3, max: 1000 }), weight: 5 },
      { arbitrary: fc.double(), weight: 1 },
      { arbitrary: fc.constant(undefined), weight: 1 },
    );
    const quota = fc.record(
      {
        cpu: fc.option(quantity, { nil: undefined }),
        memory: fc.option(quantity, { nil: undefined }),
        pods: count,
        gpu: count,
        gpuResource: fc.option(fc.constantFrom("nvidia.com/gpu", "amd.com/gpu", "gpu", "nvidia.com/", "NVIDIA.com/gpu"), {
          nil: undefined,
        }),
      },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(quota, async (q) => {
        const spec = { ...SPEC, quota: q as AgentNamespaceSpec["quota"] };
        const problems = validateAgentNamespaceSpec(spec);
        if (problems.length === 0) {
          expect(await invalidObjects(buildAgentNamespace(spec).map((o) => o.object))).toEqual([]);
        } else {
          expect(() => throwIfProblems("AgentNamespace", problems)).toThrow(ArgumentError);
          for (const p of problems)
            expect(p.argument).toMatch(/^(quota\.(cpu|memory|pods|gpu|gpuResource)|limits\.default\.(cpu|memory))$/);
        }
      }),
      { numRuns: 150 },
    );
  });
});

/** A resource that takes outputs as inputs, as an Agent would. */
class Consumer extends pulumi.CustomResource {
  constructor(name: string, props: pulumi.Inputs) {
    super("test:index:Consumer", name, props);
  }
}

describe("AgentNamespace", () => {
  it("registers the namespace and, depending on it, the policy, quota and limits, under the component", async () => {
    let namespaceName: Promise<string> | undefined;
    const rec = await record(() => {
      const provider = new k8s.Provider("cluster", {});
      const tenant = new AgentNamespace("research", { owner: "ml-team", costCentre: "cc-42" }, { provider });
      namespaceName = new Promise((resolve) => tenant.namespaceName.apply(resolve));
    });
    const component = rec.named("research");
    expect(component.type).toBe("agentcloud:kubernetes:AgentNamespace");
    const children = rec.registrations.filter((r) => r.parent === component.urn);
    expect(children.map((r) => [r.name, r.type]).sort()).toEqual([
      ["research-default-deny", "kubernetes:networking.k8s.io/v1:NetworkPolicy"],
      ["research-limits", "kubernetes:core/v1:LimitRange"],
      ["research-namespace", "kubernetes:core/v1:Namespace"],
      ["research-quota", "kubernetes:core/v1:ResourceQuota"],
    ]);
    const namespace = rec.named("research-namespace");
    for (const child of children) {
      expect(child.provider).toMatch(/pulumi:providers:kubernetes::cluster::cluster-id$/);
      if (child !== namespace) expect(child.dependencies).toContain(namespace.urn);
    }
    expect(rec.kind("NetworkPolicy")[0].metadata.namespace).toBe("research");
    expect(await namespaceName).toBe("research");
    expect(await invalidObjects(rec.objects())).toEqual([]);
  });

  it("hands out a namespaceName that waits for the namespace and every object in it", async () => {
    const rec = await record(() => {
      const tenant = new AgentNamespace("research", { owner: "ml-team", costCentre: "cc-42" });
      new Consumer("consumer", { namespace: tenant.namespaceName });
    });
    const consumer = rec.named("consumer");
    expect(consumer.inputs).toEqual({ namespace: "research" });
    expect([...consumer.dependencies].sort()).toEqual(
      ["research-default-deny", "research-limits", "research-namespace", "research-quota"].map((n) => rec.named(n).urn).sort(),
    );
  });

  it("uses the namespace argument over the component name", async () => {
    const rec = await record(() => {
      new AgentNamespace("tenant", { namespace: "agents-prod", owner: "ops", costCentre: "cc-1" });
    });
    expect(rec.kind("Namespace").map((o) => o.metadata.name)).toEqual(["agents-prod"]);
    expect(rec.kind("ResourceQuota").map((o) => o.metadata.namespace)).toEqual(["agents-prod"]);
  });

  it("throws every problem before registering anything when arguments are invalid", async () => {
    const { error, rec } = await recordRejection(
      () => new AgentNamespace("Bad_Name", { owner: "a b", costCentre: undefined as never, quota: { gpu: 1.5 } }),
    );
    expect(error).toBeInstanceOf(ArgumentError);
    expect((error as Error).message).toBe(
      [
        'AgentNamespace "Bad_Name" has 4 invalid arguments:',
        `  - namespace: must be a DNS-1123 label of at most 63 characters (lower-case letters, digits and '-', starting and ending with a letter or digit) (got "Bad_Name"); fix: use a name like "my-agent"`,
        `  - owner: must be a Kubernetes label value (at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit) (got "a b"); fix: use a value like "platform-team" (no spaces, '@' or '/')`,
        '  - costCentre: is required (got undefined); fix: set costCentre to a label value like "platform-team"',
        "  - quota.gpu: must be a whole number at least 0 (got 1.5); fix: set quota.gpu to a whole number at least 0",
      ].join("\n"),
    );
    expect(rec.registrations).toEqual([]);
  });
});
