import { describe, expect, it } from "vitest";
import { gpuNodeTaint } from "../../../policies/aws/gpu-node-taint";
import { messages, violations } from "../helpers";
import { compliantAws, gpuNodeGroup, nodeGroup } from "./objects";

describe("agentcloud-aws-gpu-node-taint", () => {
  it("passes tainted GPU node groups (AL2023 and Bottlerocket NVIDIA) and ignores CPU and non-NVIDIA accelerator groups", async () => {
    expect(await messages(gpuNodeTaint, compliantAws())).toEqual([]);
    const bottlerocket = gpuNodeGroup("br", (i) => (i.amiType = "BOTTLEROCKET_x86_64_NVIDIA"));
    const amd = nodeGroup("amd", "t", (i) => (i.instanceTypes = ["g4ad.xlarge"]));
    const neuron = nodeGroup("neuron", "t", (i) => ((i.amiType = "AL2023_x86_64_NEURON"), (i.instanceTypes = ["inf2.xlarge"])));
    expect(await messages(gpuNodeTaint, [bottlerocket, amd, neuron])).toEqual([]);
  });

  it("reports a GPU node group without the taint, by AMI type or by instance type", async () => {
    const byAmi = gpuNodeGroup("by-ami", (i) => delete i.taints);
    const byType = nodeGroup(
      "by-type",
      "t",
      (i) => ((i.amiType = "CUSTOM"), (i.instanceTypes = ["m7i.large", "p5.48xlarge", "g6e.2xlarge"])),
    );
    expect(await messages(gpuNodeTaint, [byAmi, byType])).toEqual([
      'EKS node group "by-ami" has NVIDIA GPUs (its amiType "AL2023_x86_64_NVIDIA" is an NVIDIA AMI) but no nvidia.com/gpu ' +
        'taint; add {key: "nvidia.com/gpu", effect: "NO_SCHEDULE"}.',
      'EKS node group "by-type" has NVIDIA GPUs (its instance types include NVIDIA GPU types ("p5.48xlarge", "g6e.2xlarge")) ' +
        'but no nvidia.com/gpu taint; add {key: "nvidia.com/gpu", effect: "NO_SCHEDULE"}.',
    ]);
  });

  it("reports the taint with another effect", async () => {
    const soft = gpuNodeGroup("soft", (i) => (i.taints = [{ key: "nvidia.com/gpu", value: "true", effect: "PREFER_NO_SCHEDULE" }]));
    expect(await messages(gpuNodeTaint, [soft])).toEqual([
      'EKS node group "soft" has NVIDIA GPUs (its amiType "AL2023_x86_64_NVIDIA" is an NVIDIA AMI) but its nvidia.com/gpu ' +
        'taint\'s effect is not NO_SCHEDULE; use {key: "nvidia.com/gpu", effect: "NO_SCHEDULE"}.',
    ]);
    const [v] = await violations([gpuNodeTaint], [soft]);
    expect([v.enforcementLevel, v.severity]).toEqual(["mandatory", "medium"]);
  });
});
