import * as pulumi from "@pulumi/pulumi";
import { throwIfProblems } from "../../validation";
import type { Intent } from "../../vocabulary";
import { kubernetesResource } from "../resources";
import { buildPriorityClasses, validatePriorityClassesSpec, type PriorityClassesSpec } from "./build";

/** Arguments of {@link PriorityClasses}. */
export interface PriorityClassesArgs extends PriorityClassesSpec {}

/**
 * Intent-aware scheduling classes for agents: `agentcloud-critical`, `agentcloud-standard` and
 * `agentcloud-batch` (which never preempts). Cluster-scoped; pass the Kubernetes provider in `opts`.
 */
export class PriorityClasses extends pulumi.ComponentResource {
  /** PriorityClass name per intent. */
  readonly names: pulumi.Output<Record<Intent, string>>;

  constructor(name: string, args: PriorityClassesArgs = {}, opts: pulumi.ComponentResourceOptions = {}) {
    throwIfProblems(`PriorityClasses "${name}"`, validatePriorityClassesSpec(args));
    super("agentcloud:kubernetes:PriorityClasses", name, {}, opts);
    const names = {} as Record<Intent, string>;
    for (const object of buildPriorityClasses(args)) {
      const intent = object.metadata!.name!.replace(/^agentcloud-/, "") as Intent;
      kubernetesResource(`${name}-${intent}`, object, { parent: this });
      names[intent] = object.metadata!.name!;
    }
    this.names = pulumi.output(names);
    this.registerOutputs({ names: this.names });
  }
}
