import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { throwIfProblems } from "../../validation";
import { UPSTREAM } from "../../vocabulary";
import { registerObjects } from "../resources";
import { buildAuditNamespace } from "./build";
import { AUDIT_RELEASE, AUDIT_SERVICE_ACCOUNT, auditShipperSubject } from "./endpoint";
import { resolveAuditPipeline } from "./resolve";
import type { AuditPipelineArgs } from "./spec";
import { validateAuditPipelineArgs } from "./validate";
import { fluentBitValues } from "./values";

/**
 * The audit pipeline's shipper: the pinned upstream Fluent Bit chart as a DaemonSet that tails, on every node, the
 * gateway's access log and the receipt lines of the agents' containers, buffers them on the node's disk, and writes
 * them to the cloud's WORM store with the workload identity bound to its ServiceAccount (never static keys). Validates
 * every argument before any resource is registered. Pass the Kubernetes provider in `opts`.
 */
export class AuditPipeline extends pulumi.ComponentResource {
  /** The shipper's namespace. */
  readonly namespaceName: pulumi.Output<string>;
  /** The shipper's ServiceAccount (bind the store writer's identity to it). */
  readonly serviceAccountName: pulumi.Output<string>;
  /** `system:serviceaccount:<namespace>:<name>` of the shipper, for trust policies and principals. */
  readonly subject: pulumi.Output<string>;

  constructor(name: string, args: AuditPipelineArgs, opts: pulumi.ComponentResourceOptions = {}) {
    throwIfProblems(`AuditPipeline "${name}"`, validateAuditPipelineArgs(args));
    super("agentcloud:kubernetes:AuditPipeline", name, {}, opts);
    const r = resolveAuditPipeline(args);
    const namespace = registerObjects(name, [buildAuditNamespace(r)], this).get("namespace") as k8s.core.v1.Namespace;
    const release = new k8s.helm.v3.Release(
      `${name}-fluent-bit`,
      {
        name: AUDIT_RELEASE,
        chart: UPSTREAM.fluentBit.chart,
        version: UPSTREAM.fluentBit.version,
        namespace: r.namespace,
        values: fluentBitValues(r),
      },
      { parent: this, dependsOn: [namespace] },
    );
    this.namespaceName = namespace.metadata.name;
    this.serviceAccountName = release.status.apply(() => AUDIT_SERVICE_ACCOUNT);
    this.subject = release.status.apply(() => auditShipperSubject(r.namespace));
    this.registerOutputs({ namespaceName: this.namespaceName, serviceAccountName: this.serviceAccountName, subject: this.subject });
  }
}
