import type { ValidationProblem } from "../../validation/problems";
import { checkBoolean, checkInteger, checkNonEmptyString, checkOneOf, isRecord } from "../../validation/values";
import { UPSTREAM } from "../../vocabulary";
import { ciliumAgentObjects, ciliumClusterObjects } from "./cilium-policies";
import {
  CILIUM_DATAPATHS,
  CILIUM_ENCRYPTION_TYPES,
  ciliumValues,
  type CiliumEncryptionType,
  type CiliumFabricOptions,
} from "./cilium-values";
import type { FabricEnforcement, NetworkFabric, TransitEncryption } from "./fabric";
import type { ExistingCiliumSettings, NetworkPolicyOnlyOptions } from "./spec";

// The fabrics agentcloud ships. Each factory validates its options first and carries the problems on the fabric, so
// `validateAgentNetworkSpec` reports them with the fleet's others before any resource is created.

/** Namespace the Cilium chart is installed into (Cilium's documented install namespace). */
export const CILIUM_NAMESPACE = "kube-system";

const ENCRYPTION_NAMES: Record<TransitEncryption, string> = {
  wireguard: "WireGuard",
  ipsec: "IPsec",
  ztunnel: "ztunnel",
  none: "no",
};

function unknownKeys(value: Record<string, unknown>, known: readonly string[], what: string): ValidationProblem[] {
  return Object.keys(value)
    .filter((key) => !known.includes(key))
    .map((key) => ({
      argument: key,
      value: value[key],
      problem: `is not a field of ${what}`,
      fix: `use only ${known.join(", ")}`,
    }));
}

const CILIUM_OPTION_KEYS = [
  "encryption",
  "nodeEncryption",
  "kubeProxyReplacement",
  "cidrSelectsNodes",
  "datapath",
  "operatorReplicas",
] as const;

/** Every problem with the options of {@link ciliumFabric}. */
export function validateCiliumFabricOptions(options: unknown): ValidationProblem[] {
  if (options === undefined) return [];
  if (!isRecord(options)) {
    return [{ argument: "options", value: options, problem: "must be an object", fix: `use e.g. { encryption: "wireguard" }` }];
  }
  const problems = unknownKeys(options, CILIUM_OPTION_KEYS, "ciliumFabric's options");
  const { encryption, nodeEncryption, kubeProxyReplacement, cidrSelectsNodes, datapath, operatorReplicas } = options;
  if (encryption !== undefined) problems.push(...checkOneOf("encryption", encryption, CILIUM_ENCRYPTION_TYPES));
  if (nodeEncryption !== undefined) {
    problems.push(...checkBoolean("nodeEncryption", nodeEncryption));
    if (nodeEncryption === true && encryption === "ipsec") {
      problems.push({
        argument: "nodeEncryption",
        value: nodeEncryption,
        problem: "is WireGuard only (Cilium encrypts node-to-node traffic with WireGuard)",
        fix: `use encryption: "wireguard", or leave nodeEncryption out`,
      });
    }
  }
  if (kubeProxyReplacement !== undefined) {
    if (!isRecord(kubeProxyReplacement)) {
      problems.push({
        argument: "kubeProxyReplacement",
        value: kubeProxyReplacement,
        problem: "must be an object with the API server's k8sServiceHost (and k8sServicePort)",
        fix: `use e.g. { k8sServiceHost: "10.0.0.10", k8sServicePort: 6443 }, or leave it out to keep kube-proxy`,
      });
    } else {
      problems.push(...unknownKeys(kubeProxyReplacement, ["k8sServiceHost", "k8sServicePort"], "kubeProxyReplacement"));
      const { k8sServiceHost: host, k8sServicePort: port } = kubeProxyReplacement;
      if (typeof host !== "string" || !/^[A-Za-z0-9.\-:]+$/.test(host) || host.includes("://")) {
        problems.push({
          argument: "kubeProxyReplacement.k8sServiceHost",
          value: host,
          problem: "must be the API server's address or host name (no scheme, no port)",
          fix: `use e.g. "10.0.0.10" or "api.cluster.example.com"`,
        });
      }
      if (port !== undefined) problems.push(...checkInteger("kubeProxyReplacement.k8sServicePort", port, 1, 65535));
    }
  }
  if (cidrSelectsNodes !== undefined) problems.push(...checkBoolean("cidrSelectsNodes", cidrSelectsNodes));
  if (datapath !== undefined) problems.push(...checkOneOf("datapath", datapath, CILIUM_DATAPATHS));
  if (operatorReplicas !== undefined) problems.push(...checkInteger("operatorReplicas", operatorReplicas, 1, 10));
  return problems;
}

function ciliumSummary(origin: string, encryption: TransitEncryption, unsafeReason?: string): string {
  const encrypted =
    encryption === "none"
      ? `no encryption between nodes (acknowledged: ${unsafeReason ?? ""})`
      : `${ENCRYPTION_NAMES[encryption]} encryption between nodes`;
  return (
    `${origin}: ingress by identity and FQDN egress allowlists (DNS proxy) enforced by eBPF on the node, outside ` +
    `gVisor and Kata; ${encrypted}; a fabric-level default deny for tenant namespaces; Hubble flow visibility`
  );
}

