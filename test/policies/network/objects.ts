/** Registrations for the network policy tests: tenant namespaces with fabric annotations, Cilium policies, Helm releases. */
import type { NetworkPolicySpec } from "kubernetes-types/networking/v1";
import type { Registration } from "../../../cli/mock-runtime";
import { defaultDenySpec, networkPolicy, pulumiName, registration } from "../helpers";

export const FABRIC = "agentcloud.dev/network-fabric";
export const ENCRYPTION = "agentcloud.dev/network-encryption";
export const UNSAFE_FABRIC = "agentcloud.dev/unsafe-network-fabric";
export const UNSAFE_WILDCARD = "agentcloud.dev/unsafe-wildcard-egress";
export const CNP = "kubernetes:cilium.io/v2:CiliumNetworkPolicy";
export const CCNP = "kubernetes:cilium.io/v2:CiliumClusterwideNetworkPolicy";

/** A tenant Namespace (label `agentcloud.dev/tenant: <name>`) with annotations. */
export function tenant(name: string, annotations: Record<string, string> = {}): Registration {
  return registration("kubernetes:core/v1:Namespace", pulumiName(name), {
    apiVersion: "v1",
    kind: "Namespace",
    metadata: { name, labels: { "agentcloud.dev/tenant": name }, annotations },
  });
}

/** A tenant namespace on Cilium installed by agentcloud, with WireGuard. */
export function ciliumTenant(name: string, extra: Record<string, string> = {}): Registration {
  return tenant(name, { [FABRIC]: "cilium", [ENCRYPTION]: "wireguard", ...extra });
}

/** A CiliumNetworkPolicy object (inputs as the engine hands them). */
export function cnpObject(name: string, namespace: string, spec: Record<string, unknown>, annotations?: Record<string, string>) {
  return {
    apiVersion: "cilium.io/v2",
    kind: "CiliumNetworkPolicy",
    metadata: { name, namespace, ...(annotations === undefined ? {} : { annotations }) },
    spec,
  };
}

/** A CiliumNetworkPolicy registered through CustomResource. */
export function cnp(name: string, namespace: string, spec: Record<string, unknown>, annotations?: Record<string, string>): Registration {
  return registration(CNP, pulumiName(name), cnpObject(name, namespace, spec, annotations));
}

/** The Cilium policy with its rules in `specs` instead of `spec`. */
export function withSpecs(reg: Registration, specs: Record<string, unknown>[]): Registration {
  const { spec: _spec, ...rest } = reg.inputs;
  return { ...reg, inputs: { ...rest, specs } };
}

/** A CiliumClusterwideNetworkPolicy object. */
export function ccnpObject(name: string, spec: Record<string, unknown>, annotations?: Record<string, string>) {
  return {
    apiVersion: "cilium.io/v2",
    kind: "CiliumClusterwideNetworkPolicy",
    metadata: { name, ...(annotations === undefined ? {} : { annotations }) },
    spec,
  };
}

/** A CiliumClusterwideNetworkPolicy registered through CustomResource. */
export function ccnp(name: string, spec: Record<string, unknown>, annotations?: Record<string, string>): Registration {
  return registration(CCNP, pulumiName(name), ccnpObject(name, spec, annotations));
}

/** The tenant selector the fabric default deny uses: every pod of every namespace labelled agentcloud.dev/tenant. */
export const TENANT_PODS = {
  matchExpressions: [{ key: "k8s:io.cilium.k8s.namespace.labels.agentcloud.dev/tenant", operator: "Exists" }],
};

/** The fabric-level default deny for every tenant namespace. */
export function tenantDefaultDenySpec(): Record<string, unknown> {
  return {
    endpointSelector: structuredClone(TENANT_PODS),
    enableDefaultDeny: { ingress: true, egress: true },
    egressDeny: [{ toCIDRSet: [{ cidr: "169.254.0.0/16" }] }],
  };
}

/** DNS through Cilium's DNS proxy: kube-dns pods on port 53, every query name allowed (a proxy rule, not egress). */
export function dnsRule(): Record<string, unknown> {
  return {
    toEndpoints: [{ matchLabels: { "k8s:io.kubernetes.pod.namespace": "kube-system", "k8s:k8s-app": "kube-dns" } }],
    toPorts: [{ ports: [{ port: "53", protocol: "ANY" }], rules: { dns: [{ matchPattern: "*" }] } }],
  };
}

/** An agent's CiliumNetworkPolicy as the Cilium fabric derives it: DNS, one delegate, FQDN hosts on 443. */
export function agentCnpSpec(agent: string, fqdns: Record<string, string>[] = [{ matchName: "api.github.com" }]): Record<string, unknown> {
  return {
    endpointSelector: { matchLabels: { "agentcloud.dev/agent": agent } },
    ingress: [
      {
        fromEndpoints: [{ matchLabels: { "agentcloud.dev/agent": "planner" } }],
        toPorts: [{ ports: [{ port: "8080", protocol: "TCP" }] }],
      },
    ],
    egress: [
      dnsRule(),
      { toEndpoints: [{ matchLabels: { "agentcloud.dev/agent": "search" } }], toPorts: [{ ports: [{ port: "8080", protocol: "TCP" }] }] },
      { toFQDNs: fqdns, toPorts: [{ ports: [{ port: "443", protocol: "TCP" }] }] },
    ],
    egressDeny: [{ toCIDRSet: [{ cidr: "169.254.0.0/16" }, { cidr: "fd00:ec2::/64" }] }],
  };
}

/** The namespace default deny of agentcloud-network-default-deny, with DNS to the kube-dns pods only. */
export function namespaceDefaultDeny(namespace: string): Registration {
  const spec = defaultDenySpec();
  spec.egress![0].to = [
    {
      namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "kube-system" } },
      podSelector: { matchLabels: { "k8s-app": "kube-dns" } },
    },
  ];
  return networkPolicy("default-deny", namespace, spec);
}

/** A NetworkPolicy in `namespace` with one egress rule (and ingress denied). */
export function egressPolicy(name: string, namespace: string, egress: NetworkPolicySpec["egress"], podSelector = {}): Registration {
  return networkPolicy(name, namespace, { podSelector, policyTypes: ["Egress"], egress });
}

/** A Helm Release of `chart` with `values`. */
export function helmRelease(name: string, chart: string, values: unknown, type = "kubernetes:helm.sh/v3:Release"): Registration {
  return registration(type, pulumiName(name), {
    name,
    chart,
    version: "1.20.0",
    namespace: "kube-system",
    repositoryOpts: { repo: "https://helm.cilium.io/" },
    values,
  });
}
