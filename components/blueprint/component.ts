import type * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { Agent } from "../kubernetes/agent/component";
import { resolveAgent } from "../kubernetes/agent/resolve";
import { AgentNamespace } from "../kubernetes/agent-namespace/component";
import { McpGateway } from "../kubernetes/mcp-gateway/component";
import { DEFAULT_GATEWAY_NAMESPACE } from "../kubernetes/mcp-gateway/endpoint";
import { AuditPipeline } from "../kubernetes/audit/component";
import { Observability } from "../kubernetes/observability/component";
import { AgentSandboxController } from "../kubernetes/agent-sandbox/component";
import { AgentNetwork } from "../kubernetes/network/component";
import type { FabricEnforcement, NetworkFabricKind } from "../kubernetes/network/fabric";
import { PriorityClasses } from "../kubernetes/priority-classes/component";
import { registerObjects } from "../kubernetes/resources";
import { SandboxRuntimes } from "../kubernetes/sandbox-runtimes/component";
import { throwIfProblems } from "../validation/argument-error";
import type { WorkloadKind } from "../vocabulary";
import { buildFleetObjects } from "./build";
import { fleetGatewayArgs } from "./gateway";
import { fleetGraph } from "./graph";
import { fleetScrapeTargets } from "./observability";
import {
  fleetAgentArgs,
  fleetIdentityEndpoints,
  fleetRuntimes,
  needsSandboxController,
  resolvePlatform,
  tenantNamespaceSpec,
} from "./resolve";
import { FLEET_GRAPH_KEY, type AgentCloudSpec } from "./spec";
import { validateAgentCloudArgs } from "./validate";

/**
 * Arguments of {@link AgentCloud}: the platform (with the cluster's Kubernetes provider), tenants, agents, the tool
 * registry, gateway options and the monitoring's options.
 */
export type AgentCloudArgs = AgentCloudSpec<k8s.Provider>;

/** What the fleet hands out per agent. */
export interface FleetAgentOutput {
  /** The agent's ServiceAccount, which a cloud layer binds to a cloud identity. */
  serviceAccount: string;
  /** Its namespace. */
  namespace: string;
  /** Its workload kind. */
  workload: WorkloadKind;
}

/** The fleet's MCP and A2A gateway, as `AgentCloud` hands it out. */
export interface FleetGatewayOutput {
  /** The gateway's namespace. */
  namespace: string;
  /** The MCP URL agents with tool grants use (`AGENTCLOUD_MCP_URL`). */
  mcpUrl: string;
  /** The A2A base URL agents that delegate use (`AGENTCLOUD_A2A_URL`). */
  a2aUrl: string;
  /** The audience every agent's token carries. */
  audience: string;
}

/** The fleet's monitoring stack, as `AgentCloud` hands it out. */
export interface FleetObservabilityOutput {
  /** The monitoring namespace. */
  namespace: string;
  /** Grafana's Service (ClusterIP; `kubectl port-forward`), empty when Grafana is off. */
  grafanaService: string;
  /** Prometheus's Service (ClusterIP). */
  prometheusService: string;
}

/** The fleet's audit shipper, as `AgentCloud` hands it out (the cloud layer binds its identity). */
export interface FleetAuditOutput {
  /** The shipper's namespace. */
  namespace: string;
  /** The shipper's ServiceAccount. */
  serviceAccount: string;
  /** Its `system:serviceaccount:<namespace>:<name>` subject. */
  subject: string;
}

/** The fleet's network fabric, as `AgentCloud` hands it out. */
export interface FleetNetworkOutput {
  /** Which fabric enforces the fleet's rules. */
  kind: NetworkFabricKind;
  /** What it enforces. */
  enforcement: FabricEnforcement;
}