/**
 * Cilium installed by agentcloud from the pinned chart (`UPSTREAM.cilium`) into `kube-system`, configured for sandboxed
 * pods ({@link ciliumValues}). The reference fabric of BYO clusters without a CNI policy engine, and of EKS.
 */
export function ciliumFabric(options: CiliumFabricOptions = {}): NetworkFabric {
  const problems = validateCiliumFabricOptions(options);
  const encryption: CiliumEncryptionType = problems.length === 0 ? (options.encryption ?? "wireguard") : "wireguard";
  const enforcement: FabricEnforcement = {
    identityIngress: true,
    fqdnEgress: true,
    encryption,
    fabricDefaultDeny: true,
    apiServerByIdentity: true,
    summary: ciliumSummary(`Cilium ${UPSTREAM.cilium.version} installed by agentcloud`, encryption),
  };
  return {
    kind: "cilium",
    enforcement,
    problems,
    release:
      problems.length > 0
        ? undefined
        : {
            name: "cilium",
            chart: UPSTREAM.cilium.chart,
            repo: UPSTREAM.cilium.repo,
            version: UPSTREAM.cilium.version,
            namespace: CILIUM_NAMESPACE,
            values: { ...ciliumValues(options) },
          },
    clusterObjects: (context) => ciliumClusterObjects(context),
    agentObjects: (agent, context) => ciliumAgentObjects(agent, context),
  };
}

const EXISTING_KEYS = [
  "encryption",
  "unsafeNoEncryption",
  "kubeProxyReplacement",
  "socketLBHostNamespaceOnly",
  "l7Proxy",
  "policyEnforcementMode",
] as const;
const CILIUM_CONFIG = "kubectl -n kube-system get cm cilium-config";

/** Every problem with the settings of {@link existingCiliumFabric}, including those that break gVisor and Kata pods. */
export function validateExistingCiliumSettings(settings: unknown): ValidationProblem[] {
  if (!isRecord(settings)) {
    return [
      {
        argument: "settings",
        value: settings,
        problem: "must state the Cilium settings agentcloud relies on",
        fix: `read them with ${CILIUM_CONFIG} and pass e.g. { encryption: "wireguard", kubeProxyReplacement: false, l7Proxy: true }`,
      },
    ];
  }
  const problems = unknownKeys(settings, EXISTING_KEYS, "the existing Cilium's settings");
  const { encryption, unsafeNoEncryption, kubeProxyReplacement, socketLBHostNamespaceOnly, l7Proxy, policyEnforcementMode } = settings;
  problems.push(...checkOneOf("encryption", encryption, ["wireguard", "ipsec", "ztunnel", "none"]));
  if (encryption === "ztunnel") {
    problems.push({
      argument: "encryption",
      value: encryption,
      problem:
        "is ztunnel, which redirects enrolled pods with iptables rules inside their network namespace; gVisor's netstack and Kata's guest kernel bypass them, so sandboxed agents' traffic is not encrypted",
      fix: `switch the cluster to WireGuard (Helm encryption.type=wireguard, cilium-config enable-wireguard: "true") and declare encryption: "wireguard"`,
    });
  }
  if (encryption === "none" && unsafeNoEncryption === undefined) {
    problems.push({
      argument: "encryption",
      value: encryption,
      problem: "leaves pod traffic between nodes unencrypted",
      fix: `turn on WireGuard (Helm encryption.enabled=true, encryption.type=wireguard) and declare encryption: "wireguard", or acknowledge with unsafeNoEncryption: { reason: "..." }`,
    });
  }
  if (unsafeNoEncryption !== undefined) {
    if (encryption !== "none") {
      problems.push({
        argument: "unsafeNoEncryption",
        value: unsafeNoEncryption,
        problem: `acknowledges no encryption, but encryption is ${JSON.stringify(encryption)}`,
        fix: "remove unsafeNoEncryption",
      });
    }
    problems.push(
      ...(isRecord(unsafeNoEncryption)
        ? checkNonEmptyString("unsafeNoEncryption.reason", unsafeNoEncryption.reason, "single-node test cluster")
        : [
            {
              argument: "unsafeNoEncryption",
              value: unsafeNoEncryption,
              problem: "must be an object with a reason",
              fix: `use { reason: "single-node test cluster" }`,
            },
          ]),
    );
  }
  problems.push(...checkBoolean("kubeProxyReplacement", kubeProxyReplacement));
  if (socketLBHostNamespaceOnly !== undefined) problems.push(...checkBoolean("socketLBHostNamespaceOnly", socketLBHostNamespaceOnly));
  if (kubeProxyReplacement === true && socketLBHostNamespaceOnly !== true) {
    problems.push({
      argument: "socketLBHostNamespaceOnly",
      value: socketLBHostNamespaceOnly,
      problem:
        "must be true with kube-proxy replacement: Cilium's socket load balancer does not see connections made inside gVisor or Kata pods (Cilium kube-proxy-free guide; cilium/cilium #25322)",
      fix: `set Helm socketLB.hostNamespaceOnly=true (cilium-config bpf-lb-sock-hostns-only: "true") and declare socketLBHostNamespaceOnly: true`,
    });
  }
  problems.push(...checkBoolean("l7Proxy", l7Proxy));
  if (l7Proxy === false) {
    problems.push({
      argument: "l7Proxy",
      value: l7Proxy,
      problem: "is off, and FQDN egress rules need the DNS proxy, which is part of Cilium's L7 proxy",
      fix: `set Helm l7Proxy=true (cilium-config enable-l7-proxy: "true") and declare l7Proxy: true`,
    });
  }
  if (policyEnforcementMode !== undefined) {
    problems.push(...checkOneOf("policyEnforcementMode", policyEnforcementMode, ["default", "always", "never"]));
    if (policyEnforcementMode === "never") {
      problems.push({
        argument: "policyEnforcementMode",
        value: policyEnforcementMode,
        problem: "is never, which turns every network policy off",
        fix: `set Helm policyEnforcementMode=default (cilium-config enable-policy: "default")`,
      });
    }
  }
  return problems;
}

