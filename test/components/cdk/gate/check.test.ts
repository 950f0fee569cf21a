import { describe, expect, it } from "vitest";
import { checkTemplate, GATE_RULES, validateAgentcloudGateProps, type CfnTemplate } from "../../../../components/cdk/gate";

const MANIFEST = "Custom::AWSCDK-EKS-KubernetesResource";
const SANDBOX_FIX =
  "set spec.template.spec.runtimeClassName to a sandbox RuntimeClass (gvisor, kata-qemu, kata-clh, kata-fc), or, if the agent truly " +
  'cannot be sandboxed, annotate its pod template with agentcloud.dev/unsafe-no-sandbox: "<reason>" (agentcloud\'s unsafeNoSandbox option)';

/** A template of the given resources. */
function template(resources: Record<string, { Type: string; Properties?: Record<string, unknown> }>): CfnTemplate {
  return { Resources: resources };
}

/** The messages of a template's findings. */
function messages(t: CfnTemplate, props = {}): string[] {
  return checkTemplate(t, props).map((f) => f.message);
}

/** A Deployment as aws-eks-v2 writes it into a manifest resource. */
function deployment(
  name: string,
  namespace: string,
  labels: Record<string, string>,
  pod: Record<string, unknown>,
): Record<string, unknown> {
  return { apiVersion: "apps/v1", kind: "Deployment", metadata: { name, namespace, labels }, spec: { template: pod } };
}

describe("sandbox runtime required (agentcloud-sandbox-runtime-class-required)", () => {
  const agent = (pod: Record<string, unknown>) => deployment("coder", "team-a", { "agentcloud.dev/agent": "coder" }, pod);

  it("passes a labelled agent under gvisor or kata, an opted-out one with a reason, and a non-agent", () => {
    const t = template({
      Agents: {
        Type: MANIFEST,
        Properties: {
          Manifest: JSON.stringify([
            agent({ spec: { runtimeClassName: "gvisor" } }),
            agent({ spec: { runtimeClassName: "kata-qemu" } }),
            agent({ metadata: { annotations: { "agentcloud.dev/unsafe-no-sandbox": "vendor tool needs host ptrace" } }, spec: {} }),
            deployment("web", "default", {}, { spec: {} }),
          ]),
        },
      },
    });
    expect(checkTemplate(t)).toEqual([]);
  });

  it("fails an agent with no runtime class, naming the resource, the object and the fix", () => {
    const t = template({ Agents: { Type: MANIFEST, Properties: { Manifest: JSON.stringify([agent({ spec: {} })]) } } });
    expect(checkTemplate(t, {}, (id) => (id === "Agents" ? "App/Stack/Cluster/manifest-agents/Resource" : undefined))).toEqual([
      {
        rule: GATE_RULES.sandboxRuntime,
        logicalId: "Agents",
        location: "Properties/Manifest",
        fix: SANDBOX_FIX,
        message:
          `App/Stack/Cluster/manifest-agents/Resource (${MANIFEST}) holds Deployment "coder" in namespace "team-a", an agent ` +
          `(labelled agentcloud.dev/agent), that sets no spec.template.spec.runtimeClassName, so it runs without a sandbox; ${SANDBOX_FIX}.`,
      },
    ]);
  });

  it("finds agents by their tenant namespace (declared in another manifest), in a Fn::Join manifest, and refuses runc and a blank opt-out", () => {
    const namespace = { apiVersion: "v1", kind: "Namespace", metadata: { name: "team-b", labels: { "agentcloud.dev/tenant": "b" } } };
    const job = {
      apiVersion: "batch/v1",
      kind: "CronJob",
      metadata: { name: "nightly", namespace: "team-b" },
      spec: { jobTemplate: { spec: { template: { spec: { runtimeClassName: "runc" } } } } },
    };
    const pod = {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "shell", namespace: "team-b", annotations: { "agentcloud.dev/unsafe-no-sandbox": " " } },
      spec: { serviceAccountName: "TOKEN" },
    };
    const [before, after] = JSON.stringify([job, pod]).split("TOKEN");
    const t = template({
      Ns: { Type: MANIFEST, Properties: { Manifest: JSON.stringify([namespace]) } },
      Work: { Type: MANIFEST, Properties: { Manifest: { "Fn::Join": ["", [before, { Ref: "Role" }, after]] } } },
    });
    expect(messages(t)).toEqual([
      `Work (${MANIFEST}) holds CronJob "nightly" in namespace "team-b", an agent (in tenant namespace "team-b"), whose ` +
        'spec.jobTemplate.spec.template.spec.runtimeClassName "runc" is not a sandbox RuntimeClass; set ' +
        "spec.jobTemplate.spec.template.spec.runtimeClassName to a sandbox RuntimeClass (gvisor, kata-qemu, kata-clh, kata-fc), or, if " +
        'the agent truly cannot be sandboxed, annotate its pod template with agentcloud.dev/unsafe-no-sandbox: "<reason>" ' +
        "(agentcloud's unsafeNoSandbox option).",
      `Work (${MANIFEST}) holds Pod "shell" in namespace "team-b", an agent (in tenant namespace "team-b"), that sets no ` +
        "spec.runtimeClassName, so it runs without a sandbox; set spec.runtimeClassName to a sandbox RuntimeClass (gvisor, kata-qemu, " +
        'kata-clh, kata-fc), or, if the agent truly cannot be sandboxed, annotate its pod template with agentcloud.dev/unsafe-no-sandbox: "<reason>" ' +
        "(agentcloud's unsafeNoSandbox option).",
    ]);
  });

  it("accepts additional runtime classes, and fails closed on a manifest it cannot read", () => {
    const ok = template({
      A: { Type: MANIFEST, Properties: { Manifest: JSON.stringify([agent({ spec: { runtimeClassName: "gvisor-gpu" } })]) } },
    });
    expect(messages(ok, { additionalRuntimeClasses: ["gvisor-gpu"] })).toEqual([]);
    const unreadable = template({ A: { Type: MANIFEST, Properties: { Manifest: { "Fn::If": ["C", "[]", "[]"] } } } });
    expect(messages(unreadable)).toEqual([
      `A (${MANIFEST}) has a Manifest that is not readable JSON (an intrinsic other than Ref, Fn::GetAtt, Fn::Join or Fn::Sub), so its ` +
        "pod templates cannot be checked; build the manifest from plain values and Ref / Fn::GetAtt tokens only.",
    ]);
  });
});

