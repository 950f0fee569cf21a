// The package as a company stack gets it: `npm pack` (which builds through `prepack`), the tarball installed into
// an empty project, a small program planned with the installed `agentcloud` CLI. One pack and one install are
// shared by every assertion in this file; the temporary folder is removed afterwards.
import { execFile, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Deployment } from "kubernetes-types/apps/v1";
import { parseAllDocuments } from "yaml";
import { listFiles } from "../helpers/files";

const REPO = resolve(__dirname, "../..");
const NPM = process.platform === "win32" ? "npm.cmd" : "npm";
const TSC = join(REPO, "node_modules/typescript/bin/tsc");
const INSTALL_FLAGS = ["--prefer-offline", "--no-audit", "--no-fund"];

type KubernetesObject = { kind: string; metadata: { name: string } };

let temp = "";
let project = "";
let tarballFiles: string[] = [];

function write(path: string, text: string): void {
  mkdirSync(join(path, ".."), { recursive: true });
  writeFileSync(path, text);
}

/** Runs a command to completion; its stdout (rejects with stderr on failure). */
async function run(command: string, args: string[], cwd: string): Promise<string> {
  const { stdout } = await promisify(execFile)(command, args, { cwd, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  return stdout;
}

/** Runs `node <args>` in the company project; stdout, stderr and exit code. */
function nodeIn(args: string[], env: NodeJS.ProcessEnv = {}): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, args, { cwd: project, encoding: "utf8", timeout: 120_000, env: { ...process.env, ...env } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const PROGRAM_TS = `import * as pulumi from "@pulumi/pulumi";
import { Agent, AgentNamespace, SandboxRuntimes, type AgentArgs } from "agentcloud";

const config = new pulumi.Config();
const namespace = config.require("namespace");

const runtimes = new SandboxRuntimes("sandbox", { runtimes: ["gvisor"] });
const tenant = new AgentNamespace("tenant", { namespace, owner: "acme-platform", costCentre: "cc-7" });
const triage: AgentArgs<pulumi.Input<string>> = {
  namespace: tenant.namespaceName, // an Output: the agent waits for its tenant
  image: config.require("image"),
  sandbox: "gvisor",
  resources: { cpu: "250m", memory: "256Mi" },
};
const agent = new Agent("triage", triage, { dependsOn: [runtimes] });

export const serviceAccount = agent.serviceAccountName;
`;

// Preloaded with `node -r`: reports on stderr each thread that starts (the CLI, then the worker that runs the
// program) and each tsx module it loads, synchronously, so that a worker that is terminated reports too.
const WATCH_TSX = String.raw`const { writeSync } = require("node:fs");
const Module = require("node:module");
const thread = require("node:worker_threads").isMainThread ? "main" : "worker";
const load = Module._load;
Module._load = function (request, ...rest) {
  if (/^tsx(\/|$)|[\\/]node_modules[\\/]tsx[\\/]/.test(request)) writeSync(2, thread + " loads tsx\n");
  return load.call(this, request, ...rest);
};
writeSync(2, thread + " started\n");
`;

/** Plans with the installed CLI under {@link WATCH_TSX}; stderr's lines sorted and deduplicated. */
function planWatchingTsx(args: string[]): { status: number | null; stdout: string; threads: string[] } {
  const result = nodeIn(["-r", join(project, "watch-tsx.js"), "node_modules/.bin/agentcloud", "plan", ...args]);
  return { status: result.status, stdout: result.stdout, threads: [...new Set(result.stderr.trim().split("\n"))].sort() };
}

beforeAll(async () => {
  temp = mkdtempSync(join(tmpdir(), "agentcloud-package-"));
  project = join(temp, "acme-stack");
  write(join(project, "package.json"), JSON.stringify({ name: "acme-stack", version: "1.0.0", private: true }, null, 2));
  // agentcloud's dependencies install while `npm pack` builds (the same versions the tarball asks for, not saved);
  // installing the tarball then only adds agentcloud itself, in seconds.
  const { dependencies } = JSON.parse(readFileSync(join(REPO, "package.json"), "utf8")) as { dependencies: Record<string, string> };
  const [packed] = await Promise.all([
    // With --json, stdout is the packed file list; the prepack build logs go to stderr.
    run(NPM, ["pack", "--json", "--pack-destination", temp], REPO),
    run(
      NPM,
      ["install", ...INSTALL_FLAGS, "--no-save", ...Object.entries(dependencies).map(([name, version]) => `${name}@${version}`)],
      project,
    ),
  ]);
  const manifest = JSON.parse(packed) as { filename: string; files: { path: string }[] }[];
  tarballFiles = manifest[0].files.map((f) => f.path).sort();
  await run(NPM, ["install", ...INSTALL_FLAGS, join(temp, manifest[0].filename)], project);
  write(join(project, "Pulumi.yaml"), "name: acme-stack\nruntime:\n  name: nodejs\n  options:\n    typescript: true\nmain: index.ts\n");
  write(
    join(project, "Pulumi.dev.yaml"),
    "config:\n  acme-stack:namespace: acme-agents\n  acme-stack:image: ghcr.io/acme/triage:1.0.0\n  agentcloud:policies:\n    all: mandatory\n    agentcloud-observability-required: disabled\n",
  );
  write(join(project, "index.ts"), PROGRAM_TS);
  write(join(project, "watch-tsx.js"), WATCH_TSX);
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
    const result = planWatchingTsx(["--stack", "dev"]);
    expect(result.status).toBe(0);
    // The built CLI runs without tsx; the worker registers it for the TypeScript program.
    expect(result.threads).toEqual(["main started", "worker loads tsx", "worker started"]);
    expect(result.stdout).toContain("0 violation(s)");
    const plan = join(project, "out/dev");
    expect(listFiles(plan).map((p) => relative(plan, p))).toEqual([
      "components.txt",
      "helm-releases.yaml",
      "manifests/01-cluster.yaml",
      "manifests/10-acme-agents.yaml",
      "policy-report.json",
      "resources.json",
    ]);
    const objects = ["01-cluster.yaml", "10-acme-agents.yaml"].flatMap((f) =>
      parseAllDocuments(readFileSync(join(plan, "manifests", f), "utf8")).map((d) => d.toJS() as KubernetesObject),
    );
    expect(objects.filter((o) => o.kind === "Namespace").map((o) => o.metadata.name)).toEqual(["acme-agents"]);
    expect(objects.filter((o) => o.kind === "RuntimeClass").map((o) => o.metadata.name)).toEqual(["gvisor"]);
    const deployment = objects.find((o) => o.kind === "Deployment") as Deployment;
    expect(deployment.metadata).toMatchObject({ name: "triage", namespace: "acme-agents" });
    expect(deployment.spec?.template.spec?.runtimeClassName).toBe("gvisor");
    expect(deployment.spec?.template.spec?.containers[0].image).toBe("ghcr.io/acme/triage:1.0.0");
    const report = JSON.parse(readFileSync(join(plan, "policy-report.json"), "utf8")) as {
      summary: { policies: number; violations: number };
    };
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
    const result = planWatchingTsx(["--dir", "js", "--stack", "dev"]);
    expect(result.status).toBe(0);
    expect(result.threads).toEqual(["main started", "worker started"]);
    expect(existsSync(join(js, "out/dev/manifests/01-cluster.yaml"))).toBe(true);
  });

  it("resolves every export subpath to built JavaScript with types, and nothing outside the exports map", () => {
    const pkg = JSON.parse(readFileSync(join(project, "node_modules/agentcloud/package.json"), "utf8")) as {
      exports: Record<string, string | { types: string; default: string }>;
    };
    const subpaths = Object.keys(pkg.exports).filter((s) => s !== "./package.json");
    expect(subpaths).toEqual([".", "./kubernetes", "./aws", "./gcp", "./cdk", "./receipts", "./policies"]);
    for (const subpath of subpaths) {
      const target = pkg.exports[subpath] as { types: string; default: string };
      expect(existsSync(join(project, "node_modules/agentcloud", target.types))).toBe(true);
    }
    const result = nodeIn([
      "-e",
      `const r = (s) => require.resolve(s).slice(process.cwd().length + 1);
       console.log(JSON.stringify(["agentcloud", "agentcloud/kubernetes", "agentcloud/aws", "agentcloud/gcp", "agentcloud/cdk", "agentcloud/receipts", "agentcloud/policies"].map(r)));
       try { require.resolve("agentcloud/dist/components/vocabulary.js"); console.log("deep import resolved"); } catch (e) { console.log(e.code); }`,
    ]);
    expect(result.stderr).toBe("");
    expect(result.stdout.trim().split("\n")).toEqual([
      JSON.stringify([
        "node_modules/agentcloud/dist/components/index.js",
        "node_modules/agentcloud/dist/components/kubernetes/index.js",
        "node_modules/agentcloud/dist/components/aws/index.js",
        "node_modules/agentcloud/dist/components/gcp/index.js",
        "node_modules/agentcloud/dist/components/cdk/index.js",
        "node_modules/agentcloud/dist/components/receipts/index.js",
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
    for (const other of [
      "@pulumi/aws",
      "@pulumi/gcp",
      "@pulumi/awsx",
      "@pulumi/eks",
      "aws-cdk-lib",
      "constructs",
      "@pulumi/policy",
      "tsx",
    ]) {
      expect(sdks).not.toContain(other);
    }
  });

  it("type-checks programs against the shipped .d.ts files, with Pulumi's TypeScript template settings and with node16", async () => {
    write(
      join(project, "subpaths.ts"),
      `import type { Agent } from "agentcloud/kubernetes";\nimport { policies } from "agentcloud/policies";\nexport const count: number = policies.length;\nexport type A = Agent;\n`,
    );
    const options = [
      "--noEmit",
      "--strict",
      "--skipLibCheck",
      "--types",
      "node",
      "--typeRoots",
      join(REPO, "node_modules/@types"),
      "index.ts",
      "subpaths.ts",
    ];
    const tsc = (settings: string[]) =>
      run(process.execPath, [TSC, ...options, ...settings], project).catch((e: Error & { stdout?: string }) => e.stdout || e.message);
    const [classic, node16] = await Promise.all([
      // `pulumi new typescript`'s tsconfig: CommonJS with the classic Node resolution, which ignores package
      // `exports` (the subpaths resolve through `typesVersions`).
      tsc(["--target", "es2020", "--module", "commonjs", "--moduleResolution", "node"]),
      // node16 resolution reads `exports` and its `types` conditions.
      tsc(["--target", "es2022", "--module", "node16", "--moduleResolution", "node16"]),
    ]);
    expect(classic).toBe("");
    expect(node16).toBe("");
  });
});
