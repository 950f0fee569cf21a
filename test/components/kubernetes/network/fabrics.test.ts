import { describe, expect, it } from "vitest";
import { resolveAgent } from "../../../../components/kubernetes/agent/resolve";
import {
  buildAgentCiliumPolicy,
  buildTenantDefaultDeny,
  ciliumFabric,
  ciliumValues,
  DEFAULT_CLUSTER_DNS,
  existingCiliumFabric,
  networkPolicyOnlyFabric,
  validateCiliumFabricOptions,
  validateExistingCiliumSettings,
  validateNetworkPolicyOnlyOptions,
  type ExistingCiliumSettings,
  type FabricContext,
} from "../../../../components/kubernetes/network";

const CONTEXT: FabricContext = { dns: DEFAULT_CLUSTER_DNS, identityEndpoints: [], tenants: ["team-a"] };
const AGENT = resolveAgent("a", { namespace: "team-a", image: "ghcr.io/acme/a:1", egress: ["api.github.com"] });
const CILIUM_SUMMARY = "ingress by identity and FQDN egress allowlists (DNS proxy) enforced by eBPF on the node, outside gVisor and Kata";
const WORKING: ExistingCiliumSettings = { encryption: "wireguard", kubeProxyReplacement: false, l7Proxy: true };

describe("ciliumFabric", () => {
  it("installs the pinned chart into kube-system with the sandbox-ready values, and enforces everything", () => {
    const fabric = ciliumFabric();
    expect(fabric.kind).toBe("cilium");
    expect(fabric.problems).toEqual([]);
    expect(fabric.unsafeReason).toBeUndefined();
    expect(fabric.release).toEqual({
      name: "cilium",
      chart: "cilium",
      repo: "https://helm.cilium.io/",
      version: "1.20.0",
      namespace: "kube-system",
      values: ciliumValues(),
    });
    expect(fabric.enforcement).toEqual({
      identityIngress: true,
      fqdnEgress: true,
      encryption: "wireguard",
      fabricDefaultDeny: true,
      apiServerByIdentity: true,
      summary: `Cilium 1.20.0 installed by agentcloud: ${CILIUM_SUMMARY}; WireGuard encryption between nodes; a fabric-level default deny for tenant namespaces; Hubble flow visibility`,
    });
  });

  it("builds the tenants' default deny and each agent's CiliumNetworkPolicy", () => {
    const fabric = ciliumFabric();
    expect(fabric.clusterObjects(CONTEXT)).toEqual([{ role: "tenant-default-deny", object: buildTenantDefaultDeny(CONTEXT) }]);
    expect(fabric.agentObjects(AGENT, CONTEXT)).toEqual([
      { role: "cilium-policy-team-a.a", object: buildAgentCiliumPolicy(AGENT, CONTEXT) },
    ]);
  });

  it("reports IPsec when chosen, in the values and the enforcement", () => {
    const fabric = ciliumFabric({ encryption: "ipsec" });
    expect(fabric.enforcement.encryption).toBe("ipsec");
    expect(fabric.enforcement.summary).toContain("; IPsec encryption between nodes;");
    expect((fabric.release?.values.encryption as { type: string }).type).toBe("ipsec");
  });

  it("reports every problem with its options at once", () => {
    expect(
      validateCiliumFabricOptions({
        encryption: "ztunnel",
        nodeEncryption: "yes",
        kubeProxyReplacement: { k8sServiceHost: "https://10.0.0.10:6443", k8sServicePort: 0, port: 1 },
        cidrSelectsNodes: "yes",
        datapath: "eks-vpc-cni-chaining",
        operatorReplicas: 0,
        hubble: false,
      }),
    ).toEqual([
      {
        argument: "hubble",
        value: false,
        problem: "is not a field of ciliumFabric's options",
        fix: "use only encryption, nodeEncryption, kubeProxyReplacement, cidrSelectsNodes, datapath, operatorReplicas",
      },
      { argument: "encryption", value: "ztunnel", problem: `must be one of "wireguard", "ipsec"`, fix: "set encryption to one of those" },
      { argument: "nodeEncryption", value: "yes", problem: "must be true or false", fix: "set nodeEncryption to true or false" },
      { argument: "port", value: 1, problem: "is not a field of kubeProxyReplacement", fix: "use only k8sServiceHost, k8sServicePort" },
      {
        argument: "kubeProxyReplacement.k8sServiceHost",
        value: "https://10.0.0.10:6443",
        problem: "must be the API server's address or host name (no scheme, no port)",
        fix: `use e.g. "10.0.0.10" or "api.cluster.example.com"`,
      },
      {
        argument: "kubeProxyReplacement.k8sServicePort",
        value: 0,
        problem: "must be a whole number from 1 to 65535",
        fix: "set kubeProxyReplacement.k8sServicePort to a whole number from 1 to 65535",
      },
      { argument: "cidrSelectsNodes", value: "yes", problem: "must be true or false", fix: "set cidrSelectsNodes to true or false" },
      {
        argument: "datapath",
        value: "eks-vpc-cni-chaining",
        problem: `must be one of "overlay", "eks-eni"`,
        fix: "set datapath to one of those",
      },
      {
        argument: "operatorReplicas",
        value: 0,
        problem: "must be a whole number from 1 to 10",
        fix: "set operatorReplicas to a whole number from 1 to 10",
      },
    ]);
  });

  it("rejects node encryption with IPsec, a kube-proxy replacement without its object, and options that are not an object", () => {
    expect(validateCiliumFabricOptions({ encryption: "ipsec", nodeEncryption: true })).toEqual([
      {
        argument: "nodeEncryption",
        value: true,
        problem: "is WireGuard only (Cilium encrypts node-to-node traffic with WireGuard)",
        fix: `use encryption: "wireguard", or leave nodeEncryption out`,
      },
    ]);
    expect(validateCiliumFabricOptions({ kubeProxyReplacement: true })).toEqual([
      {
        argument: "kubeProxyReplacement",
        value: true,
        problem: "must be an object with the API server's k8sServiceHost (and k8sServicePort)",
        fix: `use e.g. { k8sServiceHost: "10.0.0.10", k8sServicePort: 6443 }, or leave it out to keep kube-proxy`,
      },
    ]);
    expect(validateCiliumFabricOptions("wireguard")).toEqual([
      { argument: "options", value: "wireguard", problem: "must be an object", fix: `use e.g. { encryption: "wireguard" }` },
    ]);
    expect(validateCiliumFabricOptions({ kubeProxyReplacement: { k8sServiceHost: "10.0.0.10" }, nodeEncryption: true })).toEqual([]);
  });

  it("carries its options' problems and installs nothing when they are invalid", () => {
    const fabric = ciliumFabric({ operatorReplicas: 0 });
    expect(fabric.problems?.map((p) => p.argument)).toEqual(["operatorReplicas"]);
    expect(fabric.release).toBeUndefined();
  });
});

