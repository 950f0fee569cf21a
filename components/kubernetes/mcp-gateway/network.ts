import type { NetworkPolicy, NetworkPolicyEgressRule, NetworkPolicyIngressRule, NetworkPolicyPeer } from "kubernetes-types/networking/v1";
import { LABELS } from "../../vocabulary";
import { standardLabels } from "../labels";
import type { BuiltObject } from "../objects";
import {
  agentEndpoint,
  CILIUM_NAMESPACE_LABEL,
  prometheusEndpoint,
  ciliumPodLabel,
  dnsEgress,
  fqdnSelector,
  gatewayEndpoint,
  metadataDeny,
  tcp,
  type CiliumEgressRule,
  type CiliumNetworkPolicy,
  type CiliumSelector,
} from "../network/cilium-policies";
import { apiServerEgressRule, dnsEgressRule } from "../network/cluster-endpoints";
import { buildFqdnNetworkPolicy } from "../network/dataplane-v2";
import type { FabricContext } from "../network/fabric";
import { GATEWAY_COMPONENT, GATEWAY_METRICS_PORT, gatewayPodSelector } from "./endpoint";
import type { GatewayCaller, RemoteHost, ResolvedMcpGateway, ResolvedMcpServer } from "./spec";

// The gateway's network: it is reached only by its callers, and reaches only DNS, the registered servers, the A2A
// callees and the issuer's JWKS. A NetworkPolicy states it for every fabric; on Cilium a CiliumNetworkPolicy adds
// what NetworkPolicy cannot say (host names, the API server by identity, the metadata denial). Cilium unions the
// allow rules of both.

const NAMESPACE_NAME = "kubernetes.io/metadata.name";

/** Whether the fabric is a Cilium one (the gateway then gets a CiliumNetworkPolicy too). */
export function isCiliumFabric(gw: Pick<ResolvedMcpGateway, "network">): boolean {
  return gw.network.kind === "cilium" || gw.network.kind === "cilium-existing";
}

/** Every ServiceAccount that calls through the gateway (tool grants, then A2A callers), each once, in that order. */
export function gatewayCallers(gw: Pick<ResolvedMcpGateway, "grants" | "peers">): GatewayCaller[] {
  const seen = new Set<string>();
  const callers: GatewayCaller[] = [];
  for (const c of [...gw.grants, ...gw.peers.flatMap((p) => p.callers)]) {
    const key = `${c.namespace}/${c.serviceAccount}`;
    if (seen.has(key)) continue;
    seen.add(key);
    callers.push({ namespace: c.namespace, serviceAccount: c.serviceAccount });
  }
  return callers;
}

/** A caller's pods: an agent's ServiceAccount is named after the agent, whose label its pods carry. */
function callerPeer(caller: GatewayCaller): NetworkPolicyPeer {
  return {
    namespaceSelector: { matchLabels: { [NAMESPACE_NAME]: caller.namespace } },
    podSelector: { matchLabels: { [LABELS.agent]: caller.serviceAccount } },
  };
}

function gatewayPeer(gw: ResolvedMcpGateway): NetworkPolicyPeer {
  return {
    namespaceSelector: { matchLabels: { [NAMESPACE_NAME]: gw.namespace } },
    podSelector: { matchLabels: gatewayPodSelector(gw) },
  };
}

/** The in-cluster servers, with their Service. */
function serviceServers(gw: ResolvedMcpGateway): (ResolvedMcpServer & { service: Required<NonNullable<ResolvedMcpServer["service"]>> })[] {
  return gw.servers.filter((s): s is ResolvedMcpServer & { service: Required<NonNullable<ResolvedMcpServer["service"]>> } =>
    Boolean(s.service),
  );
}

/** Whether the gateway's NetworkPolicy must allow the API server by address (its JWKS, not admitted by identity). */
function apiServerByAddress(gw: ResolvedMcpGateway): boolean {
  return gw.jwksFromApiServer && !(isCiliumFabric(gw) && gw.network.apiServerByIdentity === true);
}

