import { App, Stack } from "aws-cdk-lib";
import { Match, Template } from "aws-cdk-lib/assertions";
import * as eks from "aws-cdk-lib/aws-eks-v2";
import * as iam from "aws-cdk-lib/aws-iam";
import { describe, expect, it } from "vitest";
import { irsaTrustPolicy } from "../../../../components/aws/identity";
import type { AgentDeclaration } from "../../../../components/blueprint/spec";
import { AgentIdentity, agentIdentities, awsAgentRoleName, CdkArgumentError } from "../../../../components/cdk/identity";
import { REFERENCE_BEDROCK_MODEL, referenceFleet } from "../../../../stacks/agents";

const ENV = { account: "123456789012", region: "eu-west-1" };
const OIDC_ARN = "arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE";
const IMAGE = "ghcr.io/acme/agent:1.0.0";
const READ = {
  cloud: "aws" as const,
  actions: ["s3:GetObject", "s3:ListBucket"],
  resources: ["arn:aws:s3:::corpus", "arn:aws:s3:::corpus/reports/*"],
};
const INVOKE = { cloud: "aws" as const, actions: ["bedrock:InvokeModel"], resources: [REFERENCE_BEDROCK_MODEL] };

function agent(name: string, declaration: Partial<AgentDeclaration>) {
  return { name, namespace: "agents", declaration: { namespace: "agents", image: IMAGE, ...declaration } };
}

/** The role (by its name) in a template. */
function role(template: Template, roleName: string): Record<string, unknown> {
  const found = Object.values(template.findResources("AWS::IAM::Role", { Properties: { RoleName: roleName } }));
  expect(found).toHaveLength(1);
  return (found[0] as { Properties: Record<string, unknown> }).Properties;
}

// One synth for the single-agent cases: IRSA with an imported provider, IRSA with one created in the app, Pod Identity.
const stack = new Stack(new App(), "Identity", { env: ENV });
const imported = iam.OpenIdConnectProvider.fromOpenIdConnectProviderArn(stack, "Imported", OIDC_ARN);
const created = new iam.OpenIdConnectProvider(stack, "Oidc", { url: "https://oidc.eks.eu-west-1.amazonaws.com/id/ABC" });
const irsa = new AgentIdentity(stack, "Reader", {
  clusterName: "agentcloud",
  agent: agent("reader", { cloudPermissions: [READ, INVOKE] }),
  oidcProvider: imported,
  tags: { team: "research", "agentcloud.dev/agent": "overridden", "agentcloud.dev/unsafe-broad-cloud-permissions": "faked" },
});
const irsaCreated = new AgentIdentity(stack, "Writer", {
  clusterName: "agentcloud",
  agent: agent("writer", { cloudPermissions: [INVOKE] }),
  oidcProvider: created,
});
const broad = new AgentIdentity(stack, "Kata", {
  clusterName: "agentcloud",
  agent: agent("kata", {
    sandbox: "kata-qemu",
    cloudPermissions: [{ cloud: "aws", actions: ["s3:Get*"], resources: ["arn:aws:s3:::corpus/*"] }],
    unsafeBroadCloudPermissions: { reason: "reads every report of the corpus" },
  }),
});
const template = Template.fromStack(stack);