describe("existingCiliumFabric", () => {
  it("installs nothing and adds the same policies, with the declared encryption", () => {
    const fabric = existingCiliumFabric(WORKING);
    expect(fabric.kind).toBe("cilium-existing");
    expect(fabric.problems).toEqual([]);
    expect(fabric.release).toBeUndefined();
    expect(fabric.unsafeReason).toBeUndefined();
    expect(fabric.enforcement).toEqual({
      identityIngress: true,
      fqdnEgress: true,
      encryption: "wireguard",
      fabricDefaultDeny: true,
      apiServerByIdentity: true,
      summary: `Cilium already on the cluster (agentcloud adds policies only; settings as declared): ${CILIUM_SUMMARY}; WireGuard encryption between nodes; a fabric-level default deny for tenant namespaces; Hubble flow visibility`,
    });
    expect(fabric.clusterObjects(CONTEXT).map((o) => o.object.kind)).toEqual(["CiliumClusterwideNetworkPolicy"]);
    expect(fabric.agentObjects(AGENT, CONTEXT)).toEqual([
      { role: "cilium-policy-team-a.a", object: buildAgentCiliumPolicy(AGENT, CONTEXT) },
    ]);
  });

  it("accepts kube-proxy replacement with socket LB in the host namespace only", () => {
    expect(validateExistingCiliumSettings({ ...WORKING, kubeProxyReplacement: true, socketLBHostNamespaceOnly: true })).toEqual([]);
    expect(validateExistingCiliumSettings({ ...WORKING, encryption: "ipsec", policyEnforcementMode: "always" })).toEqual([]);
  });

  it("rejects kube-proxy replacement without hostNamespaceOnly, which breaks Services for gVisor and Kata pods", () => {
    expect(validateExistingCiliumSettings({ ...WORKING, kubeProxyReplacement: true })).toEqual([
      {
        argument: "socketLBHostNamespaceOnly",
        value: undefined,
        problem:
          "must be true with kube-proxy replacement: Cilium's socket load balancer does not see connections made inside gVisor or Kata pods (Cilium kube-proxy-free guide; cilium/cilium #25322)",
        fix: `set Helm socketLB.hostNamespaceOnly=true (cilium-config bpf-lb-sock-hostns-only: "true") and declare socketLBHostNamespaceOnly: true`,
      },
    ]);
  });

  it("rejects ztunnel, no L7 proxy and enforcement mode never, all at once", () => {
    expect(
      validateExistingCiliumSettings({
        encryption: "ztunnel",
        kubeProxyReplacement: false,
        l7Proxy: false,
        policyEnforcementMode: "never",
      }),
    ).toEqual([
      {
        argument: "encryption",
        value: "ztunnel",
        problem:
          "is ztunnel, which redirects enrolled pods with iptables rules inside their network namespace; gVisor's netstack and Kata's guest kernel bypass them, so sandboxed agents' traffic is not encrypted",
        fix: `switch the cluster to WireGuard (Helm encryption.type=wireguard, cilium-config enable-wireguard: "true") and declare encryption: "wireguard"`,
      },
      {
        argument: "l7Proxy",
        value: false,
        problem: "is off, and FQDN egress rules need the DNS proxy, which is part of Cilium's L7 proxy",
        fix: `set Helm l7Proxy=true (cilium-config enable-l7-proxy: "true") and declare l7Proxy: true`,
      },
      {
        argument: "policyEnforcementMode",
        value: "never",
        problem: "is never, which turns every network policy off",
        fix: `set Helm policyEnforcementMode=default (cilium-config enable-policy: "default")`,
      },
    ]);
  });

  it("needs the named opt-out for no encryption, and then records its reason", () => {
    expect(validateExistingCiliumSettings({ ...WORKING, encryption: "none" })).toEqual([
      {
        argument: "encryption",
        value: "none",
        problem: "leaves pod traffic between nodes unencrypted",
        fix: `turn on WireGuard (Helm encryption.enabled=true, encryption.type=wireguard) and declare encryption: "wireguard", or acknowledge with unsafeNoEncryption: { reason: "..." }`,
      },
    ]);
    const fabric = existingCiliumFabric({ ...WORKING, encryption: "none", unsafeNoEncryption: { reason: "single-node lab" } });
    expect(fabric.problems).toEqual([]);
    expect(fabric.unsafeReason).toBe("single-node lab");
    expect(fabric.enforcement.encryption).toBe("none");
    expect(fabric.enforcement.summary).toContain("; no encryption between nodes (acknowledged: single-node lab);");
  });

  it("rejects an opt-out that is blank, not an object, or next to real encryption", () => {
    expect(validateExistingCiliumSettings({ ...WORKING, encryption: "none", unsafeNoEncryption: { reason: " " } })).toEqual([
      {
        argument: "unsafeNoEncryption.reason",
        value: " ",
        problem: "must be a non-empty string",
        fix: `use a value like "single-node test cluster"`,
      },
    ]);
    expect(validateExistingCiliumSettings({ ...WORKING, encryption: "none", unsafeNoEncryption: "lab" })).toEqual([
      {
        argument: "unsafeNoEncryption",
        value: "lab",
        problem: "must be an object with a reason",
        fix: `use { reason: "single-node test cluster" }`,
      },
    ]);
    expect(validateExistingCiliumSettings({ ...WORKING, unsafeNoEncryption: { reason: "lab" } })).toEqual([
      {
        argument: "unsafeNoEncryption",
        value: { reason: "lab" },
        problem: `acknowledges no encryption, but encryption is "wireguard"`,
        fix: "remove unsafeNoEncryption",
      },
    ]);
  });

  it("requires the settings, typed, and no others", () => {
    expect(validateExistingCiliumSettings(undefined)).toEqual([
      {
        argument: "settings",
        value: undefined,
        problem: "must state the Cilium settings agentcloud relies on",
        fix: `read them with kubectl -n kube-system get cm cilium-config and pass e.g. { encryption: "wireguard", kubeProxyReplacement: false, l7Proxy: true }`,
      },
    ]);
    expect(
      validateExistingCiliumSettings({
        encryption: "aes",
        kubeProxyReplacement: "false",
        socketLBHostNamespaceOnly: 1,
        enableHubble: true,
      }),
    ).toEqual([
      {
        argument: "enableHubble",
        value: true,
        problem: "is not a field of the existing Cilium's settings",
        fix: "use only encryption, unsafeNoEncryption, kubeProxyReplacement, socketLBHostNamespaceOnly, l7Proxy, policyEnforcementMode",
      },
      {
        argument: "encryption",
        value: "aes",
        problem: `must be one of "wireguard", "ipsec", "ztunnel", "none"`,
        fix: "set encryption to one of those",
      },
      {
        argument: "kubeProxyReplacement",
        value: "false",
        problem: "must be true or false",
        fix: "set kubeProxyReplacement to true or false",
      },
      {
        argument: "socketLBHostNamespaceOnly",
        value: 1,
        problem: "must be true or false",
        fix: "set socketLBHostNamespaceOnly to true or false",
      },
      { argument: "l7Proxy", value: undefined, problem: "must be true or false", fix: "set l7Proxy to true or false" },
    ]);
  });

  it("carries its settings' problems", () => {
    const fabric = existingCiliumFabric({ ...WORKING, l7Proxy: false });
    expect(fabric.problems?.map((p) => p.argument)).toEqual(["l7Proxy"]);
  });
});

