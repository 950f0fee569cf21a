import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { throwIfProblems } from "../../validation";
import { UPSTREAM } from "../../vocabulary";
import { registerObjects } from "../resources";
import { buildSandboxRuntimes } from "./build";
import { availableRuntimeClassNames } from "./resolve";
import { KATA_DEPLOY_TIMEOUT_SECONDS, type SandboxRuntimesSpec } from "./spec";
import { validateSandboxRuntimesSpec } from "./validate";
import { kataDeployValues } from "./values";

/** Arguments of {@link SandboxRuntimes}. */
export type SandboxRuntimesArgs = SandboxRuntimesSpec;

/**
 * Sandbox RuntimeClasses for agents: `gvisor` (handler `runsc`) and the Kata classes `kata-qemu` and `kata-clh`
 * (`kata-fc` on request), each with its pod overhead and pinned to its sandbox nodes. Optionally installs Kata with the upstream
 * kata-deploy chart. Cluster-scoped; pass the Kubernetes provider in `opts`.
 */
export class SandboxRuntimes extends pulumi.ComponentResource {
  /** RuntimeClass names agents may use: those rendered here plus those the platform provides. */
  readonly runtimeClassNames: pulumi.Output<string[]>;

  constructor(name: string, args: SandboxRuntimesArgs = {}, opts: pulumi.ComponentResourceOptions = {}) {
    throwIfProblems(`SandboxRuntimes "${name}"`, validateSandboxRuntimesSpec(args));
    super("agentcloud:kubernetes:SandboxRuntimes", name, {}, opts);
    registerObjects(name, buildSandboxRuntimes(args), this);
    if (args.installKata) {
      new k8s.helm.v3.Release(
        `${name}-kata-deploy`,
        {
          name: "kata-deploy",
          chart: UPSTREAM.kataDeploy.chart,
          version: UPSTREAM.kataDeploy.version,
          namespace: "kube-system",
          values: kataDeployValues(args),
          // The chart's DaemonSet rollout budget, not Pulumi's 300 s default.
          timeout: args.kataDeployTimeoutSeconds ?? KATA_DEPLOY_TIMEOUT_SECONDS,
        },
        { parent: this },
      );
    }
    this.runtimeClassNames = pulumi.output(availableRuntimeClassNames(args));
    this.registerOutputs({ runtimeClassNames: this.runtimeClassNames });
  }
}
