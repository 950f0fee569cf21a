import { App, Stack } from "aws-cdk-lib";
import type * as eks from "aws-cdk-lib/aws-eks-v2";
import { describe, expect, it } from "vitest";
import { validateEksGpuNodePoolArgs, validateEksSandboxNodePoolArgs } from "../../../../components/aws/nodes/validate";
import { CdkArgumentError } from "../../../../components/cdk/identity/argument-error";
import {
  GpuNodegroup,
  SandboxNodegroup,
  validateGpuNodegroupProps,
  validateSandboxNodegroupProps,
  type GpuNodegroupProps,
  type SandboxNodegroupProps,
} from "../../../../components/cdk/nodes";

const cluster = {} as eks.ICluster;
const pulumiBase = { clusterName: "agents", subnetIds: ["subnet-1"] };

describe("validateGpuNodegroupProps", () => {
  it("accepts the defaults and a full set of valid props", () => {
    expect(validateGpuNodegroupProps({ cluster })).toEqual([]);
    expect(
      validateGpuNodegroupProps({
        cluster,
        pool: "h100",
        instanceTypes: ["p5.48xlarge"],
        amiType: "BOTTLEROCKET_x86_64_NVIDIA",
        timeSlicing: { replicas: 2, renameByDefault: true },
        scaling: { minSize: 0, desiredSize: 0, maxSize: 2 },
        diskSizeGiB: 500,
        capacityType: "SPOT",
      }),
    ).toEqual([]);
  });

  it("reports every problem at once, with the Pulumi pool's messages", () => {
    const props = {
      pool: "default",
      instanceTypes: ["m7i.large", "g5g.xlarge", "g6.xlarge", "g6.xlarge"],
      amiType: "AL2_x86_64_GPU",
      timeSlicing: { replicas: 1, renameByDefault: true },
      scaling: { minSize: 3, desiredSize: 1, maxSize: 2 },
    } as unknown as Omit<GpuNodegroupProps, "cluster">;
    const problems = validateGpuNodegroupProps({ cluster, ...props });
    expect(problems).toEqual([
      { argument: "scaling.minSize", value: 3, problem: "is above maxSize (2)", fix: "set minSize to at most 2" },
      {
        argument: "pool",
        value: "default",
        problem: "is the name of the device plugin's config for nodes of no pool",
        fix: `name the pool something else, such as "gpu"`,
      },
      {
        argument: "instanceTypes[1]",
        value: "g5g.xlarge",
        problem: "is an arm64 (Graviton) type, and these nodes run x86_64 AMIs",
        fix: `use an x86_64 type like "g6.xlarge"`,
      },
      { argument: "instanceTypes[3]", value: "g6.xlarge", problem: "is listed more than once", fix: `list "g6.xlarge" once` },
      {
        argument: "instanceTypes[0]",
        value: "m7i.large",
        problem: "is not an NVIDIA GPU instance type, so the pool would have no GPUs",
        fix: `use a type of an NVIDIA GPU family (g4dn, g5, g6, g6e, g6f, gr6, gr6f, g7, g7e, p4d, p4de, p5, p5e, p5en, p6-b200, p6-b300), such as "g6.xlarge"`,
      },
      {
        argument: "amiType",
        value: "AL2_x86_64_GPU",
        problem: `must be one of "AL2023_x86_64_NVIDIA", "BOTTLEROCKET_x86_64_NVIDIA"`,
        fix: "set amiType to one of those",
      },
      {
        argument: "timeSlicing.renameByDefault",
        value: true,
        problem: "renames shared GPUs, but replicas 1 shares nothing",
        fix: "set replicas above 1, or leave renameByDefault out",
      },
    ]);
    expect(problems).toEqual(validateEksGpuNodePoolArgs({ ...pulumiBase, ...props }, "gpu"));
  });

  it("throws before creating anything", () => {
    const stack = new Stack(new App(), "Test");
    expect(() => new GpuNodegroup(stack, "Gpu", { cluster, instanceTypes: ["m7i.large"] })).toThrow(
      new CdkArgumentError('GpuNodegroup "Gpu"', [
        {
          argument: "instanceTypes[0]",
          value: "m7i.large",
          problem: "is not an NVIDIA GPU instance type, so the pool would have no GPUs",
          fix: `use a type of an NVIDIA GPU family (g4dn, g5, g6, g6e, g6f, gr6, gr6f, g7, g7e, p4d, p4de, p5, p5e, p5en, p6-b200, p6-b300), such as "g6.xlarge"`,
        },
      ]),
    );
    expect(stack.node.children).toEqual([]);
  });
});

