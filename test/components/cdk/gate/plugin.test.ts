import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { KubectlV35Layer } from "@aws-cdk/lambda-layer-kubectl-v35";
import { App, Duration, Stack, Tags, Validations } from "aws-cdk-lib";
import * as ec2 from "aws-cdk-lib/aws-ec2";
import * as eks from "aws-cdk-lib/aws-eks-v2";
import * as iam from "aws-cdk-lib/aws-iam";
import * as s3 from "aws-cdk-lib/aws-s3";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { AgentcloudGate, agentcloudGate, GATE_RULES } from "../../../../components/cdk/gate";

const ENV = { account: "123456789012", region: "eu-west-1" };

/** What synth did: the error it threw (undefined when it passed) and the gate's violations from the report. */
interface Outcome {
  error?: string;
  violations: { ruleName: string; description: string; constructPath?: string }[];
}

/** Options that make the app comply, or break each rule. */
interface Choices {
  endpointAccess: eks.EndpointAccess;
  runtimeClassName?: string;
  retention: s3.ObjectLockRetention;
  hopLimit: number;
  action: string;
}

/** One app with plain aws-cdk-lib resources of every kind the gate judges, synthesised with the gate installed. */
function synth(choices: Choices, outdir: string): Outcome {
  const app = new App({ outdir });
  agentcloudGate(app);
  const stack = new Stack(app, "Fleet", { env: ENV });
  const vpc = new ec2.Vpc(stack, "Vpc", { availabilityZones: ["eu-west-1a", "eu-west-1b"], natGateways: 1 });
  const cluster = new eks.Cluster(stack, "Cluster", {
    version: eks.KubernetesVersion.V1_35,
    vpc,
    endpointAccess: choices.endpointAccess,
    defaultCapacityType: eks.DefaultCapacityType.NODEGROUP,
    defaultCapacity: 0,
    kubectlProviderOptions: { kubectlLayer: new KubectlV35Layer(stack, "KubectlLayer") },
  });
  const template = new ec2.CfnLaunchTemplate(stack, "NodeTemplate", {
    launchTemplateData: { metadataOptions: { httpTokens: "required", httpPutResponseHopLimit: choices.hopLimit } },
  });
  cluster.addNodegroupCapacity("Sandbox", { launchTemplateSpec: { id: template.ref, version: template.attrLatestVersionNumber } });
  cluster.addManifest("Agents", {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "coder", namespace: "team-a", labels: { "agentcloud.dev/agent": "coder" } },
    spec: {
      selector: { matchLabels: { app: "coder" } },
      template: {
        metadata: { labels: { app: "coder" } },
        spec: { runtimeClassName: choices.runtimeClassName, containers: [{ name: "coder", image: "coder:1" }] },
      },
    },
  });
  const audit = new s3.Bucket(stack, "Audit", { objectLockEnabled: true, objectLockDefaultRetention: choices.retention });
  Tags.of(audit).add("agentcloud.dev/audit", "true");
  const role = new iam.Role(stack, "AgentRole", { assumedBy: new iam.ServicePrincipal("pods.eks.amazonaws.com") });
  role.addToPolicy(new iam.PolicyStatement({ actions: [choices.action], resources: [audit.arnForObjects("reports/2026.csv")] }));
  Tags.of(role).add("agentcloud.dev/agent", "team-a/coder");

  try {
    app.synth();
    return { violations: [] };
  } catch (e) {
    const error = (e as Error).message;
    const parsed = JSON.parse(readFileSync(join(outdir, "validation-report.json"), "utf8")) as {
      pluginReports: {
        pluginName: string;
        violations: { ruleName: string; description: string; violatingConstructs: { constructPath?: string }[] }[];
      }[];
    };
    const violations = parsed.pluginReports
      .filter((r) => r.pluginName === "agentcloud-gate")
      .flatMap((r) =>
        r.violations.map((v) => ({
          ruleName: v.ruleName,
          description: v.description,
          constructPath: v.violatingConstructs[0]?.constructPath,
        })),
      );
    return { error, violations };
  }
}

