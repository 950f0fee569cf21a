import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { throwIfProblems } from "../../validation";
import { registerDeferredObjects, registerObjects } from "../resources";
import { buildAgentNetwork, networkPolicyNames } from "./build";
import type { FabricEnforcement, NetworkFabricKind } from "./fabric";
import type { AgentNetworkSpec } from "./spec";
import { validateAgentNetworkSpec } from "./validate";

/** Arguments of {@link AgentNetwork}. */
export type AgentNetworkArgs = AgentNetworkSpec;

/**
 * The fleet's network on its fabric: the fabric's Helm release when agentcloud installs it (`${name}-cilium`, the
 * pinned chart), then the fabric's cluster-wide objects and each agent's policy, all after the release (the Cilium
 * operator creates the policy CRDs). Validates the whole spec first. Pass the Kubernetes provider in `opts`.
 */
export class AgentNetwork extends pulumi.ComponentResource {
  /** The fabric's kind. */
  readonly fabric: pulumi.Output<NetworkFabricKind>;
  /** What the fabric enforces, for the plan summary and the tenants' annotations. */
  readonly enforcement: pulumi.Output<FabricEnforcement>;
  /** The policies registered: `namespace/name` for namespaced ones, `name` for cluster-wide ones. */
  readonly policyNames: pulumi.Output<string[]>;

  constructor(name: string, args: AgentNetworkArgs, opts: pulumi.ComponentResourceOptions = {}) {
    throwIfProblems(`AgentNetwork "${name}"`, validateAgentNetworkSpec(args));
    super("agentcloud:kubernetes:AgentNetwork", name, {}, opts);
    const objects = buildAgentNetwork(args);
    const { release: chart } = args.fabric;
    let resources: Map<string, pulumi.CustomResource>;
    if (chart) {
      const release = new k8s.helm.v3.Release(
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
      );
      // Through the release's URN (known in previews), so every policy waits for the release and its CRDs.
      resources = registerDeferredObjects(
        name,
        objects,
        release.urn.apply(() => objects),
        this,
      );
    } else {
      resources = registerObjects(name, objects, this);
    }
    const after = <T>(value: T): pulumi.Output<T> => pulumi.all([...resources.values()].map((r) => r.urn)).apply(() => value);
    this.fabric = pulumi.output(args.fabric.kind);
    this.enforcement = pulumi.output({ ...args.fabric.enforcement });
    this.policyNames = after(networkPolicyNames(objects));
    this.registerOutputs({ fabric: this.fabric, enforcement: this.enforcement, policyNames: this.policyNames });
  }
}