/**
 * The agent cloud of one cluster, declared in one place: sandbox RuntimeClasses, PriorityClasses, the agent-sandbox
 * controller (when an agent is a `sandbox-pool`), one `AgentNamespace` per tenant, the `AgentNetwork` enforced by the
 * platform's fabric, and one `Agent` per declaration, with the platform injected and each agent's callers derived
 * from the fleet's `delegatesTo`. The whole fleet is validated first; nothing is created when anything is wrong.
 * Agents wait for the runtimes, priorities, controller, their namespace and the network, so their pods start under
 * enforcement. When an agent declares tools or delegates to an agent that is not a sandbox pool, the `McpGateway`
 * derived from the fleet (`fleetGatewayArgs`: the registry, every grant and A2A edge, the platform's token issuer) is
 * created too; agents do not wait for it (their calls retry, and its rules need nothing of theirs). Unless
 * `observability` is `false`, the `Observability` stack (kube-prometheus-stack with agentcloud's dashboards and alerts)
 * is created after the network's cluster-wide enforcement, scraping what the fleet has (`fleetScrapeTargets`: the
 * gateway, Cilium and Hubble, the sandbox controller, DCGM on GPU platforms, agents that declare `metrics`); agents and
 * the gateway admit its Prometheus on their metrics ports only. The fleet graph (Mermaid) goes to the
 * `agentcloud-fleet` ConfigMap, which the offline plan writes to `out/<stack>/agent-graph.mmd`. The Kubernetes
 * provider comes from `platform.provider`.
 */
export class AgentCloud extends pulumi.ComponentResource {
  /** Tenant namespace names, once each tenant's objects exist. */
  readonly namespaces: pulumi.Output<string[]>;
  /** RuntimeClass names agents may use: rendered here plus those the platform provides. */
  readonly runtimeClasses: pulumi.Output<string[]>;
  /** RuntimeClasses the platform provides (not rendered): the `platformRuntimeClasses` of the runtime-class policy. */
  readonly platformRuntimeClasses: pulumi.Output<string[]>;
  /** Per agent (by key): ServiceAccount, namespace and workload kind. */
  readonly agents: pulumi.Output<Record<string, FleetAgentOutput>>;
  /** The network fabric's kind and what it enforces. */
  readonly networkFabric: pulumi.Output<FleetNetworkOutput>;
  /** The fleet graph (Mermaid), as stored in the `agentcloud-fleet` ConfigMap. */
  readonly graph: pulumi.Output<string>;
  /** The MCP and A2A gateway's namespace, URLs and audience; `undefined` when the fleet has no gateway. */
  readonly gateway: pulumi.Output<FleetGatewayOutput | undefined>;
  /** The monitoring namespace and the Grafana and Prometheus Services; `undefined` with `observability: false`. */
  readonly observability: pulumi.Output<FleetObservabilityOutput | undefined>;
  /** The audit shipper's namespace, ServiceAccount and subject; `undefined` without `audit`. */
  readonly audit: pulumi.Output<FleetAuditOutput | undefined>;

