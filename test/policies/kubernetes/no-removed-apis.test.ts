import { readFileSync } from "node:fs";
import { dirname } from "node:path";
import { describe, expect, it } from "vitest";
import { REMOVED_APIS } from "../../../policies/lib/removed-apis";
import { listFiles } from "../../helpers/files";
import { noRemovedApis, removedApi } from "../../../policies/kubernetes/no-removed-apis";
import { agentDeployment, agentTemplate, registration, retype, violations, workload } from "../helpers";

describe("agentcloud-kubernetes-no-removed-apis", () => {
  it("flags removed API versions as mandatory errors, naming the object, the release and the replacement", async () => {
    const regs = [
      workload("CronJob", "nightly", agentTemplate(), "batch/v1beta1"),
      workload("Deployment", "old", agentTemplate(), "extensions/v1beta1"),
      workload("DaemonSet", "agentd", agentTemplate(), "apps/v1beta2"),
      registration("kubernetes:policy/v1beta1:PodSecurityPolicy", "psp", { metadata: {} }),
    ];
    const found = await violations([noRemovedApis], regs);
    expect(found.map((v) => [v.message, v.enforcementLevel])).toEqual([
      ['DaemonSet "agentd" uses apps/v1beta2 DaemonSet, which Kubernetes stopped serving in v1.16; use apps/v1 instead.', "mandatory"],
      ['CronJob "nightly" uses batch/v1beta1 CronJob, which Kubernetes stopped serving in v1.25; use batch/v1 instead.', "mandatory"],
      ['Deployment "old" uses extensions/v1beta1 Deployment, which Kubernetes stopped serving in v1.16; use apps/v1 instead.', "mandatory"],
      [
        'PodSecurityPolicy "psp" uses policy/v1beta1 PodSecurityPolicy, which Kubernetes stopped serving in v1.25; use Pod Security Admission instead.',
        "mandatory",
      ],
    ]);
  });

  it("recognises patches, lists and CustomResources of removed versions, and passes current ones", () => {
    expect(removedApi("kubernetes:batch/v1beta1:CronJobPatch")?.kind).toBe("CronJob");
    expect(removedApi("kubernetes:extensions/v1beta1:PatchDeployment")).toBeUndefined();
    expect(removedApi("kubernetes:extensions/v1beta1:IngressList")?.kind).toBe("Ingress");
    expect(removedApi("kubernetes:Extensions/v1beta1:deployment")).toEqual({
      apiVersion: "extensions/v1beta1",
      kind: "Deployment",
      removedIn: "1.16",
      use: "apps/v1",
    });
    for (const type of [
      "kubernetes:apps/v1:Deployment",
      "kubernetes:batch/v1:CronJob",
      "kubernetes:v1:Pod",
      "kubernetes:storage.k8s.io/v1beta1:VolumeAttributesClass",
      "random:index:RandomId",
    ]) {
      expect({ type, removed: removedApi(type) }).toEqual({ type, removed: undefined });
    }
  });

  it("passes current API versions", async () => {
    const current = agentDeployment("coder");
    expect(await violations([noRemovedApis], [current, retype(current, "kubernetes:apps/v1:DeploymentPatch")])).toEqual([]);
  });

  it("agrees with every removal @pulumi/kubernetes documents (release and replacement)", () => {
    const sdk = dirname(require.resolve("@pulumi/kubernetes/package.json"));
    const notes = new Map<string, [string, string]>();
    for (const file of listFiles(sdk, (p) => p.endsWith(".d.ts") && !p.endsWith("Patch.d.ts") && !p.endsWith("List.d.ts"))) {
      for (const m of readFileSync(file, "utf8").matchAll(
        /@deprecated ([\w.]+)\/(v\w+)\/(\w+) is deprecated by ([\w.]+\/v\w+)\/\w+ and not supported by Kubernetes v(1\.\d+)\+ clusters/g,
      )) {
        notes.set(`${m[1]}/${m[2]} ${m[3]}`, [m[5], m[4]]);
      }
    }
    expect(notes.size).toBeGreaterThan(10);
    for (const [key, [removedIn, use]] of notes) {
      const [groupVersion, kind] = key.split(" ");
      const [group, version] = groupVersion.split("/");
      const apiVersion = Object.keys(REMOVED_APIS).find((k) => k === groupVersion || k === `${group}.k8s.io/${version}`);
      expect({ key, entry: apiVersion === undefined ? undefined : REMOVED_APIS[apiVersion][kind] }).toEqual({
        key,
        entry: [removedIn, use],
      });
    }
  });
});
