/** AWS resources as the engine hands their inputs to policies, shaped like agentcloud's AWS components render them. */
import type { Registration } from "../../../cli/mock-runtime";
import { registration } from "../helpers";

type Inputs = Record<string, any>;

/** `registration` with inputs changed in place by `mutate`. */
function changed(type: string, name: string, inputs: Inputs, mutate?: (inputs: Inputs) => void): Registration {
  mutate?.(inputs);
  return registration(type, name, inputs);
}

export const KEY_ARN = "arn:aws:kms:eu-west-1:123456789012:key/aws-secrets-id";
export const AUDIT_BUCKET = "agentcloud-audit-123456789012-eu-west-1";
export const ROLE_NAME = "agentcloud-team-a-coder-0123abcd";

/** EksAgentCluster's cluster: private endpoint only, Secrets encrypted, all five log types. */
export function cluster(mutate?: (inputs: Inputs) => void, name = "aws-cluster"): Registration {
  return changed(
    "aws:eks/cluster:Cluster",
    name,
    {
      name: "agentcloud",
      version: "1.35",
      roleArn: "arn:aws:iam::123456789012:role/agentcloud-cluster",
      vpcConfig: { subnetIds: ["subnet-a", "subnet-b"], endpointPrivateAccess: true, endpointPublicAccess: false },
      encryptionConfig: { provider: { keyArn: KEY_ARN }, resources: ["secrets"] },
      enabledClusterLogTypes: ["api", "audit", "authenticator", "controllerManager", "scheduler"],
      accessConfig: { authenticationMode: "API" },
    },
    mutate,
  );
}

/** nodeLaunchTemplate's template: IMDSv2 required, hop limit 1, an encrypted gp3 root volume. */
export function launchTemplate(name: string, mutate?: (inputs: Inputs) => void): Registration {
  return changed(
    "aws:ec2/launchTemplate:LaunchTemplate",
    `${name}-res`,
    {
      name,
      metadataOptions: { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 1, instanceMetadataTags: "disabled" },
      blockDeviceMappings: [{ deviceName: "/dev/xvda", ebs: { volumeSize: 50, volumeType: "gp3", encrypted: "true" } }],
    },
    mutate,
  );
}

/** A managed node group launching from the template named `template` (AL2023 standard nodes). */
export function nodeGroup(name: string, template: string | undefined, mutate?: (inputs: Inputs) => void): Registration {
  return changed(
    "aws:eks/nodeGroup:NodeGroup",
    name,
    {
      clusterName: "agentcloud",
      nodeRoleArn: "arn:aws:iam::123456789012:role/agentcloud-nodes",
      subnetIds: ["subnet-a", "subnet-b"],
      amiType: "AL2023_x86_64_STANDARD",
      instanceTypes: ["m7i.large"],
      scalingConfig: { minSize: 1, desiredSize: 1, maxSize: 2 },
      ...(template !== undefined && { launchTemplate: { name: template, version: "1" } }),
    },
    mutate,
  );
}

/** EksGpuNodePool's node group: NVIDIA AMI, a GPU type, the nvidia.com/gpu NO_SCHEDULE taint. */
export function gpuNodeGroup(name = "gpu-nodes", mutate?: (inputs: Inputs) => void): Registration {
  return nodeGroup(name, "gpu-template", (inputs) => {
    inputs.amiType = "AL2023_x86_64_NVIDIA";
    inputs.instanceTypes = ["g6.xlarge"];
    inputs.labels = { "agentcloud.dev/gpu": "true", "agentcloud.dev/gpu-pool": "gpu" };
    inputs.taints = [{ key: "nvidia.com/gpu", value: "true", effect: "NO_SCHEDULE" }];
    mutate?.(inputs);
  });
}

/** A customer-managed symmetric key with rotation (customerManagedKey). */
export function kmsKey(name = "aws-secrets", mutate?: (inputs: Inputs) => void): Registration {
  return changed("aws:kms/key:Key", name, { description: "EKS Secrets", enableKeyRotation: true, deletionWindowInDays: 30 }, mutate);
}

/** The parts of S3AuditBucket the audit policy judges, each changeable; `omit` leaves out children by role. */
export interface AuditBucketParts {
  bucket?: (inputs: Inputs) => void;
  objectLock?: (inputs: Inputs) => void;
  versioning?: (inputs: Inputs) => void;
  encryption?: (inputs: Inputs) => void;
  publicAccessBlock?: (inputs: Inputs) => void;
  omit?: ("objectLock" | "versioning" | "encryption" | "publicAccessBlock")[];
}

