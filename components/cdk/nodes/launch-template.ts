import { Fn } from "aws-cdk-lib";
import * as ec2 from "aws-cdk-lib/aws-ec2";
import type * as kms from "aws-cdk-lib/aws-kms";
import type { Construct } from "constructs";

/** An EBS volume of a node: always gp3, encrypted, deleted with the instance. */
export interface NodeVolumeSpec {
  /** Device name, e.g. `/dev/xvda` (the AL2023 root; Bottlerocket's OS volume) or `/dev/xvdb` (Bottlerocket's data volume). */
  readonly deviceName: string;
  /**
   * Size in GiB.
   * @default - the AMI snapshot's size
   */
  readonly sizeGiB?: number;
}

/** Properties of {@link nodeLaunchTemplate}. */
export interface NodeLaunchTemplateProps {
  /** EBS volumes (gp3, encrypted, deleted on termination). */
  readonly volumes: readonly NodeVolumeSpec[];
  /**
   * KMS key that encrypts the volumes.
   * @default - the account's AWS-managed `aws/ebs` key
   */
  readonly encryptionKey?: kms.IKey;
  /**
   * User data in plain text (a MIME multi-part document with a nodeadm `NodeConfig`, or Bottlerocket TOML); the
   * template holds it base64-encoded, and EKS merges its own bootstrap into a managed node group's MIME user data.
   * @default - none: the AMI's bootstrap with what EKS adds
   */
  readonly userData?: string;
  /**
   * Turn on nested virtualisation (`/dev/kvm` in the guest; C8i, M8i and R8i and their flex variants only), for Kata.
   * @default false
   */
  readonly nestedVirtualization?: boolean;
  /**
   * Tags of the instances and volumes the template launches.
   * @default {}
   */
  readonly tags?: Record<string, string>;
}

/**
 * Instance metadata options of every agentcloud node, as CloudFormation spells them: IMDSv2 only and a PUT response
 * hop limit of 1, so a pod on the pod network cannot reach the node's credentials (EKS Best Practices Guide, security:
 * "Restrict access to the instance profile assigned to the worker node"). The same values as the Pulumi side's
 * `NODE_METADATA_OPTIONS`.
 */
export const CFN_NODE_METADATA_OPTIONS = {
  /** The instance metadata service is on (software on the node itself uses it). */
  httpEndpoint: "enabled",
  /** IMDSv2 only: every request needs a session token. */
  httpTokens: "required",
  /** A PUT response (the session token) travels one hop only, so it does not reach a pod on the pod network. */
  httpPutResponseHopLimit: 1,
  /** Instance tags are not exposed through the metadata service. */
  instanceMetadataTags: "disabled",
} as const;

/** The launch template's data (pure but for the key's ARN token): what {@link nodeLaunchTemplate} creates. */
export function nodeLaunchTemplateData(props: NodeLaunchTemplateProps): ec2.CfnLaunchTemplate.LaunchTemplateDataProperty {
  const tags = Object.entries(props.tags ?? {}).map(([key, value]) => ({ key, value }));
  return {
    metadataOptions: { ...CFN_NODE_METADATA_OPTIONS },
    blockDeviceMappings: props.volumes.map((v) => ({
      deviceName: v.deviceName,
      ebs: {
        volumeType: "gp3",
        encrypted: true,
        deleteOnTermination: true,
        ...(v.sizeGiB !== undefined && { volumeSize: v.sizeGiB }),
        ...(props.encryptionKey !== undefined && { kmsKeyId: props.encryptionKey.keyArn }),
      },
    })),
    ...(props.userData !== undefined && props.userData !== "" && { userData: Fn.base64(props.userData) }),
    ...(props.nestedVirtualization === true && { cpuOptions: { nestedVirtualization: "enabled" } }),
    ...(tags.length > 0 && {
      tagSpecifications: ["instance", "volume"].map((resourceType) => ({ resourceType, tags })),
    }),
  };
}

/**
 * A launch template for EKS managed node groups (`id`, a child of `scope`): IMDSv2 required with hop limit 1,
 * encrypted gp3 volumes, optional user data and nested virtualisation. Node groups reference its latest version.
 */
export function nodeLaunchTemplate(scope: Construct, id: string, props: NodeLaunchTemplateProps): ec2.CfnLaunchTemplate {
  return new ec2.CfnLaunchTemplate(scope, id, { launchTemplateData: nodeLaunchTemplateData(props) });
}

/** A managed node group's `launchTemplateSpec` for this template: its id and latest version. */
export function launchTemplateSpec(template: ec2.CfnLaunchTemplate): LaunchTemplateSpec {
  return { id: template.ref, version: template.attrLatestVersionNumber };
}

/** A node group's launch template reference. */
export interface LaunchTemplateSpec {
  /** The template's id (a token). */
  id: string;
  /** Its latest version number (a token). */
  version: string;
}