describe("audit bucket locked (agentcloud-aws-audit-bucket)", () => {
  const bucket = (props: Record<string, unknown>) =>
    template({ Audit: { Type: "AWS::S3::Bucket", Properties: { Tags: [{ Key: "agentcloud.dev/audit", Value: "true" }], ...props } } });
  const FIX =
    'set ObjectLockEnabled to true and ObjectLockConfiguration.Rule.DefaultRetention to {Mode: "COMPLIANCE", Days: 90} or more ' +
    "(aws-s3: objectLockEnabled: true, objectLockDefaultRetention: ObjectLockRetention.compliance(Duration.days(90)))";
  const lock = (DefaultRetention: Record<string, unknown>) => ({
    ObjectLockEnabled: true,
    ObjectLockConfiguration: { ObjectLockEnabled: "Enabled", Rule: { DefaultRetention } },
  });

  it("passes COMPLIANCE for 90 days or 1 year, and ignores untagged buckets", () => {
    expect(messages(bucket(lock({ Mode: "COMPLIANCE", Days: 90 })))).toEqual([]);
    expect(messages(bucket(lock({ Mode: "COMPLIANCE", Years: 1 })))).toEqual([]);
    expect(messages(template({ Logs: { Type: "AWS::S3::Bucket", Properties: {} } }))).toEqual([]);
  });

  it("fails a bucket without Object Lock", () => {
    expect(messages(bucket({}))).toEqual([
      `Audit (AWS::S3::Bucket) is an audit bucket that does not set ObjectLockEnabled to true, so its records can be deleted; ${FIX}.`,
      `Audit (AWS::S3::Bucket) is an audit bucket with no ObjectLockConfiguration.Rule.DefaultRetention, so new records are not locked; ${FIX}.`,
    ]);
  });

  it("fails GOVERNANCE mode and a retention under the minimum (configurable)", () => {
    expect(messages(bucket(lock({ Mode: "GOVERNANCE", Days: 30 })))).toEqual([
      'Audit (AWS::S3::Bucket) is an audit bucket whose default retention is in "GOVERNANCE" mode, which users with ' +
        `s3:BypassGovernanceRetention can override; ${FIX}.`,
      `Audit (AWS::S3::Bucket) is an audit bucket that locks records for 30 days by default, under the minimum of 90 days; ${FIX}.`,
    ]);
    expect(messages(bucket(lock({ Mode: "COMPLIANCE", Days: 90 })), { minimumRetentionDays: 365 })).toEqual([
      "Audit (AWS::S3::Bucket) is an audit bucket that locks records for 90 days by default, under the minimum of 365 days; " +
        FIX.replaceAll("90", "365") +
        ".",
    ]);
  });
});

