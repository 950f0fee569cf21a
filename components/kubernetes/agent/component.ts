import * as pulumi from "@pulumi/pulumi";
import { throwIfProblems } from "../../validation";
import type { WorkloadKind } from "../../vocabulary";
import { kubernetesResource } from "../resources";
import { buildAgent } from "./build";
import { agentSelector } from "./pod";
import { resolveAgent } from "./resolve";
import type { AgentArgs } from "./spec";
import { validateAgentArgs } from "./validate";

/**
 * One agent: its ServiceAccount (no automounted token, a projected token with an audience), its workload
 * (Deployment, StatefulSet, or agent-sandbox SandboxTemplate + SandboxWarmPool) under a sandbox RuntimeClass
 * with a Pod Security `restricted` context, a PodDisruptionBudget when replicated, and a NetworkPolicy that
 * admits only what it declares. The Kubernetes provider comes through `opts`.
 */
export class Agent extends pulumi.ComponentResource {
  /** The agent's name (objects and the `agentcloud.dev/agent` label). */
  readonly agentName: pulumi.Output<string>;
  /** Its namespace. */
  readonly namespace: pulumi.Output<string>;
  /** Its ServiceAccount, which the cloud layer binds to a cloud identity. */
  readonly serviceAccountName: pulumi.Output<string>;
  /** Its workload kind. */
  readonly workload: pulumi.Output<WorkloadKind>;
  /** The RuntimeClass it runs under, or `none` when opted out. */
  readonly runtimeClassName: pulumi.Output<string>;
  /** Labels that select its pods. */
  readonly podSelector: pulumi.Output<Record<string, string>>;
  /** Its Service name (absent for a sandbox-pool, whose sandboxes get their own). */
  readonly serviceName: pulumi.Output<string | undefined>;

  constructor(name: string, args: AgentArgs, opts: pulumi.ComponentResourceOptions = {}) {
    throwIfProblems(`Agent "${name}"`, validateAgentArgs(name, args));
    super("agentcloud:kubernetes:Agent", name, {}, opts);
    const agent = resolveAgent(name, args);
    for (const { role, object } of buildAgent(agent)) kubernetesResource(`${name}-${role}`, object, { parent: this });

    this.agentName = pulumi.output(agent.name);
    this.namespace = pulumi.output(agent.namespace);
    this.serviceAccountName = pulumi.output(agent.name);
    this.workload = pulumi.output(agent.workload);
    this.runtimeClassName = pulumi.output(agent.sandbox);
    this.podSelector = pulumi.output(agentSelector(agent));
    this.serviceName = pulumi.output(agent.workload === "sandbox-pool" ? undefined : agent.name);
    this.registerOutputs({
      agentName: this.agentName,
      namespace: this.namespace,
      serviceAccountName: this.serviceAccountName,
      workload: this.workload,
      runtimeClassName: this.runtimeClassName,
      podSelector: this.podSelector,
      serviceName: this.serviceName,
    });
  }
}
