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
  /** Name of the namespace. */
  readonly namespaceName: pulumi.Output<string>;

  constructor(name: string, args: AgentNamespaceArgs, opts: pulumi.ComponentResourceOptions = {}) {
    const spec: AgentNamespaceSpec = { ...args, namespace: args.namespace ?? name };
    throwIfProblems(`AgentNamespace "${name}"`, validateAgentNamespaceSpec(spec));
    super("agentcloud:kubernetes:AgentNamespace", name, {}, opts);
    const ns = registerObjects(name, buildAgentNamespace(spec), this).get("namespace") as k8s.core.v1.Namespace;
    // From the resource, so whatever consumes the name also waits for the namespace.
    this.namespaceName = ns.metadata.apply((m) => m.name);
    this.registerOutputs({ namespaceName: this.namespaceName });
  }
}