/** Ingress from the fleet's Prometheus on the metrics port only (never the serving or admin ports). */
function monitoringIngress(gw: ResolvedMcpGateway): NetworkPolicyIngressRule[] {
  if (!gw.monitoring) return [];
  const from = {
    namespaceSelector: { matchLabels: { [NAMESPACE_NAME]: gw.monitoring.namespace } },
    podSelector: { matchLabels: { ...gw.monitoring.podSelector } },
  };
  return [{ from: [from], ports: [{ protocol: "TCP", port: GATEWAY_METRICS_PORT }] }];
}

/**
 * The NetworkPolicy of the gateway's pods: ingress from its callers on its port and from the fleet's Prometheus on the
 * metrics port; egress to DNS, servers, callees, the API server.
 */
function gatewayPolicy(gw: ResolvedMcpGateway): NetworkPolicy {
  const callers = gatewayCallers(gw);
  const egress: NetworkPolicyEgressRule[] = [
    dnsEgressRule(gw.dns),
    ...serviceServers(gw).map((s) => ({
      to: [
        {
          namespaceSelector: { matchLabels: { [NAMESPACE_NAME]: s.service.namespace } },
          podSelector: { matchLabels: { ...s.service.podSelector } },
        },
      ],
      ports: [{ protocol: "TCP", port: s.service.targetPort }],
    })),
    ...gw.peers.map((p) => ({
      to: [callerPeer({ namespace: p.namespace, serviceAccount: p.agent })],
      ports: [{ protocol: "TCP", port: p.port }],
    })),
    ...(apiServerByAddress(gw) ? [apiServerEgressRule(gw.apiServer)] : []),
  ];
  return {
    apiVersion: "networking.k8s.io/v1",
    kind: "NetworkPolicy",
    metadata: { name: gw.name, namespace: gw.namespace, labels: standardLabels(gw.name, GATEWAY_COMPONENT) },
    spec: {
      podSelector: { matchLabels: gatewayPodSelector(gw) },
      policyTypes: ["Ingress", "Egress"],
      ingress: [
        ...(callers.length === 0 ? [] : [{ from: callers.map(callerPeer), ports: [{ protocol: "TCP", port: gw.port }] }]),
        ...monitoringIngress(gw),
      ],
      egress,
    },
  };
}

/** Name of the NetworkPolicy in an in-cluster server's namespace that admits the gateway. */
export function serverPolicyName(server: { name: string }): string {
  return `mcp-gateway-${server.name}`;
}

/** The NetworkPolicy admitting the gateway's pods to one in-cluster server's pods on their port (tenant namespaces deny by default). */
function serverPolicy(gw: ResolvedMcpGateway, server: ReturnType<typeof serviceServers>[number]): NetworkPolicy {
  return {
    apiVersion: "networking.k8s.io/v1",
    kind: "NetworkPolicy",
    metadata: {
      name: serverPolicyName(server),
      namespace: server.service.namespace,
      labels: standardLabels(gw.name, GATEWAY_COMPONENT),
    },
    spec: {
      podSelector: { matchLabels: { ...server.service.podSelector } },
      policyTypes: ["Ingress"],
      ingress: [{ from: [gatewayPeer(gw)], ports: [{ protocol: "TCP", port: server.service.targetPort }] }],
    },
  };
}

/** Pods of a namespace by their labels, as a Cilium selector. */
function podsEndpoint(namespace: string, labels: Record<string, string>): CiliumSelector {
  const matchLabels: Record<string, string> = { [CILIUM_NAMESPACE_LABEL]: namespace };
  for (const [key, value] of Object.entries(labels)) matchLabels[ciliumPodLabel(key)] = value;
  return { matchLabels };
}

/** Remote hosts (servers, a remote JWKS) with their ports, each pair once, in order. */
export function gatewayRemoteHosts(gw: ResolvedMcpGateway): RemoteHost[] {
  const hosts = [...gw.servers.flatMap((s) => (s.remote ? [s.remote] : [])), ...(gw.jwksRemote ? [gw.jwksRemote] : [])];
  return hosts.filter((h, i) => hosts.findIndex((o) => o.host === h.host && o.port === h.port) === i);
}

