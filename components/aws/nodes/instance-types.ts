// Instance-type vocabulary of agentcloud's EKS node pools (pure).

/**
 * EC2 instance families with NVIDIA GPUs on x86_64, which the EKS NVIDIA AMIs (`AL2023_x86_64_NVIDIA`,
 * `BOTTLEROCKET_x86_64_NVIDIA`) run on. From the EC2 "Accelerated computing instances" specifications
 * (docs.aws.amazon.com/ec2/latest/instancetypes/ac.html): G4dn (T4), G5 (A10G), G6 (L4), G6e (L40S), G6f and Gr6f
 * (fractional L4), Gr6 (L4), G7 (RTX PRO 4500 Blackwell), G7e (RTX PRO 6000 Blackwell), P4d and P4de (A100), P5
 * (H100), P5e and P5en (H200), P6-B200 and P6-B300 (Blackwell). Left out: G4ad (AMD GPUs), G5g (arm64), P3/P3dn
 * (Volta, which the NVIDIA open kernel modules of the AL2023 NVIDIA AMIs do not support), and inference chips.
 */
export const NVIDIA_GPU_FAMILIES = [
  "g4dn",
  "g5",
  "g6",
  "g6e",
  "g6f",
  "gr6",
  "gr6f",
  "g7",
  "g7e",
  "p4d",
  "p4de",
  "p5",
  "p5e",
  "p5en",
  "p6-b200",
  "p6-b300",
] as const;

/**
 * Families whose instances AWS can give nested virtualisation (`/dev/kvm` inside the guest) through the launch
 * template's CPU options: 8th-generation Intel C8i, M8i and R8i and their flex variants (EC2 `CpuOptions`
 * `NestedVirtualization`; `@pulumi/aws` 7.48.0 `LaunchTemplateCpuOptions.nestedVirtualization`: "supported on 8th
 * generation Intel-based instance types (C8i, M8i, R8i, and their flex variants) only").
 */
export const NESTED_VIRTUALIZATION_FAMILIES = ["c8i", "m8i", "r8i", "c8i-flex", "m8i-flex", "r8i-flex"] as const;

/** The two parts of an instance type's name, `<family>.<size>`. */
export interface InstanceTypeParts {
  /** The family, e.g. `g6` or `p6-b200`. */
  family: string;
  /** The size, e.g. `xlarge` or `metal-24xl`. */
  size: string;
}

/** The family and size of an instance type (`g6.xlarge` → `g6`, `xlarge`), undefined when it has no such shape. */
export function instanceTypeParts(type: string): InstanceTypeParts | undefined {
  const match = /^([a-z][a-z0-9-]*[a-z0-9])\.([a-z0-9-]+)$/.exec(type);
  return match ? { family: match[1], size: match[2] } : undefined;
}

/** Whether the type is an arm64 (Graviton) or other non-x86_64 type: `a1`, or a family with `g` after its generation. */
export function isArmInstanceType(type: string): boolean {
  const family = instanceTypeParts(type)?.family ?? "";
  return family === "a1" || /^[a-z]+\d+g[a-z]*(-flex)?$/.test(family);
}

/** Whether the type is an x86_64 NVIDIA GPU type ({@link NVIDIA_GPU_FAMILIES}). */
export function isNvidiaGpuInstanceType(type: string): boolean {
  const family = instanceTypeParts(type)?.family;
  return family !== undefined && (NVIDIA_GPU_FAMILIES as readonly string[]).includes(family);
}

/** Whether the type is bare metal (`m7i.metal-24xl`, `c5.metal`): `/dev/kvm` on the host, no nested virtualisation needed. */
export function isMetalInstanceType(type: string): boolean {
  return /^metal(-\d+xl)?$/.test(instanceTypeParts(type)?.size ?? "");
}

/** Whether the type can have nested virtualisation turned on ({@link NESTED_VIRTUALIZATION_FAMILIES}), bare metal aside. */
export function isNestedVirtualizationInstanceType(type: string): boolean {
  const family = instanceTypeParts(type)?.family;
  return family !== undefined && (NESTED_VIRTUALIZATION_FAMILIES as readonly string[]).includes(family) && !isMetalInstanceType(type);
}

/** How an instance type gives a Kata node `/dev/kvm`: bare metal, nested virtualisation, or not at all. */
export function kvmSource(type: string): "metal" | "nested" | undefined {
  if (isArmInstanceType(type)) return undefined;
  if (isMetalInstanceType(type)) return "metal";
  if (isNestedVirtualizationInstanceType(type)) return "nested";
  return undefined;
}
