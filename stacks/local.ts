import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { AgentCloud } from "../components/blueprint/component";
import {
  clusterDns,
  DNS_PRESET_NAMES,
  PLATFORM_DNS,
  validateApiServerEndpoint,
  validateDnsPresets,
  type ApiServerEndpoint,
  type DnsPreset,
} from "../components/kubernetes/network/cluster-endpoints";
import type { NetworkFabric } from "../components/kubernetes/network/fabric";
import type { TokenIssuer } from "../components/kubernetes/mcp-gateway/spec";
import { checkTokenIssuer } from "../components/kubernetes/mcp-gateway/validate";
import { ciliumFabric, existingCiliumFabric, networkPolicyOnlyFabric } from "../components/kubernetes/network/fabrics";
import type { CiliumFabricOptions } from "../components/kubernetes/network/cilium-values";
import type { ExistingCiliumSettings } from "../components/kubernetes/network/spec";
import { ArgumentError, type ValidationProblem } from "../components/validation";
import { SANDBOX_RUNTIMES, type SandboxRuntime } from "../components/vocabulary";
import { referenceFleet } from "./agents";
import { fromProblems, loadStackConfig, type ConfigKey } from "./config";
import { FLEET_CONFIG } from "./fleet-config";

/** Network fabrics the `local` stack can run on. */
export const LOCAL_FABRICS = ["cilium", "cilium-existing", "networkpolicy-only"] as const;
/** One of {@link LOCAL_FABRICS}. */
export type LocalFabric = (typeof LOCAL_FABRICS)[number];

/** The `local` stack's config keys (documented in Pulumi.local.yaml). */
export const LOCAL_CONFIG = {
  kubeconfigContext: {
    type: "string",
    default: "",
    description: "kubeconfig context of the target cluster; empty for the current context",
  } as ConfigKey<string>,
  namespace: FLEET_CONFIG.namespace,
  owner: FLEET_CONFIG.owner,
  costCentre: FLEET_CONFIG.costCentre,
  installKata: {
    type: "boolean",
    default: false,
    description: "install Kata Containers with the upstream kata-deploy chart",
  } as ConfigKey<boolean>,
  platformRuntimeClasses: {
    type: "array",
    default: [],
    description: "sandbox RuntimeClasses the cluster already provides (not rendered)",
    check: (v) =>
      v.every((r) => (SANDBOX_RUNTIMES as readonly unknown[]).includes(r))
        ? undefined
        : { problem: `must list only ${SANDBOX_RUNTIMES.join(", ")}`, fix: `e.g. ["gvisor"] on GKE Sandbox` },
  } as ConfigKey<string[]>,
  clusterDns: {
    type: "array",
    default: ["kube-dns"],
    description: `DNS set-ups of the cluster agents may resolve through (port 53 only): ${DNS_PRESET_NAMES.join(", ")}`,
    check: (v) => {
      const issue = fromProblems(validateDnsPresets("", v));
      return issue && { ...issue, fix: `list names from ${DNS_PRESET_NAMES.join(", ")}; on GKE: ${JSON.stringify(PLATFORM_DNS.gke)}` };
    },
  } as ConfigKey<string[]>,
  apiServer: {
    type: "object",
    default: {},
    description:
      "where the API server is, {cidrs, ports}: agents that claim sandboxes (default private ranges on 443/6443) and the sandbox controller (default any address on 443/6443) may reach it there",
    check: (v) => fromProblems(validateApiServerEndpoint("", v)),
  } as ConfigKey<ApiServerEndpoint>,
  networkFabric: {
    type: "string",
    default: "cilium",
    description: `the network fabric that enforces the agents' rules on the node: ${LOCAL_FABRICS.join(", ")}`,
    check: (v) =>
      (LOCAL_FABRICS as readonly string[]).includes(v)
        ? undefined
        : { problem: `must be one of ${LOCAL_FABRICS.join(", ")}`, fix: `use "cilium" on a cluster without a CNI policy engine` },
  } as ConfigKey<string>,
  cilium: {
    type: "object",
    default: {},
    description:
      "options of the Cilium agentcloud installs (networkFabric cilium): {encryption, nodeEncryption, kubeProxyReplacement, operatorReplicas}",
  } as ConfigKey<CiliumFabricOptions>,
  existingCilium: {
    type: "object",
    default: {},
    description:
      "settings of the Cilium the cluster already runs (networkFabric cilium-existing), as read from cilium-config: {encryption, kubeProxyReplacement, socketLBHostNamespaceOnly, l7Proxy, policyEnforcementMode, unsafeNoEncryption}",
  } as ConfigKey<Partial<ExistingCiliumSettings>>,
  unsafeNetworkPolicyOnlyReason: {
    type: "string",
    default: "",
    description:
      "why the cluster runs without Cilium (networkFabric networkpolicy-only): no FQDN egress, no encryption, no fabric-level default deny",
  } as ConfigKey<string>,
  tokenIssuer: {
    type: "object",
    default: {},
    description:
      "who issues the agents' ServiceAccount tokens, {issuer, jwks: {url} or {inline}}, checked by the gateway; empty for the API server (its JWKS at /openid/v1/jwks)",
    check: (v) => (Object.keys(v).length === 0 ? undefined : fromProblems(checkTokenIssuer("", v))),
  } as ConfigKey<Partial<TokenIssuer>>,
  observability: FLEET_CONFIG.observability,
  codeInterpreterWarmPool: FLEET_CONFIG.codeInterpreterWarmPool,
};