describe("AgentIdentity (CDK)", () => {
  it("IRSA: the same trust policy as the Pulumi side, for this one ServiceAccount, and no association", () => {
    expect(irsa.mode).toBe("irsa");
    expect(irsa.roleName).toBe(awsAgentRoleName("agentcloud", "agents", "reader"));
    expect(irsa.association).toBeUndefined();
    const props = role(template, irsa.roleName);
    const trust = JSON.parse(irsaTrustPolicy(OIDC_ARN, "agents", "reader"));
    // CDK writes a one-action list as a string.
    expect(props.AssumeRolePolicyDocument).toEqual({
      ...trust,
      Statement: [{ ...trust.Statement[0], Action: "sts:AssumeRoleWithWebIdentity" }],
    });
    expect(props.AssumeRolePolicyDocument).toEqual({
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Principal: { Federated: OIDC_ARN },
          Action: "sts:AssumeRoleWithWebIdentity",
          Condition: {
            StringEquals: {
              "oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE:sub": "system:serviceaccount:agents:reader",
              "oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE:aud": "sts.amazonaws.com",
            },
          },
        },
      ],
    });
  });

  it("IRSA: exactly the declared permissions inline, no managed policy, one-hour sessions, extra tags cannot set agentcloud's keys", () => {
    const props = role(template, irsa.roleName);
    expect(props.Policies).toEqual([
      {
        PolicyName: "agentcloud-agent-permissions",
        PolicyDocument: {
          Version: "2012-10-17",
          Statement: [
            {
              Sid: "Permission0",
              Effect: "Allow",
              Action: ["s3:GetObject", "s3:ListBucket"],
              Resource: ["arn:aws:s3:::corpus", "arn:aws:s3:::corpus/reports/*"],
            },
            { Sid: "Permission1", Effect: "Allow", Action: "bedrock:InvokeModel", Resource: REFERENCE_BEDROCK_MODEL },
          ],
        },
      },
    ]);
    expect(props.ManagedPolicyArns).toBeUndefined();
    expect(props.MaxSessionDuration).toBe(3600);
    expect(props.Description).toBe("agentcloud agent agents/reader (IRSA)");
    expect(props.Tags).toEqual([
      { Key: "agentcloud.dev/agent", Value: "agents/reader" },
      { Key: "team", Value: "research" },
    ]);
  });

  it("IRSA with a provider created in the app: the issuer-keyed conditions go through CfnJson", () => {
    const props = role(template, irsaCreated.roleName);
    const statement = (props.AssumeRolePolicyDocument as { Statement: Record<string, unknown>[] }).Statement;
    expect(statement).toHaveLength(1);
    expect(statement[0].Principal).toEqual({ Federated: { Ref: stack.getLogicalId(created.node.defaultChild as never) } });
    expect(statement[0].Action).toBe("sts:AssumeRoleWithWebIdentity");
    const conditions = (statement[0].Condition as { StringEquals: { "Fn::GetAtt": [string, string] } }).StringEquals["Fn::GetAtt"];
    const json = template.toJSON().Resources[conditions[0]];
    expect(json.Type).toBe("Custom::AWSCDKCfnJson");
    const issuer = {
      "Fn::Select": [1, { "Fn::Split": [":oidc-provider/", { Ref: stack.getLogicalId(created.node.defaultChild as never) }] }],
    };
    expect(json.Properties.Value).toEqual({
      "Fn::Join": ["", ['{"', issuer, ':sub":"system:serviceaccount:agents:writer","', issuer, ':aud":"sts.amazonaws.com"}']],
    });
  });

  it("Pod Identity (not gVisor): pods.eks.amazonaws.com held to this cluster, namespace and ServiceAccount, and an association", () => {
    expect(broad.mode).toBe("pod-identity");
    const props = role(template, broad.roleName);
    expect(props.AssumeRolePolicyDocument).toEqual({
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Principal: { Service: "pods.eks.amazonaws.com" },
          Action: ["sts:AssumeRole", "sts:TagSession"],
          Condition: {
            StringEquals: {
              "aws:RequestTag/eks-cluster-arn": {
                "Fn::Join": ["", ["arn:", { Ref: "AWS::Partition" }, ":eks:eu-west-1:123456789012:cluster/agentcloud"]],
              },
              "aws:RequestTag/kubernetes-namespace": "agents",
              "aws:RequestTag/kubernetes-service-account": "kata",
            },
          },
        },
      ],
    });
    template.resourceCountIs("AWS::EKS::PodIdentityAssociation", 1);
    template.hasResourceProperties("AWS::EKS::PodIdentityAssociation", {
      ClusterName: "agentcloud",
      Namespace: "agents",
      ServiceAccount: "kata",
      RoleArn: { "Fn::GetAtt": [stack.getLogicalId(broad.role.node.defaultChild as never), "Arn"] },
      Tags: [{ Key: "agentcloud.dev/agent", Value: "agents/kata" }],
    });
  });

  it("acknowledged wildcards: the reason is tagged on the role", () => {
    const props = role(template, broad.roleName);
    expect(props.Tags).toEqual([
      { Key: "agentcloud.dev/agent", Value: "agents/kata" },
      { Key: "agentcloud.dev/unsafe-broad-cloud-permissions", Value: "reads every report of the corpus" },
    ]);
    expect(props.Policies).toEqual([
      {
        PolicyName: "agentcloud-agent-permissions",
        PolicyDocument: {
          Version: "2012-10-17",
          Statement: [{ Sid: "Permission0", Effect: "Allow", Action: "s3:Get*", Resource: "arn:aws:s3:::corpus/*" }],
        },
      },
    ]);
  });

  it("refuses an IRSA agent without the OIDC provider, before creating anything", () => {
    const scope = new Stack(new App(), "Refused", { env: ENV });
    expect(
      () => new AgentIdentity(scope, "Reader", { clusterName: "agentcloud", agent: agent("reader", { cloudPermissions: [READ] }) }),
    ).toThrow(
      new CdkArgumentError('AgentIdentity "Reader"', [
        {
          argument: "oidcProvider",
          value: undefined,
          problem: "is required for an agent under gVisor, which gets its AWS credentials through IRSA",
          fix: "pass the cluster's OIDC provider (AgentEksCluster's openIdConnectProvider)",
        },
      ]).message,
    );
    expect(scope.node.findAll().map((c) => c.node.path)).toEqual(["Refused"]);
  });
});