  constructor(name: string, args: AgentCloudArgs, opts: pulumi.ComponentResourceOptions = {}) {
    throwIfProblems(`AgentCloud "${name}"`, validateAgentCloudArgs(args));
    // The provider on the component, so every child (the fleet objects registered below too) inherits it.
    super("agentcloud:blueprint:AgentCloud", name, {}, { ...opts, provider: args.platform.provider });
    const { platform } = args;
    const child = { parent: this, provider: platform.provider };
    const resolved = resolvePlatform(platform);
    const tenantNames = Object.keys(args.tenants);
    const fleetArgs = fleetAgentArgs(args);
    const fleet = Object.entries(fleetArgs).map(([key, agentArgs]) => resolveAgent(key, agentArgs));

    const runtimes = new SandboxRuntimes(
      `${name}-runtimes`,
      { runtimes: fleetRuntimes(args), platformProvided: resolved.runtimeClasses, installKata: resolved.installKata },
      child,
    );
    const priorities = new PriorityClasses(`${name}-priorities`, {}, child);
    const controller = needsSandboxController(args)
      ? new AgentSandboxController(
          `${name}-agent-sandbox`,
          { dns: resolved.dns, ...(platform.apiServer && { apiServer: platform.apiServer }) },
          child,
        )
      : undefined;
    const tenants = new Map(
      Object.entries(args.tenants).map(([namespace, tenant]) => [
        namespace,
        new AgentNamespace(`${name}-tenant-${namespace}`, tenantNamespaceSpec(args, namespace, tenant), child),
      ]),
    );
    const network = new AgentNetwork(
      `${name}-network`,
      {
        fabric: platform.network,
        agents: fleet,
        tenants: tenantNames,
        tenantResources: Object.fromEntries(tenants),
        dns: resolved.dns,
        // Every endpoint some agent's binding uses stays out of the metadata denial; each agent's rules allow its own.
        identityEndpoints: fleetIdentityEndpoints(resolved.identityEndpoints, fleet),
      },
      { ...child },
    );
    const before = [runtimes, priorities, ...(controller ? [controller] : [])];
    const agents = Object.entries(fleetArgs).map(([key, agentArgs], i) => {
      const dependsOn = [...before, tenants.get(agentArgs.namespace)!, ...network.enforcementOf(fleet[i])];
      return [key, new Agent(`${name}-${key}`, agentArgs, { ...child, dependsOn })] as const;
    });

    const gatewayArgs = fleetGatewayArgs(args);
    const gateway =
      gatewayArgs &&
      new McpGateway(
        `${name}-gateway`,
        // After the fabric's release (its CRDs) and cluster-wide objects: what every agent's enforcement starts from.
        {
          ...gatewayArgs,
          after: network.clusterEnforcement(),
          ...(platform.lateBound && { lateBound: platform.lateBound as Record<string, pulumi.Input<string>> }),
        },
        child,
      );

    const monitoring =
      args.observability === false
        ? undefined
        : new Observability(
            `${name}-observability`,
            { ...args.observability, scrape: fleetScrapeTargets(args) },
            // After the fabric's release and cluster-wide objects, like the gateway.
            { ...child, dependsOn: network.clusterEnforcement() },
          );

    const audit =
      args.audit &&
      new AuditPipeline(
        `${name}-audit`,
        { ...args.audit, tenants: tenantNames, gatewayNamespace: gatewayArgs?.namespace ?? DEFAULT_GATEWAY_NAMESPACE },
        child,
      );

    const resources = registerObjects(
      name,
      buildFleetObjects({
        graph: fleetGraph({ tenants: tenantNames, agents: fleet, servers: args.tools ?? [] }),
        enforcement: platform.network.enforcement,
      }),
      this,
    );
    const configMap = resources.get("fleet-graph") as k8s.core.v1.ConfigMap;

    this.namespaces = pulumi.all([...tenants.values()].map((t) => t.namespaceName));
    this.runtimeClasses = runtimes.runtimeClassNames;
    this.platformRuntimeClasses = pulumi.output(resolved.runtimeClasses);
    const perAgent: Record<string, pulumi.Output<FleetAgentOutput>> = Object.fromEntries(
      agents.map(([key, a]) => [
        key,
        pulumi.output({ serviceAccount: a.serviceAccountName, namespace: a.namespace, workload: a.workload }),
      ]),
    );
    this.agents = pulumi.all(perAgent);
    // From the network, so consumers wait for its release and policies.
    this.networkFabric = pulumi
      .all([network.fabric, network.enforcement, network.policyNames])
      .apply(([kind, enforcement]) => ({ kind, enforcement }));
    this.graph = configMap.data.apply((data) => data[FLEET_GRAPH_KEY]);
    this.gateway = gateway
      ? pulumi
          .all([gateway.namespaceName, gateway.mcpUrl, gateway.a2aUrl, gateway.audience])
          .apply(([namespace, mcpUrl, a2aUrl, audience]) => ({ namespace, mcpUrl, a2aUrl, audience }))
      : pulumi.output(undefined);
    this.observability = monitoring
      ? pulumi
          .all([monitoring.namespaceName, monitoring.grafanaService, monitoring.prometheusService])
          .apply(([namespace, grafanaService, prometheusService]) => ({ namespace, grafanaService, prometheusService }))
      : pulumi.output(undefined);
    this.audit = audit
      ? pulumi
          .all([audit.namespaceName, audit.serviceAccountName, audit.subject])
          .apply(([namespace, serviceAccount, subject]) => ({ namespace, serviceAccount, subject }))
      : pulumi.output(undefined);
    this.registerOutputs({
      audit: this.audit,
      namespaces: this.namespaces,
      runtimeClasses: this.runtimeClasses,
      platformRuntimeClasses: this.platformRuntimeClasses,
      agents: this.agents,
      networkFabric: this.networkFabric,
      graph: this.graph,
      gateway: this.gateway,
      observability: this.observability,
    });
  }
}
