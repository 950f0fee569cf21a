import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Registration } from "../../cli/mock-runtime";
import { UNPLANNABLE_COMPONENTS, unplannableProblems } from "../../cli/remote-components";
import { REPO } from "./run-cli";

const component = (type: string, name: string): Registration => ({
  type,
  name,
  urn: `urn:pulumi:s::p::${type}::${name}`,
  custom: false,
  dependencies: [],
  inputs: {},
});

describe("unplannableProblems", () => {
  it("names each component the mock runtime cannot expand, why, and the fix", () => {
    expect(
      unplannableProblems([
        component("kubernetes:yaml/v2:ConfigGroup", "app"),
        component("kubernetes:core/v1:ConfigMap", "fine"),
        component("kubernetes:helm.sh/v4:Chart", "nginx"),
      ]),
    ).toEqual([
      'yaml.v2.ConfigGroup "app" (kubernetes:yaml/v2:ConfigGroup): its objects are rendered by the Kubernetes provider at deploy time, which an offline plan cannot run, so they would reach neither manifests/ nor the policies; fix: declare the objects as typed resources (e.g. new k8s.apps.v1.Deployment(...))',
      'helm.v4.Chart "nginx" (kubernetes:helm.sh/v4:Chart): its objects are rendered by the Kubernetes provider at deploy time, which an offline plan cannot run, so they would reach neither manifests/ nor the policies; fix: use k8s.helm.v3.Release, whose chart, version and values the plan records',
    ]);
    expect(unplannableProblems([component("kubernetes:helm.sh/v3:Release", "ok")])).toEqual([]);
  });

  it("covers the type tokens of every rendering component in the pinned @pulumi/kubernetes", () => {
    const sources: Record<string, string> = {
      "yaml/v2/configGroup.js": "kubernetes:yaml/v2:ConfigGroup",
      "yaml/v2/configFile.js": "kubernetes:yaml/v2:ConfigFile",
      "yaml/yaml.js": "kubernetes:yaml:ConfigGroup",
      "helm/v3/helm.js": "kubernetes:helm.sh/v3:Chart",
      "helm/v4/chart.js": "kubernetes:helm.sh/v4:Chart",
      "kustomize/kustomize.js": "kubernetes:kustomize:Directory",
      "kustomize/v2/directory.js": "kubernetes:kustomize/v2:Directory",
    };
    for (const [file, token] of Object.entries(sources)) {
      expect(readFileSync(join(REPO, "node_modules/@pulumi/kubernetes", file), "utf8"), file).toContain(token);
      expect(UNPLANNABLE_COMPONENTS).toHaveProperty([token]);
    }
    expect(readFileSync(join(REPO, "node_modules/@pulumi/kubernetes/yaml/yaml.js"), "utf8")).toContain('"kubernetes:yaml:ConfigFile"');
  });
});