describe("private endpoint (agentcloud-aws-eks-private-endpoint)", () => {
  const cluster = (vpc: Record<string, unknown>) =>
    template({ Eks: { Type: "AWS::EKS::Cluster", Properties: { ResourcesVpcConfig: vpc } } });
  const FIX =
    "set ResourcesVpcConfig.EndpointPublicAccess to false (aws-eks-v2: endpointAccess EndpointAccess.PRIVATE), or list only your " +
    "operators' networks in ResourcesVpcConfig.PublicAccessCidrs (EndpointAccess.PUBLIC_AND_PRIVATE.onlyFrom(...))";

  it("passes a private cluster and one public only to named networks", () => {
    expect(messages(cluster({ EndpointPrivateAccess: true, EndpointPublicAccess: false }))).toEqual([]);
    expect(messages(cluster({ EndpointPrivateAccess: true, EndpointPublicAccess: true, PublicAccessCidrs: ["203.0.113.0/24"] }))).toEqual(
      [],
    );
  });

  it("fails EKS's defaults: private off, public on from everywhere", () => {
    expect(messages(cluster({}))).toEqual([
      "Eks (AWS::EKS::Cluster) does not set ResourcesVpcConfig.EndpointPrivateAccess to true (EKS's default: off), so nodes reach " +
        "the API server through its public endpoint; set it to true.",
      "Eks (AWS::EKS::Cluster) leaves ResourcesVpcConfig.EndpointPublicAccess unset (EKS's default: on) with no " +
        `ResourcesVpcConfig.PublicAccessCidrs, so the API server answers every address (EKS's default 0.0.0.0/0); ${FIX}.`,
    ]);
  });

  it("fails 0.0.0.0/0, a value that is no CIDR, and halves that together hold everything", () => {
    const on = { EndpointPrivateAccess: true, EndpointPublicAccess: true };
    expect(messages(cluster({ ...on, PublicAccessCidrs: ["0.0.0.0/0", "nope"] }))).toEqual([
      `Eks (AWS::EKS::Cluster) turns on ResourcesVpcConfig.EndpointPublicAccess and ResourcesVpcConfig.PublicAccessCidrs[1] is not a CIDR; ${FIX}.`,
      "Eks (AWS::EKS::Cluster) turns on ResourcesVpcConfig.EndpointPublicAccess and ResourcesVpcConfig.PublicAccessCidrs[0] is " +
        `0.0.0.0/0, every address; ${FIX}.`,
    ]);
    expect(messages(cluster({ ...on, PublicAccessCidrs: ["0.0.0.0/1", "128.0.0.0/1"] }))).toEqual([
      "Eks (AWS::EKS::Cluster) turns on ResourcesVpcConfig.EndpointPublicAccess and ResourcesVpcConfig.PublicAccessCidrs together " +
        `hold every address (0.0.0.0/1, 128.0.0.0/1); ${FIX}.`,
    ]);
  });
});

