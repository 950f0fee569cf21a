import type { PolicyResource, StackValidationArgs, StackValidationPolicy } from "@pulumi/policy";
import { describe, expect, it } from "vitest";
import { policies } from "../../../policies/all";
import type { Registration } from "../../../cli/mock-runtime";
import { registration, violations } from "../helpers";
import { CCNP, CNP, ENCRYPTION, FABRIC, helmRelease, tenant } from "./objects";

const NETWORK = policies.filter((p) => p.name.startsWith("agentcloud-network-")) as StackValidationPolicy[];

/** Inputs of every shape the engine may hand over: nulls, wrong types, unknown (undefined) outputs. */
function malformed(): Registration[] {
  const odd: unknown[] = [null, 5, "x", [], {}, [null], { egress: null }, { egress: "world" }, { egress: [null, 5, []] }];
  return [
    tenant("team-a", { [FABRIC]: "cilium", [ENCRYPTION]: "wireguard" }),
    registration("kubernetes:core/v1:Namespace", "n-null", { metadata: null }),
    registration("kubernetes:core/v1:Namespace", "n-labels", {
      metadata: { name: "team-b", labels: { "agentcloud.dev/tenant": "b" }, annotations: 7 },
    }),
    registration("kubernetes:core/v1:NamespaceList", "ns-list", {
      items: [null, { metadata: { labels: { "agentcloud.dev/tenant": "c" } } }],
    }),
    ...odd.map((spec, i) => registration(CNP, `cnp-${i}`, { metadata: { namespace: "team-a", annotations: null }, spec })),
    ...odd.map((spec, i) => registration(CCNP, `ccnp-${i}`, { metadata: { name: 5 }, spec, specs: spec })),
    ...odd.map((spec, i) =>
      registration("kubernetes:networking.k8s.io/v1:NetworkPolicy", `np-${i}`, { metadata: { namespace: "team-a" }, spec }),
    ),
    registration(CNP, "weird-rules", {
      metadata: { name: "weird", namespace: "team-a" },
      spec: {
        endpointSelector: { matchLabels: null, matchExpressions: [null, { key: 5, operator: "Maybe" }] },
        enableDefaultDeny: "yes",
        egress: [
          {
            toCIDR: [null, 5, "not-a-cidr", "10.0.0.0/99", "1.2.3.4/8/9"],
            toCIDRSet: [null, { cidr: 5 }, { cidr: "0.0.0.0/0", except: [null, "x"] }],
          },
          {
            toEntities: [null, 7],
            toFQDNs: [null, { matchName: 5, matchPattern: null }],
            toPorts: [null, { ports: [null, { port: null }] }],
          },
          { toPorts: "443", icmps: [{}] },
          { toFQDNs: [{ matchPattern: "**" }], toPorts: [{ ports: [{ port: "https", endPort: "x" }] }] },
        ],
        egressDeny: [null, { toCIDR: [5], toCIDRSet: "x" }],
      },
    }),
    registration("kubernetes:networking.k8s.io/v1:NetworkPolicy", "np-weird", {
      metadata: { name: "weird", namespace: "team-a" },
      spec: {
        podSelector: null,
        egress: [{ to: [null, { ipBlock: null }, { ipBlock: { cidr: "::/0", except: 5 } }], ports: [null, { port: {} }] }],
      },
    }),
    registration("kubernetes:cilium.io/v2:CiliumNetworkPolicyList", "cnp-list", {
      items: [null, 5, { spec: { egress: [{ toEntities: ["all"] }] } }],
    }),
    helmRelease("c-null", "cilium", null),
    helmRelease("c-enc", "cilium", { encryption: null }),
    registration("kubernetes:helm.sh/v3:Release", "no-chart", { chart: null, values: 5 }),
  ];
}

const OPEN = "allow only the agent's declared peers, DNS servers and FQDN hosts.";
const META =
  "agent pods must not reach instance metadata or node services: narrow the destination or except the link-local " +
  "range, and list an identity endpoint the platform needs in identityEndpoints.";
const WEIRD = 'CiliumNetworkPolicy "weird" in namespace "team-a"';
const NP8 = 'NetworkPolicy "np-8" in namespace "team-a"';
const NPW = 'NetworkPolicy "weird" in namespace "team-a"';
const IMDS = "the instance metadata address 169.254.169.254";
const release = (name: string) =>
  `Helm Release "${name}" installs Cilium and does not set values.encryption.enabled to true; set values encryption: ` +
  "{enabled: true, type: wireguard} (or ipsec, ztunnel) so agent traffic between nodes is encrypted.";

