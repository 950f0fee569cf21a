import { describe, expect, it } from "vitest";
import type { EksGpuNodePoolArgs, EksSandboxNodePoolArgs } from "../../../../components/aws/nodes/spec";
import { validateEksGpuNodePoolArgs, validateEksSandboxNodePoolArgs } from "../../../../components/aws/nodes/validate";

const BASE = { clusterName: "agents", subnetIds: ["subnet-a", "subnet-b"] };
const A = "a".repeat(128);

describe("validateEksGpuNodePoolArgs", () => {
  it("accepts the defaults and GPU types", () => {
    expect(validateEksGpuNodePoolArgs(BASE)).toEqual([]);
    expect(
      validateEksGpuNodePoolArgs({
        ...BASE,
        pool: "l40s",
        instanceTypes: ["g6e.xlarge", "g6e.2xlarge"],
        amiType: "BOTTLEROCKET_x86_64_NVIDIA",
        scaling: { minSize: 0, desiredSize: 0, maxSize: 4 },
        timeSlicing: { replicas: 8, renameByDefault: true },
        diskSizeGiB: 200,
        capacityType: "SPOT",
      }),
    ).toEqual([]);
  });

  it("rejects a non-GPU instance type with a clear error", () => {
    expect(validateEksGpuNodePoolArgs({ ...BASE, instanceTypes: ["g6.xlarge", "m7i.large"] })).toEqual([
      {
        argument: "instanceTypes[1]",
        value: "m7i.large",
        problem: "is not an NVIDIA GPU instance type, so the pool would have no GPUs",
        fix: `use a type of an NVIDIA GPU family (g4dn, g5, g6, g6e, g6f, gr6, gr6f, g7, g7e, p4d, p4de, p5, p5e, p5en, p6-b200, p6-b300), such as "g6.xlarge"`,
      },
    ]);
  });

  it("reports every problem at once: types, bounds, pool, AMI, sharing, disk and capacity", () => {
    const args = {
      clusterName: "",
      subnetIds: [],
      pool: "default",
      instanceTypes: ["g5g.xlarge", "g6.xlarge", "g6.xlarge", "huge"],
      amiType: "AL2_x86_64_GPU",
      scaling: { minSize: 3, desiredSize: 2, maxSize: 2 },
      timeSlicing: { replicas: 1, renameByDefault: true },
      diskSizeGiB: 10,
      capacityType: "RESERVED",
    } as unknown as EksGpuNodePoolArgs;
    expect(validateEksGpuNodePoolArgs(args)).toEqual([
      {
        argument: "subnetIds",
        value: [],
        problem: "must list at least one private subnet",
        fix: "pass the VPC's private subnet ids (AgentVpc's privateSubnetIds)",
      },
      { argument: "clusterName", value: "", problem: "must name the EKS cluster", fix: "pass the cluster's name" },
      { argument: "scaling.minSize", value: 3, problem: "is above maxSize (2)", fix: "set minSize to at most 2" },
      {
        argument: "diskSizeGiB",
        value: 10,
        problem: "must be a whole number from 20 to 16384",
        fix: "set diskSizeGiB to a whole number from 20 to 16384",
      },
      {
        argument: "capacityType",
        value: "RESERVED",
        problem: `must be one of "ON_DEMAND", "SPOT"`,
        fix: "set capacityType to one of those",
      },
      {
        argument: "pool",
        value: "default",
        problem: "is the name of the device plugin's config for nodes of no pool",
        fix: `name the pool something else, such as "gpu"`,
      },
      {
        argument: "instanceTypes[0]",
        value: "g5g.xlarge",
        problem: "is an arm64 (Graviton) type, and these nodes run x86_64 AMIs",
        fix: `use an x86_64 type like "g6.xlarge"`,
      },
      { argument: "instanceTypes[2]", value: "g6.xlarge", problem: "is listed more than once", fix: `list "g6.xlarge" once` },
      {
        argument: "instanceTypes[3]",
        value: "huge",
        problem: "must be an EC2 instance type such as g6.xlarge",
        fix: `use a type like "g6.xlarge"`,
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
  });

  it("checks scaling bounds: desired within min and max, max at least 1, whole numbers", () => {
    expect(validateEksGpuNodePoolArgs({ ...BASE, scaling: { minSize: 1, desiredSize: 5, maxSize: 3 } })).toEqual([
      {
        argument: "scaling.desiredSize",
        value: 5,
        problem: "must be from minSize (1) to maxSize (3)",
        fix: "set desiredSize to a whole number from 1 to 3",
      },
    ]);
    expect(validateEksGpuNodePoolArgs({ ...BASE, scaling: { minSize: -1, desiredSize: 0.5, maxSize: 0 } })).toEqual([
      {
        argument: "scaling.minSize",
        value: -1,
        problem: "must be a whole number at least 0",
        fix: "set minSize to a whole number at least 0",
      },
      {
        argument: "scaling.desiredSize",
        value: 0.5,
        problem: "must be a whole number at least 0",
        fix: "set desiredSize to a whole number at least 0",
      },
      {
        argument: "scaling.maxSize",
        value: 0,
        problem: "must be a whole number at least 1",
        fix: "set maxSize to a whole number at least 1",
      },
    ]);
  });

  it("checks the pool name the component falls back to", () => {
    expect(validateEksGpuNodePoolArgs(BASE, "GPU_pool").map((p) => [p.argument, p.value])).toEqual([["pool", "GPU_pool"]]);
  });
});

describe("validateEksSandboxNodePoolArgs", () => {
  it("accepts gVisor and Kata pools with their defaults, metal and nested-virtualisation types", () => {
    expect(validateEksSandboxNodePoolArgs({ ...BASE, runtime: "gvisor" })).toEqual([]);
    expect(validateEksSandboxNodePoolArgs({ ...BASE, runtime: "kata" })).toEqual([]);
    expect(validateEksSandboxNodePoolArgs({ ...BASE, runtime: "kata", instanceTypes: ["m7i.metal-24xl", "c5.metal"] })).toEqual([]);
    expect(validateEksSandboxNodePoolArgs({ ...BASE, runtime: "kata", instanceTypes: ["c8i.2xlarge", "m8i-flex.xlarge"] })).toEqual([]);
    expect(
      validateEksSandboxNodePoolArgs({
        ...BASE,
        runtime: "gvisor",
        gvisor: {
          release: "20260810",
          baseUrl: "https://mirror.example.com/gvisor",
          sha512: { runsc: A, containerdShim: A },
          containerdConfigVersion: 2,
        },
      }),
    ).toEqual([]);
    expect(
      validateEksSandboxNodePoolArgs({
        ...BASE,
        runtime: "gvisor",
        gvisor: { imageId: "ami-0123456789abcdef0" },
        cluster: { apiServerEndpoint: "https://x", certificateAuthority: "Q0E=", cidr: "172.20.0.0/16" },
      }),
    ).toEqual([]);
  });

  it("rejects Kata on an instance type without /dev/kvm with a clear error", () => {
    expect(validateEksSandboxNodePoolArgs({ ...BASE, runtime: "kata", instanceTypes: ["m7i.2xlarge"] })).toEqual([
      {
        argument: "instanceTypes[0]",
        value: "m7i.2xlarge",
        problem: "has no /dev/kvm, which Kata Containers needs: it is neither bare metal nor a type AWS offers nested virtualisation on",
        fix: `use a bare-metal type (*.metal*, such as "m7i.metal-24xl") or a nested-virtualisation type (c8i, m8i, r8i, c8i-flex, m8i-flex, r8i-flex, such as "c8i.2xlarge")`,
      },
    ]);
  });

  it("rejects a Kata pool that mixes metal and nested virtualisation, and arm64 metal", () => {
    expect(
      validateEksSandboxNodePoolArgs({ ...BASE, runtime: "kata", instanceTypes: ["c8i.2xlarge", "m7i.metal-24xl", "m7g.metal"] }),
    ).toEqual([
      {
        argument: "instanceTypes[2]",
        value: "m7g.metal",
        problem: "is an arm64 (Graviton) type, and these nodes run x86_64 AMIs",
        fix: `use an x86_64 type like "c8i.2xlarge"`,
      },
      {
        argument: "instanceTypes",
        value: ["c8i.2xlarge", "m7i.metal-24xl", "m7g.metal"],
        problem: "mixes bare-metal and nested-virtualisation types, but one launch template's CPU options apply to every node",
        fix: "use one kind in a pool, and another pool for the other",
      },
    ]);
  });

  it("rejects bad checksums, URL and release formats, all at once", () => {
    const args = {
      ...BASE,
      runtime: "gvisor",
      gvisor: {
        release: "latest",
        baseUrl: "http://storage.googleapis.com/gvisor/releases/release/",
        sha512: { runsc: "abc", containerdShim: A.toUpperCase() },
        containerdConfigVersion: 1,
      },
    } as unknown as EksSandboxNodePoolArgs;
    expect(validateEksSandboxNodePoolArgs(args)).toEqual([
      {
        argument: "gvisor.release",
        value: "latest",
        problem: "must be a gVisor release name, YYYYMMDD or YYYYMMDD.N",
        fix: `use a release of github.com/google/gvisor/releases without "release-", such as "20260921.0"`,
      },
      {
        argument: "gvisor.baseUrl",
        value: "http://storage.googleapis.com/gvisor/releases/release/",
        problem: "must be an https URL without a trailing slash, query or spaces",
        fix: `use a URL like "https://storage.googleapis.com/gvisor/releases/release"`,
      },
      {
        argument: "gvisor.sha512.runsc",
        value: "abc",
        problem: "must be a SHA-512 digest: 128 lower-case hex digits",
        fix: "copy the first field of the release's runsc.sha512",
      },
      {
        argument: "gvisor.sha512.containerdShim",
        value: A.toUpperCase(),
        problem: "must be a SHA-512 digest: 128 lower-case hex digits",
        fix: "copy the first field of the release's containerd-shim-runsc-v1.sha512",
      },
      {
        argument: "gvisor.containerdConfigVersion",
        value: 1,
        problem: "must be 2 (containerd 1.7) or 3 (containerd 2.x)",
        fix: "set containerdConfigVersion to 3, or 2 on a containerd 1.7 AMI",
      },
    ]);
  });

  it("needs the cluster with a custom AMI and refuses download settings there", () => {
    expect(
      validateEksSandboxNodePoolArgs({ ...BASE, runtime: "gvisor", gvisor: { imageId: "ami-0123456789abcdef0", release: "20260921.0" } }),
    ).toEqual([
      {
        argument: "gvisor.imageId",
        value: "ami-0123456789abcdef0",
        problem: "has gVisor already, so nothing is downloaded, yet release is set",
        fix: "leave release out, or leave imageId out to download gVisor at boot",
      },
      {
        argument: "cluster",
        value: undefined,
        problem:
          "is required with gvisor.imageId: EKS adds no bootstrap to a custom AMI, so nodeadm needs the cluster's endpoint, CA and CIDR",
        fix: "pass cluster: { apiServerEndpoint, certificateAuthority, cidr } from the EKS cluster",
      },
    ]);
  });

  it("rejects gVisor settings on a Kata pool, a cluster without a custom AMI and an unknown runtime", () => {
    expect(
      validateEksSandboxNodePoolArgs({
        ...BASE,
        runtime: "kata",
        gvisor: { release: "20260921.0" },
        cluster: { apiServerEndpoint: "https://x", certificateAuthority: "Q0E=", cidr: "172.20.0.0/16" },
      }),
    ).toEqual([
      {
        argument: "gvisor",
        value: { release: "20260921.0" },
        problem: `installs gVisor, but the pool runs "kata"`,
        fix: `leave gvisor out, or set runtime to "gvisor"`,
      },
      {
        argument: "cluster",
        value: "(set)",
        problem: "is only used with a custom AMI (gvisor.imageId); EKS bootstraps its own AMIs",
        fix: "leave cluster out, or set gvisor.imageId",
      },
    ]);
    expect(validateEksSandboxNodePoolArgs({ ...BASE, runtime: "firecracker" } as unknown as EksSandboxNodePoolArgs)).toEqual([
      { argument: "runtime", value: "firecracker", problem: `must be one of "gvisor", "kata"`, fix: "set runtime to one of those" },
    ]);
  });
});