type LocalConfig = { [K in keyof typeof LOCAL_CONFIG]: (typeof LOCAL_CONFIG)[K]["default"] };

/** The config key each fabric takes its settings from. */
const FABRIC_KEY: Record<LocalFabric, keyof typeof LOCAL_CONFIG> = {
  cilium: "cilium",
  "cilium-existing": "existingCilium",
  "networkpolicy-only": "unsafeNetworkPolicyOnlyReason",
};

/**
 * The fabric the config names, made from the settings it needs. Its problems (a missing acknowledgement, settings
 * that break sandboxed pods) are reported as config problems, naming the key; the settings of the other fabrics must
 * be left unset, so a stale key is not mistaken for one in force.
 */
export function fabricFromConfig(config: LocalConfig): NetworkFabric {
  const kind = config.networkFabric as LocalFabric;
  const fabric =
    kind === "cilium"
      ? ciliumFabric(config.cilium)
      : kind === "cilium-existing"
        ? existingCiliumFabric(config.existingCilium as ExistingCiliumSettings)
        : networkPolicyOnlyFabric({ unsafeNetworkPolicyOnly: { reason: config.unsafeNetworkPolicyOnlyReason } });
  const own = FABRIC_KEY[kind];
  const problems: ValidationProblem[] = (fabric.problems ?? []).map((p) => ({
    ...p,
    argument: `agentcloud:${own}${kind === "networkpolicy-only" ? "" : `.${p.argument}`}`,
  }));
  for (const [other, key] of Object.entries(FABRIC_KEY)) {
    const value = config[key];
    const set = typeof value === "string" ? value !== "" : Object.keys(value as object).length > 0;
    if (other !== kind && set) {
      problems.push({
        argument: `agentcloud:${key}`,
        value,
        problem: `applies only to networkFabric ${other}, but networkFabric is ${kind}`,
        fix: `remove agentcloud:${key}, or set agentcloud:networkFabric to ${other}`,
      });
    }
  }
  if (kind === "networkpolicy-only" && Object.keys(config.apiServer).length === 0) {
    problems.push({
      argument: "agentcloud:apiServer",
      value: config.apiServer,
      problem:
        "must be stated on networkFabric networkpolicy-only: research-assistant claims sandboxes, and a NetworkPolicy reaches the API server only by address (the default private ranges would open every host in them)",
      fix: `state the control-plane endpoints (kubectl get endpointslices -n default -l kubernetes.io/service-name=kubernetes), e.g. {"cidrs": ["172.18.0.2/32"], "ports": [6443]}`,
    });
  }
  if (problems.length > 0) throw new ArgumentError(`stack "${pulumi.getStack()}" config`, problems);
  return fabric;
}

/**
 * The `local` reference stack: agentcloud on a bring-your-own cluster from the current kubeconfig, with the reference
 * fleet (`stacks/agents.ts`) and its tool registry on Cilium by default, the MCP and A2A gateway derived from it, and
 * the monitoring stack (`agentcloud:observability`).
 */
export function localStack() {
  const config = loadStackConfig("agentcloud", LOCAL_CONFIG);
  const network = fabricFromConfig(config);
  const apiServer = Object.keys(config.apiServer).length > 0 ? config.apiServer : undefined;
  const tokenIssuer = Object.keys(config.tokenIssuer).length > 0 ? (config.tokenIssuer as TokenIssuer) : undefined;
  const provider = new k8s.Provider("local", {
    ...(config.kubeconfigContext && { context: config.kubeconfigContext }),
    enableServerSideApply: true,
  });
  const cloud = new AgentCloud("agentcloud", {
    platform: {
      provider,
      name: "local",
      runtimeClasses: config.platformRuntimeClasses as SandboxRuntime[],
      installKata: config.installKata,
      network,
      dns: clusterDns(config.clusterDns as DnsPreset[]),
      ...(apiServer && { apiServer }),
      ...(tokenIssuer && { tokenIssuer }),
    },
    ...referenceFleet({
      namespace: config.namespace,
      owner: config.owner,
      costCentre: config.costCentre,
      codeInterpreterWarmPool: config.codeInterpreterWarmPool,
      // The gateway reaches the remote DeepWiki server by FQDN egress, which networkpolicy-only lacks.
      remoteTools: network.enforcement.fqdnEgress,
    }),
    observability: config.observability,
  });
  return {
    namespaces: cloud.namespaces,
    runtimeClasses: cloud.runtimeClasses,
    // The same list goes to the agentcloud-sandbox-runtime-class-handler policy's platformRuntimeClasses.
    platformRuntimeClasses: cloud.platformRuntimeClasses,
    agents: cloud.agents,
    networkFabric: cloud.networkFabric,
    // Where agents reach the MCP and A2A gateway, and the audience of their tokens.
    gateway: cloud.gateway,
    // The monitoring namespace and the Grafana and Prometheus Services (port-forward to reach them).
    observability: cloud.observability,
  };
}
