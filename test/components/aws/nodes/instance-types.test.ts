import { describe, expect, it } from "vitest";
import { instanceTypeParts, isArmInstanceType, isNvidiaGpuInstanceType, kvmSource } from "../../../../components/aws/nodes/instance-types";

describe("instance types", () => {
  it("splits family and size, including hyphenated families", () => {
    expect(instanceTypeParts("g6.xlarge")).toEqual({ family: "g6", size: "xlarge" });
    expect(instanceTypeParts("p6-b200.48xlarge")).toEqual({ family: "p6-b200", size: "48xlarge" });
    expect(instanceTypeParts("c8i-flex.large")).toEqual({ family: "c8i-flex", size: "large" });
    expect(instanceTypeParts("m7i.metal-24xl")).toEqual({ family: "m7i", size: "metal-24xl" });
    expect(instanceTypeParts("g6")).toBeUndefined();
    expect(instanceTypeParts("G6.xlarge")).toBeUndefined();
  });

  it("knows the x86_64 NVIDIA GPU types and nothing else", () => {
    for (const t of [
      "g4dn.xlarge",
      "g5.2xlarge",
      "g6.xlarge",
      "g6e.12xlarge",
      "gr6.4xlarge",
      "p4d.24xlarge",
      "p5.48xlarge",
      "p5en.48xlarge",
      "p6-b200.48xlarge",
    ]) {
      expect(isNvidiaGpuInstanceType(t), t).toBe(true);
    }
    for (const t of ["m7i.large", "g4ad.xlarge", "g5g.xlarge", "p3.2xlarge", "inf2.xlarge", "trn1.2xlarge"]) {
      expect(isNvidiaGpuInstanceType(t), t).toBe(false);
    }
  });

  it("tells arm64 types apart", () => {
    expect(["m7g.large", "c7gn.xlarge", "r8g.metal-24xl", "a1.metal", "g5g.xlarge", "c6gd.large"].map(isArmInstanceType)).toEqual([
      true,
      true,
      true,
      true,
      true,
      true,
    ]);
    expect(["m7i.large", "g6.xlarge", "c8i-flex.large", "m5.metal"].map(isArmInstanceType)).toEqual([false, false, false, false]);
  });

  it("finds /dev/kvm on bare metal and on the nested-virtualisation families only", () => {
    expect(kvmSource("m7i.metal-24xl")).toBe("metal");
    expect(kvmSource("c5.metal")).toBe("metal");
    expect(kvmSource("c8i.metal-48xl")).toBe("metal");
    expect(kvmSource("c8i.2xlarge")).toBe("nested");
    expect(kvmSource("m8i-flex.large")).toBe("nested");
    expect(kvmSource("r8i.4xlarge")).toBe("nested");
    expect(kvmSource("m7i.2xlarge")).toBeUndefined();
    expect(kvmSource("c7i.2xlarge")).toBeUndefined();
    expect(kvmSource("m7g.metal")).toBeUndefined();
  });
});
