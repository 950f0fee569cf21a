import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse, parseAllDocuments } from "yaml";
import { readTree, REPO, runCli, tempDir } from "../cli/run-cli";
import { invalidObjects } from "../helpers/schema";

interface Resource {
  type: string;
  name: string;
  inputs: Record<string, unknown>;
}

describe("examples/eks-minimal", () => {
  it("plans a private EKS cluster, one gVisor pool, one agent with its own IRSA role and the audit pipeline, through the public surface", async () => {
    const out = tempDir();
    const result = runCli(["plan", "--dir", join(REPO, "examples/eks-minimal"), "--stack", "dev", "--out", out]);
    expect(result.stderr).toBe("");
    expect(result.stdout).toContain("AgentVpc agents");
    expect(result.stdout).toContain("EksAgentCluster agents");
    expect(result.stdout).toContain("EksSandboxNodePool agents-gvisor");
    expect(result.stdout).toContain("AgentIdentity agent-support-support-agent");
    expect(result.stdout).toContain("S3AuditBucket audit");
    expect(result.stdout).toContain("AwsAuditShipping audit-shipping");

    const resources = (JSON.parse(readFileSync(join(out, "dev/resources.json"), "utf8")) as { resources: Resource[] }).resources;
    const ofType = (type: string) => resources.filter((r) => r.type === type);
    const [cluster] = ofType("aws:eks/cluster:Cluster");
    expect(cluster.inputs.vpcConfig).toEqual({
      subnetIds: ["agents-private-eu-west-1a-id", "agents-private-eu-west-1b-id"],
      endpointPrivateAccess: true,
      endpointPublicAccess: false,
    });
    expect(
      ofType("aws:eks/nodeGroup:NodeGroup")
        .map((g) => g.name)
        .sort(),
    ).toEqual(["agents-gvisor-node-group", "agents-system"]);
    // The agent's role: trusted only by its ServiceAccount through the cluster's OIDC provider, allowed one model only.
    const role = ofType("aws:iam/role:Role").find((r) => r.name === "agent-support-support-agent-role")!;
    const trust = JSON.parse(role.inputs.assumeRolePolicy as string);
    expect(trust.Statement).toHaveLength(1);
    expect(trust.Statement[0].Action).toBe("sts:AssumeRoleWithWebIdentity");
    expect(Object.values(trust.Statement[0].Condition.StringEquals)).toEqual([
      "system:serviceaccount:support:support-agent",
      "sts.amazonaws.com",
    ]);
    const policy = ofType("aws:iam/rolePolicy:RolePolicy").find((r) => r.name === "agent-support-support-agent-policy")!;
    expect(JSON.parse(policy.inputs.policy as string).Statement).toEqual([
      {
        Sid: "Permission0",
        Effect: "Allow",
        Action: ["bedrock:InvokeModel"],
        Resource: ["arn:aws:bedrock:eu-west-1::foundation-model/amazon.nova-pro-v1:0"],
      },
    ]);

    const manifests = readTree(join(out, "dev/manifests"));
    const objects = Object.values(manifests).flatMap((t) => parseAllDocuments(t).map((d) => d.toJS()));
    expect(await invalidObjects(objects)).toEqual([]);
    const serviceAccount = objects.find((o) => o.kind === "ServiceAccount" && o.metadata.name === "support-agent");
    expect(serviceAccount.metadata.annotations).toEqual({
      "eks.amazonaws.com/role-arn": expect.stringMatching(/^arn:aws:iam::123456789012:role\/agents-support-support-agent-[0-9a-f]{8}$/),
      "eks.amazonaws.com/sts-regional-endpoints": "true",
    });
    const deployment = objects.find((o) => o.kind === "Deployment" && o.metadata.namespace === "support");
    expect(deployment.spec.template.spec.runtimeClassName).toBe("gvisor");
    // IRSA reaches the regional STS endpoint by name: the agent's only egress besides DNS.
    const cilium = objects.find((o) => o.kind === "CiliumNetworkPolicy" && o.metadata.name === "support-agent");
    expect(JSON.stringify(cilium.spec.egress)).toContain('{"matchName":"sts.eu-west-1.amazonaws.com"}');
    const releases = parse(readFileSync(join(out, "dev/helm-releases.yaml"), "utf8")).releases as {
      release: string;
      values: Record<string, unknown>;
    }[];
    expect(releases.map((r) => r.release).sort()).toEqual(["agentcloud-audit", "agentcloud-monitoring", "cilium"]);
    expect(releases.find((r) => r.release === "cilium")!.values).toMatchObject({
      eni: { enabled: true },
      ipam: { mode: "eni" },
      operator: { replicas: 1 },
    });
    // The whole pack passes.
    expect(result.stdout).toContain("0 violation(s)");
    expect(result.status).toBe(0);
  }, 120_000);
});
