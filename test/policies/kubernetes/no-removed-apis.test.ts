import { describe, expect, it } from "vitest";
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
      ['PodSecurityPolicy "psp" uses policy/v1beta1 PodSecurityPolicy, which Kubernetes stopped serving in v1.25; use Pod Security Admission instead.', "mandatory"],
    ]);
  });

  it("recognises patches, lists and CustomResources of removed versions, and passes current ones", () => {
    expect(removedApi("kubernetes:batch/v1beta1:CronJobPatch")?.kind).toBe("CronJob");
    expect(removedApi("kubernetes:extensions/v1beta1:IngressList")?.kind).toBe("Ingress");
    expect(removedApi("kubernetes:Extensions/v1beta1:deployment")).toEqual({ apiVersion: "extensions/v1beta1", kind: "Deployment", removedIn: "1.16", use: "apps/v1" });
    for (const type of ["kubernetes:apps/v1:Deployment", "kubernetes:batch/v1:CronJob", "kubernetes:v1:Pod", "kubernetes:storage.k8s.io/v1beta1:VolumeAttributesClass", "random:index:RandomId"]) {
      expect({ type, removed: removedApi(type) }).toEqual({ type, removed: undefined });
    }
  });

  it("passes current API versions", async () => {
    const current = agentDeployment("coder");
    expect(await violations([noRemovedApis], [current, retype(current, "kubernetes:apps/v1:DeploymentPatch")])).toEqual([]);
  });
});
