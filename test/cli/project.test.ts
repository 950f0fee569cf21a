import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { PlanError } from "../../cli/errors";
import { loadProjectStack } from "../../cli/project";
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

  it("names the stack, the key and the fix when policy levels are wrong", () => {
    const dir = project({
      "Pulumi.yaml": "name: demo\nruntime: nodejs\n",
      "index.ts": "export {};\n",
      "Pulumi.dev.yaml": "config:\n  agentcloud:policies: { all: strict }\n",
    });
    expect(() => loadProjectStack(dir, "dev")).toThrow(new PlanError(
      'stack "dev": agentcloud:policies.all is "strict", not an enforcement level; fix: use advisory, mandatory or disabled',
    ));
  });

  it("reports unreadable project files with the path and the fix", () => {
    const dir = project({ "Pulumi.yaml": "name: demo\nmain: nowhere/\n", "Pulumi.dev.yaml": "config: {}\n" });
    expect(() => loadProjectStack(dir, "dev")).toThrow(`Pulumi.yaml in ${dir}: main "nowhere/" has no index.ts or index.js; point main at the program folder`);
    const broken = project({ "Pulumi.yaml": "name: demo\n", "index.ts": "", "Pulumi.dev.yaml": "config: [unclosed\n" });
    expect(() => loadProjectStack(broken, "dev")).toThrow(/^stack "dev" config .*Pulumi\.dev\.yaml is not valid YAML: .*; fix the file's syntax$/);
  });
});
