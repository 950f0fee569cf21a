import * as k8s from "@pulumi/kubernetes";
import type { Deployment } from "kubernetes-types/apps/v1";
import type { Namespace, ResourceQuota } from "kubernetes-types/core/v1";
import { describe, expect, it } from "vitest";
import { AgentCloud } from "../../../../components/blueprint/component";
import { GpuSharing } from "../../../../components/kubernetes/gpu-sharing/component";
import { devicePluginValues, dcgmExporterValues } from "../../../../components/kubernetes/gpu-sharing/values";
import { resolveGpuSharing } from "../../../../components/kubernetes/gpu-sharing/resolve";
import { ciliumFabric } from "../../../../components/kubernetes/network/fabrics";
import { ArgumentError } from "../../../../components/validation";
import { record, recordRejection } from "../../../helpers/pulumi";
import { invalidObjects } from "../../../helpers/schema";
import { smallFleet } from "../../blueprint/fixtures";

describe("GpuSharing", () => {
  it("registers the namespace, the pinned device plugin and DCGM exporter releases, and gives the GPU platform", async () => {
    let sharing: GpuSharing | undefined;
    const rec = await record(() => {
      sharing = new GpuSharing("gpu", { pools: [{ pool: "gpu", replicas: 4 }] });
    });
    const component = rec.named("gpu");
    expect(component.type).toBe("agentcloud:kubernetes:GpuSharing");
    expect(
      rec.registrations
        .filter((r) => r.parent === component.urn)
        .map((r) => [r.type, r.name])
        .sort(),
    ).toEqual([
      ["kubernetes:core/v1:Namespace", "gpu-namespace"],
      ["kubernetes:helm.sh/v3:Release", "gpu-dcgm-exporter"],
      ["kubernetes:helm.sh/v3:Release", "gpu-device-plugin"],
    ]);
    const namespace = rec.kind("Namespace");
    expect(namespace.map((n) => (n as Namespace).metadata?.labels?.["pod-security.kubernetes.io/enforce"])).toEqual(["privileged"]);
    expect(await invalidObjects(namespace)).toEqual([]);

    const plugin = rec.named("gpu-device-plugin").inputs;
    expect([plugin.name, plugin.chart, plugin.version, plugin.repositoryOpts, plugin.namespace]).toEqual([
      "nvidia-device-plugin",
      "nvidia-device-plugin",
      "0.20.0",
      { repo: "https://nvidia.github.io/k8s-device-plugin" },
      "agentcloud-gpu",
    ]);
    expect(plugin.values).toEqual(devicePluginValues(resolveGpuSharing({ pools: [{ pool: "gpu", replicas: 4 }] })));
    const dcgm = rec.named("gpu-dcgm-exporter").inputs;
    expect([dcgm.name, dcgm.chart, dcgm.version, dcgm.repositoryOpts, dcgm.namespace]).toEqual([
      "dcgm-exporter",
      "dcgm-exporter",
      "4.8.2",
      { repo: "https://nvidia.github.io/dcgm-exporter/helm-charts" },
      "agentcloud-gpu",
    ]);
    expect(dcgm.values).toEqual(dcgmExporterValues());
    // Both releases wait for the namespace.
    const ns = rec.named("gpu-namespace").urn;
    expect(rec.named("gpu-device-plugin").dependencies).toContain(ns);
    expect(rec.named("gpu-dcgm-exporter").dependencies).toContain(ns);

    expect(sharing?.gpuPlatform).toEqual({
      resourceName: "nvidia.com/gpu",
      nodeSelector: { "agentcloud.dev/gpu": "true" },
      tolerations: [{ key: "nvidia.com/gpu", operator: "Exists", effect: "NoSchedule" }],
    });
    expect(sharing?.namespace).toBe("agentcloud-gpu");
    expect(sharing?.dcgm).toEqual({ namespace: "agentcloud-gpu" });
  });

  it("leaves the DCGM exporter out on request, and advertises renamed shares", async () => {
    let sharing: GpuSharing | undefined;
    const rec = await record(() => {
      sharing = new GpuSharing("gpu", { pools: [{ pool: "gpu", renameByDefault: true }], dcgmExporter: false, namespace: "gpus" });
    });
    expect(rec.ofType("kubernetes:helm.sh/v3:Release").map((r) => r.name)).toEqual(["gpu-device-plugin"]);
    expect(sharing?.gpuPlatform.resourceName).toBe("nvidia.com/gpu.shared");
    expect(sharing?.dcgm).toBeUndefined();
    expect(rec.named("gpu-device-plugin").inputs.namespace).toBe("gpus");
  });

  it("rejects bad arguments before registering anything", async () => {
    const { error, rec } = await recordRejection(() => new GpuSharing("gpu", { pools: [{ pool: "gpu", replicas: 0 }] }));
    expect(error).toBeInstanceOf(ArgumentError);
    expect((error as Error).message).toBe(
      `GpuSharing "gpu" has 1 invalid argument:\n  - pools[0].replicas: must be a whole number from 1 to 64 (got 0); fix: set replicas to a whole number from 1 to 64`,
    );
    expect(rec.registrations).toEqual([]);
  });
});

describe("GpuSharing's platform in AgentCloud", () => {
  it("schedules an agent with gpu: 1 onto the GPU nodes and its tenant quota counts requests.nvidia.com/gpu", async () => {
    const rec = await record(() => {
      const sharing = new GpuSharing("gpu", { pools: [{ pool: "gpu", replicas: 4 }] });
      const spec = smallFleet();
      spec.agents.memory = { ...spec.agents.memory, resources: { gpu: 1 } };
      spec.tenants.agents.quota = { gpu: 2 };
      new AgentCloud("fleet", {
        ...spec,
        platform: { ...spec.platform, provider: new k8s.Provider("cluster", {}), network: ciliumFabric(), gpu: sharing.gpuPlatform },
      });
    });
    const deployment = (name: string) => rec.kind("Deployment").find((d) => d.metadata?.name === name) as Deployment;
    const pod = deployment("memory").spec!.template.spec!;
    expect(pod.nodeSelector).toEqual({ "agentcloud.dev/gpu": "true" });
    expect(pod.tolerations).toEqual([{ key: "nvidia.com/gpu", operator: "Exists", effect: "NoSchedule" }]);
    expect(pod.containers[0].resources?.requests?.["nvidia.com/gpu"]).toBe("1");
    expect(pod.containers[0].resources?.limits?.["nvidia.com/gpu"]).toBe("1");
    // The caller asks for no GPU and stays off the GPU nodes.
    expect(deployment("caller").spec!.template.spec!.nodeSelector?.["agentcloud.dev/gpu"]).toBeUndefined();
    const quotas = rec.kind("ResourceQuota").filter((q) => q.metadata?.namespace === "agents") as ResourceQuota[];
    expect(quotas.map((q) => q.spec?.hard?.["requests.nvidia.com/gpu"])).toEqual(["2"]);
  });
});
