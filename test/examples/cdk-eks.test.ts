import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { REPO } from "../cli/run-cli";

interface ValidationReport {
  pluginReports: {
    pluginName: string;
    conclusion: string;
    violations: unknown[];
    suppressedViolations?: { ruleName: string; reason: string }[];
  }[];
}

interface Template {
  Resources: Record<string, { Type: string; Properties?: Record<string, unknown> }>;
}

const root = mkdtempSync(join(tmpdir(), "agentcloud-cdk-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("examples/cdk-eks", () => {
  it("synthesises offline with the pinned cdk CLI: the stack's template, agentcloud's gate and cdk-nag passed, nothing left in the temp dir", () => {
    const out = join(root, "cdk.out");
    // Exactly what the README says to run (cdk.json turns telemetry and notices off, so nothing is fetched). The CLI's
    // and the app's own temporary files go under root too, so nothing leaks into the system's.
    const tmp = join(root, "tmp");
    mkdirSync(tmp);
    // aws-cdk-lib keeps an asset fingerprint cache in ~/.cdk/cache (bounded at 50 files): a home of its own keeps the
    // test's out of the user's.
    const home = join(root, "home");
    mkdirSync(home);
    const result = spawnSync("npx", ["cdk", "synth", "--quiet", "--output", out], {
      cwd: join(REPO, "examples/cdk-eks"),
      encoding: "utf8",
      env: { ...process.env, TMPDIR: tmp, HOME: home, AWS_EC2_METADATA_DISABLED: "true" },
      timeout: 240_000,
    });
    expect(result.stderr).not.toMatch(/ERROR|Validation failed/);
    expect(result.status).toBe(0);
    expect(readdirSync(out)).toContain("AgentCloud.template.json");
    const template = JSON.parse(readFileSync(join(out, "AgentCloud.template.json"), "utf8")) as Template;
    const types = Object.values(template.Resources).map((r) => r.Type);
    expect(types).toContain("AWS::EKS::Cluster");
    expect(types).toContain("Custom::AWSCDK-EKS-KubernetesResource");
    // Both plugins ran and passed. CDK leaves out of the report a plugin that passed with nothing acknowledged: the gate,
    // whose rules are never acknowledged (a gate finding would be listed here with conclusion "failure").
    const report = JSON.parse(readFileSync(join(out, "validation-report.json"), "utf8")) as ValidationReport;
    expect(report.pluginReports.map((r) => [r.pluginName, r.conclusion, r.violations.length])).toEqual([
      ["AwsSolutions", "success", 0],
      ["CloudFormation Validate", "success", 0],
    ]);
    const nag = report.pluginReports.find((r) => r.pluginName === "AwsSolutions")!;
    expect(nag.suppressedViolations!.length).toBeGreaterThan(0);
    for (const s of nag.suppressedViolations!) expect(s.reason.length, s.ruleName).toBeGreaterThan(60);
    rmSync(out, { recursive: true, force: true });
    // Only tsx's compile cache (tsx-<uid>) is left in the TMPDIR the test gave the CLI, and it goes with root.
    expect(readdirSync(tmp).filter((name) => !/^tsx-\d+$/.test(name))).toEqual([]);
    expect(readdirSync(home).sort()).toEqual([".cdk"]);
  }, 300_000);
});