describe("agentIdentities (CDK)", () => {
  it("the reference fleet: one IRSA role for research-assistant, the only agent with AWS permissions", () => {
    const fleetStack = new Stack(new App(), "Fleet", { env: ENV });
    const provider = iam.OpenIdConnectProvider.fromOpenIdConnectProviderArn(fleetStack, "Oidc", OIDC_ARN);
    const identities = agentIdentities(fleetStack, "Identities", {
      agents: referenceFleet().agents,
      clusterName: "agentcloud",
      oidcProvider: provider,
    });
    expect(Object.keys(identities)).toEqual(["research-assistant"]);
    expect(identities["research-assistant"].node.path).toBe("Fleet/Identities/agents-research-assistant");
    expect(identities["research-assistant"].roleName).toBe("agentcloud-agents-research-assistant-c49287e6");
    const fleetTemplate = Template.fromStack(fleetStack);
    fleetTemplate.resourceCountIs("AWS::IAM::Role", 1);
    fleetTemplate.resourceCountIs("AWS::EKS::PodIdentityAssociation", 0);
    fleetTemplate.hasResourceProperties("AWS::IAM::Role", {
      RoleName: "agentcloud-agents-research-assistant-c49287e6",
      Policies: [
        {
          PolicyName: "agentcloud-agent-permissions",
          PolicyDocument: {
            Statement: [{ Sid: "Permission0", Effect: "Allow", Action: "bedrock:InvokeModel", Resource: REFERENCE_BEDROCK_MODEL }],
          },
        },
      ],
      AssumeRolePolicyDocument: {
        Statement: [Match.objectLike({ Principal: { Federated: OIDC_ARN }, Action: "sts:AssumeRoleWithWebIdentity" })],
      },
    });
  });

  it("reports every agent's problems at once, before creating anything", () => {
    const scope = new Stack(new App(), "Refused", { env: ENV });
    const agents = {
      a: {
        namespace: "agents",
        image: IMAGE,
        cloudPermissions: [{ cloud: "aws" as const, actions: ["GetObject"], resources: ["arn:aws:s3:::c"] }],
      },
      b: {
        namespace: "agents",
        image: IMAGE,
        sandbox: "kata-qemu" as const,
        cloudPermissions: [{ cloud: "aws" as const, actions: ["s3:GetObject"], resources: ["bucket"] }],
      },
    };
    expect(() => agentIdentities(scope, "Identities", { agents, clusterName: "-bad" })).toThrow(
      [
        'agentIdentities "Identities" has 4 invalid arguments:',
        `  - clusterName: must be an EKS cluster name (1 to 100 letters, digits, '-' and '_', starting with a letter or digit) (got "-bad"); fix: use the cluster's name, e.g. "agentcloud"`,
        `  - agents.a.cloudPermissions[0].actions[0]: must be an IAM action "<service>:<Action>" (got "GetObject"); fix: use an action like "s3:GetObject"`,
        `  - agents.b.cloudPermissions[0].resources[0]: must be an ARN in the aws partition ("arn:aws:<service>:<region>:<account>:<resource>") (got "bucket"); fix: use an ARN like "arn:aws:s3:::bucket/reports/latest.json"`,
        `  - oidcProvider: is required: agent "a" runs under gVisor and gets its AWS credentials through IRSA (got undefined); fix: pass the cluster's OIDC provider (AgentEksCluster's openIdConnectProvider)`,
      ].join("\n"),
    );
    expect(scope.node.findAll().map((c) => c.node.path)).toEqual(["Refused"]);
  });
});

describe("AgentIdentity on an aws-eks-v2 cluster", () => {
  it("a Pod Identity association refers to the cluster and waits for its Pod Identity agent add-on", () => {
    const clusterStack = new Stack(new App(), "OnCluster", { env: ENV });
    const cluster = new eks.Cluster(clusterStack, "Cluster", { version: eks.KubernetesVersion.of("1.35"), clusterName: "agentcloud" });
    const kata = new AgentIdentity(clusterStack, "Kata", {
      clusterName: "agentcloud",
      cluster,
      agent: agent("kata", { sandbox: "kata-qemu", cloudPermissions: [READ] }),
    });
    const t = Template.fromStack(clusterStack);
    const clusterId = clusterStack.getLogicalId(cluster.node.defaultChild as never);
    const addonId = clusterStack.getLogicalId(cluster.eksPodIdentityAgent!.node.defaultChild as never);
    t.hasResource("AWS::EKS::PodIdentityAssociation", {
      Properties: Match.objectLike({ ClusterName: { Ref: clusterId }, Namespace: "agents", ServiceAccount: "kata" }),
      DependsOn: [addonId],
    });
    t.hasResourceProperties("AWS::EKS::Addon", { AddonName: "eks-pod-identity-agent", ClusterName: { Ref: clusterId } });
    expect(kata.roleName).toBe(awsAgentRoleName("agentcloud", "agents", "kata"));
  });
});
