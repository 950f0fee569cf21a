import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { policies } from "../../policies/all";
import type { AnyPolicy } from "../../cli/policy-harness";
import { agentDeployment, agentTemplate, defaultDenySpec, namespace, networkPolicy, registration, violations, workload } from "./helpers";

const ROOT = resolve(__dirname, "../../policies");
const DOMAINS = ["identity", "network", "pod-security", "sandbox"];
const KEBAB = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** Every policy file: policies/<domain>/<intent>.ts (lib/ holds helpers, not policies). */
function policyFiles(): { domain: string; intent: string; path: string }[] {
  return readdirSync(ROOT)
    .filter((d) => d !== "lib" && statSync(join(ROOT, d)).isDirectory())
    .sort()
    .flatMap((domain) =>
      readdirSync(join(ROOT, domain))
        .filter((f) => f.endsWith(".ts"))
        .sort()
        .map((f) => ({ domain, intent: f.slice(0, -3), path: join(ROOT, domain, f) })),
    );
}

function isPolicy(value: unknown): value is AnyPolicy {
  return typeof value === "object" && value !== null && "name" in value && ("validateResource" in value || "validateStack" in value);
}

describe("the agentcloud policy pack", () => {
  it("has policy files only in the known domains", () => {
    expect([...new Set(policyFiles().map((f) => f.domain))]).toEqual(DOMAINS);
  });

  it("lists every policy file in all.ts, each file exporting exactly one policy named after its path", async () => {
    const files = policyFiles();
    for (const file of files) {
      const exported = Object.values(await import(file.path)).filter(isPolicy);
      expect({ file: file.path, names: exported.map((p) => p.name) }).toEqual({ file: file.path, names: [`agentcloud-${file.domain}-${file.intent}`] });
      expect(policies).toContain(exported[0]);
    }
    expect(policies).toHaveLength(files.length);
  });

  it("gives every policy a unique kebab-case agentcloud-<domain>-<intent> name", () => {
    const names = policies.map((p) => p.name);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) {
      const domain = DOMAINS.find((d) => name.startsWith(`agentcloud-${d}-`));
      expect({ name, domain }).toEqual({ name, domain: expect.any(String) });
      expect(name.slice(`agentcloud-${domain}-`.length)).toMatch(KEBAB);
    }
  });

  it.each(policies.map((p) => [p.name, p] as const))("%s carries complete metadata", (_name, policy) => {
    expect(policy.description.length).toBeGreaterThan(20);
    expect(["low", "medium", "high", "critical"]).toContain(policy.severity);
    expect(["advisory", "mandatory", "remediate", "disabled"]).toContain(policy.enforcementLevel);
    expect(policy.framework).toEqual({
      name: expect.any(String),
      version: expect.any(String),
      reference: expect.stringMatching(/^https:\/\//),
      specification: expect.any(String),
    });
    expect(Object.values(policy.framework!).every((v) => v.length > 0)).toBe(true);
    expect(policy.remediationSteps?.length).toBeGreaterThan(20);
    expect(policy.tags?.length).toBeGreaterThan(0);
  });

  it("has the expected levels: mandatory except the opt-out report", () => {
    expect(Object.fromEntries(policies.map((p) => [p.name, [p.enforcementLevel, p.severity]]))).toEqual({
      "agentcloud-sandbox-runtime-class-required": ["mandatory", "high"],
      "agentcloud-sandbox-unsafe-opt-out": ["advisory", "medium"],
      "agentcloud-pod-security-run-as-non-root": ["mandatory", "high"],
      "agentcloud-pod-security-no-privilege-escalation": ["mandatory", "high"],
      "agentcloud-pod-security-drop-all-capabilities": ["mandatory", "high"],
      "agentcloud-pod-security-seccomp-runtime-default": ["mandatory", "high"],
      "agentcloud-pod-security-read-only-root-filesystem": ["mandatory", "medium"],
      "agentcloud-pod-security-no-host-namespaces": ["mandatory", "critical"],
      "agentcloud-pod-security-no-host-path": ["mandatory", "critical"],
      "agentcloud-pod-security-no-privileged": ["mandatory", "critical"],
      "agentcloud-identity-no-token-automount": ["mandatory", "high"],
      "agentcloud-network-default-deny": ["mandatory", "high"],
    });
  });

  it("keeps policies independent of components and @pulumi/kubernetes (vocabulary only)", () => {
    const sources = [...policyFiles().map((f) => f.path), join(ROOT, "all.ts"), join(ROOT, "index.ts"),
      ...readdirSync(join(ROOT, "lib")).map((f) => join(ROOT, "lib", f))];
    for (const path of sources) {
      const imports = [...readFileSync(path, "utf8").matchAll(/from "([^"]+)"/g)].map((m) => m[1]);
      const forbidden = imports.filter((i) => i === "@pulumi/kubernetes" || (i.includes("components/") && !i.endsWith("components/vocabulary")));
      expect({ path, forbidden }).toEqual({ path, forbidden: [] });
    }
  });

  it("only index.ts constructs the PolicyPack", () => {
    const constructs = [...policyFiles().map((f) => f.path), join(ROOT, "all.ts"), join(ROOT, "index.ts")]
      .filter((path) => readFileSync(path, "utf8").includes("new PolicyPack("));
    expect(constructs).toEqual([join(ROOT, "index.ts")]);
    expect(readFileSync(join(ROOT, "PulumiPolicy.yaml"), "utf8")).toMatch(/^runtime: nodejs$/m);
  });

  it("passes a compliant tenant (namespace, default-deny, ServiceAccount, agent Deployment) on every policy", async () => {
    const regs = [
      namespace("team-a", "a"),
      networkPolicy("default-deny", "team-a", defaultDenySpec()),
      registration("kubernetes:core/v1:ServiceAccount", "coder", {
        apiVersion: "v1", kind: "ServiceAccount", metadata: { name: "coder", namespace: "team-a" }, automountServiceAccountToken: false,
      }),
      agentDeployment("coder"),
      workload("SandboxTemplate", "browser", agentTemplate(undefined, "browser")),
    ];
    expect(await violations(policies, regs)).toEqual([]);
  });

  it("reports a wide-open agent under every policy it breaks", async () => {
    const open = workload("Deployment", "coder", agentTemplate((t) => {
      t.metadata.annotations = { "agentcloud.dev/unsafe-no-sandbox": "debugging" };
      t.spec = { hostPID: true, volumes: [{ name: "root", hostPath: { path: "/" } }], containers: [{ name: "agent", image: "x", securityContext: { privileged: true } }] };
    }));
    const found = await violations(policies, [namespace("team-a", "a"), open]);
    expect([...new Set(found.map((v) => v.policy))].sort()).toEqual(policies.map((p) => p.name).filter((n) => n !== "agentcloud-sandbox-runtime-class-required").sort());
  });
});