/**
 * The gateway's CiliumNetworkPolicy: the same callers, servers and callees by identity, DNS through the DNS proxy,
 * remote hosts as FQDN rules on their ports, the API server as the `kube-apiserver` entity when the JWKS is its and
 * the fabric admits it by identity, and the metadata ranges denied.
 */
function gatewayCiliumPolicy(gw: ResolvedMcpGateway): CiliumNetworkPolicy {
  const context: FabricContext = { dns: gw.dns, identityEndpoints: [], tenants: [] };
  const callers = gatewayCallers(gw);
  const egress: CiliumEgressRule[] = [
    ...dnsEgress(context),
    ...serviceServers(gw).map((s) => ({
      toEndpoints: [podsEndpoint(s.service.namespace, s.service.podSelector)],
      toPorts: [tcp(s.service.targetPort)],
    })),
    ...gw.peers.map((p) => ({ toEndpoints: [agentEndpoint(p)], toPorts: [tcp(p.port)] })),
    ...(gw.jwksFromApiServer && gw.network.apiServerByIdentity === true
      ? [
          {
            toEntities: ["kube-apiserver"],
            toPorts: [{ ports: gw.apiServer.ports.map((p) => ({ port: String(p), protocol: "TCP" as const })) }],
          },
        ]
      : []),
    ...gatewayRemoteHosts(gw).map((h) => ({ toFQDNs: [fqdnSelector({ host: h.host, wildcard: false })], toPorts: [tcp(h.port)] })),
  ];
  return {
    apiVersion: "cilium.io/v2",
    kind: "CiliumNetworkPolicy",
    metadata: { name: gw.name, namespace: gw.namespace, labels: standardLabels(gw.name, GATEWAY_COMPONENT) },
    spec: {
      description: `agentcloud MCP and A2A gateway ${gw.namespace}/${gw.name}: only its callers in, only its servers, callees and JWKS out`,
      endpointSelector: gatewayEndpoint(gw),
      enableDefaultDeny: { ingress: true, egress: true },
      ingress: [
        ...(callers.length === 0
          ? []
          : [
              {
                fromEndpoints: callers.map((c) => agentEndpoint({ agent: c.serviceAccount, namespace: c.namespace })),
                toPorts: [tcp(gw.port)],
              },
            ]),
        ...(gw.monitoring ? [{ fromEndpoints: [prometheusEndpoint(gw.monitoring)], toPorts: [tcp(GATEWAY_METRICS_PORT)] }] : []),
      ],
      egress,
      egressDeny: metadataDeny(context),
    },
  };
}

/**
 * The gateway's network objects: its NetworkPolicy, one NetworkPolicy per in-cluster server admitting the gateway in
 * the server's namespace, and on Cilium fabrics its CiliumNetworkPolicy. The gateway's own objects wait for its
 * Namespace (role `namespace` of `buildMcpGateway`).
 */
export function buildGatewayNetwork(gw: ResolvedMcpGateway): BuiltObject[] {
  const objects: BuiltObject[] = [{ role: "network-policy", object: gatewayPolicy(gw), dependsOn: ["namespace"] }];
  for (const server of serviceServers(gw)) {
    objects.push({ role: `server-network-policy-${server.name}`, object: serverPolicy(gw, server) });
  }
  if (isCiliumFabric(gw)) objects.push({ role: "cilium-policy", object: gatewayCiliumPolicy(gw), dependsOn: ["namespace"] });
  // On GKE Dataplane V2, remote hosts (servers, the issuer's JWKS) by GKE's FQDN network policy.
  const remote = gatewayRemoteHosts(gw);
  if (gw.network.kind === "dataplane-v2" && remote.length > 0) {
    objects.push({
      role: "fqdn-policy",
      object: buildFqdnNetworkPolicy({
        name: gw.name,
        namespace: gw.namespace,
        podSelector: gatewayPodSelector(gw),
        labels: standardLabels(gw.name, GATEWAY_COMPONENT),
        hosts: remote.map((h) => ({ host: h.host, port: h.port, wildcard: false })),
      }),
      dependsOn: ["namespace"],
    });
  }
  return objects;
}
