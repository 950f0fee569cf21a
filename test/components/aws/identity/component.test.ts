import * as eks from "@pulumi/aws/eks";
import * as iam from "@pulumi/aws/iam";
import { describe, expect, it } from "vitest";
import type { AgentDeclaration } from "../../../../components/blueprint/spec";
import { AgentIdentity, agentIdentities, awsAgentRoleName, awsIdentityBinding } from "../../../../components/aws/identity";
import { ArgumentError } from "../../../../components/validation";
import { record, recordRejection } from "../../../helpers/pulumi";

const BINDING = { accountId: "123456789012", region: "eu-west-1", clusterName: "agentcloud" };
const IMAGE = "ghcr.io/acme/agent:1.0.0";
const READ = {
  cloud: "aws" as const,
  actions: ["s3:GetObject", "s3:ListBucket"],
  resources: ["arn:aws:s3:::corpus", "arn:aws:s3:::corpus/reports/latest.json"],
};
const INVOKE = {
  cloud: "aws" as const,
  actions: ["bedrock:InvokeModel"],
  resources: ["arn:aws:bedrock:eu-west-1::foundation-model/amazon.nova-pro-v1:0"],
};

/** A cluster and its OIDC provider under the mock, whose ARN and issuer the mock computes. */
function oidcProvider(): iam.OpenIdConnectProvider {
  const cluster = new eks.Cluster("cluster", {
    name: "agentcloud",
    roleArn: "arn:aws:iam::123456789012:role/eks",
    vpcConfig: { subnetIds: ["subnet-1"] },
  });
  return new iam.OpenIdConnectProvider("oidc", {
    url: cluster.identities.apply((ids) => ids[0].oidcs[0].issuer),
    clientIdLists: ["sts.amazonaws.com"],
  });
}

function agent(declaration: Partial<AgentDeclaration>, name = "reader") {
  return { name, namespace: "agents", declaration: { namespace: "agents", image: IMAGE, ...declaration } };
}

