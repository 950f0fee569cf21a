import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { throwIfProblems } from "../../validation";
import type { BuiltObject } from "../objects";
import { registerObjects } from "../resources";
import { buildAgentNetworkParts, networkPolicyNames } from "./build";
import type { FabricEnforcement, NetworkFabricKind } from "./fabric";
import type { AgentNetworkSpec } from "./spec";
import { validateAgentNetworkSpec } from "./validate";

/** Arguments of {@link AgentNetwork}. */
export interface AgentNetworkArgs extends AgentNetworkSpec {
  /**
   * What each tenant's policies must wait for, by tenant: its namespace (an `AgentNamespace`, whose children include the
   * Namespace), so each agent's policy is created in an existing namespace and waits for nothing else.
   * @default - nothing per tenant
   */
  tenantResources?: Record<string, pulumi.Resource>;
}

/**
 * The fleet's network on its fabric: the fabric's Helm release when agentcloud installs it (`${name}-cilium`, the
 * pinned chart), then the cluster-wide objects (the fabric's default deny for the tenants; on every fabric the
 * admission check that an agent pod runs as its agent's ServiceAccount, Kubernetes 1.30+) and each agent's policy,
 * all after the release (the Cilium operator creates the policy CRDs), each agent's also after its tenant's namespace. Validates the whole spec first.
 * Pass the Kubernetes provider in `opts`.
 */
export class AgentNetwork extends pulumi.ComponentResource {
  /** The fabric's kind. */
  readonly fabric: pulumi.Output<NetworkFabricKind>;
  /** What the fabric enforces, for the plan summary and the tenants' annotations. */
  readonly enforcement: pulumi.Output<FabricEnforcement>;
  /** The policies registered: `namespace/name` for namespaced ones, `name` for cluster-wide ones. */
  readonly policyNames: pulumi.Output<string[]>;
  private readonly shared: pulumi.Resource[];
  private readonly perAgent: Map<string, pulumi.Resource[]>;

  constructor(name: string, args: AgentNetworkArgs, opts: pulumi.ComponentResourceOptions = {}) {
    const { tenantResources = {}, ...spec } = args;
    throwIfProblems(`AgentNetwork "${name}"`, validateAgentNetworkSpec(spec));
    super("agentcloud:kubernetes:AgentNetwork", name, {}, opts);
    const { cluster, agents } = buildAgentNetworkParts(spec);
    const { release: chart } = spec.fabric;
    const release = chart
      ? new k8s.helm.v3.Release(
          `${name}-cilium`,
          {
            name: chart.name,
            chart: chart.chart,
            version: chart.version,
            namespace: chart.namespace,
            ...(chart.repo !== undefined && { repositoryOpts: { repo: chart.repo } }),
            values: chart.values,
          },
          { parent: this },
        )
      : undefined;
    // Explicit dependencies on exactly those resources: a component in dependsOn stands for all its children, so
    // depending on the whole network would make every object of every agent wait for every policy.
    const register = (objects: BuiltObject[], tenant?: pulumi.Resource) =>
      objects.length === 0
        ? []
        : [...registerObjects(name, objects, this, [...(release ? [release] : []), ...(tenant ? [tenant] : [])]).values()];
    const clusterResources = register(cluster);
    this.shared = [...(release ? [release] : []), ...clusterResources];
    this.perAgent = new Map(agents.map((a) => [`${a.namespace}/${a.name}`, register(a.objects, tenantResources[a.namespace])] as const));
    const all = [...clusterResources, ...[...this.perAgent.values()].flat()];
    const objects = [...cluster, ...agents.flatMap((a) => a.objects)];
    this.fabric = pulumi.output(spec.fabric.kind);
    this.enforcement = pulumi.output({ ...spec.fabric.enforcement });
    this.policyNames = pulumi.all(all.map((r) => r.urn)).apply(() => networkPolicyNames(objects));
    this.registerOutputs({ fabric: this.fabric, enforcement: this.enforcement, policyNames: this.policyNames });
  }

  /**
   * What one agent's pods must start after: the fabric's release, its cluster-wide objects and the agent's own
   * rules. Not the whole network: depending on it would make every object of every agent wait for every policy.
   */
  enforcementOf(agent: { namespace: string; name: string }): pulumi.Resource[] {
    return [...this.shared, ...(this.perAgent.get(`${agent.namespace}/${agent.name}`) ?? [])];
  }

  /**
   * What a workload that is no agent of the fleet (the MCP gateway) must start after: the fabric's release and its
   * cluster-wide objects, so its own policies apply on a fabric that is already there.
   */
  clusterEnforcement(): pulumi.Resource[] {
    return [...this.shared];
  }
}
