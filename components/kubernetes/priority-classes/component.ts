import * as pulumi from "@pulumi/pulumi";
import { throwIfProblems } from "../../validation";
import type { Intent } from "../../vocabulary";
import { registerObjects } from "../resources";
import { buildPriorityClasses } from "./build";
import type { PriorityClassesSpec } from "./spec";
import { validatePriorityClassesSpec } from "./validate";

/** Arguments of {@link PriorityClasses}. */
export type PriorityClassesArgs = PriorityClassesSpec;

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
    const objects = buildPriorityClasses(args);
    registerObjects(name, objects, this);
    this.names = pulumi.output(
      Object.fromEntries(objects.map(({ role, object }) => [role, object.metadata!.name!])) as Record<Intent, string>,
    );
    this.registerOutputs({ names: this.names });
  }
}
