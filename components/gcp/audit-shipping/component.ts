import * as kms from "@pulumi/gcp/kms";
import * as logging from "@pulumi/gcp/logging";
import * as projects from "@pulumi/gcp/projects";
import * as storage from "@pulumi/gcp/storage";
import * as pulumi from "@pulumi/pulumi";
import type { FleetAuditOptions } from "../../blueprint/spec";
import { AUDIT_NAMESPACE, AUDIT_SERVICE_ACCOUNT } from "../../kubernetes/audit/endpoint";
import { throwIfProblems, type ValidationProblem } from "../../validation";
import { GCP_LABELS } from "../../vocabulary";
import { gkePrincipal } from "../identity/binding";
import { auditSinkFilter } from "./filter";

/** Arguments of `GcpAuditShipping`. */
export interface GcpAuditShippingArgs {
  /** The project id. */
  project: string;
  /** The project number (the Workload Identity principals name it). */
  projectNumber: string;
  /** The GKE cluster's name. */
  clusterName: string;
  /** The cluster's location (region or zone). */
  location: string;
  /** The cluster's workload identity pool (`<project>.svc.id.goog`). */
  workloadPool: string;
  /** The locked audit bucket's name (the WORM store). */
  bucketName: pulumi.Input<string>;
  /** Full resource name of the key ring the signing key goes in (`projects/<p>/locations/<l>/keyRings/<r>`). */
  keyRing: pulumi.Input<string>;
  /**
   * IAM members of the agents allowed to sign receipt checkpoints (their Workload Identity principals), each granted
   * `roles/cloudkms.signer` on the key only.
   * @default [] (the key exists; no agent signs yet)
   */
  signers?: pulumi.Input<string>[];
}

/** Every problem with the plain arguments, at once. */
export function validateGcpAuditShippingArgs(args: GcpAuditShippingArgs): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  if (!/^[a-z][a-z0-9-]{4,28}[a-z0-9]$/.test(args.project)) {
    problems.push({ argument: "project", value: args.project, problem: "must be a GCP project id", fix: `use e.g. "acme-agents"` });
  }
  if (!/^\d{6,20}$/.test(args.projectNumber)) {
    problems.push({
      argument: "projectNumber",
      value: args.projectNumber,
      problem: "must be the project's number",
      fix: "pass (await getProject({})).number",
    });
  }
  (args.signers ?? []).forEach((s, i) => {
    // Outputs (an AgentIdentity's member) are checked by the identity component that made them.
    if (typeof s === "string" && !/^(principal|principalSet|serviceAccount):/.test(s)) {
      problems.push({
        argument: `signers[${i}]`,
        value: s,
        problem: "must be an IAM member of an agent's identity",
        fix: "pass its principal://... identifier",
      });
    }
  });
  return problems;
}

/**
 * GCP's part of the audit pipeline (issue 13):
 * - the shipper writes its log with its own Workload Identity principal (`roles/logging.logWriter`: Cloud Logging has
 *   no narrower resource to grant it on) and no Google service account or key;
 * - a log sink routes that log and the cluster's Kubernetes audit logs into the locked audit bucket, its writer
 *   identity allowed only to create objects there;
 * - the fleet's receipt-signing key: a Cloud KMS Ed25519 key (`EC_SIGN_ED25519`, asymmetric sign), created in Cloud
 *   KMS (never imported, so no copy of it exists outside), signable only by the agents named.
 * `fleetAudit` is what `AgentCloud` takes as `audit`.
 */
export class GcpAuditShipping extends pulumi.ComponentResource {
  /** The `audit` options for `AgentCloud`: the Cloud Logging sink. */
  readonly fleetAudit: FleetAuditOptions;
  /** The log sink's writer identity. */
  readonly sinkWriter: pulumi.Output<string>;
  /** The receipt-signing key's id. */
  readonly signingKeyId: pulumi.Output<string>;

  constructor(name: string, args: GcpAuditShippingArgs, opts: pulumi.ComponentResourceOptions = {}) {
    throwIfProblems(`GcpAuditShipping "${name}"`, validateGcpAuditShippingArgs(args));
    super("agentcloud:gcp:GcpAuditShipping", name, {}, opts);
    const child = { parent: this };
    new projects.IAMMember(
      `${name}-shipper-log-writer`,
      {
        project: args.project,
        role: "roles/logging.logWriter",
        member: gkePrincipal(args.projectNumber, args.workloadPool, AUDIT_NAMESPACE, AUDIT_SERVICE_ACCOUNT),
      },
      child,
    );
    const sink = new logging.ProjectSink(
      `${name}-sink`,
      {
        project: args.project,
        name: `${args.clusterName}-audit`,
        description: "agentcloud: the gateway's access log, agents' receipts and Kubernetes audit logs into the locked bucket",
        destination: pulumi.interpolate`storage.googleapis.com/${args.bucketName}`,
        filter: auditSinkFilter(args.project, args.clusterName),
        uniqueWriterIdentity: true,
      },
      child,
    );
    new storage.BucketIAMMember(
      `${name}-sink-writer`,
      { bucket: args.bucketName, role: "roles/storage.objectCreator", member: sink.writerIdentity },
      child,
    );
    const key = new kms.CryptoKey(
      `${name}-signing-key`,
      {
        name: `${args.clusterName}-receipts`,
        keyRing: args.keyRing,
        purpose: "ASYMMETRIC_SIGN",
        versionTemplate: { algorithm: "EC_SIGN_ED25519", protectionLevel: "SOFTWARE" },
        importOnly: false,
        labels: { [GCP_LABELS.audit]: "true" },
      },
      child,
    );
    const keyId = pulumi.interpolate`${key.keyRing}/cryptoKeys/${key.name}`;
    (args.signers ?? []).forEach((member, i) => {
      new kms.CryptoKeyIAMMember(`${name}-signer-${i}`, { cryptoKeyId: keyId, role: "roles/cloudkms.signer", member }, child);
    });
    this.fleetAudit = { sink: { kind: "cloud-logging", project: args.project, clusterName: args.clusterName, location: args.location } };
    this.sinkWriter = sink.writerIdentity;
    this.signingKeyId = keyId;
    this.registerOutputs({ sinkWriter: this.sinkWriter, signingKeyId: this.signingKeyId });
  }
}
