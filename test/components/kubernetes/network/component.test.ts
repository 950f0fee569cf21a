import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { resolveAgent } from "../../../../components/kubernetes/agent/resolve";
import {
  AgentNetwork,
  buildAgentCiliumPolicy,
  buildAgentIdentityPolicy,
  buildAgentNetwork,
  buildAgentNetworkParts,
  buildTenantDefaultDeny,
  ciliumFabric,
  ciliumValues,
  DEFAULT_CLUSTER_DNS,
  networkPolicyNames,
  networkPolicyOnlyFabric,
  type AgentNetworkSpec,
  type FabricEnforcement,
} from "../../../../components/kubernetes/network";
import { ArgumentError } from "../../../../components/validation";
import { record, recordRejection } from "../../../helpers/pulumi";
import { invalidObjects } from "../../../helpers/schema";

const IMAGE = "ghcr.io/acme/agent:1";
const CALLER = resolveAgent("caller", {
  namespace: "team-a",
  image: IMAGE,
  delegatesTo: [{ agent: "callee", namespace: "team-b" }],
  egress: ["api.github.com"],
});
const CALLEE = resolveAgent("callee", { namespace: "team-b", image: IMAGE, acceptsFrom: [{ agent: "caller", namespace: "team-a" }] });
const SPEC: AgentNetworkSpec = { fabric: ciliumFabric(), agents: [CALLER, CALLEE], tenants: ["team-a", "team-b"] };
const CONTEXT = { dns: DEFAULT_CLUSTER_DNS, identityEndpoints: [], tenants: ["team-a", "team-b"] };

interface Outputs {
  fabric?: string;
  enforcement?: FabricEnforcement;
  policyNames?: string[];
}

function outputsOf(network: AgentNetwork): Promise<Outputs> {
  return new Promise((resolve) =>
    pulumi
      .all([network.fabric, network.enforcement, network.policyNames])
      .apply(([fabric, enforcement, policyNames]) => resolve({ fabric, enforcement, policyNames })),
  );
}

describe("buildAgentNetwork", () => {
  it("lists the fabric's cluster objects, the agent-identity admission policy, then each agent's policy, in order", () => {
    const objects = buildAgentNetwork(SPEC);
    const [policy, binding] = buildAgentIdentityPolicy();
    expect(objects).toEqual([
      { role: "tenant-default-deny", object: buildTenantDefaultDeny(CONTEXT) },
      { role: "agent-identity-policy", object: policy },
      { role: "agent-identity-policy-binding", object: binding, dependsOn: ["agent-identity-policy"] },
      { role: "cilium-policy-team-a.caller", object: buildAgentCiliumPolicy(CALLER, CONTEXT) },
      { role: "cilium-policy-team-b.callee", object: buildAgentCiliumPolicy(CALLEE, CONTEXT) },
    ]);
    expect(networkPolicyNames(objects)).toEqual([
      "agentcloud-tenant-default-deny",
      "agent-identity.agentcloud.dev",
      "team-a/caller",
      "team-b/callee",
    ]);
  });

  it("keeps the agent-identity admission policy on a NetworkPolicy-only fabric, where it is the only cluster object", () => {
    const fabric = networkPolicyOnlyFabric({ unsafeNetworkPolicyOnly: { reason: "Calico" } });
    const { cluster, agents } = buildAgentNetworkParts({ ...SPEC, fabric });
    expect(cluster.map((o) => o.role)).toEqual(["agent-identity-policy", "agent-identity-policy-binding"]);
    expect(agents).toEqual([
      { namespace: "team-a", name: "caller", objects: [] },
      { namespace: "team-b", name: "callee", objects: [] },
    ]);
  });

  it("passes the DNS and identity endpoints to the fabric: the endpoints leave the metadata denial, no agent is allowed them", () => {
    const [, , , caller] = buildAgentNetwork({
      ...SPEC,
      dns: { addresses: ["169.254.20.10"] },
      identityEndpoints: [{ address: "169.254.170.23", port: 80 }],
    });
    const spec = (caller.object as ReturnType<typeof buildAgentCiliumPolicy>).spec;
    expect(spec.egress[1]).toEqual({
      toCIDRSet: [{ cidr: "169.254.20.10/32" }],
      toPorts: [
        {
          ports: [
            { port: "53", protocol: "UDP" },
            { port: "53", protocol: "TCP" },
          ],
          rules: { dns: [{ matchPattern: "*" }] },
        },
      ],
    });
    // The fleet's identity endpoints only leave the metadata denial; an agent reaches those of its own binding only
    // (cilium-policies.test.ts), and this caller has none.
    expect(spec.egressDeny?.[0]).toEqual({ toCIDRSet: [{ cidr: "169.254.0.0/16", except: ["169.254.170.23/32", "169.254.20.10/32"] }] });
    expect(JSON.stringify(spec.egress)).not.toContain("169.254.170.23");
  });
});