describe("AgentIdentity", () => {
  it("IRSA (gVisor): a role trusted by the cluster's OIDC provider for this one ServiceAccount, its exact permissions, no association", async () => {
    const rec = await record(() => {
      const provider = oidcProvider();
      new AgentIdentity("reader", { binding: BINDING, agent: agent({ cloudPermissions: [READ, INVOKE] }), oidcProviderArn: provider.arn });
    });
    const component = rec.named("reader");
    expect([component.type, component.custom]).toEqual(["agentcloud:aws:AgentIdentity", false]);
    const children = rec.registrations.filter((r) => r.parent === component.urn).map((r) => [r.name, r.type]);
    expect(children.sort()).toEqual([
      ["reader-policy", "aws:iam/rolePolicy:RolePolicy"],
      ["reader-role", "aws:iam/role:Role"],
    ]);
    const issuer = (rec.named("oidc").inputs.url as string).replace(/^https:\/\//, "");
    expect(issuer).toMatch(/^oidc\.eks\.eu-west-1\.amazonaws\.com\/id\/[0-9A-F]{32}$/);
    const role = rec.named("reader-role").inputs;
    const roleName = awsAgentRoleName("agentcloud", "agents", "reader");
    expect(role.name).toBe(roleName);
    expect(role.maxSessionDuration).toBe(3600);
    expect(role.tags).toEqual({ "agentcloud.dev/agent": "agents/reader" });
    expect(JSON.parse(role.assumeRolePolicy as string)).toEqual({
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Principal: { Federated: `arn:aws:iam::123456789012:oidc-provider/${issuer}` },
          Action: "sts:AssumeRoleWithWebIdentity",
          Condition: {
            StringEquals: { [`${issuer}:sub`]: "system:serviceaccount:agents:reader", [`${issuer}:aud`]: "sts.amazonaws.com" },
          },
        },
      ],
    });
    const policy = rec.named("reader-policy");
    expect(policy.inputs.role).toBe(roleName);
    expect(policy.inputs.name).toBe("agentcloud-agent-permissions");
    expect(policy.dependencies).toContain(rec.named("reader-role").urn);
    expect(JSON.parse(policy.inputs.policy as string)).toEqual({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "Permission0",
          Effect: "Allow",
          Action: ["s3:GetObject", "s3:ListBucket"],
          Resource: ["arn:aws:s3:::corpus", "arn:aws:s3:::corpus/reports/latest.json"],
        },
        {
          Sid: "Permission1",
          Effect: "Allow",
          Action: ["bedrock:InvokeModel"],
          Resource: ["arn:aws:bedrock:eu-west-1::foundation-model/amazon.nova-pro-v1:0"],
        },
      ],
    });
  });

  it("Pod Identity (Kata): a role trusted by pods.eks.amazonaws.com for this cluster, namespace and ServiceAccount, and the association", async () => {
    const rec = await record(() => {
      new AgentIdentity("coder", { binding: BINDING, agent: agent({ sandbox: "kata-qemu", cloudPermissions: [READ] }, "coder") });
    });
    const component = rec.named("coder");
    expect(
      rec.registrations
        .filter((r) => r.parent === component.urn)
        .map((r) => [r.name, r.type])
        .sort(),
    ).toEqual([
      ["coder-pod-identity", "aws:eks/podIdentityAssociation:PodIdentityAssociation"],
      ["coder-policy", "aws:iam/rolePolicy:RolePolicy"],
      ["coder-role", "aws:iam/role:Role"],
    ]);
    const role = rec.named("coder-role").inputs;
    expect(JSON.parse(role.assumeRolePolicy as string)).toEqual({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "AllowEksAuthToAssumeRoleForPodIdentity",
          Effect: "Allow",
          Principal: { Service: "pods.eks.amazonaws.com" },
          Action: ["sts:AssumeRole", "sts:TagSession"],
          Condition: {
            StringEquals: {
              "aws:RequestTag/eks-cluster-arn": "arn:aws:eks:eu-west-1:123456789012:cluster/agentcloud",
              "aws:RequestTag/kubernetes-namespace": "agents",
              "aws:RequestTag/kubernetes-service-account": "coder",
            },
          },
        },
      ],
    });
    const roleName = awsAgentRoleName("agentcloud", "agents", "coder");
    expect(rec.named("coder-pod-identity").inputs).toEqual({
      clusterName: "agentcloud",
      namespace: "agents",
      serviceAccount: "coder",
      roleArn: `arn:aws:iam::123456789012:role/${roleName}`,
      tags: { "agentcloud.dev/agent": "agents/coder" },
    });
  });

  it("tags the role with the acknowledged reason when the agent declared broad permissions; extra tags never override agentcloud's", async () => {
    const rec = await record(() => {
      new AgentIdentity("lister", {
        binding: BINDING,
        agent: agent(
          {
            cloudPermissions: [{ cloud: "aws", actions: ["s3:List*"], resources: ["arn:aws:s3:::corpus"] }],
            unsafeBroadCloudPermissions: { reason: "lists every prefix of the corpus bucket" },
          },
          "lister",
        ),
        oidcProviderArn: "arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/ABC",
        tags: { team: "research", "agentcloud.dev/agent": "spoofed" },
      });
    });
    expect(rec.named("lister-role").inputs.tags).toEqual({
      team: "research",
      "agentcloud.dev/agent": "agents/lister",
      "agentcloud.dev/unsafe-broad-cloud-permissions": "lists every prefix of the corpus bucket",
    });
    expect(JSON.parse(rec.named("lister-policy").inputs.policy as string).Statement).toEqual([
      { Sid: "Permission0", Effect: "Allow", Action: ["s3:List*"], Resource: ["arn:aws:s3:::corpus"] },
    ]);
  });

  it("rejects an IRSA agent without the OIDC provider, and one without AWS permissions, before any resource", async () => {
    const { error, rec } = await recordRejection(
      () => new AgentIdentity("bad", { binding: { ...BINDING, accountId: "42" }, agent: agent({ cloudPermissions: [] }) }),
    );
    expect(error).toBeInstanceOf(ArgumentError);
    expect((error as Error).message).toBe(
      [
        `AgentIdentity "bad" has 3 invalid arguments:`,
        `  - binding.accountId: must be a 12-digit AWS account id (got "42"); fix: use the account's id, e.g. "123456789012" from getCallerIdentity()`,
        `  - agent.declaration.cloudPermissions: has no cloud: "aws" permission, so the agent needs no AWS role (got []); fix: declare a cloud: "aws" permission, or create no AgentIdentity for this agent`,
        `  - oidcProviderArn: is required for an agent under gVisor, which gets its AWS credentials through IRSA (got undefined); fix: pass the cluster's iam.OpenIdConnectProvider arn`,
      ].join("\n"),
    );
    expect(rec.registrations).toEqual([]);
  });
});

