import type * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { throwIfProblems } from "../../validation";
import type { WorkloadKind } from "../../vocabulary";
import { registerDeferredObjects, registerObjects } from "../resources";
import { buildAgent } from "./build";
import { agentSelector } from "./pod";
import { resolveAgent } from "./resolve";
import type { AgentArgs } from "./spec";
import { validateAgentArgs } from "./validate";

// Builds the shape of an agent whose namespace is not known yet: roles, kinds and fields do not depend on it.
const STAND_IN_NAMESPACE = "default";

/** The role of the object that runs the agent's pods, per workload kind. */
const WORKLOAD_ROLE: Record<WorkloadKind, string> = { deployment: "deployment", statefulset: "statefulset", "sandbox-pool": "warm-pool" };

/** Every problem with `args` (the message `Agent` throws), or nothing; for a namespace known only later, once it is known. */
function check(name: string, args: AgentArgs): void {
  throwIfProblems(`Agent "${name}"`, validateAgentArgs(name, args));
}

/**
 * One agent: its ServiceAccount (no automounted token, a projected token with an audience), its workload
 * (Deployment, StatefulSet, or agent-sandbox SandboxTemplate + SandboxWarmPool) under a sandbox RuntimeClass
 * with a Pod Security `restricted` context, a PodDisruptionBudget when replicated, and a NetworkPolicy that
 * admits only what it declares. The Kubernetes provider comes through `opts`.
 *
 * `namespace` may be another resource's output (an `AgentNamespace`'s `namespaceName`): the agent's objects then
 * wait for that resource, and the namespace is validated when it resolves, failing the plan with the same message a
 * plain value would.
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

  constructor(name: string, args: AgentArgs<pulumi.Input<string>>, opts: pulumi.ComponentResourceOptions = {}) {
    const namespace = args.namespace;
    if (typeof namespace === "string") check(name, { ...args, namespace });
    else {
      // Everything but the namespace is checked now; the namespace once it resolves (below).
      const problems = validateAgentArgs(name, args as AgentArgs).filter((p) => p.argument !== "namespace");
      throwIfProblems(`Agent "${name}"`, problems);
    }
    super("agentcloud:kubernetes:Agent", name, {}, opts);
    const agent = resolveAgent(name, { ...args, namespace: typeof namespace === "string" ? namespace : STAND_IN_NAMESPACE });
    const objects = buildAgent(agent);
    if (typeof namespace !== "string") {
      // Awaited by nothing on purpose: a failed check is an unhandled rejection, which fails the program with the
      // check's own message (as a rejected resource input it would be prefixed with property paths).
      void pulumi.output(namespace).apply((known) => check(name, { ...args, namespace: known }));
    }
    const resources =
      typeof namespace === "string"
        ? registerObjects(name, objects, this)
        : registerDeferredObjects(
            name,
            objects,
            pulumi.output(namespace).apply((known) => buildAgent(resolveAgent(name, { ...args, namespace: known }))),
            this,
          );

    // From the children, so whatever consumes an output also waits for the ServiceAccount or the workload.
    const serviceAccount = resources.get("service-account") as k8s.core.v1.ServiceAccount;
    const workload = resources.get(WORKLOAD_ROLE[agent.workload])!;
    const service = resources.get("service") as k8s.core.v1.Service | undefined;
    const after = <T>(resource: pulumi.Resource, value: T): pulumi.Output<T> => resource.urn.apply(() => value);
    this.agentName = serviceAccount.metadata.name;
    this.namespace = serviceAccount.metadata.namespace;
    this.serviceAccountName = serviceAccount.metadata.name;
    this.workload = after(workload, agent.workload);
    this.runtimeClassName = after(workload, agent.sandbox);
    this.podSelector = after(workload, agentSelector(agent));
    this.serviceName = service ? service.metadata.name : after(workload, undefined);
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