describe("IMDSv2 (agentcloud-aws-node-imdsv2)", () => {
  const SETTINGS = 'set LaunchTemplateData.MetadataOptions {HttpTokens: "required", HttpPutResponseHopLimit: 1}';
  const lt = (MetadataOptions: Record<string, unknown>, name?: string) => ({
    Type: "AWS::EC2::LaunchTemplate",
    Properties: { LaunchTemplateName: name, LaunchTemplateData: { MetadataOptions } },
  });
  const group = (LaunchTemplate?: Record<string, unknown>) => ({ Type: "AWS::EKS::Nodegroup", Properties: { LaunchTemplate } });

  it("passes a node group whose template (by Ref or by name) requires tokens with hop limit 1, or turns the service off", () => {
    const good = { HttpTokens: "required", HttpPutResponseHopLimit: 1 };
    expect(
      messages(template({ Lt: lt(good), Ng: group({ Id: { Ref: "Lt" }, Version: { "Fn::GetAtt": ["Lt", "LatestVersionNumber"] } }) })),
    ).toEqual([]);
    expect(messages(template({ Lt: lt(good, "gpu-nodes"), Ng: group({ Name: "gpu-nodes" }) }))).toEqual([]);
    expect(messages(template({ Lt: lt({ HttpEndpoint: "disabled" }), Ng: group({ Id: { Ref: "Lt" } }) }))).toEqual([]);
  });

  it("fails a template that accepts IMDSv1 or lets pods reach the node's credentials, naming the template", () => {
    expect(
      messages(template({ Lt: lt({ HttpTokens: "optional", HttpPutResponseHopLimit: 2 }), Ng: group({ Id: { Ref: "Lt" } }) })),
    ).toEqual([
      `Lt (AWS::EC2::LaunchTemplate) sets LaunchTemplateData.MetadataOptions.HttpTokens to "optional", which accepts IMDSv1; ${SETTINGS}.`,
      "Lt (AWS::EC2::LaunchTemplate) sets LaunchTemplateData.MetadataOptions.HttpPutResponseHopLimit to 2, which lets pods reach " +
        `the node's credentials; ${SETTINGS}.`,
    ]);
    expect(messages(template({ Lt: lt({}), Ng: group({ Id: { Ref: "Lt" } }) }))).toEqual([
      `Lt (AWS::EC2::LaunchTemplate) leaves LaunchTemplateData.MetadataOptions.HttpTokens unset (the AMI decides; EC2's default "optional" accepts IMDSv1); ${SETTINGS}.`,
      "Lt (AWS::EC2::LaunchTemplate) leaves LaunchTemplateData.MetadataOptions.HttpPutResponseHopLimit unset (the AMI decides; AMIs " +
        `that require IMDSv2 set 2, which lets pods reach the node's credentials); ${SETTINGS}.`,
    ]);
  });

  it("fails a node group with no launch template, or one outside the stack", () => {
    const fix =
      'launch it from an AWS::EC2::LaunchTemplate of this stack with LaunchTemplateData.MetadataOptions {HttpTokens: "required", ' +
      "HttpPutResponseHopLimit: 1}, referenced by LaunchTemplate.Id (aws-eks-v2: launchTemplateSpec {id: template.ref})";
    expect(messages(template({ Ng: group() }))).toEqual([
      "Ng (AWS::EKS::Nodegroup) uses no launch template, so its nodes get EKS's default metadata options (hop limit 2: pods reach " +
        `the node's credentials); ${fix}.`,
    ]);
    expect(messages(template({ Ng: group({ Id: "lt-0123456789abcdef0" }) }))).toEqual([
      "Ng (AWS::EKS::Nodegroup) launches from a launch template that is not an AWS::EC2::LaunchTemplate of this stack, so its " +
        `metadata options cannot be checked; ${fix}.`,
    ]);
  });
});

