import type * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { throwIfProblems } from "../../validation";
import { registerObjects } from "../resources";
import { buildAgentSandboxController } from "./build";
import type { AgentSandboxControllerSpec } from "./spec";
import { validateAgentSandboxControllerSpec } from "./validate";

/** Arguments of {@link AgentSandboxController}. */
export type AgentSandboxControllerArgs = AgentSandboxControllerSpec;

/**
 * The kubernetes-sigs/agent-sandbox controller of the pinned release (v0.5.6) with its extensions
 * (SandboxTemplate, SandboxClaim, SandboxWarmPool), as typed resources: CRDs, a Pod Security `restricted`
 * namespace, least-privilege RBAC, the hardened controller Deployment, metrics and conversion-webhook Services and
 * a default-deny NetworkPolicy. Pass the Kubernetes provider in `opts`.
 */
export class AgentSandboxController extends pulumi.ComponentResource {
  /** Namespace the controller runs in. */
  readonly namespaceName: pulumi.Output<string>;
  /** Names of the CRDs this component installed (empty when `installCrds` is false). */
  readonly crdNames: pulumi.Output<string[]>;

  constructor(name: string, args: AgentSandboxControllerArgs = {}, opts: pulumi.ComponentResourceOptions = {}) {
    throwIfProblems(`AgentSandboxController "${name}"`, validateAgentSandboxControllerSpec(args));
    super("agentcloud:kubernetes:AgentSandboxController", name, {}, opts);
    const resources = registerObjects(name, buildAgentSandboxController(args), this);
    const namespace = resources.get("namespace") as k8s.core.v1.Namespace;
    const crds = [...resources]
      .filter(([role]) => role.startsWith("crd-"))
      .map(([, crd]) => crd as k8s.apiextensions.v1.CustomResourceDefinition);

    // From the resources, so consumers of the outputs wait for them.
    this.namespaceName = namespace.metadata.name;
    this.crdNames = pulumi.all(crds.map((crd) => crd.metadata.name));
    this.registerOutputs({ namespaceName: this.namespaceName, crdNames: this.crdNames });
  }
}
