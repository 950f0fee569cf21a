import type { PodSpec } from "kubernetes-types/core/v1";
import type { ObjectMeta } from "kubernetes-types/meta/v1";
import type { KubernetesObject } from "../objects";

/** API version of the agent-sandbox extension resources (storage version of the v0.5.6 CRDs). */
export const SANDBOX_EXTENSIONS_API_VERSION = "extensions.agents.x-k8s.io/v1beta1";

/** An agent-sandbox extension resource (SandboxTemplate, SandboxWarmPool) as its builder returns it. */
export interface SandboxExtensionObject extends KubernetesObject {
  /** API group and version. */
  apiVersion: string;
  /** Resource kind. */
  kind: string;
  /** Object metadata. */
  metadata: ObjectMeta;
  /** The resource's spec, as its CRD defines it. */
  spec: Record<string, unknown>;
}

/** A per-agent SandboxTemplate: the pod every sandbox of the agent runs. */
export interface SandboxTemplateSpec {
  /** Template name (the agent's name). */
  name: string;
  /** Namespace of the template and its sandboxes. */
  namespace: string;
  /** Labels of the SandboxTemplate object. */
  labels: Record<string, string>;
  /**
   * Annotations of the SandboxTemplate object.
   * @default - none
   */
  annotations?: Record<string, string>;
  /** The pod every sandbox runs (labels select it for NetworkPolicies). */
  podTemplate: {
    /** Pod metadata. */
    metadata: {
      /** Pod labels. */
      labels: Record<string, string>;
      /**
       * Pod annotations.
       * @default - none
       */
      annotations?: Record<string, string>;
    };
    /** Pod spec. */
    spec: PodSpec;
  };
}

/** A per-agent SandboxWarmPool: pre-started sandboxes from a template. */
export interface SandboxWarmPoolSpec {
  /** Pool name (the agent's name). */
  name: string;
  /** Namespace of the pool; the template must be in the same one. */
  namespace: string;
  /** Labels of the SandboxWarmPool object. */
  labels: Record<string, string>;
  /** Name of the SandboxTemplate the pool starts sandboxes from. */
  templateName: string;
  /** Sandboxes kept started and ready. */
  replicas: number;
}

function metadata(name: string, namespace: string, labels: Record<string, string>, annotations?: Record<string, string>): ObjectMeta {
  const meta: ObjectMeta = { name, namespace, labels: { ...labels } };
  if (annotations && Object.keys(annotations).length > 0) meta.annotations = { ...annotations };
  return meta;
}

/** `extensions.agents.x-k8s.io/v1beta1` SandboxTemplate. */
export function buildSandboxTemplate(spec: SandboxTemplateSpec): SandboxExtensionObject {
  const pod = spec.podTemplate.metadata;
  return {
    apiVersion: SANDBOX_EXTENSIONS_API_VERSION,
    kind: "SandboxTemplate",
    metadata: metadata(spec.name, spec.namespace, spec.labels, spec.annotations),
    spec: {
      podTemplate: {
        metadata:
          pod.annotations && Object.keys(pod.annotations).length > 0
            ? { labels: { ...pod.labels }, annotations: { ...pod.annotations } }
            : { labels: { ...pod.labels } },
        spec: spec.podTemplate.spec,
      },
      // agentcloud renders each agent's NetworkPolicy itself. With the default `Managed` the controller would add
      // `<template>-network-policy` (extensions/controllers/sandboxtemplate_controller.go): ingress from
      // sandbox-router and egress to every public IP. NetworkPolicies only add allowances, so that policy would
      // widen the agent's declared egress. `Unmanaged` makes the controller create none (and delete a stale one).
      networkPolicyManagement: "Unmanaged",
      // Each sandbox gets a headless Service named after it (controllers/sandbox_controller.go), so a caller that
      // claimed one reaches it at `<sandbox>.<namespace>.svc`. Unset, v0.5.6 creates none for new sandboxes.
      service: true,
      // The upstream defaults, stated so reviewers and policies see them: SandboxClaims may not inject environment
      // variables or volume claim templates into the agent's pod.
      envVarsInjectionPolicy: "Disallowed",
      volumeClaimTemplatesPolicy: "Disallowed",
    },
  };
}

/** `extensions.agents.x-k8s.io/v1beta1` SandboxWarmPool of `replicas` sandboxes from `templateName`, recreated when it changes. */
export function buildSandboxWarmPool(spec: SandboxWarmPoolSpec): SandboxExtensionObject {
  return {
    apiVersion: SANDBOX_EXTENSIONS_API_VERSION,
    kind: "SandboxWarmPool",
    metadata: metadata(spec.name, spec.namespace, spec.labels),
    spec: {
      replicas: spec.replicas,
      sandboxTemplateRef: { name: spec.templateName },
      // The default, OnReplenish, keeps serving unclaimed sandboxes of the old template (an old image) until each is
      // claimed or deleted; Recreate replaces them as soon as the template changes. Claimed sandboxes are never
      // touched (extensions/api/v1beta1/sandboxwarmpool_types.go).
      updateStrategy: { type: "Recreate" },
    },
  };
}
