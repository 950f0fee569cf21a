import type * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { throwIfProblems } from "../../validation";
import { kubernetesResource } from "../resources";
import { buildAgentSandboxController, validateAgentSandboxControllerSpec, type AgentSandboxControllerSpec } from "./build";

/** Arguments of {@link AgentSandboxController}. */
export interface AgentSandboxControllerArgs extends AgentSandboxControllerSpec {}

const CLUSTER_SCOPED = new Set(["CustomResourceDefinition", "Namespace", "ClusterRole", "ClusterRoleBinding"]);
const PREREQUISITES = new Set(["ServiceAccount", "ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding", "NetworkPolicy"]);

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
    // Everything the controller needs before its first start: CRDs it patches, its ServiceAccount, RBAC and
    // NetworkPolicies (a pod started before its egress is allowed cannot reach the API server and crash-loops).
    const prerequisites: pulumi.Resource[] = [];
    let namespace: k8s.core.v1.Namespace | undefined;
    const deployments: typeof objects = [];
    for (const entry of objects) {
      const kind = entry.object.kind!;
      if (kind === "Deployment") {
        deployments.push(entry);
        continue;
      }
      // Namespaced objects wait for their namespace.
      const dependsOn = CLUSTER_SCOPED.has(kind) ? [] : [namespace!];
      const resource = kubernetesResource(`${name}-${entry.role}`, entry.object, { parent: this, dependsOn });
      if (kind === "CustomResourceDefinition") crds.push(resource as k8s.apiextensions.v1.CustomResourceDefinition);
      if (kind === "Namespace") namespace = resource as k8s.core.v1.Namespace;
      if (PREREQUISITES.has(kind)) prerequisites.push(resource);
    }
    for (const { role, object } of deployments) {
      kubernetesResource(`${name}-${role}`, object, { parent: this, dependsOn: [namespace!, ...crds, ...prerequisites] });
    }

    // From the resources, so consumers of the outputs wait for them.
    this.namespaceName = namespace!.metadata.name;
    this.crdNames = pulumi.all(crds.map((crd) => crd.metadata.name));
    this.registerOutputs({ namespaceName: this.namespaceName, crdNames: this.crdNames });
  }
}
