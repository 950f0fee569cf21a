// Values of the pinned Cilium chart (UPSTREAM.cilium, 1.20.0) for a cluster whose agents run under gVisor or Kata.
// Every key set here exists in ../shared/upstream/cilium/1.20.0/values.yaml (socketLB.hostNamespaceOnly and, for
// eks-eni, egressMasqueradeInterfaces only as documented comments) and the whole object validates against its
// values.schema.json (tests check both).

/** Encryption between nodes that `ciliumFabric` can configure. */
export const CILIUM_ENCRYPTION_TYPES = ["wireguard", "ipsec"] as const;
/** One of {@link CILIUM_ENCRYPTION_TYPES}. */
export type CiliumEncryptionType = (typeof CILIUM_ENCRYPTION_TYPES)[number];

/**
 * How Cilium wires pods into the cluster network:
 * - `overlay`: the chart's defaults (VXLAN tunnel, cluster-pool IPAM); any cluster without another CNI.
 * - `eks-eni`: EKS with Cilium managing ENIs (`eni.enabled`, `ipam.mode=eni`, `egressMasqueradeInterfaces=eth+`,
 *   `routingMode=native`, from Cilium's "Installation using Helm" EKS tab); pods get VPC-routable addresses. The VPC
 *   CNI's `aws-node` DaemonSet must be kept off the nodes first (the AWS layer creates the cluster without it:
 *   `bootstrapSelfManagedAddons: false`, no vpc-cni add-on), and the operator needs the EC2 privileges of Cilium's
 *   ENI IPAM page ("Required Privileges").
 *
 * Chaining with the VPC CNI (`cni.chainingMode=aws-cni`) is not offered: Cilium's chaining guide says L7 policy may be
 * limited there (cilium/cilium #12454), and FQDN rules rely on the L7 DNS proxy.
 */
export const CILIUM_DATAPATHS = ["overlay", "eks-eni"] as const;
/** One of {@link CILIUM_DATAPATHS}. */
export type CiliumDatapath = (typeof CILIUM_DATAPATHS)[number];

/**
 * Cilium's kube-proxy replacement. The agents then reach the API server without kube-proxy, so they need its address.
 * Socket load balancing stays in the host namespace (`socketLB.hostNamespaceOnly`), as gVisor and Kata need.
 */
export interface CiliumKubeProxyReplacement {
  /** API server host the Cilium agents connect to (an address or a name; not a Service IP), e.g. `"10.0.0.10"`. */
  k8sServiceHost: string;
  /**
   * API server port.
   * @default 6443
   */
  k8sServicePort?: number;
}

/** Options of `ciliumFabric`: how agentcloud installs Cilium. */
export interface CiliumFabricOptions {
  /**
   * Transparent encryption of pod traffic between nodes. `wireguard` needs no keys (each node makes its own).
   * `ipsec` is for environments that require FIPS-approved ciphers; create the key Secret `cilium-ipsec-keys` in
   * `kube-system` first (Cilium's IPsec guide). `ztunnel` is not offered: it redirects enrolled pods with iptables
   * rules inside the pod's network namespace, which gVisor's netstack and Kata's guest kernel bypass.
   * @default "wireguard"
   */
  encryption?: CiliumEncryptionType;
  /**
   * Also encrypt node-to-node, pod-to-node and node-to-pod traffic (Cilium's `encryption.nodeEncryption`, beta,
   * WireGuard only; control-plane nodes opt out). Agent traffic is pod-to-pod and encrypted either way.
   * @default false
   */
  nodeEncryption?: boolean;
  /**
   * Turn on Cilium's kube-proxy replacement, with the API server address it needs.
   * @default - off: kube-proxy keeps serving Services (the chart's default, and what a cluster with kube-proxy has)
   */
  kubeProxyReplacement?: CiliumKubeProxyReplacement;
  /**
   * Let CIDR rules select node addresses (Cilium's `policy-cidr-match-mode: nodes`). Needed when an identity endpoint
   * lives on the node's host network, as EKS Pod Identity does at 169.254.170.23:80: Cilium gives such addresses the
   * `host` identity, which CIDR rules do not match otherwise (cilium/cilium #34387). The agents' /32 rules then reach
   * exactly that address and port, and the metadata denial covers link-local node addresses too. Off by default: it
   * also lets Kubernetes NetworkPolicy `ipBlock`s match nodes.
   * @default false
   */
  cidrSelectsNodes?: boolean;
  /**
   * How pods are wired into the network; see {@link CILIUM_DATAPATHS}.
   * @default "overlay"
   */
  datapath?: CiliumDatapath;
  /**
   * Replicas of the Cilium operator (it creates the CiliumNetworkPolicy CRDs). Use 1 on a single-node cluster: the
   * chart spreads replicas over nodes.
   * @default 2 (the chart's)
   */
  operatorReplicas?: number;
}

/** Default API server port with kube-proxy replacement. */
export const DEFAULT_K8S_SERVICE_PORT = 6443;
/** Default replicas of the Cilium operator (the chart's). */
export const DEFAULT_CILIUM_OPERATOR_REPLICAS = 2;

/** Labels every Hubble metric agentcloud turns on carries: who sent and who received, per agent (its workload). */
const HUBBLE_LABELS = "labelsContext=source_namespace,source_workload,destination_namespace,destination_workload,traffic_direction";
/**
 * Hubble metrics the fleet's dashboards and alerts use (`hubble.metrics.enabled`): dropped packets (`hubble_drop_total`,
 * with its `reason`) and processed flows (`hubble_flows_processed_total`, with `verdict`), both per source and
 * destination workload: an agent's Deployment is named after it, so `source_workload` names the agent whose egress
 * was denied. Workload, not pod, labels keep the series bounded (Cilium's metrics docs warn of pod-level cardinality).
 * Cilium 1.20.0 `Documentation/observability/metrics.rst` ("Context Options", `labelsContext`).
 */
