import type { NetworkPolicyEgressRule } from "kubernetes-types/networking/v1";

/** Egress to the cluster DNS on port 53 (UDP and TCP), in the namespace (and pods, when given) selected. */
export function dnsEgressRule(namespaceLabels: Record<string, string>, podLabels?: Record<string, string>): NetworkPolicyEgressRule {
  return {
    to: [{
      namespaceSelector: { matchLabels: { ...namespaceLabels } },
      ...(podLabels && { podSelector: { matchLabels: { ...podLabels } } }),
    }],
    ports: [{ protocol: "UDP", port: 53 }, { protocol: "TCP", port: 53 }],
  };
}
