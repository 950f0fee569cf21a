import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App, CfnResource } from "aws-cdk-lib";
import { Match, Template } from "aws-cdk-lib/assertions";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { agentcloudGate } from "../../../components/cdk/gate";
import { AgentCloudStack, validateAgentCloudStackProps, type AgentCloudStackProps } from "../../../components/cdk/stack";
import { referenceFleet, REFERENCE_BEDROCK_MODEL } from "../../../stacks/agents";

const ENV = { account: "111122223333", region: "eu-west-1" };
const ZONES = ["eu-west-1a", "eu-west-1b", "eu-west-1c"];

function referenceProps(overrides: Partial<AgentCloudStackProps> = {}): AgentCloudStackProps {
  return { env: ENV, ...referenceFleet(), availabilityZones: ZONES, ...overrides };
}

interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string };
  spec?: { template?: { spec?: { runtimeClassName?: string } } };
}

/** Every Kubernetes object of the stack's manifests (the `Manifest` JSON of the kubectl custom resources). */
function manifestObjects(template: Template): KubeObject[] {
  const resources = template.findResources("Custom::AWSCDK-EKS-KubernetesResource");
  return Object.values(resources).flatMap((r) => {
    const manifest = (r as { Properties: { Manifest: unknown } }).Properties.Manifest;
    // A manifest holding tokens is an Fn::Join of its JSON parts; each token sits inside a JSON string.
    const text =
      typeof manifest === "string"
        ? manifest
        : (manifest as { "Fn::Join": [string, unknown[]] })["Fn::Join"][1].map((p) => (typeof p === "string" ? p : "TOKEN")).join("");
    return JSON.parse(text) as KubeObject[];
  });
}

describe("AgentCloudStack", () => {
  let template: Template;
  beforeAll(() => {
    const app = new App();
    template = Template.fromStack(new AgentCloudStack(app, "AgentCloud", referenceProps()));
  }, 120_000);

  it("creates a private cluster with Secrets encryption and every control-plane log", () => {
    template.resourceCountIs("AWS::EKS::Cluster", 1);
    template.hasResourceProperties("AWS::EKS::Cluster", {
      Name: "agentcloud",
      Version: "1.35",
      ResourcesVpcConfig: Match.objectLike({ EndpointPrivateAccess: true, EndpointPublicAccess: false }),
      EncryptionConfig: [{ Provider: { KeyArn: Match.anyValue() }, Resources: ["secrets"] }],
      Logging: {
        ClusterLogging: { EnabledTypes: ["api", "audit", "authenticator", "controllerManager", "scheduler"].map((Type) => ({ Type })) },
      },
    });
  });

  it("adds a GPU pool on NVIDIA AMIs with the GPU taint and a gVisor pool with the sandbox taint, both with IMDSv2 launch templates", () => {
    template.hasResourceProperties("AWS::EKS::Nodegroup", {
      AmiType: "AL2023_x86_64_NVIDIA",
      Taints: [{ Key: "nvidia.com/gpu", Value: "true", Effect: "NO_SCHEDULE" }],
      ScalingConfig: { MinSize: 0, DesiredSize: 0, MaxSize: 2 },
    });
    template.hasResourceProperties("AWS::EKS::Nodegroup", {
      Labels: Match.objectLike({ "agentcloud.dev/sandbox": "gvisor" }),
      Taints: [{ Key: "agentcloud.dev/sandbox", Value: "gvisor", Effect: "NO_SCHEDULE" }],
    });
    const templates = Object.values(template.findResources("AWS::EC2::LaunchTemplate"));
    expect(templates.length).toBe(3);
    for (const lt of templates) {
      expect(
        (lt as { Properties: { LaunchTemplateData: { MetadataOptions: unknown } } }).Properties.LaunchTemplateData.MetadataOptions,
      ).toMatchObject({
        HttpTokens: "required",
        HttpPutResponseHopLimit: 1,
      });
    }
  });

  it("locks the audit bucket in COMPLIANCE mode for 365 days", () => {
    template.hasResourceProperties("AWS::S3::Bucket", {
      ObjectLockEnabled: true,
      ObjectLockConfiguration: { ObjectLockEnabled: "Enabled", Rule: { DefaultRetention: { Mode: "COMPLIANCE", Days: 365 } } },
    });
  });

  it("gives research-assistant an IRSA role trusted by its ServiceAccount only, allowed its one model", () => {
    template.hasResourceProperties("AWS::IAM::Role", {
      AssumeRolePolicyDocument: {
        Statement: [
          Match.objectLike({ Action: "sts:AssumeRoleWithWebIdentity", Effect: "Allow", Principal: { Federated: Match.anyValue() } }),
        ],
      },
      Policies: [
        {
          PolicyName: "agentcloud-agent-permissions",
          PolicyDocument: Match.objectLike({
            Statement: [Match.objectLike({ Action: "bedrock:InvokeModel", Effect: "Allow", Resource: REFERENCE_BEDROCK_MODEL })],
          }),
        },
      ],
    });
  });

  it("applies the fleet's Kubernetes objects: research-assistant under gVisor with its IRSA annotation", () => {
    const objects = manifestObjects(template);
    const deployment = objects.find((o) => o.kind === "Deployment" && o.metadata.name === "research-assistant");
    expect(deployment?.metadata.namespace).toBe("agents");
    expect(deployment?.spec?.template?.spec?.runtimeClassName).toBe("gvisor");
    const sa = objects.find((o) => o.kind === "ServiceAccount" && o.metadata.name === "research-assistant") as unknown as {
      metadata: { annotations: Record<string, string> };
    };
    expect(sa.metadata.annotations["eks.amazonaws.com/role-arn"]).toMatch(
      /^arn:aws:iam::111122223333:role\/agentcloud-agents-research-assistant-[0-9a-f]{8}$/,
    );
    expect(objects.filter((o) => o.kind === "RuntimeClass").map((o) => o.metadata.name)).toContain("gvisor");
    template.hasResourceProperties("Custom::AWSCDK-EKS-HelmChart", { Chart: "kube-prometheus-stack" });
    template.hasResourceProperties("Custom::AWSCDK-EKS-HelmChart", { Chart: "nvidia-device-plugin" });
  });
});

