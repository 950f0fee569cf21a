import { describe, expect, it } from "vitest";
import { validateGpuSharingArgs } from "../../../../components/kubernetes/gpu-sharing/validate";
import type { GpuSharingArgs } from "../../../../components/kubernetes/gpu-sharing/spec";

describe("validateGpuSharingArgs", () => {
  it("accepts pools with and without defaults", () => {
    expect(
      validateGpuSharingArgs({
        pools: [{ pool: "gpu" }, { pool: "big", replicas: 8, devicePlugin: "platform" }, { pool: "whole", replicas: 1 }],
        namespace: "gpu-system",
        dcgmExporter: false,
      }),
    ).toEqual([]);
  });

  it("needs at least one pool", () => {
    expect(validateGpuSharingArgs({ pools: [] })).toEqual([
      { argument: "pools", value: [], problem: "must list at least one GPU node pool", fix: `set pools to [{ pool: "gpu", replicas: 4 }]` },
    ]);
  });

  it("reports every problem of every pool at once", () => {
    const args = {
      pools: [
        { pool: "GPU", replicas: 0, renameByDefault: "yes", devicePlugin: "operator" },
        { pool: "default", replicas: 65 },
        "gpu",
        { pool: "whole", replicas: 1, renameByDefault: true },
      ],
      namespace: "Bad_NS",
      dcgmExporter: "on",
    } as unknown as GpuSharingArgs;
    expect(validateGpuSharingArgs(args)).toEqual([
      {
        argument: "pools[0].pool",
        value: "GPU",
        problem:
          "must be a DNS-1123 label of at most 63 characters (lower-case letters, digits and '-', starting and ending with a letter or digit)",
        fix: `use a name like "my-agent"`,
      },
      {
        argument: "pools[0].replicas",
        value: 0,
        problem: "must be a whole number from 1 to 64",
        fix: "set replicas to a whole number from 1 to 64",
      },
      { argument: "pools[0].renameByDefault", value: "yes", problem: "must be true or false", fix: "set renameByDefault to true or false" },
      {
        argument: "pools[0].devicePlugin",
        value: "operator",
        problem: `must be one of "chart", "platform"`,
        fix: "set devicePlugin to one of those",
      },
      {
        argument: "pools[1].pool",
        value: "default",
        problem: "is the name of the device plugin's config for nodes of no pool",
        fix: `name the pool something else, such as "gpu"`,
      },
      {
        argument: "pools[1].replicas",
        value: 65,
        problem: "must be a whole number from 1 to 64",
        fix: "set replicas to a whole number from 1 to 64",
      },
      {
        argument: "pools[2]",
        value: "gpu",
        problem: "must be an object with pool and replicas",
        fix: `set pools[2] to { pool: "gpu", replicas: 4 }`,
      },
      {
        argument: "pools[3].renameByDefault",
        value: true,
        problem: "renames shared GPUs, but replicas 1 shares nothing",
        fix: "set replicas above 1, or leave renameByDefault out",
      },
      {
        argument: "namespace",
        value: "Bad_NS",
        problem:
          "must be a DNS-1123 label of at most 63 characters (lower-case letters, digits and '-', starting and ending with a letter or digit)",
        fix: `use a name like "my-agent"`,
      },
      { argument: "dcgmExporter", value: "on", problem: "must be true or false", fix: "set dcgmExporter to true or false" },
    ]);
  });

  it("rejects a pool listed twice and pools that advertise different resources", () => {
    expect(
      validateGpuSharingArgs({
        pools: [{ pool: "a" }, { pool: "a" }, { pool: "b", renameByDefault: true }, { pool: "c", replicas: 1 }],
      }),
    ).toEqual([
      { argument: "pools[1].pool", value: "a", problem: "is listed more than once", fix: `list "a" once` },
      {
        argument: "pools[2].renameByDefault",
        value: true,
        problem: "advertises nvidia.com/gpu.shared while pools[0] advertises nvidia.com/gpu; agents request one GPU resource",
        fix: "give every shared pool the same renameByDefault",
      },
    ]);
  });
});
