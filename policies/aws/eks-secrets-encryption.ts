import type { ResourceValidationPolicy } from "@pulumi/policy";
import { AWS_TYPES, describeAws, list } from "../lib/aws";
import { strictConfigSchema } from "../lib/config-schema";
import { cisEks } from "../lib/frameworks";
import { record, text } from "../lib/pod-templates";

const FIX = 'set encryptionConfig to {resources: ["secrets"], provider: {keyArn: <a customer-managed KMS key ARN>}}.';

/**
 * Agents' Kubernetes Secrets (gateway tokens, API keys) are envelope-encrypted with a customer-managed KMS key, so the
 * account decides who may decrypt them and CloudTrail records every use. Without it EKS encrypts them with an
 * AWS-owned key that the account neither controls nor audits.
 */
export const eksSecretsEncryption: ResourceValidationPolicy = {
  name: "agentcloud-aws-eks-secrets-encryption",
  description:
    `Every EKS cluster (${AWS_TYPES.cluster}) sets encryptionConfig with "secrets" in resources and a KMS key ARN in ` +
    "provider.keyArn: Kubernetes Secrets are envelope-encrypted with a customer-managed key.",
  enforcementLevel: "mandatory",
  severity: "high",
  configSchema: strictConfigSchema(),
  framework: cisEks("5.3.1 Ensure Kubernetes Secrets are encrypted using Customer Master Keys (CMKs) managed in AWS KMS"),
  tags: ["cis-eks-1.7:5.3.1"],
  remediationSteps:
    'Create a symmetric customer-managed KMS key with rotation on and set encryptionConfig: {resources: ["secrets"], ' +
    "provider: {keyArn: key.arn}} on the cluster (agentcloud's EksAgentCluster does). EKS cannot turn Secrets " +
    "encryption off once on, and it can be added to an existing cluster.",
  validateResource: (args, report) => {
    if (args.type !== AWS_TYPES.cluster) return args.notApplicable(`Policy only applies to EKS clusters (${AWS_TYPES.cluster})`);
    const who = describeAws("EKS cluster", args.name);
    if (args.props.encryptionConfig === undefined || args.props.encryptionConfig === null) {
      report(`${who} sets no encryptionConfig, so its Secrets are encrypted only with an AWS-owned key; ${FIX}`);
      return;
    }
    const config = record(args.props.encryptionConfig);
    if (!list(config.resources).includes("secrets")) {
      report(`${who} encryptionConfig.resources does not include "secrets"; ${FIX}`);
    }
    if (text(record(config.provider).keyArn) === undefined) {
      report(`${who} encryptionConfig.provider.keyArn names no KMS key; ${FIX}`);
    }
  },
};
