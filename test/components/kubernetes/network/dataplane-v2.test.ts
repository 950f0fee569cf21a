import { describe, expect, it } from "vitest";
import { resolveAgent } from "../../../../components/kubernetes/agent/resolve";
import {
  buildAgentFqdnPolicy,
  buildFqdnNetworkPolicy,
  dataplaneV2Fabric,
  DEFAULT_CLUSTER_DNS,
  validateDataplaneV2Options,
  type FabricContext,
} from "../../../../components/kubernetes/network";

const CONTEXT: FabricContext = { dns: DEFAULT_CLUSTER_DNS, identityEndpoints: [], tenants: ["team-a"] };
const AGENT = resolveAgent("a", {
  namespace: "team-a",
  image: "ghcr.io/acme/a:1",
  egress: ["api.github.com", "*.example.com:8443"],
  unsafeWildcardEgress: { reason: "partner API shards" },
});

// GKE publishes no CRD for FQDNNetworkPolicy (it is installed by GKE itself), so the shape is asserted exactly against
// the documented example (cloud.google.com/kubernetes-engine/docs/how-to/fqdn-network-policies): spec.podSelector,
// spec.egress[].matches[] of { name } or { pattern }, spec.egress[].ports[] of { protocol, port }.
describe("dataplaneV2Fabric", () => {
  it("enforces FQDN egress and WireGuard by default, with no fabric-level deny and the API server by address", () => {
    const fabric = dataplaneV2Fabric();
    expect(fabric.kind).toBe("dataplane-v2");
    expect(fabric.problems).toEqual([]);
    expect(fabric.unsafeReason).toBeUndefined();
    expect(fabric.release).toBeUndefined();
    expect(fabric.enforcement).toEqual({
      identityIngress: true,
      fqdnEgress: true,
      encryption: "wireguard",
      fabricDefaultDeny: false,
      apiServerByIdentity: false,
      summary:
        "GKE Dataplane V2 (eBPF on the node, outside gVisor): agent-to-agent ingress and egress by Kubernetes NetworkPolicy on pod labels; " +
        "declared egress hosts by GKE FQDN network policy; WireGuard between nodes (GKE inter-node transparent encryption); " +
        "default deny by each tenant namespace's NetworkPolicy only (no fabric-level deny); the API server by address",
    });
    expect(fabric.clusterObjects(CONTEXT)).toEqual([]);
  });

  it("gives an agent with egress hosts one FQDNNetworkPolicy, one rule per host and port", () => {
    expect(dataplaneV2Fabric().agentObjects(AGENT, CONTEXT)).toEqual([
      {
        role: "fqdn-policy-team-a.a",
        object: {
          apiVersion: "networking.gke.io/v1alpha1",
          kind: "FQDNNetworkPolicy",
          metadata: {
            name: "a",
            namespace: "team-a",
            labels: {
              "app.kubernetes.io/name": "a",
              "app.kubernetes.io/component": "network-policy",
              "app.kubernetes.io/part-of": "agentcloud",
              "app.kubernetes.io/managed-by": "agentcloud",
              "agentcloud.dev/agent": "a",
            },
            annotations: { "agentcloud.dev/unsafe-wildcard-egress": "partner API shards" },
          },
          spec: {
            podSelector: { matchLabels: { "agentcloud.dev/agent": "a" } },
            egress: [
              { matches: [{ name: "api.github.com" }], ports: [{ protocol: "TCP", port: 443 }] },
              { matches: [{ pattern: "*.example.com" }], ports: [{ protocol: "TCP", port: 8443 }] },
            ],
          },
        },
      },
    ]);
  });

  it("gives an agent without egress hosts nothing (its NetworkPolicy already says the rest)", () => {
    const quiet = resolveAgent("b", { namespace: "team-a", image: "ghcr.io/acme/b:1" });
    expect(dataplaneV2Fabric().agentObjects(quiet, CONTEXT)).toEqual([]);
  });

  it("reports acknowledged gaps honestly and builds no FQDN policy without FQDN network policy", () => {
    const fabric = dataplaneV2Fabric({
      fqdnNetworkPolicy: false,
      unsafeNoFqdnEgress: { reason: "no egress needed" },
      interNodeEncryption: false,
      unsafeNoEncryption: { reason: "single-zone test" },
    });
    expect(fabric.problems).toEqual([]);
    expect(fabric.enforcement.fqdnEgress).toBe(false);
    expect(fabric.enforcement.encryption).toBe("none");
    expect(fabric.unsafeReason).toBe("single-zone test; no egress needed");
    expect(fabric.enforcement.summary).toContain(
      "declared egress hosts NOT reachable, no FQDN network policy (acknowledged: no egress needed); no encryption between nodes of the cluster's own, Google's VM-to-VM encryption only (acknowledged: single-zone test);",
    );
    expect(fabric.agentObjects(AGENT, CONTEXT)).toEqual([]);
  });

  it("matches the standalone builder for other pods (the gateway)", () => {
    expect(buildAgentFqdnPolicy(AGENT).spec).toEqual(
      buildFqdnNetworkPolicy({
        name: "x",
        namespace: "team-a",
        podSelector: { "agentcloud.dev/agent": "a" },
        labels: {},
        hosts: AGENT.egressHosts,
      }).spec,
    );
  });
});