/** S3AuditBucket's audit bucket and its children, linked by the bucket's name (`audit-*` Pulumi names). */
export function auditBucket(parts: AuditBucketParts = {}, bucketName = AUDIT_BUCKET, prefix = "audit"): Registration[] {
  const omit = parts.omit ?? [];
  const regs = [
    changed(
      "aws:s3/bucket:Bucket",
      `${prefix}-bucket`,
      { bucket: bucketName, objectLockEnabled: true, forceDestroy: false, tags: { "agentcloud.dev/audit": "true" } },
      parts.bucket,
    ),
  ];
  if (!omit.includes("objectLock")) {
    regs.push(
      changed(
        "aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration",
        `${prefix}-object-lock`,
        { bucket: bucketName, objectLockEnabled: "Enabled", rule: { defaultRetention: { mode: "COMPLIANCE", days: 365 } } },
        parts.objectLock,
      ),
    );
  }
  if (!omit.includes("versioning")) {
    regs.push(
      changed(
        "aws:s3/bucketVersioning:BucketVersioning",
        `${prefix}-versioning`,
        { bucket: bucketName, versioningConfiguration: { status: "Enabled" } },
        parts.versioning,
      ),
    );
  }
  if (!omit.includes("encryption")) {
    regs.push(
      changed(
        "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
        `${prefix}-encryption`,
        {
          bucket: bucketName,
          rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: KEY_ARN }, bucketKeyEnabled: true }],
        },
        parts.encryption,
      ),
    );
  }
  if (!omit.includes("publicAccessBlock")) {
    regs.push(
      changed(
        "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
        `${prefix}-public-access-block`,
        { bucket: bucketName, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true },
        parts.publicAccessBlock,
      ),
    );
  }
  return regs;
}

/** An IAM policy document (JSON text) with one Allow statement. */
export function document(actions: string | string[], resources: string | string[]): string {
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: [{ Sid: "Permission0", Effect: "Allow", Action: actions, Resource: resources }],
  });
}

/** AgentIdentity's IRSA role for team-a/coder, with tags changed by `mutate`. */
export function agentRole(mutate?: (inputs: Inputs) => void, name = "coder-role", roleName = ROLE_NAME): Registration {
  return changed(
    "aws:iam/role:Role",
    name,
    {
      name: roleName,
      maxSessionDuration: 3600,
      assumeRolePolicy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [
          {
            Effect: "Allow",
            Principal: { Federated: "arn:aws:iam::123456789012:oidc-provider/x" },
            Action: "sts:AssumeRoleWithWebIdentity",
          },
        ],
      }),
      tags: { "agentcloud.dev/agent": "team-a/coder" },
    },
    mutate,
  );
}

/** AgentIdentity's inline permissions: the declared actions on the declared resources, naming the role by name. */
export function rolePolicy(policy: unknown, name = "coder-policy", role = ROLE_NAME): Registration {
  return registration("aws:iam/rolePolicy:RolePolicy", name, { role, name: "agentcloud-agent-permissions", policy });
}

/** Every AWS resource kind the AWS policies judge, each compliant: what the aws stack renders. */
export function compliantAws(): Registration[] {
  return [
    cluster(),
    kmsKey(),
    launchTemplate("system-template"),
    nodeGroup("system-nodes", "system-template"),
    launchTemplate("gpu-template"),
    gpuNodeGroup(),
    ...auditBucket(),
    kmsKey("audit-key", (i) => (i.tags = { "agentcloud.dev/audit": "true" })),
    agentRole(),
    rolePolicy(document(["s3:GetObject", "s3:PutObject"], "arn:aws:s3:::agentcloud-workspace/team-a/coder")),
  ];
}

/** AWS resources that break every AWS policy once (for the pack's everything-wrong stack); free-form values hold CANARY. */
export function awsWrong(): Registration[] {
  return [
    cluster((i) => {
      i.vpcConfig = { subnetIds: ["subnet-a"], endpointPublicAccess: true, publicAccessCidrs: ["0.0.0.0/0"], endpointPrivateAccess: true };
      delete i.encryptionConfig;
      i.enabledClusterLogTypes = ["api"];
      i.tags = { owner: "CANARY" };
    }),
    launchTemplate("open-template", (i) => (i.metadataOptions = { httpTokens: "optional", httpPutResponseHopLimit: 2 })),
    nodeGroup("gpu-untainted", "open-template", (i) => {
      i.amiType = "AL2023_x86_64_NVIDIA";
      i.instanceTypes = ["g6.xlarge"];
    }),
    ...auditBucket({
      objectLock: (i) => (i.rule.defaultRetention = { mode: "GOVERNANCE", days: 1 }),
      bucket: (i) => (i.tags.note = "CANARY"),
    }),
    agentRole((i) => (i.tags["agentcloud.dev/agent"] = "team-a/CANARY")),
    rolePolicy(JSON.stringify({ Statement: [{ Effect: "Allow", Action: "*", Resource: "*", Sid: "CANARY" }] })),
    kmsKey("unrotated", (i) => {
      i.enableKeyRotation = false;
      i.description = "CANARY";
    }),
  ];
}
