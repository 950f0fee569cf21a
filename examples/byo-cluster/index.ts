// A minimal agentcloud program: copy this folder, point it at your cluster, `pulumi up`.
// In your project `npm install agentcloud`; here "agentcloud" maps to the sources (tsconfig.json `paths`).
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import {
  Agent,
  AgentNamespace,
  clusterDns,
  PriorityClasses,
  SandboxRuntimes,
  throwIfProblems,
  validateDnsPresets,
  type DnsPreset,
} from "agentcloud";

const config = new pulumi.Config();
const namespace = config.get("namespace") ?? "my-agents";
// The DNS your cluster runs; agents may reach only it, on port 53. On GKE: kube-dns, gke-node-local-dns-cache,
// gke-cloud-dns (see DNS_PRESETS and PLATFORM_DNS).
const dnsPresets = config.getObject<DnsPreset[]>("clusterDns") ?? ["kube-dns"];
throwIfProblems("config", validateDnsPresets("byo-cluster:clusterDns", dnsPresets));
const dns = clusterDns(dnsPresets);

// The current kubeconfig context; pass `context` to pick another.
const provider = new k8s.Provider("cluster", { enableServerSideApply: true });

// gVisor only: your nodes need runsc installed and the label agentcloud.dev/sandbox=gvisor.
const runtimes = new SandboxRuntimes("sandbox", { runtimes: ["gvisor"] }, { provider });
const priorities = new PriorityClasses("priorities", {}, { provider });
const tenant = new AgentNamespace("tenant", { namespace, owner: "support-team", costCentre: "cc-4242", dns }, { provider });

// The namespace from the tenant: the agent's objects wait for it and its default-deny policy.
const agent = new Agent(
  "support-agent",
  {
    namespace: tenant.namespaceName,
    image: config.require("image"),
    sandbox: "gvisor",
    resources: { cpu: "250m", memory: "512Mi" },
    tools: [{ server: "zendesk", tools: ["get_ticket", "add_comment"] }],
    egress: ["acme.zendesk.com"],
  },
  { provider, dependsOn: [runtimes, priorities] },
);

export const serviceAccount = agent.serviceAccountName;
export const runtimeClass = agent.runtimeClassName;
