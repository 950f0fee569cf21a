import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { EksGpuNodePool } from "../../../../components/aws/nodes/gpu-pool";
import { ArgumentError } from "../../../../components/validation";
import { record, recordRejection } from "../../../helpers/pulumi";

const BASE = { clusterName: "agents", subnetIds: ["subnet-a", "subnet-b"] };

/** Resolves an output under the mock runtime. */
function value<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => output.apply(resolve));
}

describe("EksGpuNodePool", () => {
  it("is an AL2023 NVIDIA node group of GPU types, tainted and labelled for agents and the device plugin's config", async () => {
    let pool: EksGpuNodePool | undefined;
    const rec = await record(() => {
      pool = new EksGpuNodePool("gpu", BASE);
    });
    const component = rec.named("gpu");
    expect(component.type).toBe("agentcloud:aws:EksGpuNodePool");
    expect(
      rec.registrations
        .filter((r) => r.parent === component.urn)
        .map((r) => [r.type, r.name])
        .sort(),
    ).toEqual([
      ["aws:ec2/launchTemplate:LaunchTemplate", "gpu-launch-template"],
      ["aws:eks/nodeGroup:NodeGroup", "gpu-node-group"],
      ["aws:iam/role:Role", "gpu-role"],
      ["aws:iam/rolePolicyAttachment:RolePolicyAttachment", "gpu-role-AmazonEC2ContainerRegistryPullOnly"],
      ["aws:iam/rolePolicyAttachment:RolePolicyAttachment", "gpu-role-AmazonEKSWorkerNodePolicy"],
      ["aws:iam/rolePolicyAttachment:RolePolicyAttachment", "gpu-role-AmazonEKS_CNI_Policy"],
    ]);
    const ng = rec.named("gpu-node-group");
    expect(ng.inputs.clusterName).toBe("agents");
    expect(ng.inputs.subnetIds).toEqual(["subnet-a", "subnet-b"]);
    expect(ng.inputs.amiType).toBe("AL2023_x86_64_NVIDIA");
    expect(ng.inputs.instanceTypes).toEqual(["g6.xlarge"]);
    expect(ng.inputs.capacityType).toBe("ON_DEMAND");
    expect(ng.inputs.scalingConfig).toEqual({ minSize: 1, desiredSize: 1, maxSize: 2 });
    expect(ng.inputs.updateConfig).toEqual({ maxUnavailable: 1 });
    expect(ng.inputs.taints).toEqual([{ key: "nvidia.com/gpu", value: "true", effect: "NO_SCHEDULE" }]);
    expect(ng.inputs.labels).toEqual({
      "agentcloud.dev/gpu": "true",
      "agentcloud.dev/gpu-pool": "gpu",
      "nvidia.com/device-plugin.config": "gpu",
    });
    // The node group waits for the role's policies, and uses the shared launch template.
    for (const a of rec.ofType("aws:iam/rolePolicyAttachment:RolePolicyAttachment")) expect(ng.dependencies).toContain(a.urn);
    expect(ng.dependencies).toContain(rec.named("gpu-launch-template").urn);
    const lt = rec.named("gpu-launch-template").inputs;
    expect(lt.metadataOptions).toEqual({
      httpEndpoint: "enabled",
      httpTokens: "required",
      httpPutResponseHopLimit: 1,
      instanceMetadataTags: "disabled",
    });
    expect(lt.blockDeviceMappings).toEqual([
      { deviceName: "/dev/xvda", ebs: { volumeType: "gp3", encrypted: "true", deleteOnTermination: "true", volumeSize: 100 } },
    ]);
    expect(lt.userData).toBeUndefined();

    expect(pool?.pool).toBe("gpu");
    expect(pool?.sharing).toEqual({ pool: "gpu", replicas: 4, renameByDefault: false, devicePlugin: "chart" });
    expect(pool?.gpuPlatform).toEqual({
      resourceName: "nvidia.com/gpu",
      nodeSelector: { "agentcloud.dev/gpu": "true" },
      tolerations: [{ key: "nvidia.com/gpu", operator: "Exists", effect: "NoSchedule" }],
    });
    expect(await value(pool!.nodeRoleArn)).toMatch(/^arn:aws:iam::\d{12}:role\//);
  });

  it("on Bottlerocket time-slices through its settings, keeps the device plugin off, and puts data on /dev/xvdb", async () => {
    let pool: EksGpuNodePool | undefined;
    const rec = await record(() => {
      pool = new EksGpuNodePool("big", {
        ...BASE,
        pool: "l40s",
        amiType: "BOTTLEROCKET_x86_64_NVIDIA",
        instanceTypes: ["g6e.xlarge"],
        timeSlicing: { replicas: 2, renameByDefault: true },
        nodeRoleArn: "arn:aws:iam::123456789012:role/nodes",
        kmsKeyArn: "arn:aws:kms:eu-west-1:123456789012:key/k",
        diskSizeGiB: 200,
        scaling: { minSize: 0, desiredSize: 0, maxSize: 3 },
      });
    });
    expect(rec.ofType("aws:iam/role:Role")).toEqual([]);
    const ng = rec.named("big-node-group").inputs;
    expect(ng.amiType).toBe("BOTTLEROCKET_x86_64_NVIDIA");
    expect(ng.nodeRoleArn).toBe("arn:aws:iam::123456789012:role/nodes");
    expect(ng.labels).toEqual({ "agentcloud.dev/gpu": "true", "agentcloud.dev/gpu-pool": "l40s" });
    expect(ng.scalingConfig).toEqual({ minSize: 0, desiredSize: 0, maxSize: 3 });
    const lt = rec.named("big-launch-template").inputs;
    const kms = "arn:aws:kms:eu-west-1:123456789012:key/k";
    expect(lt.blockDeviceMappings).toEqual([
      { deviceName: "/dev/xvda", ebs: { volumeType: "gp3", encrypted: "true", deleteOnTermination: "true", kmsKeyId: kms } },
      {
        deviceName: "/dev/xvdb",
        ebs: { volumeType: "gp3", encrypted: "true", deleteOnTermination: "true", volumeSize: 200, kmsKeyId: kms },
      },
    ]);
    expect(Buffer.from(lt.userData as string, "base64").toString("utf8")).toBe(
      [
        "[settings.kubelet-device-plugins.nvidia]",
        `device-sharing-strategy = "time-slicing"`,
        "",
        "[settings.kubelet-device-plugins.nvidia.time-slicing]",
        "replicas = 2",
        "rename-by-default = true",
        "fail-requests-greater-than-one = true",
        "",
      ].join("\n"),
    );
    expect(pool?.sharing).toEqual({ pool: "l40s", replicas: 2, renameByDefault: true, devicePlugin: "platform" });
    expect(pool?.gpuPlatform.resourceName).toBe("nvidia.com/gpu.shared");
  });

  it("rejects a non-GPU instance type before creating anything", async () => {
    const { error, rec } = await recordRejection(() => new EksGpuNodePool("gpu", { ...BASE, instanceTypes: ["m7i.large"] }));
    expect(error).toBeInstanceOf(ArgumentError);
    expect((error as Error).message).toBe(
      `EksGpuNodePool "gpu" has 1 invalid argument:\n  - instanceTypes[0]: is not an NVIDIA GPU instance type, so the pool would have no GPUs (got "m7i.large"); fix: use a type of an NVIDIA GPU family (g4dn, g5, g6, g6e, g6f, gr6, gr6f, g7, g7e, p4d, p4de, p5, p5e, p5en, p6-b200, p6-b300), such as "g6.xlarge"`,
    );
    expect(rec.registrations).toEqual([]);
  });
});
