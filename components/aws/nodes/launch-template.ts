import * as ec2 from "@pulumi/aws/ec2";
import * as pulumi from "@pulumi/pulumi";

/** An EBS volume of a node: always gp3, encrypted, deleted with the instance. */
export interface NodeVolume {
  /** Device name, e.g. `/dev/xvda` (the AL2023 root; Bottlerocket's OS volume) or `/dev/xvdb` (Bottlerocket's data volume). */
  deviceName: string;
  /**
   * Size in GiB.
   * @default - the AMI snapshot's size
   */
  sizeGiB?: number;
}

/** CPU options of a node's instances. */
export interface NodeCpuOptions {
  /**
   * Expose `/dev/kvm` inside the instance through nested virtualisation (C8i, M8i and R8i, with their flex
   * variants, only: `@pulumi/aws` 7.48.0 `LaunchTemplateCpuOptions.nestedVirtualization`). Kata sandbox nodes need it.
   * @default false
   */
  nestedVirtualization?: boolean;
}

/** Arguments of {@link nodeLaunchTemplate}. */
export interface NodeLaunchTemplateArgs {
  /**
   * EBS volumes (gp3, encrypted, deleted on termination).
   * @default [{ deviceName: "/dev/xvda", sizeGiB: 50 }]
   */
  volumes?: NodeVolume[];
  /**
   * KMS key (ARN) that encrypts the volumes.
   * @default - the account's AWS-managed `aws/ebs` key
   */
  kmsKeyArn?: pulumi.Input<string>;
  /**
   * User data in plain text (a MIME multi-part document with a nodeadm `NodeConfig`, or Bottlerocket TOML); the
   * launch template holds it base64-encoded. EKS merges its own bootstrap part into a managed node group's MIME user data.
   * @default - none: the AMI's bootstrap with what EKS adds
   */
  userData?: pulumi.Input<string>;
  /**
   * AMI id of a custom image. A managed node group with a custom AMI gets no bootstrap from EKS: the user data must
   * join the cluster itself (a nodeadm `NodeConfig` with the cluster's name, endpoint, CA and service CIDR).
   * @default - the AMI of the node group's `amiType`
   */
  imageId?: pulumi.Input<string>;
  /**
   * CPU options.
   * @default - the instance type's defaults
   */
  cpuOptions?: NodeCpuOptions;
  /**
   * Security groups of the nodes.
   * @default - the cluster security group (what EKS gives a managed node group's launch template without one)
   */
  securityGroupIds?: pulumi.Input<string>[];
  /**
   * Tags of the launch template and of the instances and volumes it launches.
   * @default {}
   */
  tags?: Record<string, string>;
  /**
   * The launch template's name, unique per account and region: node groups reference the template by it, so policies
   * can follow the link in a preview (ids are unknown there).
   * @default - a name Pulumi generates from the resource name
   */
  templateName?: pulumi.Input<string>;
}

/** The root volume a node gets unless told otherwise. */
export const DEFAULT_NODE_VOLUMES: readonly NodeVolume[] = [{ deviceName: "/dev/xvda", sizeGiB: 50 }];

/**
 * Instance metadata options of every agentcloud node: IMDSv2 only (session tokens required) and a PUT response hop
 * limit of 1, so a pod on the pod network cannot reach the node's credentials (EKS Best Practices Guide, security:
 * "Restrict access to the instance profile assigned to the worker node").
 */
export const NODE_METADATA_OPTIONS = {
  /** The instance metadata service is on (software on the node itself uses it). */
  httpEndpoint: "enabled",
  /** IMDSv2 only: every request needs a session token. */
  httpTokens: "required",
  /** A PUT response (the session token) travels one hop only, so it does not reach a pod on the pod network. */
  httpPutResponseHopLimit: 1,
  /** Instance tags are not exposed through the metadata service. */
  instanceMetadataTags: "disabled",
} as const;

/** The launch template's arguments (pure): what {@link nodeLaunchTemplate} creates. */
export function nodeLaunchTemplateArgs(args: NodeLaunchTemplateArgs = {}): ec2.LaunchTemplateArgs {
  const tags = { ...(args.tags ?? {}) };
  const volumes = args.volumes ?? DEFAULT_NODE_VOLUMES;
  return {
    ...(args.templateName !== undefined && { name: args.templateName }),
    metadataOptions: { ...NODE_METADATA_OPTIONS },
    blockDeviceMappings: volumes.map((v) => ({
      deviceName: v.deviceName,
      ebs: {
        volumeType: "gp3",
        encrypted: "true",
        deleteOnTermination: "true",
        ...(v.sizeGiB !== undefined && { volumeSize: v.sizeGiB }),
        ...(args.kmsKeyArn !== undefined && { kmsKeyId: args.kmsKeyArn }),
      },
    })),
    ...(args.userData !== undefined && {
      userData: pulumi.output(args.userData).apply((text) => Buffer.from(text, "utf8").toString("base64")),
    }),
    ...(args.imageId !== undefined && { imageId: args.imageId }),
    ...(args.cpuOptions?.nestedVirtualization === true && { cpuOptions: { nestedVirtualization: "enabled" } }),
    ...(args.securityGroupIds !== undefined && { vpcSecurityGroupIds: args.securityGroupIds }),
    // A node group pins the version it was given; a new version becomes the default so the console shows what runs.
    updateDefaultVersion: true,
    tagSpecifications: ["instance", "volume"].map((resourceType) => ({ resourceType, tags })),
    tags,
  };
}

/**
 * A launch template for EKS managed node groups: IMDSv2 required with hop limit 1, encrypted gp3 volumes, and
 * optional user data, AMI id and CPU options. Pass `{ parent: this }` in `opts`.
 */
export function nodeLaunchTemplate(name: string, args: NodeLaunchTemplateArgs, opts: pulumi.CustomResourceOptions): ec2.LaunchTemplate {
  return new ec2.LaunchTemplate(name, nodeLaunchTemplateArgs(args), opts);
}

/** A managed node group's `launchTemplate`: what {@link launchTemplateRef} returns. */
export interface LaunchTemplateRef {
  /** The launch template's name (known in a preview, so policies can follow the link). */
  name: pulumi.Output<string>;
  /** Its latest version, as a string. */
  version: pulumi.Output<string>;
}

/** A managed node group's `launchTemplate` for this template: its name (known in a preview) and latest version. */
export function launchTemplateRef(template: ec2.LaunchTemplate): LaunchTemplateRef {
  return { name: template.name, version: template.latestVersion.apply((v) => String(v)) };
}