describe("AgentCloudStack with a Kata pool", () => {
  it("runs memory-keeper under Kata on its own pool with kata-deploy, trusting it through Pod Identity once the agent add-on exists", () => {
    const fleet = referenceFleet();
    const memoryKeeper = {
      ...fleet.agents["memory-keeper"],
      sandbox: "kata-qemu" as const,
      cloudPermissions: [{ cloud: "aws" as const, actions: ["bedrock:InvokeModel"], resources: [REFERENCE_BEDROCK_MODEL] }],
    };
    const app = new App();
    const stack = new AgentCloudStack(app, "AgentCloud", {
      ...referenceProps({ gpuPool: false, kataPool: {} }),
      agents: { ...fleet.agents, "memory-keeper": memoryKeeper },
    });
    const template = Template.fromStack(stack);
    template.hasResourceProperties("AWS::EKS::Nodegroup", {
      Taints: [{ Key: "agentcloud.dev/sandbox", Value: "kata", Effect: "NO_SCHEDULE" }],
    });
    template.hasResourceProperties("Custom::AWSCDK-EKS-HelmChart", { Chart: Match.stringLikeRegexp("kata-deploy") });
    const associations = template.findResources("AWS::EKS::PodIdentityAssociation");
    expect(Object.values(associations).map((a) => (a as { Properties: Record<string, unknown> }).Properties)).toEqual([
      expect.objectContaining({ Namespace: "agents", ServiceAccount: "memory-keeper" }),
    ]);
    const [addon] = Object.keys(template.findResources("AWS::EKS::Addon", { Properties: { AddonName: "eks-pod-identity-agent" } }));
    expect((Object.values(associations)[0] as { DependsOn: string[] }).DependsOn).toContain(addon);
    template.hasResourceProperties("AWS::IAM::Role", {
      AssumeRolePolicyDocument: {
        Statement: [
          Match.objectLike({
            Action: ["sts:AssumeRole", "sts:TagSession"],
            Effect: "Allow",
            Principal: { Service: "pods.eks.amazonaws.com" },
          }),
        ],
      },
    });
  }, 120_000);
});

describe("AgentCloudStack's late-bound issuer", () => {
  it("gives the gateway the cluster's OIDC issuer id, read at deploy time, and leaves no placeholder", () => {
    const app = new App();
    const stack = new AgentCloudStack(app, "AgentCloud", referenceProps({ gpuPool: false }));
    const template = Template.fromStack(stack);
    const [jsonId] = Object.keys(template.findResources("Custom::AWSCDKCfnJson")).filter((id) => id.startsWith("OidcIssuerId"));
    const text = JSON.stringify(template.toJSON());
    expect(text).not.toContain("agentcloud-late-bound");
    expect(text).toContain(`issuer: https://oidc.eks.eu-west-1.amazonaws.com/id/",{"Fn::GetAtt":["${jsonId}","Value"]}`);
  }, 120_000);
});