describe("networkPolicyOnlyFabric", () => {
  it("enforces by NetworkPolicy only: no FQDN egress (declared hosts unreachable), no encryption, no fabric default deny, no objects", () => {
    const fabric = networkPolicyOnlyFabric({ unsafeNetworkPolicyOnly: { reason: "Calico cluster, Cilium planned" } });
    expect(fabric.kind).toBe("networkpolicy-only");
    expect(fabric.problems).toEqual([]);
    expect(fabric.release).toBeUndefined();
    expect(fabric.unsafeReason).toBe("Calico cluster, Cilium planned");
    expect(fabric.enforcement).toEqual({
      identityIngress: false,
      fqdnEgress: false,
      encryption: "none",
      fabricDefaultDeny: false,
      summary:
        "NetworkPolicy only (the cluster's CNI): agent-to-agent ingress and egress by Kubernetes NetworkPolicy; declared egress hosts are NOT reachable (NetworkPolicies cannot name hosts, so agents fail closed); no encryption between nodes; no fabric-level default deny (acknowledged: Calico cluster, Cilium planned)",
    });
    expect(fabric.clusterObjects(CONTEXT)).toEqual([]);
    expect(fabric.agentObjects(AGENT, CONTEXT)).toEqual([]);
  });

  it("requires the acknowledgement with a reason that is not blank", () => {
    const missing = {
      argument: "unsafeNetworkPolicyOnly",
      value: undefined,
      problem:
        "is required: without Cilium, declared egress hosts are not reachable (no FQDN egress), pod traffic between nodes is not encrypted and there is no fabric-level default deny",
      fix: `acknowledge it with unsafeNetworkPolicyOnly: { reason: "..." }, or use ciliumFabric() or existingCiliumFabric(...)`,
    };
    expect(validateNetworkPolicyOnlyOptions(undefined)).toEqual([missing]);
    expect(validateNetworkPolicyOnlyOptions({})).toEqual([missing]);
    expect(validateNetworkPolicyOnlyOptions({ unsafeNetworkPolicyOnly: { reason: "" } })).toEqual([
      {
        argument: "unsafeNetworkPolicyOnly.reason",
        value: "",
        problem: "must be a non-empty string",
        fix: `use a value like "the cluster's CNI is Calico; Cilium is planned"`,
      },
    ]);
    const fabric = networkPolicyOnlyFabric({ unsafeNetworkPolicyOnly: { reason: "  " } });
    expect(fabric.problems?.map((p) => p.argument)).toEqual(["unsafeNetworkPolicyOnly.reason"]);
    expect(fabric.unsafeReason).toBeUndefined();
  });
});
