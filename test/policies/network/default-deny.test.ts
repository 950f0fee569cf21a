import { describe, expect, it } from "vitest";
import { defaultDeny } from "../../../policies/network/default-deny";
import { defaultDenySpec, namespace, networkPolicy, registration, retype, violations } from "../helpers";

const MISSING = (ns: string) =>
  `Namespace "${ns}" is a tenant namespace and needs a default-deny NetworkPolicy in it ` +
  "(podSelector {}, policyTypes [Ingress, Egress], no ingress rules, egress only to port 53).";

async function messagesFor(...regs: Parameters<typeof violations>[1]) {
  return (await violations([defaultDeny], regs)).map((v) => v.message);
}

describe("agentcloud-network-default-deny", () => {
  it("accepts a tenant namespace with a default-deny policy, in its selector and egress variants", async () => {
    expect(await messagesFor(namespace("team-a", "a"), networkPolicy("deny", "team-a", defaultDenySpec()))).toEqual([]);
    const noEgress = { podSelector: { matchLabels: {}, matchExpressions: [] }, policyTypes: ["Egress", "Ingress"], ingress: [] };
    expect(await messagesFor(namespace("team-a", "a"), networkPolicy("deny", "team-a", noEgress))).toEqual([]);
    const dnsByName = { ...defaultDenySpec(), egress: [{ to: [{ namespaceSelector: {} }], ports: [{ protocol: "UDP", port: "53" }] }] };
    expect(await messagesFor(namespace("team-a", "a"), networkPolicy("deny", "team-a", dnsByName))).toEqual([]);
  });

  it("ignores namespaces that are not tenant namespaces", async () => {
    expect(await messagesFor(namespace("platform"))).toEqual([]);
  });

  it("flags a tenant namespace with no NetworkPolicy, against the Namespace's URN", async () => {
    const found = await violations(
      [defaultDeny],
      [namespace("team-a", "a"), namespace("team-b", "b"), networkPolicy("deny", "team-b", defaultDenySpec())],
    );
    expect(found.map((v) => v.message)).toEqual([MISSING("team-a")]);
    expect(found.map((v) => [v.urn, v.resourceType, v.severity, v.enforcementLevel])).toEqual([
      ["urn:pulumi:test::test::kubernetes:core/v1:Namespace::res-team-a", "kubernetes:core/v1:Namespace", "high", "mandatory"],
    ]);
  });

  it("does not count policies in other namespaces or policies that are not default-deny", async () => {
    const spec = defaultDenySpec();
    const cases = {
      elsewhere: networkPolicy("deny", "team-b", spec),
      selectsSome: networkPolicy("deny", "team-a", { ...spec, podSelector: { matchLabels: { app: "web" } } }),
      ingressOnly: networkPolicy("deny", "team-a", { ...spec, policyTypes: ["Ingress"] }),
      allowsIngress: networkPolicy("deny", "team-a", { ...spec, ingress: [{}] }),
      egressAnyPort: networkPolicy("deny", "team-a", { ...spec, egress: [{ to: [{ ipBlock: { cidr: "0.0.0.0/0" } }] }] }),
      egressHttps: networkPolicy("deny", "team-a", { ...spec, egress: [{ ports: [{ port: 53 }, { port: 443 }] }] }),
      egressRange: networkPolicy("deny", "team-a", { ...spec, egress: [{ ports: [{ port: 53, endPort: 1024 }] }] }),
    };
    for (const [label, policy] of Object.entries(cases)) {
      expect({ label, messages: await messagesFor(namespace("team-a", "a"), policy) }).toEqual({ label, messages: [MISSING("team-a")] });
    }
  });

  it("counts only networking.k8s.io/v1 NetworkPolicy objects, not look-alike types with the same inputs", async () => {
    const real = networkPolicy("deny", "team-a", defaultDenySpec());
    expect(await messagesFor(namespace("team-a", "a"), real)).toEqual([]);
    for (const type of [
      "kubernetes:extensions/v1beta1:NetworkPolicy",
      "kubernetes:crd.projectcalico.org/v1:NetworkPolicy",
      "kubernetes:core/v1:ConfigMap",
    ]) {
      expect({ type, found: await messagesFor(namespace("team-a", "a"), retype(real, type)) }).toEqual({
        type,
        found: [MISSING("team-a")],
      });
    }
  });

  it("recognises tenant namespaces registered as patches or CustomResources, by metadata.name", async () => {
    for (const type of ["kubernetes:core/v1:NamespacePatch", "kubernetes:v1:Namespace"]) {
      expect({ type, found: await messagesFor(retype(namespace("team-a", "a"), type)) }).toEqual({ type, found: [MISSING("team-a")] });
    }
    const unnamed = registration("kubernetes:core/v1:Namespace", "team-c", { metadata: { labels: { "agentcloud.dev/tenant": "c" } } });
    expect(await messagesFor(unnamed)).toEqual([MISSING("team-c")]);
  });
});