describe("no wildcard IAM for agents (agentcloud-aws-agent-role-no-wildcards)", () => {
  const FIX =
    "name the specific actions and resources the agent needs, or declare the agent's unsafeBroadCloudPermissions with the reason " +
    "(agentcloud tags the role agentcloud.dev/unsafe-broad-cloud-permissions)";
  const role = (props: Record<string, unknown>, tags: Record<string, string> = { "agentcloud.dev/agent": "team-a/coder" }) => ({
    Type: "AWS::IAM::Role",
    Properties: { Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })), ...props },
  });
  const doc = (...Statement: Record<string, unknown>[]) => ({ Version: "2012-10-17", Statement });
  const objectArn = { "Fn::Join": ["", [{ "Fn::GetAtt": ["Bucket", "Arn"] }, "/reports/2026.csv"]] };

  it("passes explicit actions on concrete resources (Ref, GetAtt and joins of them), and roles that are not agents'", () => {
    const t = template({
      Agent: role({
        Policies: [
          {
            PolicyName: "agentcloud-agent-permissions",
            PolicyDocument: doc({ Effect: "Allow", Action: "s3:GetObject", Resource: objectArn }),
          },
        ],
      }),
      Extra: {
        Type: "AWS::IAM::Policy",
        Properties: {
          Roles: [{ Ref: "Agent" }],
          PolicyDocument: doc({ Effect: "Allow", Action: ["sqs:SendMessage"], Resource: { "Fn::GetAtt": ["Q", "Arn"] } }),
        },
      },
      Node: role({ ManagedPolicyArns: ["arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy"] }, {}),
    });
    expect(messages(t)).toEqual([]);
  });

  it("fails wildcards in the role's own policies and in attached ones, NotAction, and a managed policy from outside the stack", () => {
    const t = template({
      Agent: role({
        Policies: [{ PolicyName: "p", PolicyDocument: doc({ Effect: "Allow", Action: ["s3:Get*", "s3:PutObject"], Resource: "*" }) }],
        ManagedPolicyArns: ["arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess", { Ref: "Managed" }],
      }),
      Default: {
        Type: "AWS::IAM::Policy",
        Properties: { Roles: [{ Ref: "Agent" }], PolicyDocument: doc({ NotAction: "iam:*", Resource: objectArn }) },
      },
      Managed: {
        Type: "AWS::IAM::ManagedPolicy",
        Properties: {
          PolicyDocument: doc({
            Effect: "Allow",
            Action: "s3:GetObject",
            Resource: { "Fn::Join": ["", [{ "Fn::GetAtt": ["Bucket", "Arn"] }, "/*"]] },
          }),
        },
      },
    });
    expect(messages(t)).toEqual([
      `Agent (AWS::IAM::Role) is an agent's role that attaches a managed policy not defined in this stack (ManagedPolicyArns[0]), so its actions cannot be checked; give the agent exactly its declared permissions in an inline policy.`,
      `Agent (AWS::IAM::Role) is an agent's role that allows wildcard actions "s3:Get*" in Policies[0] Statement[0]; ${FIX}.`,
      `Agent (AWS::IAM::Role) is an agent's role that allows wildcard resources "*" in Policies[0] Statement[0]; ${FIX}.`,
      `Agent (AWS::IAM::Role) is an agent's role that allows every action but some (NotAction) in AWS::IAM::Policy Default Statement[0]; ${FIX}.`,
      `Agent (AWS::IAM::Role) is an agent's role that allows wildcard resources "{token}/*" in AWS::IAM::ManagedPolicy Managed Statement[0]; ${FIX}.`,
    ]);
  });

  it("passes wildcards acknowledged with a reason, not with a blank one", () => {
    const wild = {
      Policies: [{ PolicyName: "p", PolicyDocument: doc({ Effect: "Allow", Action: "s3:*", Resource: "arn:aws:s3:::data/*" }) }],
    };
    const tags = (reason: string) => ({ "agentcloud.dev/agent": "team-a/coder", "agentcloud.dev/unsafe-broad-cloud-permissions": reason });
    expect(messages(template({ Agent: role(wild, tags("migrates every object of the data bucket")) }))).toEqual([]);
    expect(messages(template({ Agent: role(wild, tags(" ")) }))).toEqual([
      'Agent (AWS::IAM::Role) is an agent\'s role that allows wildcard actions "s3:*" in Policies[0] Statement[0] (its ' +
        `agentcloud.dev/unsafe-broad-cloud-permissions tag states no reason); ${FIX}.`,
      'Agent (AWS::IAM::Role) is an agent\'s role that allows wildcard resources "arn:aws:s3:::data/*" in Policies[0] Statement[0] ' +
        `(its agentcloud.dev/unsafe-broad-cloud-permissions tag states no reason); ${FIX}.`,
    ]);
  });
});

describe("validateAgentcloudGateProps", () => {
  it("accepts the defaults and reports every bad setting at once", () => {
    expect(validateAgentcloudGateProps({})).toEqual([]);
    expect(validateAgentcloudGateProps({ minimumRetentionDays: 0.5, additionalRuntimeClasses: ["gvisor-gpu", "Bad_Name"] })).toEqual([
      {
        argument: "minimumRetentionDays",
        value: 0.5,
        problem: "is not a whole number of days of at least 1",
        fix: "give the minimum audit retention in whole days, e.g. 90 (the default)",
      },
      {
        argument: "additionalRuntimeClasses[1]",
        value: "Bad_Name",
        problem: "is not a RuntimeClass name (a DNS-1123 subdomain)",
        fix: "use lowercase letters, digits, '-' and '.', e.g. gvisor-gpu",
      },
    ]);
  });
});
