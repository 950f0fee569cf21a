import type * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { throwIfProblems } from "../../validation";
import { kubernetesResource } from "../resources";
import { buildAgentSandboxController, validateAgentSandboxControllerSpec, type AgentSandboxControllerSpec } from "./build";

/** Arguments of {@link AgentSandboxController}. */
export interface AgentSandboxControllerArgs extends AgentSandboxControllerSpec {}

const CLUSTER_SCOPED = new Set(["CustomResourceDefinition", "Namespace", "ClusterRole", "ClusterRoleBinding"]);

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
    const objects = buildAgentSandboxController(args);

    const crds: k8s.apiextensions.v1.CustomResourceDefinition[] = [];
    const bindings: pulumi.Resource[] = [];
    let namespace: k8s.core.v1.Namespace | undefined;
    for (const { role, object } of objects) {
      const kind = object.kind!;
      // Namespaced objects wait for their namespace; the controller waits for the CRDs it patches at startup and
      // for its RBAC, so its first start does not crash-loop.
      const dependsOn = kind === "Deployment" ? [namespace!, ...crds, ...bindings] : CLUSTER_SCOPED.has(kind) ? [] : [namespace!];
      const resource = kubernetesResource(`${name}-${role}`, object, { parent: this, dependsOn });
      if (kind === "CustomResourceDefinition") crds.push(resource as k8s.apiextensions.v1.CustomResourceDefinition);
      if (kind === "Namespace") namespace = resource as k8s.core.v1.Namespace;
      if (kind.endsWith("RoleBinding")) bindings.push(resource);
    }

    // From the resources, so consumers of the outputs wait for them.
    this.namespaceName = namespace!.metadata.name;
    this.crdNames = pulumi.all(crds.map((crd) => crd.metadata.name));
    this.registerOutputs({ namespaceName: this.namespaceName, crdNames: this.crdNames });
  }
}