describe("validateDataplaneV2Options", () => {
  it("accepts nothing and the defaults", () => {
    expect(validateDataplaneV2Options(undefined)).toEqual([]);
    expect(validateDataplaneV2Options({ fqdnNetworkPolicy: true, interNodeEncryption: true })).toEqual([]);
  });

  it("requires an acknowledgement to turn a protection off, and none when it is on", () => {
    expect(
      validateDataplaneV2Options({ interNodeEncryption: false, fqdnNetworkPolicy: false, unsafeNoEncryption: { reason: " " } }),
    ).toEqual([
      {
        argument: "unsafeNoEncryption.reason",
        value: " ",
        problem: "must be a non-empty string",
        fix: 'use a value like "short-lived test cluster"',
      },
      {
        argument: "fqdnNetworkPolicy",
        value: false,
        problem: "leaves declared egress hosts unreachable (NetworkPolicies cannot name hosts; agents fail closed)",
        fix: 'turn FQDN network policy on (enableFqdnNetworkPolicy), or acknowledge with unsafeNoFqdnEgress: { reason: "..." }',
      },
    ]);
    expect(validateDataplaneV2Options({ interNodeEncryption: false })).toEqual([
      {
        argument: "interNodeEncryption",
        value: false,
        problem: "leaves pod traffic between nodes without the cluster's own encryption (Google's default VM-to-VM encryption only)",
        fix: 'turn inter-node transparent encryption on, or acknowledge with unsafeNoEncryption: { reason: "..." }',
      },
    ]);
    expect(validateDataplaneV2Options({ unsafeNoFqdnEgress: { reason: "x" }, colour: 1 })).toEqual([
      {
        argument: "colour",
        value: 1,
        problem: "is not a field of dataplaneV2Fabric's options",
        fix: "use only fqdnNetworkPolicy, interNodeEncryption, unsafeNoEncryption, unsafeNoFqdnEgress",
      },
      {
        argument: "unsafeNoFqdnEgress",
        value: { reason: "x" },
        problem: "acknowledges a setting that is on",
        fix: "remove unsafeNoFqdnEgress",
      },
    ]);
  });

  it("carries its problems on the fabric, which then builds nothing", () => {
    const fabric = dataplaneV2Fabric({ interNodeEncryption: "yes" as never });
    expect(fabric.problems).toEqual([
      { argument: "interNodeEncryption", value: "yes", problem: "must be true or false", fix: "set interNodeEncryption to true or false" },
    ]);
    expect(fabric.agentObjects(AGENT, CONTEXT)).toEqual([]);
  });
});
