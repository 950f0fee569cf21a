import { describe, expect, it } from "vitest";
import { resolveAgent } from "../../../../components/kubernetes/agent/resolve";
import {
  ciliumFabric,
  existingCiliumFabric,
  networkPolicyOnlyFabric,
  validateAgentNetworkSpec,
  type AgentNetworkSpec,
} from "../../../../components/kubernetes/network";

const IMAGE = "ghcr.io/acme/agent:1";
const A = resolveAgent("a", { namespace: "team-a", image: IMAGE });
const B = resolveAgent("b", { namespace: "team-b", image: IMAGE });
const VALID: AgentNetworkSpec = { fabric: ciliumFabric(), agents: [A, B], tenants: ["team-a", "team-b"] };
const NP_ONLY = networkPolicyOnlyFabric({ unsafeNetworkPolicyOnly: { reason: "Calico" } });

describe("validateAgentNetworkSpec", () => {
  it("accepts a fleet whose agents all sit in tenants, on each fabric", () => {
    expect(validateAgentNetworkSpec(VALID)).toEqual([]);
    expect(validateAgentNetworkSpec({ ...VALID, fabric: NP_ONLY })).toEqual([]);
    expect(
      validateAgentNetworkSpec({
        ...VALID,
        fabric: existingCiliumFabric({ encryption: "wireguard", kubeProxyReplacement: false, l7Proxy: true }),
        identityEndpoints: [
          { address: "169.254.170.23", port: 80 },
          { address: "fd00:ec2::23", port: 80 },
        ],
        dns: { addresses: ["169.254.20.10"] },
      }),
    ).toEqual([]);
  });

  it("requires a fabric", () => {
    const fix = "use ciliumFabric(), existingCiliumFabric({...}) or networkPolicyOnlyFabric({...})";
    expect(validateAgentNetworkSpec({ ...VALID, fabric: undefined as never })).toEqual([
      { argument: "fabric", value: undefined, problem: "must be a network fabric", fix },
    ]);
    expect(validateAgentNetworkSpec({ ...VALID, fabric: { kind: "calico" } as never })).toEqual([
      { argument: "fabric", value: { kind: "calico" }, problem: "must be a network fabric", fix },
    ]);
  });

  it("reports the fabric's own problems under fabric, with the fleet's others", () => {
    expect(validateAgentNetworkSpec({ ...VALID, fabric: ciliumFabric({ operatorReplicas: 0 }), tenants: ["team-a"] })).toEqual([
      {
        argument: "fabric.operatorReplicas",
        value: 0,
        problem: "must be a whole number from 1 to 10",
        fix: "set operatorReplicas to a whole number from 1 to 10",
      },
      {
        argument: "agents[1].namespace",
        value: "team-b",
        problem: `is not a tenant namespace (agent "b")`,
        fix: `add "team-b" to tenants, or move the agent into one of ["team-a"]`,
      },
    ]);
  });

  it("checks tenants as DNS labels, listed once", () => {
    const problems = validateAgentNetworkSpec({ ...VALID, tenants: ["team-a", "team-b", "Team_C", "team-a"] });
    expect(problems.map((p) => [p.argument, p.value])).toEqual([
      ["tenants[2]", "Team_C"],
      ["tenants[3]", "team-a"],
    ]);
    expect(problems[1]).toEqual({ argument: "tenants[3]", value: "team-a", problem: "is listed twice", fix: "list each tenant once" });
    expect(validateAgentNetworkSpec({ ...VALID, tenants: "team-a" as never })[0]).toEqual({
      argument: "tenants",
      value: "team-a",
      problem: "must be a list of namespace names",
      fix: `use e.g. ["team-a"]`,
    });
  });

  it("rejects an agent declared twice and an agent that is not resolved", () => {
    expect(validateAgentNetworkSpec({ ...VALID, agents: [A, B, A, { name: 1 } as never] })).toEqual([
      { argument: "agents[2]", value: "team-a/a", problem: "is declared twice", fix: "declare each agent once" },
      { argument: "agents[3]", value: { name: 1 }, problem: "must be a resolved agent", fix: "pass resolveAgent(...) of the agent" },
    ]);
  });

  it("checks identity endpoints: single addresses and TCP ports", () => {
    expect(
      validateAgentNetworkSpec({
        ...VALID,
        identityEndpoints: [
          { address: "169.254.170.0/24", port: 80 },
          { address: "metadata.google.internal", port: 0 },
          { address: "0.0.0.0", port: 80 },
          "169.254.170.23:80" as never,
        ],
      }),
    ).toEqual([
      {
        argument: "identityEndpoints[0].address",
        value: "169.254.170.0/24",
        problem: "is not a single IPv4 or IPv6 address (ranges and names are not allowed)",
        fix: `use one address like "169.254.170.23"`,
      },
      {
        argument: "identityEndpoints[1].address",
        value: "metadata.google.internal",
        problem: "is not a single IPv4 or IPv6 address (ranges and names are not allowed)",
        fix: `use one address like "169.254.170.23"`,
      },
      {
        argument: "identityEndpoints[1].port",
        value: 0,
        problem: "must be a whole number from 1 to 65535",
        fix: "set identityEndpoints[1].port to a whole number from 1 to 65535",
      },
      {
        argument: "identityEndpoints[2].address",
        value: "0.0.0.0",
        problem: "is not a single IPv4 or IPv6 address (ranges and names are not allowed)",
        fix: `use one address like "169.254.170.23"`,
      },
      {
        argument: "identityEndpoints[3]",
        value: "169.254.170.23:80",
        problem: "must be an object with address and port",
        fix: `use { address: "169.254.170.23", port: 80 }`,
      },
    ]);
  });

  it("on Cilium, DNS pods must name their namespace (namespaced policies ignore namespace labels); elsewhere any selector", () => {
    const dns = { pods: [{ namespaceSelector: { team: "platform" }, podSelector: { "k8s-app": "kube-dns" } }] };
    const problem = {
      argument: "dns.pods[0].namespaceSelector",
      value: { team: "platform" },
      problem: "must select the namespace by name only: Cilium ignores namespace labels in a namespaced policy",
      fix: `use {"kubernetes.io/metadata.name": "<namespace>"}`,
    };
    expect(validateAgentNetworkSpec({ ...VALID, dns })).toEqual([problem]);
    expect(
      validateAgentNetworkSpec({
        ...VALID,
        fabric: existingCiliumFabric({ encryption: "ipsec", kubeProxyReplacement: false, l7Proxy: true }),
        dns,
      }),
    ).toEqual([problem]);
    expect(validateAgentNetworkSpec({ ...VALID, fabric: NP_ONLY, dns })).toEqual([]);
  });

  it("reports DNS problems once, through the DNS allowance's own check", () => {
    expect(validateAgentNetworkSpec({ ...VALID, dns: { addresses: ["10.0.0.0/8"] } })).toEqual([
      {
        argument: "dns.addresses[0]",
        value: "10.0.0.0/8",
        problem: "is not a single IPv4 or IPv6 address (ranges are not allowed for DNS)",
        fix: `use one address like "169.254.20.10"`,
      },
    ]);
  });

  it("rejects a spec that is not an object", () => {
    expect(validateAgentNetworkSpec(undefined)).toEqual([
      {
        argument: "spec",
        value: undefined,
        problem: "must be an object",
        fix: "pass { fabric, agents, tenants }",
      },
    ]);
  });
});
