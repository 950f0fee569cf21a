import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App, Stack, Validations } from "aws-cdk-lib";
import * as iam from "aws-cdk-lib/aws-iam";
import { AwsSolutionsChecks } from "cdk-nag";
import { afterAll, describe, expect, it } from "vitest";
import { AuditBucket } from "../../../../components/cdk/audit";
import { AgentIdentity, wildcardFindings } from "../../../../components/cdk/identity";

const OUT = mkdtempSync(join(tmpdir(), "agentcloud-cdk-nag-"));
afterAll(() => rmSync(OUT, { recursive: true, force: true }));

const IMAGE = "ghcr.io/acme/agent:1.0.0";
const OIDC_ARN = "arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/ABC";
const EXACT = { cloud: "aws" as const, actions: ["s3:GetObject"], resources: ["arn:aws:s3:::corpus/reports/latest.json"] };
const BROAD = { cloud: "aws" as const, actions: ["s3:Get*", "s3:ListBucket"], resources: ["arn:aws:s3:::corpus", "arn:aws:s3:::corpus/*"] };

/** The rule ids of the violations cdk-nag's AwsSolutions pack reports for `build`'s constructs, or [] when synth passes. */
function nagFindings(name: string, build: (stack: Stack) => void): { rule: string; path: string }[] {
  const outdir = join(OUT, name);
  const app = new App({ outdir });
  build(new Stack(app, "Nag", { env: { account: "123456789012", region: "eu-west-1" } }));
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  try {
    app.synth();
    return [];
  } catch {
    const report = JSON.parse(readFileSync(join(outdir, "validation-report.json"), "utf8"));
    return report.pluginReports.flatMap((r: { violations: { ruleName: string; violatingConstructs: { constructPath: string }[] }[] }) =>
      r.violations.flatMap((v) => v.violatingConstructs.map((c) => ({ rule: v.ruleName, path: c.constructPath }))),
    );
  }
}

describe("AgentIdentity and AuditBucket under cdk-nag's AwsSolutions pack", () => {
  it("the wildcard finding ids of declared permissions", () => {
    expect(wildcardFindings([EXACT, BROAD, BROAD])).toEqual([
      "AwsSolutions-IAM5[Action::s3:Get*]",
      "AwsSolutions-IAM5[Resource::arn:aws:s3:::corpus/*]",
    ]);
  });

  it("pass with no finding: exact permissions, acknowledged wildcards (with the agent's reason), the audit bucket", () => {
    const findings = nagFindings("clean", (stack) => {
      const provider = iam.OpenIdConnectProvider.fromOpenIdConnectProviderArn(stack, "Oidc", OIDC_ARN);
      new AgentIdentity(stack, "Exact", {
        clusterName: "agentcloud",
        agent: { name: "exact", namespace: "agents", declaration: { namespace: "agents", image: IMAGE, cloudPermissions: [EXACT] } },
        oidcProvider: provider,
      });
      new AgentIdentity(stack, "Broad", {
        clusterName: "agentcloud",
        agent: {
          name: "broad",
          namespace: "agents",
          declaration: {
            namespace: "agents",
            image: IMAGE,
            sandbox: "kata-qemu",
            cloudPermissions: [BROAD],
            unsafeBroadCloudPermissions: { reason: "reads every report" },
          },
        },
      });
      new AuditBucket(stack, "Audit");
    });
    expect(findings).toEqual([]);
  });

  it("the acknowledgement is per wildcard: cdk-nag still sees one the agent did not declare", () => {
    const findings = nagFindings("extra", (stack) => {
      const broad = new AgentIdentity(stack, "Broad", {
        clusterName: "agentcloud",
        agent: {
          name: "broad",
          namespace: "agents",
          declaration: {
            namespace: "agents",
            image: IMAGE,
            sandbox: "kata-qemu",
            cloudPermissions: [BROAD],
            unsafeBroadCloudPermissions: { reason: "reads every report" },
          },
        },
      });
      broad.role.addToPolicy(new iam.PolicyStatement({ actions: ["s3:Put*"], resources: ["arn:aws:s3:::corpus/out.json"] }));
    });
    expect(findings).toEqual([{ rule: "AwsSolutions-IAM5[Action::s3:Put*]", path: "Nag/Broad/Resource/DefaultPolicy/Resource" }]);
  });
});
