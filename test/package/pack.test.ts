// The package as a company stack gets it: `npm pack` (which builds through `prepack`), the tarball installed into
// an empty project, a small program planned with the installed `agentcloud` CLI. One pack and one install are
// shared by every assertion in this file; the temporary folder is removed afterwards.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { listFiles } from "../helpers/files";

const REPO = resolve(__dirname, "../..");
const NPM = process.platform === "win32" ? "npm.cmd" : "npm";
const TSC = join(REPO, "node_modules/typescript/bin/tsc");

let temp = "";
let project = "";
let tarballFiles: string[] = [];

function write(path: string, text: string): void {
  mkdirSync(join(path, ".."), { recursive: true });
  writeFileSync(path, text);
}

/** Runs `node <args>` in the company project; stdout, stderr and exit code. */
function nodeIn(args: string[], env: NodeJS.ProcessEnv = {}): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, args, { cwd: project, encoding: "utf8", timeout: 120_000, env: { ...process.env, ...env } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const PROGRAM_TS = `import * as pulumi from "@pulumi/pulumi";
import { Agent, AgentNamespace, type AgentArgs } from "agentcloud";

const config = new pulumi.Config();
const namespace = config.require("namespace");

const tenant = new AgentNamespace("tenant", { namespace, owner: "acme-platform", costCentre: "cc-7" });
const triage: AgentArgs = {
  namespace,
  image: config.require("image"),
  sandbox: "gvisor",
  resources: { cpu: "250m", memory: "256Mi" },
};
const agent = new Agent("triage", triage, { dependsOn: [tenant] });

export const serviceAccount = agent.serviceAccountName;
`;

beforeAll(() => {
  temp = mkdtempSync(join(tmpdir(), "agentcloud-package-"));
  // With --json, stdout is the packed file list; the prepack build logs go to stderr.
  const packed = execFileSync(NPM, ["pack", "--json", "--pack-destination", temp], { cwd: REPO, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  const manifest = JSON.parse(packed) as { filename: string; files: { path: string }[] }[];
  tarballFiles = manifest[0].files.map((f) => f.path).sort();
  project = join(temp, "acme-stack");
  write(join(project, "package.json"), JSON.stringify({ name: "acme-stack", version: "1.0.0", private: true }, null, 2));
  execFileSync(NPM, ["install", "--prefer-offline", "--no-audit", "--no-fund", join(temp, manifest[0].filename)], {
    cwd: project,
    stdio: ["ignore", "pipe", "pipe"],
  });
  write(join(project, "Pulumi.yaml"), "name: acme-stack\nruntime:\n  name: nodejs\n  options:\n    typescript: true\nmain: index.ts\n");
  write(join(project, "Pulumi.dev.yaml"), "config:\n  acme-stack:namespace: acme-agents\n  acme-stack:image: ghcr.io/acme/triage:1.0.0\n  agentcloud:policies:\n    all: mandatory\n");
  write(join(project, "index.ts"), PROGRAM_TS);
}, 240_000);

afterAll(() => {
  if (temp) rmSync(temp, { recursive: true, force: true });
});

describe("npm pack", () => {
  it("ships the built JavaScript, its .d.ts files, the CLI and the vendored CRDs, and no TypeScript sources or tests", () => {
    expect(tarballFiles).toContain("bin/agentcloud.js");
    expect(tarballFiles).toContain("dist/cli/main.js");
    expect(tarballFiles).toContain("dist/components/index.js");
    expect(tarballFiles).toContain("dist/components/index.d.ts");
    expect(tarballFiles).toContain("dist/components/kubernetes/agent/component.d.ts");
    expect(tarballFiles).toContain("dist/policies/all.js");
    // Every non-TypeScript file next to the components (the vendored CRD YAML today) is read at run time.
    const assets = listFiles(join(REPO, "components"), (p) => !p.endsWith(".ts")).map((p) => `dist/${relative(REPO, p)}`);
    expect(assets.length).toBeGreaterThan(0);
    for (const asset of assets) expect(tarballFiles).toContain(asset);
    expect(tarballFiles.filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts"))).toEqual([]);
    expect(tarballFiles.filter((f) => /^(test|stacks|examples|components|cli|policies)\//.test(f))).toEqual([]);
  });
});

describe("installed into an empty project", () => {
  it("plans a TypeScript program importing from agentcloud with the installed CLI: exit 0 and the plan files", () => {
    const result = nodeIn(["node_modules/.bin/agentcloud", "plan", "--stack", "dev"]);
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("0 violation(s)");
    const plan = join(project, "out/dev");
    expect(listFiles(plan).map((p) => relative(plan, p))).toEqual([
      "helm-releases.yaml",
      "manifests/01-cluster.yaml",
      "manifests/10-acme-agents.yaml",
      "policy-report.json",
      "resources.json",
    ]);
    const objects = ["01-cluster.yaml", "10-acme-agents.yaml"].flatMap((f) =>
      parseAllDocuments(readFileSync(join(plan, "manifests", f), "utf8")).map((d) => d.toJS() as { kind: string; metadata: { name: string }; spec?: any }),
    );
    expect(objects.find((o) => o.kind === "Namespace")?.metadata.name).toBe("acme-agents");
    const deployment = objects.find((o) => o.kind === "Deployment");
    expect(deployment?.metadata).toMatchObject({ name: "triage", namespace: "acme-agents" });
    expect(deployment?.spec.template.spec.runtimeClassName).toBe("gvisor");
    expect(deployment?.spec.template.spec.containers[0].image).toBe("ghcr.io/acme/triage:1.0.0");
    const report = JSON.parse(readFileSync(join(plan, "policy-report.json"), "utf8")) as { summary: { policies: number; violations: number } };
    expect(report.summary.policies).toBeGreaterThan(0);
    expect(report.summary.violations).toBe(0);
  });

  it("runs a JavaScript program from the built CLI without loading tsx", () => {
    const js = join(project, "js");
    write(join(js, "Pulumi.yaml"), "name: acme-js\nruntime: nodejs\nmain: index.js\n");
    write(join(js, "Pulumi.dev.yaml"), "config: {}\n");
    write(
      join(js, "index.js"),
      `const { AgentNamespace } = require("agentcloud");\nnew AgentNamespace("tenant", { namespace: "acme-js", owner: "acme", costCentre: "cc-7" });\n`,
    );
    // Reports, when the process exits, which loaded modules came from tsx or from TypeScript sources.
    write(
      join(project, "report-loaded.js"),
      `process.on("exit", () => process.stderr.write("loaded:" + JSON.stringify(Object.keys(require.cache).filter((f) => /[\\\\/]tsx[\\\\/]|\\.ts$/.test(f)))));\n`,
    );
    const result = nodeIn(["-r", "./report-loaded.js", "node_modules/.bin/agentcloud", "plan", "--dir", "js", "--stack", "dev"]);
    expect(result.status).toBe(0);
    expect(result.stderr).toBe("loaded:[]");
    expect(existsSync(join(js, "out/dev/manifests/01-cluster.yaml"))).toBe(true);
  });

  it("resolves every export subpath to built JavaScript with types, and nothing outside the exports map", () => {
    const pkg = JSON.parse(readFileSync(join(project, "node_modules/agentcloud/package.json"), "utf8")) as {
      exports: Record<string, string | { types: string; default: string }>;
    };
    const subpaths = Object.keys(pkg.exports).filter((s) => s !== "./package.json");
    expect(subpaths).toEqual([".", "./kubernetes", "./policies"]);
    for (const subpath of subpaths) {
      const target = pkg.exports[subpath] as { types: string; default: string };
      expect(existsSync(join(project, "node_modules/agentcloud", target.types))).toBe(true);
    }
    const result = nodeIn([
      "-e",
      `const r = (s) => require.resolve(s).slice(process.cwd().length + 1);
       console.log(JSON.stringify([r("agentcloud"), r("agentcloud/kubernetes"), r("agentcloud/policies")]));
       try { require.resolve("agentcloud/dist/components/vocabulary.js"); console.log("deep import resolved"); } catch (e) { console.log(e.code); }`,
    ]);
    expect(result.stderr).toBe("");
    expect(result.stdout.trim().split("\n")).toEqual([
      JSON.stringify([
        "node_modules/agentcloud/dist/components/index.js",
        "node_modules/agentcloud/dist/components/kubernetes/index.js",
        "node_modules/agentcloud/dist/policies/all.js",
      ]),
      "ERR_PACKAGE_PATH_NOT_EXPORTED",
    ]);
  });

  it("agentcloud/kubernetes loads @pulumi/kubernetes but no other cloud's SDK, and reads its vendored CRDs", () => {
    const result = nodeIn([
      "-e",
      `const k = require("agentcloud/kubernetes");
       const crds = k.buildAgentSandboxCrds("agent-sandbox-system").map((c) => c.metadata.name);
       const sdks = new Set(Object.keys(require.cache).map((f) => f.match(/node_modules[\\\\/]((?:@[^\\\\/]+[\\\\/])?[^\\\\/]+)/)?.[1]).filter(Boolean));
       console.log(JSON.stringify({ crds, sdks: [...sdks].sort() }));`,
    ]);
    expect(result.stderr).toBe("");
    const { crds, sdks } = JSON.parse(result.stdout) as { crds: string[]; sdks: string[] };
    expect(crds).toEqual([
      "sandboxes.agents.x-k8s.io",
      "sandboxclaims.extensions.agents.x-k8s.io",
      "sandboxtemplates.extensions.agents.x-k8s.io",
      "sandboxwarmpools.extensions.agents.x-k8s.io",
    ]);
    expect(sdks).toContain("agentcloud");
    expect(sdks).toContain("@pulumi/kubernetes");
    for (const other of ["@pulumi/aws", "@pulumi/gcp", "@pulumi/awsx", "@pulumi/eks", "aws-cdk-lib", "constructs", "@pulumi/policy", "tsx"]) {
      expect(sdks).not.toContain(other);
    }
  });

  it("type-checks programs against the shipped .d.ts files, with Pulumi's TypeScript template settings and with node16", () => {
    write(
      join(project, "subpaths.ts"),
      `import type { Agent } from "agentcloud/kubernetes";\nimport { policies } from "agentcloud/policies";\nexport const count: number = policies.length;\nexport type A = Agent;\n`,
    );
    const options = ["--noEmit", "--strict", "--skipLibCheck", "--types", "node", "--typeRoots", join(REPO, "node_modules/@types"), "index.ts", "subpaths.ts"];
    // `pulumi new typescript`'s tsconfig: CommonJS with the classic Node resolution, which ignores package
    // `exports` (the subpaths resolve through `typesVersions`).
    const classic = nodeIn([TSC, ...options, "--target", "es2020", "--module", "commonjs", "--moduleResolution", "node"]);
    expect(classic.stdout).toBe("");
    expect(classic.status).toBe(0);
    // node16 resolution reads `exports` and its `types` conditions.
    const node16 = nodeIn([TSC, ...options, "--target", "es2022", "--module", "node16", "--moduleResolution", "node16"]);
    expect(node16.stdout).toBe("");
    expect(node16.status).toBe(0);
  });
});