describe("the binding and the identity agree", () => {
  it("the ServiceAccount's role ARN is the ARN of the role AgentIdentity creates", async () => {
    const target = agent({ cloudPermissions: [READ] });
    const annotated = awsIdentityBinding(BINDING).bind(target).serviceAccountAnnotations?.["eks.amazonaws.com/role-arn"];
    let arn: Promise<string> | undefined;
    await record(() => {
      const identity = new AgentIdentity("reader", {
        binding: BINDING,
        agent: target,
        oidcProviderArn: "arn:aws:iam::123456789012:oidc-provider/x",
      });
      arn = new Promise((resolve) => identity.roleArn.apply(resolve));
    });
    expect(await arn).toBe(annotated);
  });
});

describe("agentIdentities", () => {
  const agents: Record<string, AgentDeclaration> = {
    reader: { namespace: "agents", image: IMAGE, cloudPermissions: [READ] },
    coder: { namespace: "team-b", image: IMAGE, agentName: "code-runner", sandbox: "kata-clh", cloudPermissions: [INVOKE] },
    offline: { namespace: "agents", image: IMAGE },
    gcp: {
      namespace: "agents",
      image: IMAGE,
      cloudPermissions: [
        { cloud: "gcp", actions: ["roles/storage.objectViewer"], resources: ["//storage.googleapis.com/projects/_/buckets/b"] },
      ],
    },
  };

  it("creates one identity per agent with AWS permissions, named after namespace and agent, by key", async () => {
    let keys: string[] = [];
    const rec = await record(() => {
      const made = agentIdentities("agents", {
        agents,
        binding: BINDING,
        oidcProviderArn: "arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/ABC",
      });
      keys = Object.keys(made);
      expect([made.reader.mode, made.coder.mode]).toEqual(["irsa", "pod-identity"]);
    });
    expect(keys).toEqual(["reader", "coder"]);
    expect(rec.ofType("agentcloud:aws:AgentIdentity").map((r) => r.name)).toEqual(["agents-agents-reader", "agents-team-b-code-runner"]);
    // Registration order follows the trust policies' resolution: compare as sets.
    expect(
      rec
        .ofType("aws:iam/role:Role")
        .map((r) => r.inputs.name as string)
        .sort(),
    ).toEqual([awsAgentRoleName("agentcloud", "agents", "reader"), awsAgentRoleName("agentcloud", "team-b", "code-runner")]);
    expect(rec.ofType("aws:eks/podIdentityAssociation:PodIdentityAssociation").map((r) => r.inputs.serviceAccount)).toEqual([
      "code-runner",
    ]);
  });

  it("reports every agent's problems at once, by key, before any resource", async () => {
    const { error, rec } = await recordRejection(() =>
      agentIdentities("agents", {
        binding: { ...BINDING, region: "Europe" },
        agents: {
          ...agents,
          broad: {
            namespace: "agents",
            image: IMAGE,
            cloudPermissions: [{ cloud: "aws", actions: ["s3:Get*", "GetObject"], resources: ["arn:aws-cn:s3:::x", "bucket"] }],
            unsafeBroadCloudPermissions: { reason: "reads everything (legacy)" },
          },
        },
      }),
    );
    expect((error as Error).message).toBe(
      [
        `agentIdentities "agents" has 6 invalid arguments:`,
        `  - binding.region: must be an AWS region name (got "Europe"); fix: use a region like "eu-west-1"`,
        `  - agents.broad.cloudPermissions[0].actions[1]: must be an IAM action "<service>:<Action>" (got "GetObject"); fix: use an action like "s3:GetObject"`,
        `  - agents.broad.cloudPermissions[0].resources[0]: must be an ARN in the aws partition ("arn:aws:<service>:<region>:<account>:<resource>") (got "arn:aws-cn:s3:::x"); fix: use an ARN like "arn:aws:s3:::bucket/reports/latest.json"`,
        `  - agents.broad.cloudPermissions[0].resources[1]: must be an ARN in the aws partition ("arn:aws:<service>:<region>:<account>:<resource>") (got "bucket"); fix: use an ARN like "arn:aws:s3:::bucket/reports/latest.json"`,
        `  - agents.broad.unsafeBroadCloudPermissions.reason: must be a valid IAM tag value on AWS (at most 256 letters, digits, spaces and _ . : / = + - @) (got "reads everything (legacy)"); fix: reword the reason without other punctuation`,
        `  - oidcProviderArn: is required: agent "reader" runs under gVisor and gets its AWS credentials through IRSA (got undefined); fix: pass the cluster's iam.OpenIdConnectProvider arn`,
      ].join("\n"),
    );
    expect(rec.registrations).toEqual([]);
  });
});
