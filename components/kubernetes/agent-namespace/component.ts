import type * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { throwIfProblems } from "../../validation";
import { registerObjects } from "../resources";
import { buildAgentNamespace } from "./build";
import type { AgentNamespaceSpec } from "./spec";
import { validateAgentNamespaceSpec } from "./validate";

/** Arguments of {@link AgentNamespace}. */
export interface AgentNamespaceArgs extends Omit<AgentNamespaceSpec, "namespace"> {
  /**
   * Namespace name (DNS label); also the tenant name.
   * @default the component name
   */
  namespace?: string;
}

/**
 * A tenant namespace for agents: Pod Security `restricted`, default-deny networking (DNS only), a ResourceQuota with
 * a GPU cap, and container defaults. Pass the Kubernetes provider in `opts`.
 */
export class AgentNamespace extends pulumi.ComponentResource {
  /** Name of the namespace; known once the namespace and every object in it are registered. */
  readonly namespaceName: pulumi.Output<string>;

  constructor(name: string, args: AgentNamespaceArgs, opts: pulumi.ComponentResourceOptions = {}) {
    const spec: AgentNamespaceSpec = { ...args, namespace: args.namespace ?? name };
    throwIfProblems(`AgentNamespace "${name}"`, validateAgentNamespaceSpec(spec));
    super("agentcloud:kubernetes:AgentNamespace", name, {}, opts);
    const resources = registerObjects(name, buildAgentNamespace(spec), this);
    const ns = resources.get("namespace") as k8s.core.v1.Namespace;
    // From the resources, so whatever consumes the name waits for the whole tenant: an agent's pods never start
    // before the default-deny NetworkPolicy, the quota and the container defaults exist.
    const others = [...resources.values()].filter((r) => r !== ns).map((r) => r.urn);
    this.namespaceName = pulumi.all([ns.metadata.apply((m) => m.name), ...others]).apply(([namespace]) => namespace);
    this.registerOutputs({ namespaceName: this.namespaceName });
  }
}
