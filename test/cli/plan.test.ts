import { existsSync, readdirSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { plan, type PlanOptions } from "../../cli/plan";
import { RESERVED_PLAN_NAMES } from "../../cli/plan-outputs";
import { FIXTURES, readReport, readTree, TEST_POLICIES, tempDir, tempProject } from "./run-cli";

const CM = 'import * as k8s from "@pulumi/kubernetes";\n';

interface Planned {
  exitCode: number;
  registered: number;
  lines: string[];
  text: string;
  out: string;
  planDir: string;
}

/** Plans `index.ts` (with `Pulumi.dev.yaml` from `stackYaml`) in-process, against the small test pack. */
async function planProgram(index: string, options: Partial<PlanOptions> & { stackYaml?: string; out?: string } = {}): Promise<Planned> {
  const dir = tempProject({
    "Pulumi.yaml": "name: demo\nruntime: nodejs\nmain: index.ts\n",
    "Pulumi.dev.yaml": options.stackYaml ?? "config: {}\n",
    "index.ts": index,
  });
  const out = options.out ?? tempDir();
  const lines: string[] = [];
  const result = await plan({
    dir,
    stack: "dev",
    out,
    log: (l) => lines.push(l),
    policyModule: TEST_POLICIES,
    timeoutSeconds: 60,
    ...options,
  });
  return { ...result, lines, text: lines.join("\n"), out, planDir: join(out, "dev") };
}

const FAILED_NOTHING_WRITTEN = `agentcloud plan: stack "dev" failed; nothing was written.`;

describe.concurrent("plan: exit 0 and 1 only after policies ran over every registration", () => {
  it("exits 0 on a clean program and writes the plan, printing the whole run time", async () => {
    const livedBefore = process.uptime();
    const p = await planProgram(
      `${CM}new k8s.core.v1.ConfigMap("cm", { metadata: { name: "cm", namespace: "apps", labels: { team: "a" } } });\n`,
    );
    expect(p.exitCode).toBe(0);
    expect(p.registered).toBe(2);
    expect(p.lines.slice(0, 3)).toEqual([
      "agentcloud plan: project demo, stack dev (offline, mock runtime)",
      "  running index.ts ...",
      "  2 resources registered; evaluating 1 policies ...",
    ]);
    expect(p.text).toContain("Policies: 1 evaluated, 0 violation(s): 0 mandatory, 0 advisory");
    const written = p.lines.find((l) => l.startsWith("Plan written to"))!;
    const seconds = Number(/ in (\d+\.\d) s$/.exec(written)![1]);
    // The whole run: process start-up included, so at least as long as this process had lived before the plan.
    expect(seconds).toBeGreaterThanOrEqual(Math.floor(livedBefore * 10) / 10);
    expect(written).toBe(
      `Plan written to ${p.planDir}/ (resources.json, crds/, manifests/, helm-releases.yaml, policy-report.json, components.txt) in ${seconds.toFixed(1)} s`,
    );
    expect(Object.keys(readTree(p.planDir)).sort()).toEqual([
      "components.txt",
      "helm-releases.yaml",
      "manifests/10-apps.yaml",
      "policy-report.json",
      "resources.json",
    ]);
  });

  it("exits 1 on mandatory violations and still writes the report", async () => {
    const p = await planProgram(`${CM}new k8s.core.v1.ConfigMap("cm", { metadata: { name: "cm" }, data: { k: "v" } });\n`);
    expect(p.exitCode).toBe(1);
    expect(p.lines).toContain('  [mandatory/low] test-configmap-team-label: ConfigMap "cm" has no team label (data: {"k":"v"}).');
    expect(p.lines[p.lines.length - 1]).toBe("FAILED: 1 mandatory policy violation(s).");
    expect(readReport(join(p.planDir, "policy-report.json")).summary.mandatory).toBe(1);
  });

  it("writes empty crds/ and manifests/ when the program declares no resources", async () => {
    const p = await planProgram("export {};\n");
    expect(p.exitCode).toBe(0);
    expect(readdirSync(p.planDir).sort()).toEqual([
      "components.txt",
      "crds",
      "helm-releases.yaml",
      "manifests",
      "policy-report.json",
      "resources.json",
    ]);
    // Exactly the names a program's plan files may not take (see cli/plan-file-contributions.ts).
    expect(readdirSync(p.planDir).sort()).toEqual([...RESERVED_PLAN_NAMES].sort());
    expect(readdirSync(join(p.planDir, "crds"))).toEqual([]);
    expect(readdirSync(join(p.planDir, "manifests"))).toEqual([]);
  });

  it("exits 1 on agentcloud's pack, still writing the report, honouring configured levels", async () => {
    const out = tempDir();
    const lines: string[] = [];
    const result = await plan({ dir: join(FIXTURES, "violating"), stack: "test", out, log: (l) => lines.push(l) });
    expect(result.exitCode).toBe(1);
    expect(lines[lines.length - 1]).toBe("FAILED: 2 mandatory policy violation(s).");
    const report = readReport(join(out, "test/policy-report.json"));
    const found = report.violations.map((v) => `${v.policy}:${v.enforcementLevel}`);
    expect(found).toEqual([
      // The fixture's agent has no monitoring in its stack (advisory: monitoring may live in another stack).
      "agentcloud-observability-required:advisory",
      "agentcloud-pod-security-no-privileged:mandatory",
      "agentcloud-pod-security-read-only-root-filesystem:advisory",
      "agentcloud-sandbox-runtime-class-required:mandatory",
    ]);
    expect(report.policies.find((p) => p.name === "agentcloud-pod-security-run-as-non-root")?.enforcementLevel).toBe("disabled");
  });

  it("redacts secret values from violation messages on the console and in the report", async () => {
    const p = await planProgram(
      `${CM}import * as pulumi from "@pulumi/pulumi";\nnew k8s.core.v1.ConfigMap("cm", { metadata: { name: "cm" }, data: { token: pulumi.secret("s3cr3t-value") } });\n`,
    );
    expect(p.exitCode).toBe(1);
    expect(p.lines).toContain('  [mandatory/low] test-configmap-team-label: ConfigMap "cm" has no team label (data: [secret]).');
    expect(p.text).not.toContain("s3cr3t-value");
    expect(JSON.stringify(readTree(p.planDir))).not.toContain("s3cr3t-value");
  });
});

describe.concurrent("plan: everything else is exit 2, naming the stack and the cause", () => {
  it("a program that never settles", async () => {
    const p = await planProgram("export default () => new Promise(() => {});\n");
    expect([p.exitCode, p.lines.slice(2)]).toEqual([
      2,
      [
        FAILED_NOTHING_WRITTEN,
        "the program never finished: its promises or Outputs never settled and nothing is left running that could settle them (1 resources registered); " +
          "fix: make sure every promise the program returns or awaits, and every Output it exports, resolves (e.g. one waiting for an event that never fires)",
      ],
    ]);
    expect(existsSync(p.planDir)).toBe(false);
  });

  it("an exported Output that never resolves", async () => {
    const p = await planProgram(
      'import * as pulumi from "@pulumi/pulumi";\nexport const never = pulumi.output(new Promise<string>(() => {}));\n',
    );
    expect(p.exitCode).toBe(2);
    expect(p.lines[3]).toMatch(/^the program never finished: its promises or Outputs never settled/);
  });

  it("a program that calls process.exit(0)", async () => {
    const p = await planProgram(`${CM}new k8s.core.v1.Namespace("ns", {});\nprocess.exit(0);\n`);
    expect([p.exitCode, p.lines.slice(2)]).toEqual([
      2,
      [
        FAILED_NOTHING_WRITTEN,
        "the program called process.exit(0) before the plan finished (2 resources registered); a plan needs the whole program to run; fix: throw an error instead of exiting, or remove the call",
      ],
    ]);
  });

  it("a program kept alive by a timer, after --timeout", async () => {
    const p = await planProgram("setInterval(() => undefined, 1000);\nexport default () => new Promise(() => {});\n", {
      timeoutSeconds: 2,
    });
    expect([p.exitCode, p.lines.slice(2)]).toEqual([
      2,
      [
        FAILED_NOTHING_WRITTEN,
        "the program did not finish within 2 s (1 resources registered so far); something keeps it running: a timer, an open connection or a promise waiting for an event; " +
          "fix: make every promise the program creates settle, or raise --timeout if it is only slow",
      ],
    ]);
  });

  it("a program that runs out of memory, naming how many resources it had registered", async () => {
    const p = await planProgram(
      `${CM}for (const n of ["a", "b", "c"]) new k8s.core.v1.Namespace(n, {});\n` +
        "export default async () => {\n  await new Promise((r) => setTimeout(r, 600));\n  const hog: unknown[] = [];\n  for (;;) hog.push(new Array(1000).fill({}));\n};\n",
      { maxMemoryMb: 160 },
    );
    expect([p.exitCode, p.lines.slice(2)]).toEqual([
      2,
      [
        FAILED_NOTHING_WRITTEN,
        "the plan ran out of memory (heap limit 160 MiB) after 4 resources were registered; fix: raise the limit with --max-memory <MiB> (e.g. --max-memory 320) if the machine has the memory, or split the fleet across stacks",
      ],
    ]);
  });

  it("a program that throws, leaving the previous plan as it was", async () => {
    const out = tempDir();
    const first = await planProgram("export {};\n", { out });
    expect(first.exitCode).toBe(0);
    const before = readTree(first.planDir);
    const p = await planProgram('throw new Error("boom: bad input");\n', { out });
    expect([p.exitCode, p.lines.slice(2)]).toEqual([
      2,
      [`agentcloud plan: stack "dev" failed; the previous plan in ${p.planDir}/ is left as it was.`, "boom: bad input"],
    ]);
    expect(readTree(p.planDir)).toEqual(before);
    expect(readdirSync(out)).toEqual(["dev"]);
  });

  it("components the mock runtime cannot expand", async () => {
    const p = await planProgram(
      `${CM}new k8s.yaml.v2.ConfigGroup("app", { yaml: "apiVersion: v1\\nkind: ConfigMap\\nmetadata: { name: x }\\n" });\n` +
        'new k8s.helm.v3.Chart("nginx", { chart: "nginx", fetchOpts: { repo: "https://charts.bitnami.com/bitnami" } });\n',
    );
    expect([p.exitCode, p.lines.slice(2)]).toEqual([
      2,
      [
        FAILED_NOTHING_WRITTEN,
        'stack "dev" uses 2 component(s) that cannot be planned offline:\n' +
          '  yaml.v2.ConfigGroup "app" (kubernetes:yaml/v2:ConfigGroup): its objects are rendered by the Kubernetes provider at deploy time, which an offline plan cannot run, so they would reach neither manifests/ nor the policies; fix: declare the objects as typed resources (e.g. new k8s.apps.v1.Deployment(...))\n' +
          '  helm.v3.Chart "nginx" (kubernetes:helm.sh/v3:Chart): its objects are rendered by the Kubernetes provider at deploy time, which an offline plan cannot run, so they would reach neither manifests/ nor the policies; fix: use k8s.helm.v3.Release, whose chart, version and values the plan records',
      ],
    ]);
  });

  it("a secure: value the program rejects, saying offline plans cannot decrypt it and how to plan anyway", async () => {
    const p = await planProgram(
      'import * as pulumi from "@pulumi/pulumi";\nconst ns = new pulumi.Config("agentcloud").require("namespace");\n' +
        "if (!/^[a-z0-9-]+$/.test(ns)) throw new Error(`agentcloud:namespace: must be a DNS-1123 label (got ${JSON.stringify(ns)})`);\n",
      { stackYaml: "config:\n  agentcloud:namespace:\n    secure: v1:AAAABBBB\n" },
    );
    expect([p.exitCode, p.lines.slice(2)]).toEqual([
      2,
      [
        FAILED_NOTHING_WRITTEN,
        'agentcloud:namespace: must be a DNS-1123 label (got "[secret]")\n' +
          'note: agentcloud:namespace is a secure: value, which offline plans cannot decrypt, so the program received the placeholder "[secret]"; ' +
          "fix: to plan anyway, give it a plain stand-in value in a plan-only stack: copy Pulumi.dev.yaml to Pulumi.dev-plan.yaml, replace the secure: entry and run agentcloud plan --stack dev-plan",
      ],
    ]);
  });

  it("policy config the pack does not know, listing every problem before the program runs", async () => {
    const p = await planProgram('throw new Error("the program must not run");\n', {
      policyModule: undefined,
      stackYaml:
        "config:\n  agentcloud:policies:\n    all: strict\n    agentcloud-sandbox-runtime-class-required: { enforcmentLevel: mandatory, additionalRuntimeClasses: 5 }\n",
    });
    expect([p.exitCode, p.lines.slice(2)]).toEqual([
      2,
      [
        FAILED_NOTHING_WRITTEN,
        'stack "dev": agentcloud:policies has 3 problem(s):\n' +
          '  agentcloud:policies.all: is not an enforcement level (got "strict"); fix: use one of advisory, mandatory, remediate, disabled\n' +
          '  agentcloud:policies.agentcloud-sandbox-runtime-class-required.enforcmentLevel: is not a setting of this policy (got "mandatory"); fix: did you mean enforcementLevel?\n' +
          '  agentcloud:policies.agentcloud-sandbox-runtime-class-required.additionalRuntimeClasses: must be a list of strings (got 5); fix: e.g. ["name"]',
      ],
    ]);
  });

  it("a component that rejects its arguments, reporting all of them", async () => {
    const out = tempDir();
    const lines: string[] = [];
    const result = await plan({ dir: join(FIXTURES, "bad-agent"), stack: "test", out, log: (l) => lines.push(l) });
    expect(result.exitCode).toBe(2);
    expect(lines[2]).toBe('agentcloud plan: stack "test" failed; nothing was written.');
    expect(lines[3]).toContain('Agent "broken" has 3 invalid arguments:');
    expect(lines[3]).toContain("replicas: must be a whole number from 1 to 1000 (got 0)");
    expect(lines[3]).toContain("storage: is required for a statefulset agent");
    expect(lines[3]).toContain('resources.cpu: is not a Kubernetes quantity (got "lots")');
    expect(readdirSync(out)).toEqual([]);
  });

  it("two resources with the same URN, naming both registrations", async () => {
    const p = await planProgram(
      `${CM}new k8s.core.v1.ConfigMap("same", { metadata: { namespace: "a" } });\nnew k8s.core.v1.ConfigMap("same", { metadata: { namespace: "b" } });\n`,
    );
    expect(p.exitCode).toBe(2);
    expect(p.lines[2]).toBe(FAILED_NOTHING_WRITTEN);
    const stack = "parent urn:pulumi:dev::demo::pulumi:pulumi:Stack::demo-dev";
    expect(p.lines[3]).toBe(
      `duplicate URN urn:pulumi:dev::demo::kubernetes:core/v1:ConfigMap::same: registration #2 (kubernetes:core/v1:ConfigMap "same", ${stack}, namespace a) ` +
        `and registration #3 (kubernetes:core/v1:ConfigMap "same", ${stack}, namespace b) have the same type, name and parent types, which the Pulumi engine rejects; ` +
        "fix: give each resource a unique name (e.g. prefix it with its namespace or tenant)",
    );
  });

  it("a stack name that could escape --out, before anything runs", async () => {
    const out = tempDir();
    const lines: string[] = [];
    const result = await plan({ dir: join(FIXTURES, "violating"), stack: "../../victim", out, log: (l) => lines.push(l) });
    expect([result.exitCode, lines]).toEqual([
      2,
      [
        'agentcloud plan: stack "../../victim" failed; nothing was written.',
        '--stack "../../victim" is not a valid stack name; fix: use letters, digits, "-", "_" and "." (e.g. --stack dev), optionally prefixed "org/" or "org/project/"',
      ],
    ]);
    expect(readdirSync(out)).toEqual([]);
  });

  it("an --out that is a file, saying what is in the way and the fix", async () => {
    const root = tempDir();
    const out = join(root, "out");
    writeFileSync(out, "not a folder");
    const lines: string[] = [];
    const result = await plan({ dir: join(FIXTURES, "violating"), stack: "test", out, log: (l) => lines.push(l) });
    expect([result.exitCode, lines]).toEqual([
      2,
      [
        'agentcloud plan: stack "test" failed; nothing was written.',
        `stack "test": cannot use ${join(out, "test")} as the plan folder:\n  a file is in the way at ${out}, where a folder of the plan path goes; fix: remove the file or pass another --out`,
      ],
    ]);
  });

  it("a stack qualified with another project", async () => {
    const lines: string[] = [];
    const dir = join(FIXTURES, "violating");
    const result = await plan({ dir, stack: "acme/other/test", out: tempDir(), log: (l) => lines.push(l) });
    expect([result.exitCode, lines[1]]).toEqual([
      2,
      `--stack acme/other/test names project "other", but ${dir}/Pulumi.yaml is project "violating"; fix: pass --stack acme/violating/test, or --dir with that project`,
    ]);
  });
});

describe("plan: the registration set the policies judge is complete", () => {
  it("exits 2 when the program registers resources after it finished", async () => {
    const p = await planProgram(
      `${CM}setTimeout(() => new k8s.core.v1.ConfigMap("late", { metadata: { labels: { team: "a" } } }), 300);\n`,
    );
    expect([p.exitCode, p.lines.slice(-2)]).toEqual([
      2,
      [
        FAILED_NOTHING_WRITTEN,
        "the program registered 1 resource(s) after it had finished (from a timer or an un-awaited callback), so the plan cannot judge a complete set; " +
          "fix: create every resource while the program runs, or await the work that creates them",
      ],
    ]);
  });
});

describe.concurrent("plan: files and notes a program contributes", () => {
  const dir = join(FIXTURES, "plan-contributions");
  const FILE = "agentcloud.dev/plan-file";
  const urn = (stack: string, type: string, name: string) => `urn:pulumi:${stack}::plan-contributions::${type}::${name}`;

  async function planFixture(stack: "good" | "bad", out = tempDir()) {
    const lines: string[] = [];
    const result = await plan({ dir, stack, out, log: (l) => lines.push(l), policyModule: TEST_POLICIES, timeoutSeconds: 60 });
    return { ...result, lines, text: lines.join("\n"), out, planDir: join(out, stack) };
  }

  it("writes each contributed file next to the plan's own, exactly, secrets as [secret], and prints the notes", async () => {
    const p = await planFixture("good");
    expect(p.exitCode).toBe(0);
    const tree = readTree(p.planDir);
    expect(Object.keys(tree).sort()).toEqual([
      "agent-graph.mmd",
      "components.txt",
      "credentials.md",
      "helm-releases.yaml",
      "manifests/01-cluster.yaml",
      "manifests/10-agents.yaml",
      "policy-report.json",
      "resources.json",
    ]);
    expect(tree["agent-graph.mmd"]).toBe("flowchart LR\n  research-assistant --> web-search\n");
    expect(tree["credentials.md"]).toBe("[secret]");
    expect(p.text).not.toContain("s3cr3t-value");
    expect(JSON.stringify(tree)).not.toContain("s3cr3t-value");
    const notes = p.lines.indexOf("Notes:");
    expect(p.lines.slice(notes - 1, notes + 5)).toEqual([
      "",
      "Notes:",
      "  Network: Cilium 1.20.0 installed by agentcloud: identity-based ingress, FQDN egress, WireGuard between nodes",
      "  Audit: records sealed by a key the agents cannot export",
      "",
      "Policies: 1 evaluated, 0 violation(s): 0 mandatory, 0 advisory",
    ]);
    expect(p.lines.indexOf("Resources per component:")).toBe(notes - 6);
    const written = p.lines.find((l) => l.startsWith("Plan written to"))!;
    expect(written).toMatch(
      new RegExp(
        `^Plan written to ${p.planDir}/ \\(resources.json, crds/, manifests/, helm-releases.yaml, policy-report.json, components.txt, agent-graph.mmd, credentials.md\\) in \\d+\\.\\d s$`,
      ),
    );
  });

  it("fails a plan with bad contributions (exit 2), naming every resource, file and fix, and keeps the previous plan", async () => {
    const out = tempDir();
    const good = await planFixture("good", out);
    expect(good.exitCode).toBe(0);
    // The bad stack writes to the same folder name as a good plan before it.
    renameSync(good.planDir, join(out, "bad"));
    const before = readTree(join(out, "bad"));
    const p = await planFixture("bad", out);
    const cm = (name: string) => urn("bad", "kubernetes:core/v1:ConfigMap", name);
    expect([p.exitCode, p.lines.slice(2)]).toEqual([
      2,
      [
        `agentcloud plan: stack "bad" failed; the previous plan in ${p.planDir}/ is left as it was.`,
        `stack "bad" has 6 problem(s) with the files it contributes to the plan (${FILE}):\n` +
          `  ${cm("escape")}: plan file "../escape.mmd" is not a plain file name: it contains a path separator ("/" or "\\"); ` +
          'fix: name a file directly in the plan folder with letters, digits, ".", "_" and "-", e.g. "agent-graph.mmd"\n' +
          `  ${cm("missing-key")}: data has no key "missing.md" (its keys: other.md); fix: put the file's text under data["missing.md"], or set ${FILE} to the key that holds it\n` +
          `  ${cm("own-output")}: plan file "resources.json" is one of the plan's own outputs (resources.json, helm-releases.yaml, policy-report.json, components.txt, crds, manifests); ` +
          'fix: choose another name, e.g. "agent-graph.mmd"\n' +
          `  ${cm("script")}: plan file "run.sh" has the extension .sh, which the plan does not write; fix: use one of .json, .md, .mmd, .txt, .yaml, e.g. "agent-graph.mmd"\n` +
          `  ${urn("bad", "kubernetes:core/v1:Secret", "token")}: ${FILE} is read only on kubernetes:core/v1:ConfigMap resources, not on kubernetes:core/v1:Secret; ` +
          "fix: put the file's text in a ConfigMap's data and annotate that ConfigMap, or remove the annotation\n" +
          `  ${cm("fleet-graph")} and ${cm("second-graph")}: 2 resources claim plan file "agent-graph.mmd"; ` +
          `fix: give each ConfigMap its own file name in ${FILE}, or remove the annotation from all but one`,
      ],
    ]);
    expect(readTree(p.planDir)).toEqual(before);
    expect(readdirSync(out)).toEqual(["bad"]);
    expect(existsSync(join(out, "escape.mmd"))).toBe(false);
  });
});
