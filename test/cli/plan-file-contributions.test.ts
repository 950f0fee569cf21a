import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import type { Registration } from "../../cli/mock-runtime";
import { runUnderMocks } from "../../cli/mock-runtime";
import { planFileContributions, planFileProblemsMessage } from "../../cli/plan-file-contributions";
import { RESERVED_PLAN_NAMES } from "../../cli/plan-outputs";

const KEY = "agentcloud.dev/plan-file";
const CM = "kubernetes:core/v1:ConfigMap";

function reg(name: string, inputs: Record<string, unknown>, type = CM): Registration {
  return { type, name, urn: `urn:pulumi:s::p::${type}::${name}`, custom: true, dependencies: [], inputs };
}

/** A ConfigMap annotated with plan file `file`, holding `data`. */
function contribution(name: string, file: unknown, data?: unknown, extra: Record<string, unknown> = {}): Registration {
  return reg(name, { apiVersion: "v1", kind: "ConfigMap", metadata: { name, annotations: { [KEY]: file } }, data, ...extra });
}

const urn = (name: string, type = CM) => `urn:pulumi:s::p::${type}::${name}`;
const NAME_FIX = 'name a file directly in the plan folder with letters, digits, ".", "_" and "-", e.g. "agent-graph.mmd"';

describe("planFileContributions", () => {
  it("contributes data[<file>] of each annotated ConfigMap, exactly, and ignores everything else", () => {
    const graph = "flowchart LR\n  a --> b\n";
    const result = planFileContributions([
      contribution("graph", "agent-graph.mmd", { "agent-graph.mmd": graph, other: "not written" }),
      contribution("notes", "NOTES.md", { "NOTES.md": "" }),
      reg("plain", { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "plain", annotations: { other: "x" } }, data: { a: "b" } }),
      reg("bare", { apiVersion: "v1", kind: "ConfigMap" }),
    ]);
    expect(result).toEqual({ files: { "agent-graph.mmd": graph, "NOTES.md": "" }, problems: [] });
  });

  it("accepts each allowed extension, in any case", () => {
    const names = ["a.json", "b.md", "c.mmd", "d.txt", "e.yaml", "F.YAML", "g_1-2.v3.Json"];
    const result = planFileContributions(names.map((n, i) => contribution(`cm${i}`, n, { [n]: n })));
    expect(result).toEqual({ files: Object.fromEntries(names.map((n) => [n, n])), problems: [] });
  });

  it("refuses names that are not plain file names in the plan folder, each with its reason", () => {
    const cases: [string, string][] = [
      ["", "it is empty"],
      ["a\0.md", "it contains a NUL character"],
      ["../escape.mmd", 'it contains a path separator ("/" or "\\")'],
      ["sub/graph.mmd", 'it contains a path separator ("/" or "\\")'],
      ["..\\escape.mmd", 'it contains a path separator ("/" or "\\")'],
      ["a..mmd", 'it contains ".."'],
      [".hidden.md", 'it starts with "." (hidden files and the plan\'s staging folders use such names)'],
      [`${"a".repeat(98)}.md`, "it is longer than 100 characters"],
      ["graph v2.mmd", 'it has characters other than letters, digits, ".", "_" and "-"'],
      ["grâph.mmd", 'it has characters other than letters, digits, ".", "_" and "-"'],
    ];
    const result = planFileContributions(cases.map(([file], i) => contribution(`cm${i}`, file, { x: "y" })));
    expect(result.files).toEqual({});
    // The name problem, then the data problem of the same resource (every problem at once).
    expect(result.problems.filter((_, i) => i % 2 === 0)).toEqual(
      cases.map(([file, reason], i) => ({
        urns: [urn(`cm${i}`)],
        file,
        problem: `plan file ${JSON.stringify(file)} is not a plain file name: ${reason}`,
        fix: NAME_FIX,
      })),
    );
    expect(result.problems.length).toBe(cases.length * 2);
  });

  it("refuses every name the plan itself writes, whatever its case", () => {
    expect(RESERVED_PLAN_NAMES).toEqual([
      "resources.json",
      "helm-releases.yaml",
      "policy-report.json",
      "components.txt",
      "crds",
      "manifests",
    ]);
    const names = [...RESERVED_PLAN_NAMES, "Resources.JSON"];
    const result = planFileContributions(names.map((n, i) => contribution(`cm${i}`, n, { [n]: "x" })));
    expect(result).toEqual({
      files: {},
      problems: names.map((n, i) => ({
        urns: [urn(`cm${i}`)],
        file: n,
        problem: `plan file ${JSON.stringify(n)} is one of the plan's own outputs (resources.json, helm-releases.yaml, policy-report.json, components.txt, crds, manifests)`,
        fix: 'choose another name, e.g. "agent-graph.mmd"',
      })),
    });
  });

  it("refuses extensions outside the allowlist, and names without one", () => {
    const result = planFileContributions([contribution("a", "run.sh", { "run.sh": "x" }), contribution("b", "README", { README: "x" })]);
    const fix = 'use one of .json, .md, .mmd, .txt, .yaml, e.g. "agent-graph.mmd"';
    expect(result).toEqual({
      files: {},
      problems: [
        { urns: [urn("a")], file: "run.sh", problem: 'plan file "run.sh" has the extension .sh, which the plan does not write', fix },
        { urns: [urn("b")], file: "README", problem: 'plan file "README" has no extension, which the plan does not write', fix },
      ],
    });
  });

  it("needs data[<file>] as a string, naming the keys there are", () => {
    const fix = (f: string) => `put the file's text under data[${JSON.stringify(f)}], or set ${KEY} to the key that holds it`;
    const result = planFileContributions([
      contribution("a-missing", "a.mmd", { "a.md": "x", b: "y" }),
      contribution("b-no-data", "b.mmd"),
      contribution("c-binary", "c.mmd", undefined, { binaryData: { "c.mmd": "eA==" } }),
      contribution("d-number", "d.json", { "d.json": 5 }),
      contribution("e-list", "e.json", ["e.json"]),
    ]);
    expect(result).toEqual({
      files: {},
      problems: [
        { urns: [urn("a-missing")], file: "a.mmd", problem: 'data has no key "a.mmd" (its keys: a.md, b)', fix: fix("a.mmd") },
        { urns: [urn("b-no-data")], file: "b.mmd", problem: 'data has no key "b.mmd" (it has no data)', fix: fix("b.mmd") },
        {
          urns: [urn("c-binary")],
          file: "c.mmd",
          problem: 'data has no key "c.mmd": it is in binaryData, and plan files are text',
          fix: fix("c.mmd"),
        },
        {
          urns: [urn("d-number")],
          file: "d.json",
          problem: 'data["d.json"] is 5, not a string',
          fix: 'give data["d.json"] the file\'s text as a string',
        },
        { urns: [urn("e-list")], file: "e.json", problem: 'data has no key "e.json" (it has no data)', fix: fix("e.json") },
      ],
    });
  });

  it("refuses two resources claiming one file, names differing only in case included, and writes neither", () => {
    const result = planFileContributions([
      contribution("b", "graph.mmd", { "graph.mmd": "b" }),
      contribution("a", "graph.mmd", { "graph.mmd": "a" }),
      contribution("c", "Report.md", { "Report.md": "c" }),
      contribution("d", "report.md", { "report.md": "d" }),
      contribution("e", "single.txt", { "single.txt": "e" }),
    ]);
    const fix = `give each ConfigMap its own file name in ${KEY}, or remove the annotation from all but one`;
    expect(result.problems).toEqual([
      { urns: [urn("a"), urn("b")], file: "graph.mmd", problem: '2 resources claim plan file "graph.mmd"', fix },
      {
        urns: [urn("c"), urn("d")],
        file: "Report.md",
        problem: '2 resources claim plan files "Report.md", "report.md", which are one file on case-insensitive file systems',
        fix,
      },
    ]);
    expect(result.files["single.txt"]).toBe("e");
  });

  it("reads the annotation only on ConfigMaps, and only as a string", () => {
    const result = planFileContributions([
      reg(
        "token",
        { apiVersion: "v1", kind: "Secret", metadata: { annotations: { [KEY]: "token.txt" } }, stringData: { "token.txt": "x" } },
        "kubernetes:core/v1:Secret",
      ),
      contribution("number", 7, { 7: "x" }),
      contribution("object", { file: "a.md" }, {}),
    ]);
    expect(result).toEqual({
      files: {},
      problems: [
        {
          urns: [urn("number")],
          file: 7,
          problem: `${KEY} is 7, not a file name`,
          fix: 'set it to a plain file name, e.g. "agent-graph.mmd"',
        },
        {
          urns: [urn("object")],
          file: { file: "a.md" },
          problem: `${KEY} is {"file":"a.md"}, not a file name`,
          fix: 'set it to a plain file name, e.g. "agent-graph.mmd"',
        },
        {
          urns: [urn("token", "kubernetes:core/v1:Secret")],
          file: "token.txt",
          problem: `${KEY} is read only on kubernetes:core/v1:ConfigMap resources, not on kubernetes:core/v1:Secret`,
          fix: "put the file's text in a ConfigMap's data and annotate that ConfigMap, or remove the annotation",
        },
      ],
    });
  });

  it("writes secret data as [secret], whether the value or the whole data is secret", async () => {
    const { registrations } = await runUnderMocks({ project: "p", stack: "s" }, () => {
      new k8s.core.v1.ConfigMap("value", {
        metadata: { annotations: { [KEY]: "value.txt" } },
        data: { "value.txt": pulumi.secret("hunter2"), other: "plain" },
      });
      new k8s.core.v1.ConfigMap("whole", {
        metadata: { annotations: { [KEY]: "whole.txt" } },
        data: pulumi.secret({ "whole.txt": "hunter3" }),
      });
      new k8s.core.v1.ConfigMap("plain", { metadata: { annotations: { [KEY]: "plain.md" } }, data: { "plain.md": "# plain\n" } });
    });
    expect(planFileContributions(registrations)).toEqual({
      files: { "plain.md": "# plain\n", "value.txt": "[secret]", "whole.txt": "[secret]" },
      problems: [],
    });
  });

  it("refuses a file name held in a secret: the plan never shows what a secret holds", async () => {
    const { registrations } = await runUnderMocks({ project: "p", stack: "s" }, () => {
      new k8s.core.v1.ConfigMap("named", { metadata: { annotations: { [KEY]: pulumi.secret("graph.mmd") } }, data: { "graph.mmd": "g" } });
      // One secret label makes the whole metadata secret.
      new k8s.core.v1.ConfigMap("labelled", {
        metadata: { labels: { token: pulumi.secret("t") }, annotations: { [KEY]: "other.mmd" } },
        data: { "other.mmd": "o" },
      });
    });
    const fix = "keep secret values out of this ConfigMap's metadata";
    const problem = `${KEY} is held in a secret (one secret value in metadata makes all of it secret), so the plan cannot name a file by it`;
    expect(planFileContributions(registrations)).toEqual({
      files: {},
      problems: [
        { urns: [urn("labelled")], file: "[secret]", problem, fix },
        { urns: [urn("named")], file: "[secret]", problem, fix },
      ],
    });
  });
});

describe("planFileProblemsMessage", () => {
  it("lists every problem with its resources, what is wrong and the fix", () => {
    const { problems } = planFileContributions([
      contribution("a", "../x.mmd", { "../x.mmd": "x" }),
      contribution("b", "g.mmd", { "g.mmd": "1" }),
      contribution("c", "g.mmd", { "g.mmd": "2" }),
    ]);
    expect(planFileProblemsMessage("dev", problems)).toBe(
      `stack "dev" has 2 problem(s) with the files it contributes to the plan (${KEY}):\n` +
        `  ${urn("a")}: plan file "../x.mmd" is not a plain file name: it contains a path separator ("/" or "\\"); fix: ${NAME_FIX}\n` +
        `  ${urn("b")} and ${urn("c")}: 2 resources claim plan file "g.mmd"; fix: give each ConfigMap its own file name in ${KEY}, or remove the annotation from all but one`,
    );
  });
});