describe("network policies on sparse and odd inputs", () => {
  it("judge malformed namespaces, policies and releases without throwing, failing closed on what they hold", async () => {
    const found = await violations(NETWORK, malformed());
    const of = (name: string) => found.filter((v) => v.policy === `agentcloud-network-${name}`).map((v) => v.message);
    // Null or non-object egress entries of a NetworkPolicy read as `{}`: no `to`, every destination.
    expect(of("no-open-egress")).toEqual([
      `${WEIRD} egress rule spec.egress[0] allows every address on all ports (toCIDRSet[2].cidr 0.0.0.0/0); ${OPEN}`,
      `${WEIRD} egress rule spec.egress[2] allows every address on all ports (no destination field, only toPorts or icmps); ${OPEN}`,
      `${WEIRD} egress rule spec.egress[3] allows every address on port "https" (toFQDNs[0].matchPattern "**"); ${OPEN}`,
      `${NP8} egress rule spec.egress[0] allows every address on all ports (no "to" peers); ${OPEN}`,
      `${NP8} egress rule spec.egress[1] allows every address on all ports (no "to" peers); ${OPEN}`,
      `${NP8} egress rule spec.egress[2] allows every address on all ports (no "to" peers); ${OPEN}`,
      `${NPW} egress rule spec.egress[0] allows every address on all ports (to[2].ipBlock.cidr ::/0); ${OPEN}`,
    ]);
    expect(of("no-metadata-egress")).toEqual([
      `${WEIRD} egress rule spec.egress[0] allows ${IMDS} on all ports (toCIDRSet[2].cidr 0.0.0.0/0); ${META}`,
      `${WEIRD} egress rule spec.egress[2] allows ${IMDS} on all ports (no destination field, only toPorts or icmps); ${META}`,
      `${WEIRD} egress rule spec.egress[3] allows the metadata host metadata.google.internal on port "https" (toFQDNs[0].matchPattern "**"); ${META}`,
      `${NP8} egress rule spec.egress[0] allows ${IMDS} on all ports (no "to" peers); ${META}`,
      `${NP8} egress rule spec.egress[1] allows ${IMDS} on all ports (no "to" peers); ${META}`,
      `${NP8} egress rule spec.egress[2] allows ${IMDS} on all ports (no "to" peers); ${META}`,
      `${NPW} egress rule spec.egress[0] allows the instance metadata address fd00:ec2::254 on all ports (to[2].ipBlock.cidr ::/0); ${META}`,
    ]);
    expect(of("wildcard-egress-acknowledged")).toEqual([
      `${WEIRD} allows wildcard egress (spec.egress[3].toFQDNs[0].matchPattern "**") but carries no agentcloud.dev/unsafe-wildcard-egress ` +
        "annotation; list each host with matchName, or state why the agent needs the wildcard (agentcloud's unsafeWildcardEgress option).",
      `${WEIRD} egress rule spec.egress[3].toFQDNs[0].matchPattern "**" is not one leading "*." over a domain of two labels or more ` +
        '(like "*.example.com"); list each host with matchName, or narrow the pattern to that shape.',
    ]);
    expect(of("encryption-in-transit")).toEqual([release("c-enc"), release("c-null")]);
    expect(of("fabric-default-deny")).toEqual([
      'Namespace "team-a" is a tenant namespace on the cilium fabric and no CiliumClusterwideNetworkPolicy or CiliumNetworkPolicy ' +
        "denies ingress and egress by default for all its pods; add one that selects the namespace's pods, sets enableDefaultDeny " +
        "{ingress: true, egress: true} and allows nothing.",
    ]);
    expect(of("networkpolicy-only-acknowledged")).toEqual([]);
    expect(of("unsafe-network-fabric")).toEqual([]);
  });

  it("run directly on resources with missing props and malformed config, giving not-applicable reasons", () => {
    const resources = [
      { type: CNP, name: "a", urn: "urn:a", props: undefined },
      { type: "kubernetes:core/v1:Namespace", name: "b", urn: "urn:b", props: null },
    ] as unknown as PolicyResource[];
    const reasons: Record<string, string | undefined> = {};
    for (const policy of NETWORK) {
      const args = {
        resources,
        getConfig: () => ({ identityEndpoints: "169.254.170.23:80" }),
        notApplicable: (reason?: string) => {
          reasons[policy.name] = reason;
        },
        stackTags: new Map(),
      } as unknown as StackValidationArgs;
      const reported: string[] = [];
      expect(() => policy.validateStack(args, (m) => reported.push(m))).not.toThrow();
      expect({ policy: policy.name, reported }).toEqual({ policy: policy.name, reported: [] });
    }
    const agents =
      "No NetworkPolicy or Cilium policy applies to agent pods (in a Namespace labelled agentcloud.dev/tenant, or selecting agentcloud.dev/agent)";
    expect(reasons).toEqual({
      "agentcloud-network-default-deny": "No Namespace is labelled agentcloud.dev/tenant",
      "agentcloud-network-fabric-default-deny":
        "No Namespace labelled agentcloud.dev/tenant is annotated agentcloud.dev/network-fabric: cilium or cilium-existing",
      "agentcloud-network-no-open-egress": agents,
      "agentcloud-network-no-metadata-egress": agents,
      "agentcloud-network-wildcard-egress-acknowledged": agents,
      "agentcloud-network-encryption-in-transit":
        "No Helm release of Cilium's chart, and no Namespace labelled agentcloud.dev/tenant annotated agentcloud.dev/network-fabric or agentcloud.dev/network-encryption",
      "agentcloud-network-networkpolicy-only-acknowledged":
        "No Namespace labelled agentcloud.dev/tenant is annotated agentcloud.dev/network-fabric: networkpolicy-only",
      "agentcloud-network-unsafe-network-fabric":
        "No Namespace labelled agentcloud.dev/tenant carries agentcloud.dev/unsafe-network-fabric with a reason",
    });
  });
});
