import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { parseAllDocuments, parse } from "yaml";
import { invalidObjects } from "../helpers/schema";
import { UPSTREAM } from "../../components/vocabulary";
import type { KubernetesObject } from "../../cli/kubernetes-objects";
import { RESERVED_PLAN_NAMES } from "../../cli/plan-outputs";
import { FIXTURES, readReport, readResources, readTree, runCliAsync, tempDir, type CliResult } from "./run-cli";

// The real CLI in child processes, on the reference stack. One plan is shared by every assertion; the second plan
// (determinism) and the failing one (previous plan kept) run at the same time. Other exit paths are tested
// in-process in plan.test.ts.
describe("agentcloud plan --stack local (end to end)", () => {
  let out: string;
  let again: string;
  let first: CliResult;
  let second: CliResult;
  let failed: CliResult;
  let before: Record<string, string>;

  beforeAll(async () => {
    out = tempDir();
    again = tempDir();
    first = await runCliAsync(["plan", "--stack", "local", "--out", out]);
    before = readTree(join(out, "local"));
    [second, failed] = await Promise.all([
      runCliAsync(["plan", "--stack", "local", "--out", again]),
      runCliAsync(["plan", "--dir", join(FIXTURES, "bad-config"), "--stack", "local", "--out", out]),
    ]);
  }, 180_000);

  it("exits 0 with zero violations and prints a summary", () => {
    expect(first.stderr).not.toMatch(/Error/);
    expect(first.status).toBe(0);
    expect(first.stdout).toContain("Resources per component:");
    expect(first.stdout).toMatch(/AgentCloud agentcloud\s+79\n/);
    expect(first.stdout).toContain("0 violation(s): 0 mandatory, 0 advisory");
    const written = new RegExp(
      `Plan written to ${join(out, "local")}/ \\(resources.json, crds/, manifests/, helm-releases.yaml, policy-report.json, components.txt((?:, [^,)]+)*)\\) in \\d+\\.\\d s\n`,
    ).exec(first.stdout);
    expect(written).not.toBeNull();
    // The files the program contributes (e.g. the fleet's agent-graph.mmd) are listed, and are what the folder holds
    // besides the plan's own outputs.
    const contributed = written![1] ? written![1].slice(2).split(", ") : [];
    const own = [...RESERVED_PLAN_NAMES];
    expect(
      readdirSync(join(out, "local"))
        .filter((f) => !own.includes(f))
        .sort(),
    ).toEqual(contributed.sort());
    const report = readReport(join(out, "local/policy-report.json"));
    expect(report.summary.violations).toBe(0);
    expect(report.policies.length).toBeGreaterThanOrEqual(12);
    expect(report.policies.find((p) => p.name === "agentcloud-sandbox-unsafe-opt-out")?.enforcementLevel).toBe("advisory");
  });

  it("writes every Kubernetes object as schema-valid YAML documents", async () => {
    const crds = readTree(join(out, "local/crds"));
    const files = { ...crds, ...readTree(join(out, "local/manifests")) };
    expect(Object.keys(files)).toEqual([
      "crds.yaml",
      "01-cluster.yaml",
      "10-agent-sandbox-system.yaml",
      "10-agentcloud-gateway.yaml",
      "10-agentcloud-monitoring.yaml",
      "10-agentcloud-system.yaml",
      "10-agents.yaml",
      "10-tools.yaml",
    ]);
    // CRDs are applied in their own step: manifests/ holds none, crds/ nothing else.
    expect(parseAllDocuments(crds["crds.yaml"]).map((d) => (d.toJS() as KubernetesObject).kind)).toEqual(
      Array(4).fill("CustomResourceDefinition"),
    );
    const objects = Object.values(files).flatMap((text) =>
      parseAllDocuments(text).map((d) => {
        expect(d.errors).toEqual([]);
        return d.toJS() as KubernetesObject;
      }),
    );
    expect(objects.length).toBeGreaterThan(35);
    expect(await invalidObjects(objects)).toEqual([]);
    const { resources } = readResources(join(out, "local/resources.json"));
    const kubernetesCount = resources.filter(
      (r) => r.custom && r.type.startsWith("kubernetes:") && !r.type.startsWith("kubernetes:helm.sh"),
    ).length;
    expect(objects.length).toBe(kubernetesCount);
    const kinds = new Set(objects.map((o) => o.kind));
    for (const kind of [
      "Namespace",
      "RuntimeClass",
      "PriorityClass",
      "Deployment",
      "StatefulSet",
      "SandboxTemplate",
      "SandboxWarmPool",
      "NetworkPolicy",
      "PodDisruptionBudget",
      "CiliumNetworkPolicy",
      "CiliumClusterwideNetworkPolicy",
      "ConfigMap",
      "PodMonitor",
      "PrometheusRule",
    ]) {
      expect(kinds).toContain(kind);
    }
  });

  it("records every registration with type, name, URN, parent, provider and inputs", () => {
    const { resources } = readResources(join(out, "local/resources.json"));
    const deployment = resources.find((r) => r.name === "agentcloud-research-assistant-deployment")!;
    expect(deployment.type).toBe("kubernetes:apps/v1:Deployment");
    expect(deployment.urn).toBe(
      "urn:pulumi:local::agentcloud::agentcloud:blueprint:AgentCloud$agentcloud:kubernetes:Agent$kubernetes:apps/v1:Deployment::agentcloud-research-assistant-deployment",
    );
    expect(deployment.parent).toBe(
      "urn:pulumi:local::agentcloud::agentcloud:blueprint:AgentCloud$agentcloud:kubernetes:Agent::agentcloud-research-assistant",
    );
    expect(deployment.provider).toBe("urn:pulumi:local::agentcloud::pulumi:providers:kubernetes::local::local-id");
    expect((deployment.inputs as { spec: { replicas: number } }).spec.replicas).toBe(2);
  });

  it("lists the Cilium and monitoring releases, pinned, and no kata-deploy for the gVisor-only reference fleet", () => {
    const { releases } = parse(readFileSync(join(out, "local/helm-releases.yaml"), "utf8")) as {
      releases: { release: string; chart: string; version: string }[];
    };
    expect(releases.map((r) => [r.release, r.chart, r.version]).sort()).toEqual([
      ["agentcloud-monitoring", UPSTREAM.kubePrometheusStack.chart, UPSTREAM.kubePrometheusStack.version],
      ["cilium", UPSTREAM.cilium.chart, UPSTREAM.cilium.version],
    ]);
  });

  it("is deterministic: a second plan writes byte-identical files", () => {
    expect(second.status).toBe(0);
    expect(readTree(join(again, "local"))).toEqual(before);
  });

  it("exits 2 on configuration errors, naming the stack and every bad key, and leaves the previous plan intact", () => {
    expect(failed.status).toBe(2);
    expect(failed.stdout).toContain(
      `agentcloud plan: stack "local" failed; the previous plan in ${join(out, "local")}/ is left as it was.`,
    );
    expect(failed.stdout).toContain('stack "local" config has 3 invalid arguments:');
    expect(failed.stdout).toContain('agentcloud:namespace: must be a DNS-1123 label (got "Agents_Prod"); fix: use a name like "agents"');
    expect(failed.stdout).toContain(
      'agentcloud:codeInterpreterWarmPool: must be an integer (warm sandboxes kept ready for the code interpreter) (got "lots"); fix: set it to a value like 2 in Pulumi.local.yaml',
    );
    expect(failed.stdout).toContain('agentcloud:nameSpace: is not a known config key (got "typo"); fix: remove it or use one of:');
    expect(readTree(join(out, "local"))).toEqual(before);
  });
});