describe("AgentCloudStack under agentcloud's gate", () => {
  // Made when the tests run, not when the file is collected: a filtered run (-t) would skip afterAll and leak it.
  let outdir = "";
  beforeAll(() => {
    outdir = mkdtempSync(join(tmpdir(), "agentcloud-cdk-stack-"));
  });
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  it("fails synth, naming each construct, when escape hatches open the endpoint and unlock the audit bucket", () => {
    const app = new App({ outdir });
    agentcloudGate(app);
    const stack = new AgentCloudStack(app, "AgentCloud", referenceProps());
    (stack.cluster.cluster.node.defaultChild as CfnResource).addPropertyOverride("ResourcesVpcConfig.EndpointPublicAccess", true);
    (stack.audit.bucket.node.defaultChild as CfnResource).addPropertyOverride(
      "ObjectLockConfiguration.Rule.DefaultRetention.Mode",
      "GOVERNANCE",
    );
    let message = "";
    try {
      app.synth();
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toContain(
      `ERROR AgentCloud/Audit/Resource/Resource (AWS::S3::Bucket) is an audit bucket whose default retention is in "GOVERNANCE" mode, which users with s3:BypassGovernanceRetention can override; set ObjectLockEnabled to true and ObjectLockConfiguration.Rule.DefaultRetention to {Mode: "COMPLIANCE", Days: 90} or more (aws-s3: objectLockEnabled: true, objectLockDefaultRetention: ObjectLockRetention.compliance(Duration.days(90))). (agentcloud-gate)`,
    );
    expect(message).toContain(
      "ERROR AgentCloud/Cluster/Resource/Resource (AWS::EKS::Cluster) turns on ResourcesVpcConfig.EndpointPublicAccess with no ResourcesVpcConfig.PublicAccessCidrs, so the API server answers every address (EKS's default 0.0.0.0/0); set ResourcesVpcConfig.EndpointPublicAccess to false (aws-eks-v2: endpointAccess EndpointAccess.PRIVATE), or list only your operators' networks in ResourcesVpcConfig.PublicAccessCidrs (EndpointAccess.PUBLIC_AND_PRIVATE.onlyFrom(...)). (agentcloud-gate)",
    );
    const report = JSON.parse(readFileSync(join(outdir, "validation-report.json"), "utf8")) as {
      pluginReports: {
        pluginName: string;
        conclusion: string;
        violations: { ruleName: string; violatingConstructs: { constructPath: string }[] }[];
      }[];
    };
    const gate = report.pluginReports.find((r) => r.pluginName === "agentcloud-gate")!;
    expect(gate.conclusion).toBe("failure");
    expect(gate.violations.map((v) => [v.ruleName, v.violatingConstructs.map((c) => c.constructPath)])).toEqual([
      ["agentcloud-aws-audit-bucket", ["AgentCloud/Audit/Resource/Resource"]],
      ["agentcloud-aws-eks-private-endpoint", ["AgentCloud/Cluster/Resource/Resource"]],
    ]);
  }, 120_000);
});

describe("validateAgentCloudStackProps", () => {
  it("reports a missing env, a Kata agent without a Kata pool and GPU agents without a GPU pool, all at once", () => {
    const fleet = referenceFleet();
    const agents = {
      ...fleet.agents,
      "memory-keeper": { ...fleet.agents["memory-keeper"], sandbox: "kata-qemu" as const },
      trainer: { ...fleet.agents["memory-keeper"], resources: { gpu: 1 } },
    };
    expect(validateAgentCloudStackProps({ ...fleet, agents, availabilityZones: ZONES, gpuPool: false })).toEqual([
      {
        argument: "env.account",
        value: undefined,
        problem: "must be given (agent role ARNs and the OIDC issuer in the Kubernetes objects are derived from it at synth)",
        fix: 'set env: { account: "111122223333", region: "eu-west-1" } (e.g. from cdk.json\'s context)',
      },
      {
        argument: "env.region",
        value: undefined,
        problem: "must be given (agent role ARNs and the OIDC issuer in the Kubernetes objects are derived from it at synth)",
        fix: 'set env: { account: "111122223333", region: "eu-west-1" } (e.g. from cdk.json\'s context)',
      },
      {
        argument: "agents.memory-keeper.sandbox",
        value: "kata-qemu",
        problem: "runs under Kata, but the stack has no Kata pool",
        fix: "set kataPool (instances with /dev/kvm), or run the agent under gvisor",
      },
      {
        argument: "gpuPool",
        value: false,
        problem: "is off, but an agent of the fleet asks for GPU shares",
        fix: "set gpuPool (or leave it unset for the default pool scaled to zero), or remove the agents' gpu",
      },
    ]);
  });

  it("throws before creating anything", () => {
    const app = new App();
    expect(() => new AgentCloudStack(app, "NoEnv", { ...referenceFleet(), availabilityZones: ZONES })).toThrow(/AgentCloudStack "NoEnv"/);
    expect(app.node.children).toEqual([]);
  });

  it("checks the fleet with AgentCloud's validators before creating the stack", () => {
    const app = new App();
    const fleet = referenceFleet();
    const agents = { ...fleet.agents, "memory-keeper": { ...fleet.agents["memory-keeper"], namespace: "nowhere" } };
    expect(() => new AgentCloudStack(app, "AgentCloud", { ...referenceProps(), agents })).toThrow(/agents\.memory-keeper\.namespace/);
    expect(app.node.children).toEqual([]);
  });
});
