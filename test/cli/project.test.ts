import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { PlanError } from "../../cli/errors";
import { loadProjectStack, secureConfigNote } from "../../cli/project";
import { tempDir } from "./run-cli";

function project(files: Record<string, string>): string {
  const dir = tempDir();
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, ".."), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

describe("loadProjectStack", () => {
  it("hands config to programs as Pulumi does: qualified keys, JSON for structured values, project defaults", () => {
    const dir = project({
      "Pulumi.yaml": "name: demo\nruntime: nodejs\nmain: src/\nconfig:\n  region:\n    default: eu-west-1\n  replicas:\n    default: 2\n",
      "src/index.ts": "export {};\n",
      "Pulumi.dev.yaml": [
        "config:",
        "  replicas: 3",
        "  agentcloud:flags: [a, b]",
        "  agentcloud:limits: { cpu: '1' }",
        "  agentcloud:token:",
        "    secure: v1:abc",
        "  agentcloud:policies: { all: advisory, agentcloud-network-default-deny: { enforcementLevel: mandatory } }",
      ].join("\n"),
    });
    const loaded = loadProjectStack(dir, "dev");
    expect(loaded.project).toBe("demo");
    expect(loaded.main).toBe(join(dir, "src/index.ts"));
    expect(loaded.config).toEqual({
      "demo:region": "eu-west-1",
      "demo:replicas": "3",
      "agentcloud:flags": '["a","b"]',
      "agentcloud:limits": '{"cpu":"1"}',
      "agentcloud:token": "[secret]",
    });
    expect(loaded.secretKeys).toEqual(["agentcloud:token"]);
    expect(loaded.policyConfig).toEqual({ all: "advisory", "agentcloud-network-default-deny": { enforcementLevel: "mandatory" } });
  });

  it("names the stack, the key and the fix when the policy config is not a map (names and levels are checked against the pack later)", () => {
    const dir = project({
      "Pulumi.yaml": "name: demo\nruntime: nodejs\n",
      "index.ts": "export {};\n",
      "Pulumi.dev.yaml": "config:\n  agentcloud:policies: strict\n",
    });
    expect(() => loadProjectStack(dir, "dev")).toThrow(
      new PlanError(
        'stack "dev": agentcloud:policies must be a map of policy name to enforcement level (got "strict"); fix: e.g. { all: mandatory, agentcloud-sandbox-unsafe-opt-out: advisory }',
      ),
    );
  });

  it("reports unreadable project files with the path and the fix", () => {
    const dir = project({ "Pulumi.yaml": "name: demo\nmain: nowhere/\n", "Pulumi.dev.yaml": "config: {}\n" });
    expect(() => loadProjectStack(dir, "dev")).toThrow(
      `Pulumi.yaml in ${dir}: main "nowhere/" has no index.ts or index.js; point main at the program folder`,
    );
    const broken = project({ "Pulumi.yaml": "name: demo\n", "index.ts": "", "Pulumi.dev.yaml": "config: [unclosed\n" });
    expect(() => loadProjectStack(broken, "dev")).toThrow(
      /^stack "dev" config .*Pulumi\.dev\.yaml is not valid YAML: .*; fix the file's syntax$/,
    );
  });

  it("refuses programs in other languages, naming the runtime", () => {
    for (const runtime of ["python", "yaml", "{ name: python, options: { virtualenv: venv } }"]) {
      const dir = project({ "Pulumi.yaml": `name: demo\nruntime: ${runtime}\n`, "Pulumi.dev.yaml": "config: {}\n" });
      const name = runtime.startsWith("{") ? "python" : runtime;
      expect(() => loadProjectStack(dir, "dev")).toThrow(
        new PlanError(
          `${join(dir, "Pulumi.yaml")}: runtime "${name}" is not supported; agentcloud plan runs only nodejs (TypeScript or JavaScript) programs; fix: plan a nodejs program, or preview this one with "pulumi preview"`,
        ),
      );
    }
    const node = project({
      "Pulumi.yaml": "name: demo\nruntime: { name: nodejs, options: { typescript: true } }\n",
      "index.ts": "",
      "Pulumi.dev.yaml": "",
    });
    expect(loadProjectStack(node, "dev").config).toEqual({});
  });

  it("says what is wrong with a stack file that is a folder, a list, a scalar, or has config that is not a map", () => {
    const base = { "Pulumi.yaml": "name: demo\nruntime: nodejs\n", "index.ts": "" };
    const folder = project({ ...base, "Pulumi.dev.yaml/readme": "x" });
    expect(() => loadProjectStack(folder, "dev")).toThrow(
      new PlanError(
        `stack "dev" config ${join(folder, "Pulumi.dev.yaml")} is a folder, not a file; fix: remove or rename the folder and write the YAML file in its place`,
      ),
    );
    const shapes: [string, string][] = [
      ["- a\n- b\n", "a list"],
      ["hello\n", 'a string ("hello")'],
      ["42\n", "a number (42)"],
    ];
    for (const [text, got] of shapes) {
      const dir = project({ ...base, "Pulumi.dev.yaml": text });
      expect(() => loadProjectStack(dir, "dev")).toThrow(
        new PlanError(
          `stack "dev" config ${join(dir, "Pulumi.dev.yaml")} must be a map with a "config:" key (got ${got}); fix: write it as "config:" followed by indented "key: value" lines`,
        ),
      );
    }
    const scalarConfig = project({ ...base, "Pulumi.dev.yaml": "config: hello\n" });
    expect(() => loadProjectStack(scalarConfig, "dev")).toThrow(
      new PlanError(
        `stack "dev" config ${join(scalarConfig, "Pulumi.dev.yaml")}: "config" must be a map of key to value (got a string ("hello")); fix: write "config:" followed by indented "key: value" lines, e.g. "  demo:namespace: agents"`,
      ),
    );
  });

  it("reports every null value and a malformed policy config at once", () => {
    const dir = project({
      "Pulumi.yaml": "name: demo\nruntime: nodejs\n",
      "index.ts": "",
      "Pulumi.dev.yaml": "config:\n  agentcloud:kubeconfigContext: null\n  owner:\n  agentcloud:policies: [mandatory]\n",
    });
    const file = join(dir, "Pulumi.dev.yaml");
    expect(() => loadProjectStack(dir, "dev")).toThrow(
      new PlanError(
        [
          'stack "dev" config has 3 problems:',
          `  stack "dev": agentcloud:kubeconfigContext has no value (null); fix: give it a value in ${file} (e.g. "" for an empty string) or remove the key`,
          `  stack "dev": demo:owner has no value (null); fix: give it a value in ${file} (e.g. "" for an empty string) or remove the key`,
          '  stack "dev": agentcloud:policies must be a map of policy name to enforcement level (got ["mandatory"]); fix: e.g. { all: mandatory, agentcloud-sandbox-unsafe-opt-out: advisory }',
        ].join("\n"),
      ),
    );
  });
});

describe("secureConfigNote", () => {
  it("explains that offline plans cannot decrypt secure: values the program rejected, and how to plan anyway", () => {
    const message = 'stack "dev" config has 1 invalid argument:\n  agentcloud:namespace: must be a DNS-1123 label (got "[secret]")';
    expect(secureConfigNote(message, "dev", ["agentcloud:namespace", "agentcloud:token"])).toBe(
      'note: agentcloud:namespace is a secure: value, which offline plans cannot decrypt, so the program received the placeholder "[secret]"; ' +
        "fix: to plan anyway, give it a plain stand-in value in a plan-only stack: copy Pulumi.dev.yaml to Pulumi.dev-plan.yaml, replace the secure: entry and run agentcloud plan --stack dev-plan",
    );
    expect(secureConfigNote('bad value "[secret]"', "dev", ["a:x", "a:y"])).toMatch(
      /^note: a:x, a:y are secure: values, .* replace the secure: entries and run/,
    );
    expect(secureConfigNote("agentcloud:namespace is wrong", "dev", [])).toBeUndefined();
    expect(secureConfigNote("something else failed", "dev", ["agentcloud:token"])).toBeUndefined();
  });
});