describe("AgentNetwork", () => {
  it("installs the pinned Cilium chart as a Helm release, with the provider, under the component", async () => {
    let outputs: Outputs = {};
    const rec = await record(async () => {
      const provider = new k8s.Provider("cluster", {});
      outputs = await outputsOf(new AgentNetwork("net", SPEC, { provider }));
    });
    const component = rec.named("net");
    expect(component.type).toBe("agentcloud:kubernetes:AgentNetwork");
    const release = rec.named("net-cilium");
    expect(release.type).toBe("kubernetes:helm.sh/v3:Release");
    expect(release.parent).toBe(component.urn);
    expect(release.provider).toMatch(/pulumi:providers:kubernetes::cluster::cluster-id$/);
    expect(release.inputs).toMatchObject({
      name: "cilium",
      chart: "cilium",
      version: "1.20.0",
      namespace: "kube-system",
      repositoryOpts: { repo: "https://helm.cilium.io/" },
    });
    expect(release.inputs.values).toEqual(ciliumValues());
    expect(outputs).toEqual({
      fabric: "cilium",
      enforcement: SPEC.fabric.enforcement,
      policyNames: ["agentcloud-tenant-default-deny", "agent-identity.agentcloud.dev", "team-a/caller", "team-b/callee"],
    });
  });

  it("registers the tenants' default deny, the agent-identity admission policy and each agent's CiliumNetworkPolicy, each after the release, all schema-valid", async () => {
    const rec = await record(() => {
      new AgentNetwork("net", SPEC);
    });
    const children = rec.registrations.filter((r) => r.parent === rec.named("net").urn);
    expect(Object.fromEntries(children.map((c) => [c.name, c.type]))).toEqual({
      "net-cilium": "kubernetes:helm.sh/v3:Release",
      "net-tenant-default-deny": "kubernetes:cilium.io/v2:CiliumClusterwideNetworkPolicy",
      "net-agent-identity-policy": "kubernetes:admissionregistration.k8s.io/v1:ValidatingAdmissionPolicy",
      "net-agent-identity-policy-binding": "kubernetes:admissionregistration.k8s.io/v1:ValidatingAdmissionPolicyBinding",
      "net-cilium-policy-team-a.caller": "kubernetes:cilium.io/v2:CiliumNetworkPolicy",
      "net-cilium-policy-team-b.callee": "kubernetes:cilium.io/v2:CiliumNetworkPolicy",
    });
    const releaseUrn = rec.named("net-cilium").urn;
    for (const name of [
      "net-tenant-default-deny",
      "net-agent-identity-policy",
      "net-cilium-policy-team-a.caller",
      "net-cilium-policy-team-b.callee",
    ]) {
      expect(rec.named(name).dependencies).toEqual([releaseUrn]);
    }
    expect(rec.named("net-agent-identity-policy-binding").dependencies).toEqual(
      expect.arrayContaining([releaseUrn, rec.named("net-agent-identity-policy").urn]),
    );
    // Registered as built (in whatever order the release's URN lets them through).
    const byName = (objects: { metadata?: { name?: string } }[]) =>
      [...objects].sort((a, b) => (a.metadata?.name ?? "").localeCompare(b.metadata?.name ?? ""));
    expect(byName(rec.objects())).toEqual(byName(buildAgentNetwork(SPEC).map((o) => o.object)));
    expect(await invalidObjects(rec.objects())).toEqual([]);
  });

  it("on a NetworkPolicy-only fabric installs nothing and registers only the agent-identity admission policy, and says so in its outputs", async () => {
    let outputs: Outputs = {};
    const fabric = networkPolicyOnlyFabric({ unsafeNetworkPolicyOnly: { reason: "Calico" } });
    const rec = await record(async () => {
      outputs = await outputsOf(new AgentNetwork("net", { ...SPEC, fabric }));
    });
    expect(rec.registrations.filter((r) => r.parent === rec.named("net").urn).map((r) => r.type)).toEqual([
      "kubernetes:admissionregistration.k8s.io/v1:ValidatingAdmissionPolicy",
      "kubernetes:admissionregistration.k8s.io/v1:ValidatingAdmissionPolicyBinding",
    ]);
    expect(outputs).toEqual({
      fabric: "networkpolicy-only",
      enforcement: fabric.enforcement,
      policyNames: ["agent-identity.agentcloud.dev"],
    });
    expect(outputs.enforcement?.fqdnEgress).toBe(false);
  });

  it("validates first: every problem at once, and nothing registered", async () => {
    const { error, rec } = await recordRejection(
      () =>
        new AgentNetwork("net", {
          ...SPEC,
          fabric: ciliumFabric({ encryption: "none" as never }),
          tenants: ["team-a"],
          identityEndpoints: [{ address: "169.254.170.0/24", port: 80 }],
        }),
    );
    expect(error).toBeInstanceOf(ArgumentError);
    expect((error as ArgumentError).problems.map((p) => p.argument)).toEqual([
      "fabric.encryption",
      "agents[1].namespace",
      "identityEndpoints[0].address",
    ]);
    expect((error as Error).message).toBe(
      [
        `AgentNetwork "net" has 3 invalid arguments:`,
        `  - fabric.encryption: must be one of "wireguard", "ipsec" (got "none"); fix: set encryption to one of those`,
        `  - agents[1].namespace: is not a tenant namespace (agent "callee") (got "team-b"); fix: add "team-b" to tenants, or move the agent into one of ["team-a"]`,
        `  - identityEndpoints[0].address: is not a single IPv4 or IPv6 address (ranges and names are not allowed) (got "169.254.170.0/24"); fix: use one address like "169.254.170.23"`,
      ].join("\n"),
    );
    expect(rec.registrations).toEqual([]);
  });
});