export const HUBBLE_METRICS = [`drop:${HUBBLE_LABELS}`, `flow:${HUBBLE_LABELS}`] as const;

/** The Cilium chart values agentcloud sets (1.20.0 keys). */
export interface CiliumValues {
  /** Transparent encryption between nodes (`enable-wireguard` or `enable-ipsec` in `cilium-config`). */
  encryption: {
    /** Encryption on. */
    enabled: true;
    /** `wireguard` or `ipsec`. */
    type: CiliumEncryptionType;
    /** Node-to-node encryption too (`encrypt-node`; WireGuard only). */
    nodeEncryption: boolean;
  };
  /**
   * Socket load balancing only in the host namespace (`bpf-lb-sock-hostns-only`): Services of gVisor and Kata pods are
   * then translated at the pod's interface, where Cilium sees them. A comment-only key of the chart.
   */
  socketLB: {
    /** Skip socket LB inside pod namespaces. */
    hostNamespaceOnly: true;
  };
  /** Kube-proxy replacement on or off (`kube-proxy-replacement`). */
  kubeProxyReplacement: boolean;
  /** API server host, set only with kube-proxy replacement. */
  k8sServiceHost?: string;
  /** API server port, set only with kube-proxy replacement. */
  k8sServicePort?: number;
  /** The L7 proxy (`enable-l7-proxy`), which holds the DNS proxy that FQDN rules learn addresses from. */
  l7Proxy: true;
  /** Endpoints are unrestricted until a policy selects them (`enable-policy`); the tenants' policies select every agent. */
  policyEnforcementMode: "default";
  /** Cilium agent metrics on :9962 (`prometheus.enabled`; no chart ServiceMonitor: the monitoring stack renders its own). */
  prometheus: {
    /** Agent metrics on. */
    enabled: true;
  };
  /** Hubble flow visibility with its relay and metrics; no UI. */
  hubble: {
    /** Hubble in the agents. */
    enabled: true;
    /** Hubble metrics on :9965 (`hubble.metrics.enabled`; null or empty turns them off). */
    metrics: {
      /** The metrics and their context options: {@link HUBBLE_METRICS}. */
      enabled: string[];
    };
    /** Hubble Relay, the cluster-wide flow API. */
    relay: {
      /** Relay on. */
      enabled: true;
    };
    /** Hubble UI. */
    ui: {
      /** UI off (not needed for audit; one less exposed service). */
      enabled: false;
    };
  };
  /** ENI integration (`eks-eni` only). */
  eni?: {
    /** Cilium allocates pod addresses from ENIs. */
    enabled: true;
  };
  /** IP address management (`eks-eni` only). */
  ipam?: {
    /** `eni`. */
    mode: "eni";
  };
  /** Entities CIDR rules may select: `["nodes"]` with `cidrSelectsNodes` (`policy-cidr-match-mode`). */
  policyCIDRMatchMode?: ["nodes"];
  /** Native routing of VPC addresses, no tunnel (`eks-eni` only). */
  routingMode?: "native";
  /**
   * Interfaces pod traffic leaving the VPC is masqueraded on (`egress-masquerade-interfaces`; `eks-eni` only). A
   * comment-only key of the chart.
   */
  egressMasqueradeInterfaces?: "eth+";
  /** The Cilium operator. */
  operator: {
    /** Operator replicas. */
    replicas: number;
    /** Operator metrics on :9963 (the chart's default, stated because the monitoring stack scrapes them). */
    prometheus: {
      /** Operator metrics on. */
      enabled: true;
    };
  };
}

/**
 * The chart values for `options`, with the agent, operator and Hubble metrics the monitoring stack scrapes. Sources:
 * Cilium's WireGuard guide (`encryption.type=wireguard`,
 * `encryption.nodeEncryption`), its kube-proxy-free guide (socket LB bypass for gVisor and Kata, cilium/cilium #25322),
 * and the chart's values.yaml. Assumes valid options.
 */
export function ciliumValues(options: CiliumFabricOptions = {}): CiliumValues {
  const kpr = options.kubeProxyReplacement;
  return {
    encryption: { enabled: true, type: options.encryption ?? "wireguard", nodeEncryption: options.nodeEncryption ?? false },
    socketLB: { hostNamespaceOnly: true },
    kubeProxyReplacement: kpr !== undefined,
    ...(kpr && { k8sServiceHost: kpr.k8sServiceHost, k8sServicePort: kpr.k8sServicePort ?? DEFAULT_K8S_SERVICE_PORT }),
    l7Proxy: true,
    policyEnforcementMode: "default",
    prometheus: { enabled: true },
    hubble: { enabled: true, metrics: { enabled: [...HUBBLE_METRICS] }, relay: { enabled: true }, ui: { enabled: false } },
    ...(options.cidrSelectsNodes === true && { policyCIDRMatchMode: ["nodes"] }),
    ...(options.datapath === "eks-eni" && {
      eni: { enabled: true },
      ipam: { mode: "eni" },
      routingMode: "native",
      egressMasqueradeInterfaces: "eth+",
    }),
    operator: { replicas: options.operatorReplicas ?? DEFAULT_CILIUM_OPERATOR_REPLICAS, prometheus: { enabled: true } },
  };
}
