// A minimal agentcloud program: copy this folder, point it at your cluster, `pulumi up`.
// In your project `npm install agentcloud`; here "agentcloud" maps to the sources (tsconfig.json `paths`).
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import {
  AgentCloud,
  clusterDns,
  existingCiliumFabric,
  networkPolicyOnlyFabric,
  throwIfProblems,
  validateDnsPresets,
  type DnsPreset,
  type ExistingCiliumSettings,
  type FleetObservabilityOptions,
  type NetworkFabric,
} from "agentcloud";

const config = new pulumi.Config();
const namespace = config.get("namespace") ?? "my-agents";
// The DNS your cluster runs; agents may reach only it, on port 53. On GKE: kube-dns, gke-node-local-dns-cache,
// gke-cloud-dns (see DNS_PRESETS and PLATFORM_DNS).
const dnsPresets = config.getObject<DnsPreset[]>("clusterDns") ?? ["kube-dns"];
throwIfProblems("config", validateDnsPresets("byo-cluster:clusterDns", dnsPresets));

// Your cluster already has a CNI, and installing a second one would break it, so this program never installs Cilium.
// By default it adds its policies to the Cilium the cluster runs (cilium-existing), relying on the settings you state
// in byo-cluster:existingCilium (read from cilium-config; unsafe ones are rejected). On any other CNI that enforces
// NetworkPolicy, choose networkpolicy-only and say why: then declared egress hosts are unreachable (no FQDN rules)
// and traffic between nodes is not encrypted.
function networkFabric(): NetworkFabric {
  const kind = config.get("networkFabric") ?? "cilium-existing";
  if (kind === "networkpolicy-only") {
    return networkPolicyOnlyFabric({ unsafeNetworkPolicyOnly: { reason: config.require("unsafeNetworkPolicyOnlyReason") } });
  }
  if (kind !== "cilium-existing") throw new Error(`byo-cluster:networkFabric must be cilium-existing or networkpolicy-only, not "${kind}"`);
  return existingCiliumFabric(config.requireObject<ExistingCiliumSettings>("existingCilium"));
}

// Monitoring (kube-prometheus-stack in agentcloud-monitoring, with agentcloud's dashboards and alerts) is on unless
// byo-cluster:observability is false; it scrapes the gateway and the agent's metrics port and keeps 15 days by default.
const observability = config.getObject<FleetObservabilityOptions | false>("observability") ?? {};

// The current kubeconfig context; pass `context` to pick another.
const provider = new k8s.Provider("cluster", { enableServerSideApply: true });

// gVisor only: your nodes need runsc installed and the label agentcloud.dev/sandbox=gvisor. The agent's namespace,
// RuntimeClass, priorities and network policies, and the MCP gateway with its tool rules, are derived from this
// declaration.
const cloud = new AgentCloud("agentcloud", {
  platform: { provider, network: networkFabric(), dns: clusterDns(dnsPresets) },
  tenants: { [namespace]: { owner: "support-team", costCentre: "cc-4242" } },
  // The MCP servers agents may be granted tools of. You run this one (it holds the Zendesk API token, which no agent
  // sees); agentcloud only registers it with the gateway, which alone may reach it.
  tools: [
    {
      name: "zendesk",
      service: { name: "zendesk-mcp", namespace: "mcp-servers", port: 8080, podSelector: { "app.kubernetes.io/name": "zendesk-mcp" } },
      tools: ["get_ticket", "search_tickets", "add_comment"],
    },
  ],
  agents: {
    "support-agent": {
      namespace,
      image: config.require("image"),
      sandbox: "gvisor",
      resources: { cpu: "250m", memory: "512Mi" },
      tools: [{ server: "zendesk", tools: ["get_ticket", "add_comment"] }],
      egress: ["acme.zendesk.com"],
      // Prometheus metrics on a port of its own: only the monitoring stack's Prometheus may reach it.
      metrics: { port: 9090 },
    },
  },
  observability,
});

export const serviceAccount = cloud.agents.apply((agents) => agents["support-agent"].serviceAccount);
export const runtimeClasses = cloud.runtimeClasses;
export const networkFabricKind = cloud.networkFabric.apply((fabric) => fabric.kind);
// `kubectl -n <namespace> port-forward svc/<grafanaService> 3000:80`; the admin password is in Secret agentcloud-grafana-admin.
export const monitoring = cloud.observability;