describe("the gate in a synth", () => {
  // The validation report is printed with console.error; keep test output readable.
  const quiet = vi.spyOn(console, "error").mockImplementation(() => undefined);
  const outdirs = [1, 2, 3].map(() => mkdtempSync(join(tmpdir(), "agentcloud-gate-")));
  afterAll(() => {
    quiet.mockRestore();
    for (const dir of outdirs) rmSync(dir, { recursive: true, force: true });
  });

  let passing: Outcome;
  let failing: Outcome;
  beforeAll(() => {
    passing = synth(
      {
        endpointAccess: eks.EndpointAccess.PRIVATE,
        runtimeClassName: "gvisor",
        retention: s3.ObjectLockRetention.compliance(Duration.days(90)),
        hopLimit: 1,
        action: "s3:GetObject",
      },
      outdirs[0],
    );
    failing = synth(
      {
        endpointAccess: eks.EndpointAccess.PUBLIC_AND_PRIVATE,
        retention: s3.ObjectLockRetention.governance(Duration.days(30)),
        hopLimit: 2,
        action: "s3:*",
      },
      outdirs[1],
    );
  }, 60_000);

  it("lets a compliant app synthesise", () => {
    expect(passing).toEqual({ violations: [] });
  });

  it("fails synth on a violation of each rule, with the construct path, the problem and the fix", () => {
    // The CDK prints the report and writes it to the cloud assembly; the error names the file.
    expect(failing.error).toContain(`A copy of this report can be found in: ${join(outdirs[1], "validation-report.json")}`);
    expect(failing.violations.map((v) => [v.ruleName, v.constructPath])).toEqual([
      [GATE_RULES.sandboxRuntime, "Fleet/Cluster/manifest-Agents/Resource/Default"],
      [GATE_RULES.auditBucket, "Fleet/Audit/Resource"],
      [GATE_RULES.auditBucket, "Fleet/Audit/Resource"],
      [GATE_RULES.privateEndpoint, "Fleet/Cluster/Resource"],
      [GATE_RULES.imdsv2, "Fleet/NodeTemplate"],
      [GATE_RULES.agentRoleNoWildcards, "Fleet/AgentRole/Resource"],
    ]);
    const AUDIT_FIX =
      'set ObjectLockEnabled to true and ObjectLockConfiguration.Rule.DefaultRetention to {Mode: "COMPLIANCE", Days: 90} or more ' +
      "(aws-s3: objectLockEnabled: true, objectLockDefaultRetention: ObjectLockRetention.compliance(Duration.days(90)))";
    expect(failing.violations.map((v) => v.description)).toEqual([
      'Fleet/Cluster/manifest-Agents/Resource/Default (Custom::AWSCDK-EKS-KubernetesResource) holds Deployment "coder" in namespace ' +
        '"team-a", an agent (labelled agentcloud.dev/agent), that sets no spec.template.spec.runtimeClassName, so it runs without a ' +
        "sandbox; set spec.template.spec.runtimeClassName to a sandbox RuntimeClass (gvisor, kata-qemu, kata-clh, kata-fc), or, if the " +
        'agent truly cannot be sandboxed, annotate its pod template with agentcloud.dev/unsafe-no-sandbox: "<reason>" (agentcloud\'s ' +
        "unsafeNoSandbox option).",
      'Fleet/Audit/Resource (AWS::S3::Bucket) is an audit bucket whose default retention is in "GOVERNANCE" mode, which users with ' +
        `s3:BypassGovernanceRetention can override; ${AUDIT_FIX}.`,
      `Fleet/Audit/Resource (AWS::S3::Bucket) is an audit bucket that locks records for 30 days by default, under the minimum of 90 days; ${AUDIT_FIX}.`,
      "Fleet/Cluster/Resource (AWS::EKS::Cluster) turns on ResourcesVpcConfig.EndpointPublicAccess with no " +
        "ResourcesVpcConfig.PublicAccessCidrs, so the API server answers every address (EKS's default 0.0.0.0/0); set " +
        "ResourcesVpcConfig.EndpointPublicAccess to false (aws-eks-v2: endpointAccess EndpointAccess.PRIVATE), or list only your " +
        "operators' networks in ResourcesVpcConfig.PublicAccessCidrs (EndpointAccess.PUBLIC_AND_PRIVATE.onlyFrom(...)).",
      "Fleet/NodeTemplate (AWS::EC2::LaunchTemplate) sets LaunchTemplateData.MetadataOptions.HttpPutResponseHopLimit to 2, which " +
        'lets pods reach the node\'s credentials; set LaunchTemplateData.MetadataOptions {HttpTokens: "required", HttpPutResponseHopLimit: 1}.',
      'Fleet/AgentRole/Resource (AWS::IAM::Role) is an agent\'s role that allows wildcard actions "s3:*" in AWS::IAM::Policy ' +
        "AgentRoleDefaultPolicy1027F5D2 Statement[0]; name the specific actions and resources the agent needs, or declare the " +
        "agent's unsafeBroadCloudPermissions with the reason (agentcloud tags the role agentcloud.dev/unsafe-broad-cloud-permissions).",
    ]);
  });

  it("fails synth when the app acknowledges one of its rules, which would hide the violations", () => {
    const app = new App({ outdir: outdirs[2] });
    agentcloudGate(app);
    const stack = new Stack(app, "Fleet", { env: ENV });
    new s3.Bucket(stack, "Logs");
    Validations.of(stack).acknowledge({ id: "agentcloud-gate::agentcloud-aws-node-imdsv2", reason: "nodes are trusted" });
    expect(() => app.synth()).toThrow(
      "agentcloud-gate: Fleet acknowledges agentcloud-gate::agentcloud-aws-node-imdsv2, but agentcloud's rules cannot be " +
        "acknowledged; remove the acknowledgement and fix the violation, or use the rule's named opt-out (annotation " +
        "agentcloud.dev/unsafe-no-sandbox, tag agentcloud.dev/unsafe-broad-cloud-permissions) with its reason.",
    );
  });

  it("refuses bad settings before it is installed", () => {
    expect(() => new AgentcloudGate({ minimumRetentionDays: 0 })).toThrow(
      "AgentcloudGate has 1 invalid argument:\n  - minimumRetentionDays: is not a whole number of days of at least 1 (got 0); fix: give " +
        "the minimum audit retention in whole days, e.g. 90 (the default)",
    );
  });
});