describe("validateSandboxNodegroupProps", () => {
  it("accepts gVisor and Kata defaults, bare-metal Kata and a pinned gVisor", () => {
    expect(validateSandboxNodegroupProps({ cluster, runtime: "gvisor" })).toEqual([]);
    expect(validateSandboxNodegroupProps({ cluster, runtime: "kata" })).toEqual([]);
    expect(validateSandboxNodegroupProps({ cluster, runtime: "kata", instanceTypes: ["m7i.metal-24xl", "c7i.metal-48xl"] })).toEqual([]);
    expect(
      validateSandboxNodegroupProps({
        cluster,
        runtime: "gvisor",
        gvisor: { release: "20260101.0", sha512: { runsc: "a".repeat(128), containerdShim: "b".repeat(128) }, containerdConfigVersion: 2 },
      }),
    ).toEqual([]);
  });

  it("refuses Kata on types without /dev/kvm and mixed kinds, with the Pulumi pool's messages", () => {
    const props = { runtime: "kata", instanceTypes: ["m7i.large", "m7i.metal-24xl", "c8i.2xlarge"] } as const;
    const problems = validateSandboxNodegroupProps({ cluster, ...props, instanceTypes: [...props.instanceTypes] });
    expect(problems).toEqual([
      {
        argument: "instanceTypes[0]",
        value: "m7i.large",
        problem: "has no /dev/kvm, which Kata Containers needs: it is neither bare metal nor a type AWS offers nested virtualisation on",
        fix: `use a bare-metal type (*.metal*, such as "m7i.metal-24xl") or a nested-virtualisation type (c8i, m8i, r8i, c8i-flex, m8i-flex, r8i-flex, such as "c8i.2xlarge")`,
      },
      {
        argument: "instanceTypes",
        value: ["m7i.large", "m7i.metal-24xl", "c8i.2xlarge"],
        problem: "mixes bare-metal and nested-virtualisation types, but one launch template's CPU options apply to every node",
        fix: "use one kind in a pool, and another pool for the other",
      },
    ]);
    expect(problems).toEqual(validateEksSandboxNodePoolArgs({ ...pulumiBase, ...props, instanceTypes: [...props.instanceTypes] }));
  });

  it("reports bad gVisor settings, gVisor on a Kata pool, and an unsupported custom AMI", () => {
    const bad = {
      release: "latest",
      baseUrl: "http://mirror/",
      sha512: { runsc: "ABC", containerdShim: "b".repeat(128) },
      containerdConfigVersion: 4,
    };
    expect(validateSandboxNodegroupProps({ cluster, runtime: "gvisor", gvisor: bad as never })).toEqual([
      {
        argument: "gvisor.release",
        value: "latest",
        problem: "must be a gVisor release name, YYYYMMDD or YYYYMMDD.N",
        fix: `use a release of github.com/google/gvisor/releases without "release-", such as "20260921.0"`,
      },
      {
        argument: "gvisor.baseUrl",
        value: "http://mirror/",
        problem: "must be an https URL without a trailing slash, query or spaces",
        fix: `use a URL like "https://storage.googleapis.com/gvisor/releases/release"`,
      },
      {
        argument: "gvisor.sha512.runsc",
        value: "ABC",
        problem: "must be a SHA-512 digest: 128 lower-case hex digits",
        fix: "copy the first field of the release's runsc.sha512",
      },
      {
        argument: "gvisor.containerdConfigVersion",
        value: 4,
        problem: "must be 2 (containerd 1.7) or 3 (containerd 2.x)",
        fix: "set containerdConfigVersion to 3, or 2 on a containerd 1.7 AMI",
      },
    ]);
    expect(validateSandboxNodegroupProps({ cluster, runtime: "kata", gvisor: {} })).toEqual([
      {
        argument: "gvisor",
        value: {},
        problem: `installs gVisor, but the pool runs "kata"`,
        fix: `leave gvisor out, or set runtime to "gvisor"`,
      },
    ]);
    expect(validateSandboxNodegroupProps({ cluster, runtime: "gvisor", gvisor: { imageId: "ami-0123456789abcdef0" } as never })).toEqual([
      {
        argument: "gvisor.imageId",
        value: "ami-0123456789abcdef0",
        problem: "(a custom AMI) is not supported by the CDK node group",
        fix: "use only release, baseUrl, sha512, containerdConfigVersion",
      },
    ]);
  });

  it("throws before creating anything", () => {
    const stack = new Stack(new App(), "Test");
    const props = {
      cluster,
      runtime: "firecracker",
      scaling: { minSize: 0, desiredSize: 0, maxSize: 0 },
    } as unknown as SandboxNodegroupProps;
    expect(() => new SandboxNodegroup(stack, "Pool", props)).toThrow(
      [
        `SandboxNodegroup "Pool" has 2 invalid arguments:`,
        "  - scaling.maxSize: must be a whole number at least 1 (got 0); fix: set maxSize to a whole number at least 1",
        `  - runtime: must be one of "gvisor", "kata" (got "firecracker"); fix: set runtime to one of those`,
      ].join("\n"),
    );
    expect(stack.node.children).toEqual([]);
  });
});