/**
 * A Cilium the cluster already runs: agentcloud installs nothing and adds only its policies. `settings` states what
 * agentcloud relies on, read from the `cilium-config` ConfigMap (`enable-wireguard`, `enable-ipsec`, `enable-ztunnel`,
 * `kube-proxy-replacement`, `bpf-lb-sock-hostns-only`, `enable-l7-proxy`, `enable-policy`).
 */
export function existingCiliumFabric(settings: ExistingCiliumSettings): NetworkFabric {
  const problems = validateExistingCiliumSettings(settings);
  const valid = problems.length === 0;
  const encryption: TransitEncryption = valid ? settings.encryption : "none";
  const unsafeReason = valid && encryption === "none" ? settings.unsafeNoEncryption?.reason : undefined;
  return {
    kind: "cilium-existing",
    enforcement: {
      identityIngress: true,
      fqdnEgress: true,
      encryption,
      fabricDefaultDeny: true,
      apiServerByIdentity: true,
      summary: ciliumSummary(
        "Cilium already on the cluster (agentcloud adds policies only; settings as declared)",
        encryption,
        unsafeReason,
      ),
    },
    ...(unsafeReason !== undefined && { unsafeReason }),
    problems,
    clusterObjects: (context) => ciliumClusterObjects(context),
    agentObjects: (agent, context) => ciliumAgentObjects(agent, context),
  };
}

/** Every problem with the options of {@link networkPolicyOnlyFabric}: the acknowledgement is required. */
export function validateNetworkPolicyOnlyOptions(options: unknown): ValidationProblem[] {
  const ack = isRecord(options) ? options.unsafeNetworkPolicyOnly : undefined;
  if (!isRecord(ack)) {
    return [
      {
        argument: "unsafeNetworkPolicyOnly",
        value: ack,
        problem:
          "is required: without Cilium, declared egress hosts are not reachable (no FQDN egress), pod traffic between nodes is not encrypted and there is no fabric-level default deny",
        fix: `acknowledge it with unsafeNetworkPolicyOnly: { reason: "..." }, or use ciliumFabric() or existingCiliumFabric(...)`,
      },
    ];
  }
  return [
    ...unknownKeys(options as Record<string, unknown>, ["unsafeNetworkPolicyOnly"], "networkPolicyOnlyFabric's options"),
    ...checkNonEmptyString("unsafeNetworkPolicyOnly.reason", ack.reason, "the cluster's CNI is Calico; Cilium is planned"),
  ];
}

/**
 * Any CNI that enforces Kubernetes NetworkPolicy; the agents' and namespaces' NetworkPolicies are then the only
 * enforcement. No FQDN egress: NetworkPolicies cannot name hosts, so declared egress hosts are NOT reachable (agents
 * fail closed). No encryption, no fabric-level default deny. Adds no objects.
 */
export function networkPolicyOnlyFabric(options: NetworkPolicyOnlyOptions): NetworkFabric {
  const problems = validateNetworkPolicyOnlyOptions(options);
  const reason = problems.length === 0 ? options.unsafeNetworkPolicyOnly.reason : undefined;
  return {
    kind: "networkpolicy-only",
    enforcement: {
      identityIngress: false,
      fqdnEgress: false,
      encryption: "none",
      fabricDefaultDeny: false,
      summary:
        "NetworkPolicy only (the cluster's CNI): agent-to-agent ingress and egress by Kubernetes NetworkPolicy; declared " +
        "egress hosts are NOT reachable (NetworkPolicies cannot name hosts, so agents fail closed); no encryption between " +
        `nodes; no fabric-level default deny (acknowledged: ${reason ?? ""})`,
    },
    ...(reason !== undefined && { unsafeReason: reason }),
    problems,
    clusterObjects: () => [],
    agentObjects: () => [],
  };
}
