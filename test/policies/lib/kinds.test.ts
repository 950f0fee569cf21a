import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { parseType, POD_BEARING, podTemplatePath } from "../../../policies/lib/kinds";
import { listFiles } from "../../helpers/files";

const SDK = dirname(require.resolve("@pulumi/kubernetes/package.json"));
const POD_SPEC = new Set(["core.v1.PodSpec", "core.v1.PodSpecPatch"]);

/** Interface name (`apps.v1.DeploymentSpec`) to its properties and the input types each refers to, from types/input.d.ts. */
function inputTypes(): Map<string, { prop: string; refs: string[] }[]> {
  const graph = new Map<string, { prop: string; refs: string[] }[]>();
  let [group, version, current] = ["", "", ""];
  for (const line of readFileSync(join(SDK, "types/input.d.ts"), "utf8").split("\n")) {
    let m: RegExpExecArray | null;
    if ((m = /^export declare namespace (\w+) \{/.exec(line))) group = m[1];
    else if ((m = /^ {4}namespace (\w+) \{/.exec(line))) version = m[1];
    else if ((m = /^ {8}interface (\w+) \{/.exec(line))) graph.set((current = `${group}.${version}.${m[1]}`), []);
    else if ((m = /^ {12}"?([\w$-]+)"?\??: (.*);$/.exec(line)) && current !== "") {
      graph.get(current)!.push({ prop: m[1], refs: [...m[2].matchAll(/inputs\.([\w.]+)/g)].map((r) => r[1]) });
    }
  }
  return graph;
}

/** Property paths from an input type to a PodSpec. */
function podSpecPaths(graph: ReturnType<typeof inputTypes>, from: string, seen: string[] = []): string[][] {
  if (POD_SPEC.has(from)) return [[]];
  if (seen.includes(from)) return [];
  return (graph.get(from) ?? []).flatMap((p) =>
    p.refs.flatMap((r) => podSpecPaths(graph, r, [...seen, from]).map((rest) => [p.prop, ...rest])),
  );
}

/** Every resource type token in @pulumi/kubernetes that carries a PodSpec, with the path to it (from each class's Args). */
function sdkPodBearingTypes(): Record<string, string> {
  const graph = inputTypes();
  const found: Record<string, string> = {};
  for (const js of listFiles(SDK, (p) => p.endsWith(".js") && !p.includes("node_modules/@pulumi/kubernetes/node_modules"))) {
    const source = readFileSync(js, "utf8");
    const token = /static __pulumiType = '(kubernetes:[^']+)'/.exec(source)?.[1];
    if (token === undefined) continue;
    const kind = token.slice(token.lastIndexOf(":") + 1);
    const dts = readFileSync(js.replace(/\.js$/, ".d.ts"), "utf8");
    const args = new RegExp(`export interface ${kind}Args \\{([\\s\\S]*?)\\n\\}`).exec(dts)?.[1] ?? "";
    for (const m of args.matchAll(/^ {4}"?(\w+)"?\??: (.*);$/gm)) {
      for (const ref of m[2].matchAll(/inputs\.([\w.]+)/g)) {
        for (const path of podSpecPaths(graph, ref[1])) found[token] = [m[1], ...path].join(".");
      }
    }
  }
  return found;
}

describe("the pod-bearing table", () => {
  let sdk: Record<string, string> = {};
  beforeAll(() => {
    sdk = sdkPodBearingTypes();
  });

  it("finds the pod-bearing types of @pulumi/kubernetes (sanity check of the scan)", () => {
    expect(sdk["kubernetes:apps/v1:Deployment"]).toBe("spec.template.spec");
    expect(sdk["kubernetes:core/v1:PodTemplate"]).toBe("template.spec");
    expect(sdk["kubernetes:batch/v1beta1:CronJob"]).toBe("spec.jobTemplate.spec.template.spec");
    expect(sdk["kubernetes:core/v1:ConfigMap"]).toBeUndefined();
    expect(Object.keys(sdk).length).toBeGreaterThan(50);
  });

  it("covers every pod-bearing type @pulumi/kubernetes has (incl. Patch and List), at the same path", () => {
    const missing = Object.entries(sdk).flatMap(([token, path]) => {
      const found = podTemplatePath(token);
      const expected =
        found === undefined
          ? undefined
          : (found.parsed.variant === "list" ? ["items", ...found.path, "spec"] : [...found.path, "spec"]).join(".");
      const sdkPath = path.replace(/^items\./, "items.");
      return expected === sdkPath ? [] : [`${token}: SDK ${path}, table ${expected ?? "(missing)"}`];
    });
    expect(missing).toEqual([]);
  });

  it("lists the agent-sandbox CRDs too (not in the SDK)", () => {
    expect(Object.keys(POD_BEARING).sort()).toEqual([
      "agents.x-k8s.io",
      "apps",
      "batch",
      "core",
      "extensions",
      "extensions.agents.x-k8s.io",
    ]);
    expect(podTemplatePath("kubernetes:agents.x-k8s.io/v1beta1:Sandbox")?.path).toEqual(["spec", "podTemplate"]);
    expect(podTemplatePath("kubernetes:extensions.agents.x-k8s.io/v1alpha1:SandboxTemplate")?.path).toEqual(["spec", "podTemplate"]);
  });
});

describe("parseType", () => {
  it("takes CustomResource tokens (apiVersion v1 is core), patches and lists apart", () => {
    expect(parseType("kubernetes:v1:Pod", POD_BEARING)).toEqual({
      group: "core",
      version: "v1",
      kind: "Pod",
      variant: "object",
      tokenKind: "Pod",
    });
    expect(parseType("kubernetes:core/v1:PodPatch", POD_BEARING)).toEqual({
      group: "core",
      version: "v1",
      kind: "Pod",
      variant: "patch",
      tokenKind: "PodPatch",
    });
    expect(parseType("kubernetes:apps/v1:DeploymentList", POD_BEARING)).toEqual({
      group: "apps",
      version: "v1",
      kind: "Deployment",
      variant: "list",
      tokenKind: "DeploymentList",
    });
    expect(parseType("kubernetes:apps/v1:ControllerRevision", POD_BEARING)).toBeUndefined();
    expect(parseType("kubernetes:apps/v1:PatchList", POD_BEARING)).toBeUndefined();
    expect(parseType("aws:apps/v1:Deployment", POD_BEARING)).toBeUndefined();
    expect(parseType("xkubernetes:apps/v1:Deployment", POD_BEARING)).toBeUndefined();
    expect(parseType("kubernetes:apps/v1:Deployment-x", POD_BEARING)).toBeUndefined();
  });
});
