import { describe, expect, it } from "vitest";
import { fabricDefaultDeny } from "../../../policies/network/fabric-default-deny";
import { invalidObjects } from "../../helpers/schema";
import { messages, registration, retype, violations } from "../helpers";
import { CCNP, FABRIC, ccnp, ccnpObject, ciliumTenant, cnp, cnpObject, tenant, tenantDefaultDenySpec, withSpecs } from "./objects";

const missing = (ns: string, fabric: string, directions: string) =>
  `Namespace "${ns}" is a tenant namespace on the ${fabric} fabric and no CiliumClusterwideNetworkPolicy or ` +
  `CiliumNetworkPolicy denies ${directions} by default for all its pods; add one that selects the namespace's pods, ` +
  "sets enableDefaultDeny {ingress: true, egress: true} and allows nothing.";

/** Default deny both ways; the CRD wants at least one rule list (anyOf ingress, ingressDeny, egress, egressDeny). */
const DENY_BOTH = { enableDefaultDeny: { ingress: true, egress: true }, egressDeny: [{ toCIDRSet: [{ cidr: "169.254.0.0/16" }] }] };

describe("agentcloud-network-fabric-default-deny", () => {
  it("accepts the clusterwide tenant default deny, and its selector and per-namespace variants", async () => {
    expect(await invalidObjects([ccnpObject("tenants-default-deny", tenantDefaultDenySpec())])).toEqual([]);
    expect(await messages(fabricDefaultDeny, [ciliumTenant("team-a"), ccnp("deny", tenantDefaultDenySpec())])).toEqual([]);
    const variants = {
      byName: {
        endpointSelector: { matchLabels: { "k8s:io.kubernetes.pod.namespace": "team-a" } },
        enableDefaultDeny: { ingress: true, egress: true },
        ingress: [{}],
      },
      byLabelValue: {
        endpointSelector: { matchLabels: { "io.cilium.k8s.namespace.labels.agentcloud.dev/tenant": "team-a" } },
        enableDefaultDeny: { ingress: true, egress: true },
        egressDeny: [{ toEntities: ["world"] }],
      },
      byMetadataName: {
        endpointSelector: {
          matchExpressions: [
            { key: "k8s:io.cilium.k8s.namespace.labels.kubernetes.io/metadata.name", operator: "In", values: ["team-a", "team-b"] },
          ],
        },
        enableDefaultDeny: { ingress: true, egress: true },
        egress: [{}],
      },
      emptyRules: { endpointSelector: {}, ingress: [{}], egress: [{}] },
    };
    for (const [label, spec] of Object.entries(variants)) {
      expect({ label, invalid: await invalidObjects([ccnpObject("deny", spec)]) }).toEqual({ label, invalid: [] });
      expect({ label, found: await messages(fabricDefaultDeny, [ciliumTenant("team-a"), ccnp("deny", spec)]) }).toEqual({
        label,
        found: [],
      });
    }
    const inNamespace = cnp("deny", "team-a", { endpointSelector: {}, ...DENY_BOTH });
    expect(await messages(fabricDefaultDeny, [tenant("team-a", { [FABRIC]: "cilium-existing" }), inNamespace])).toEqual([]);
    const split = [
      ccnp("deny-in", { endpointSelector: {}, enableDefaultDeny: { ingress: true }, ingressDeny: [{ fromEntities: ["world"] }] }),
      withSpecs(ccnp("deny-out", {}), [{ endpointSelector: {}, egress: [{}] }]),
    ];
    expect(await messages(fabricDefaultDeny, [ciliumTenant("team-a"), ...split])).toEqual([]);
  });

  it("flags a Cilium tenant namespace without a fabric default deny, against the Namespace, naming the missing directions", async () => {
    const found = await violations([fabricDefaultDeny], [ciliumTenant("team-a"), tenant("team-b", { [FABRIC]: "cilium-existing" })]);
    expect(found.map((v) => v.message)).toEqual([
      missing("team-a", "cilium", "ingress and egress"),
      missing("team-b", "cilium-existing", "ingress and egress"),
    ]);
    expect(found.map((v) => [v.urn, v.severity, v.enforcementLevel])[0]).toEqual([
      "urn:pulumi:test::test::kubernetes:core/v1:Namespace::res-team-a",
      "high",
      "mandatory",
    ]);
  });

  it("does not count policies that select some pods, leave a direction open, or allow anything", async () => {
    const deny = tenantDefaultDenySpec();
    const cases: Record<string, [Record<string, unknown>, string]> = {
      somePods: [{ ...deny, endpointSelector: { matchLabels: { "agentcloud.dev/agent": "coder" } } }, "ingress and egress"],
      otherNamespace: [
        { ...deny, endpointSelector: { matchLabels: { "k8s:io.kubernetes.pod.namespace": "team-b" } } },
        "ingress and egress",
      ],
      egressOff: [{ ...deny, enableDefaultDeny: { ingress: true, egress: false } }, "egress"],
      ingressUnset: [{ endpointSelector: {}, enableDefaultDeny: { egress: true }, egress: [{}] }, "ingress"],
      allowsDns: [{ ...deny, egress: [{ toEndpoints: [{}], toPorts: [{ ports: [{ port: "53" }] }] }] }, "egress"],
      allowsIngress: [{ ...deny, ingress: [{ fromEntities: ["cluster"] }] }, "ingress"],
      // The CRD rejects a rule without any rule list (anyOf ingress, ingressDeny, egress, egressDeny).
      noRules: [{ endpointSelector: {}, enableDefaultDeny: { ingress: true, egress: true } }, "ingress and egress"],
      noSelector: [{ nodeSelector: {}, enableDefaultDeny: { ingress: true, egress: true } }, "ingress and egress"],
    };
    for (const [label, [spec, directions]] of Object.entries(cases)) {
      expect({ label, found: await messages(fabricDefaultDeny, [ciliumTenant("team-a"), ccnp("deny", spec)]) }).toEqual({
        label,
        found: [missing("team-a", "cilium", directions)],
      });
    }
    const elsewhere = cnp("deny", "team-b", { endpointSelector: {}, ...DENY_BOTH });
    expect(await messages(fabricDefaultDeny, [ciliumTenant("team-a"), elsewhere])).toEqual([
      missing("team-a", "cilium", "ingress and egress"),
    ]);
    expect(await invalidObjects([cnpObject("deny", "team-b", { endpointSelector: {}, ...DENY_BOTH })])).toEqual([]);
  });

  it("counts only whole cilium.io/v2 objects, not patches, lists or other versions", async () => {
    const real = ccnp("deny", tenantDefaultDenySpec());
    for (const type of [`${CCNP}Patch`, "kubernetes:cilium.io/v2alpha1:CiliumClusterwideNetworkPolicy", "kubernetes:core/v1:ConfigMap"]) {
      expect({ type, found: await messages(fabricDefaultDeny, [ciliumTenant("team-a"), retype(real, type)]) }).toEqual({
        type,
        found: [missing("team-a", "cilium", "ingress and egress")],
      });
    }
  });

  it("is not applicable to tenant namespaces on other fabrics or with no fabric annotation (the NetworkPolicy default deny covers them)", async () => {
    const regs = [
      tenant("team-a"),
      tenant("team-b", { [FABRIC]: "networkpolicy-only" }),
      tenant("team-c", { [FABRIC]: "dataplane-v2" }),
      registration("kubernetes:core/v1:Namespace", "apps", { metadata: { name: "apps", annotations: { [FABRIC]: "cilium" } } }),
    ];
    expect(await messages(fabricDefaultDeny, regs)).toEqual([]);
  });
});
