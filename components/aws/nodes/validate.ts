import { checkDnsLabel } from "../../validation/names";
import { nestProblems, showValue, type ValidationProblem } from "../../validation/problems";
import { checkBoolean, checkInteger, checkOneOf, isPulumiOutput, isRecord } from "../../validation/values";
import { DEFAULT_DEVICE_PLUGIN_CONFIG, MAX_GPU_REPLICAS } from "../../kubernetes/gpu-sharing/spec";
import {
  instanceTypeParts,
  isArmInstanceType,
  isNvidiaGpuInstanceType,
  kvmSource,
  NESTED_VIRTUALIZATION_FAMILIES,
  NVIDIA_GPU_FAMILIES,
} from "./instance-types";
import {
  GPU_AMI_TYPES,
  SANDBOX_POOL_RUNTIMES,
  type EksGpuNodePoolArgs,
  type EksNodePoolBaseArgs,
  type EksSandboxNodePoolArgs,
  type GvisorInstall,
} from "./spec";

/** Largest node volume EBS gp3 allows, in GiB. */
const MAX_GP3_GIB = 16384;

/** Problems with a list of instance types: a non-empty list of well-formed, distinct, x86_64 types. */
function checkInstanceTypeList(value: unknown, example: string): { problems: ValidationProblem[]; types: string[] } {
  if (!Array.isArray(value) || value.length === 0) {
    return {
      problems: [
        { argument: "instanceTypes", value, problem: "must list at least one instance type", fix: `set instanceTypes to ["${example}"]` },
      ],
      types: [],
    };
  }
  const problems: ValidationProblem[] = [];
  const types: string[] = [];
  value.forEach((type: unknown, i) => {
    const argument = `instanceTypes[${i}]`;
    if (typeof type !== "string" || instanceTypeParts(type) === undefined) {
      problems.push({
        argument,
        value: type,
        problem: "must be an EC2 instance type such as g6.xlarge",
        fix: `use a type like "${example}"`,
      });
    } else if (value.indexOf(type) !== i) {
      problems.push({ argument, value: type, problem: "is listed more than once", fix: `list ${showValue(type)} once` });
    } else if (isArmInstanceType(type)) {
      problems.push({
        argument,
        value: type,
        problem: "is an arm64 (Graviton) type, and these nodes run x86_64 AMIs",
        fix: `use an x86_64 type like "${example}"`,
      });
    } else {
      types.push(type);
    }
  });
  return { problems, types };
}

/** Problems with scaling bounds: whole numbers, `maxSize` ≥ 1, `minSize` ≤ `desiredSize` ≤ `maxSize`. */
export function checkScaling(value: unknown): ValidationProblem[] {
  if (value === undefined) return [];
  if (!isRecord(value)) {
    return [
      {
        argument: "scaling",
        value,
        problem: "must be an object with minSize, desiredSize and maxSize",
        fix: "set scaling to { minSize: 1, desiredSize: 1, maxSize: 2 }",
      },
    ];
  }
  const { minSize, desiredSize, maxSize } = value;
  const own = [
    ...checkInteger("minSize", minSize, 0),
    ...checkInteger("desiredSize", desiredSize, 0),
    ...checkInteger("maxSize", maxSize, 1),
  ];
  const problems = [...own];
  if (own.length === 0) {
    const [min, desired, max] = [minSize, desiredSize, maxSize] as number[];
    if (min > max) {
      problems.push({ argument: "minSize", value: min, problem: `is above maxSize (${max})`, fix: `set minSize to at most ${max}` });
    } else if (desired < min || desired > max) {
      problems.push({
        argument: "desiredSize",
        value: desired,
        problem: `must be from minSize (${min}) to maxSize (${max})`,
        fix: `set desiredSize to a whole number from ${min} to ${max}`,
      });
    }
  }
  return nestProblems("scaling", problems);
}

/** Problems with the arguments every pool shares (instance types aside). */
function checkBase(args: EksNodePoolBaseArgs): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  const subnets: unknown = args.subnetIds;
  if (subnets === undefined || (Array.isArray(subnets) && subnets.length === 0)) {
    problems.push({
      argument: "subnetIds",
      value: subnets,
      problem: "must list at least one private subnet",
      fix: "pass the VPC's private subnet ids (AgentVpc's privateSubnetIds)",
    });
  }
  if (args.clusterName === undefined || args.clusterName === "") {
    problems.push({
      argument: "clusterName",
      value: args.clusterName,
      problem: "must name the EKS cluster",
      fix: "pass the cluster's name",
    });
  }
  problems.push(...checkScaling(args.scaling));
  if (args.diskSizeGiB !== undefined) problems.push(...checkInteger("diskSizeGiB", args.diskSizeGiB, 20, MAX_GP3_GIB));
  if (args.capacityType !== undefined) problems.push(...checkOneOf("capacityType", args.capacityType, ["ON_DEMAND", "SPOT"]));
  return problems;
}

/** Every problem with `EksGpuNodePool`'s arguments, all at once. */
export function validateEksGpuNodePoolArgs(args: EksGpuNodePoolArgs, name = "gpu"): ValidationProblem[] {
  const problems = checkBase(args);
  const pool = args.pool ?? name;
  problems.push(...checkDnsLabel("pool", pool));
  if (pool === DEFAULT_DEVICE_PLUGIN_CONFIG) {
    problems.push({
      argument: "pool",
      value: pool,
      problem: "is the name of the device plugin's config for nodes of no pool",
      fix: `name the pool something else, such as "gpu"`,
    });
  }
  if (args.instanceTypes !== undefined) {
    const { problems: listProblems, types } = checkInstanceTypeList(args.instanceTypes, "g6.xlarge");
    problems.push(...listProblems);
    for (const type of types) {
      if (!isNvidiaGpuInstanceType(type)) {
        problems.push({
          argument: `instanceTypes[${args.instanceTypes.indexOf(type)}]`,
          value: type,
          problem: "is not an NVIDIA GPU instance type, so the pool would have no GPUs",
          fix: `use a type of an NVIDIA GPU family (${NVIDIA_GPU_FAMILIES.join(", ")}), such as "g6.xlarge"`,
        });
      }
    }
  }
  if (args.amiType !== undefined) problems.push(...checkOneOf("amiType", args.amiType, GPU_AMI_TYPES));
  const slicing: unknown = args.timeSlicing;
  if (slicing !== undefined) {
    if (!isRecord(slicing)) {
      problems.push({
        argument: "timeSlicing",
        value: slicing,
        problem: "must be an object with replicas and renameByDefault",
        fix: "set timeSlicing to { replicas: 4 }",
      });
    } else {
      const own: ValidationProblem[] = [];
      if (slicing.replicas !== undefined) own.push(...checkInteger("replicas", slicing.replicas, 1, MAX_GPU_REPLICAS));
      if (slicing.renameByDefault !== undefined) own.push(...checkBoolean("renameByDefault", slicing.renameByDefault));
      if (slicing.renameByDefault === true && slicing.replicas === 1) {
        own.push({
          argument: "renameByDefault",
          value: true,
          problem: "renames shared GPUs, but replicas 1 shares nothing",
          fix: "set replicas above 1, or leave renameByDefault out",
        });
      }
      problems.push(...nestProblems("timeSlicing", own));
    }
  }
  return problems;
}

/** Problems with how gVisor is installed. */
function checkGvisor(value: unknown, hasCluster: boolean): ValidationProblem[] {
  if (value === undefined) return [];
  if (!isRecord(value)) {
    return [
      { argument: "gvisor", value, problem: "must be an object", fix: `set gvisor to { release: "20260921.0" } or { imageId: "ami-..." }` },
    ];
  }
  const g = value as GvisorInstall;
  const problems: ValidationProblem[] = [];
  if (g.release !== undefined && (typeof g.release !== "string" || !/^\d{8}(\.\d+)?$/.test(g.release))) {
    problems.push({
      argument: "release",
      value: g.release,
      problem: "must be a gVisor release name, YYYYMMDD or YYYYMMDD.N",
      fix: `use a release of github.com/google/gvisor/releases without "release-", such as "20260921.0"`,
    });
  }
  if (
    g.baseUrl !== undefined &&
    (typeof g.baseUrl !== "string" || !/^https:\/\/[a-z0-9.-]+(:\d+)?(\/[A-Za-z0-9._~%/-]*)?$/.test(g.baseUrl) || g.baseUrl.endsWith("/"))
  ) {
    problems.push({
      argument: "baseUrl",
      value: g.baseUrl,
      problem: "must be an https URL without a trailing slash, query or spaces",
      fix: `use a URL like "https://storage.googleapis.com/gvisor/releases/release"`,
    });
  }
  if (g.sha512 !== undefined) {
    if (!isRecord(g.sha512)) {
      problems.push({
        argument: "sha512",
        value: g.sha512,
        problem: "must be an object with runsc and containerdShim",
        fix: "set sha512 to { runsc: <128 hex digits>, containerdShim: <128 hex digits> }",
      });
    } else {
      for (const key of ["runsc", "containerdShim"] as const) {
        const digest: unknown = g.sha512[key];
        if (typeof digest !== "string" || !/^[0-9a-f]{128}$/.test(digest)) {
          problems.push({
            argument: `sha512.${key}`,
            value: digest,
            problem: "must be a SHA-512 digest: 128 lower-case hex digits",
            fix: `copy the first field of the release's ${key === "runsc" ? "runsc" : "containerd-shim-runsc-v1"}.sha512`,
          });
        }
      }
    }
  }
  if (g.containerdConfigVersion !== undefined && g.containerdConfigVersion !== 2 && g.containerdConfigVersion !== 3) {
    problems.push({
      argument: "containerdConfigVersion",
      value: g.containerdConfigVersion,
      problem: "must be 2 (containerd 1.7) or 3 (containerd 2.x)",
      fix: "set containerdConfigVersion to 3, or 2 on a containerd 1.7 AMI",
    });
  }
  if (g.imageId !== undefined) {
    if (typeof g.imageId === "string" && !/^ami-[0-9a-f]{8,17}$/.test(g.imageId)) {
      problems.push({ argument: "imageId", value: g.imageId, problem: "must be an AMI id", fix: `use an id like "ami-0123456789abcdef0"` });
    } else if (typeof g.imageId !== "string" && !isPulumiOutput(g.imageId)) {
      problems.push({ argument: "imageId", value: g.imageId, problem: "must be an AMI id", fix: `use an id like "ami-0123456789abcdef0"` });
    }
    const downloads = (["release", "baseUrl", "sha512"] as const).filter((k) => g[k] !== undefined);
    if (downloads.length > 0) {
      problems.push({
        argument: "imageId",
        value: g.imageId,
        problem: `has gVisor already, so nothing is downloaded, yet ${downloads.join(", ")} ${downloads.length === 1 ? "is" : "are"} set`,
        fix: `leave ${downloads.join(", ")} out, or leave imageId out to download gVisor at boot`,
      });
    }
  }
  const all = nestProblems("gvisor", problems);
  if (g.imageId !== undefined && !hasCluster) {
    all.push({
      argument: "cluster",
      value: undefined,
      problem:
        "is required with gvisor.imageId: EKS adds no bootstrap to a custom AMI, so nodeadm needs the cluster's endpoint, CA and CIDR",
      fix: "pass cluster: { apiServerEndpoint, certificateAuthority, cidr } from the EKS cluster",
    });
  }
  return all;
}

/** Every problem with `EksSandboxNodePool`'s arguments, all at once. */
export function validateEksSandboxNodePoolArgs(args: EksSandboxNodePoolArgs): ValidationProblem[] {
  const problems = checkBase(args);
  const runtimeProblems = checkOneOf("runtime", args.runtime, SANDBOX_POOL_RUNTIMES);
  problems.push(...runtimeProblems);
  const example = args.runtime === "kata" ? "c8i.2xlarge" : "m7i.large";
  if (args.instanceTypes !== undefined) {
    const { problems: listProblems, types } = checkInstanceTypeList(args.instanceTypes, example);
    problems.push(...listProblems);
    if (args.runtime === "kata") {
      const sources = new Set<string>();
      for (const type of types) {
        const source = kvmSource(type);
        if (source === undefined) {
          problems.push({
            argument: `instanceTypes[${args.instanceTypes.indexOf(type)}]`,
            value: type,
            problem:
              "has no /dev/kvm, which Kata Containers needs: it is neither bare metal nor a type AWS offers nested virtualisation on",
            fix: `use a bare-metal type (*.metal*, such as "m7i.metal-24xl") or a nested-virtualisation type (${NESTED_VIRTUALIZATION_FAMILIES.join(", ")}, such as "c8i.2xlarge")`,
          });
        } else {
          sources.add(source);
        }
      }
      if (sources.size > 1) {
        problems.push({
          argument: "instanceTypes",
          value: args.instanceTypes,
          problem: "mixes bare-metal and nested-virtualisation types, but one launch template's CPU options apply to every node",
          fix: "use one kind in a pool, and another pool for the other",
        });
      }
    }
  }
  if (args.gvisor !== undefined && args.runtime !== "gvisor" && runtimeProblems.length === 0) {
    problems.push({
      argument: "gvisor",
      value: args.gvisor,
      problem: `installs gVisor, but the pool runs ${showValue(args.runtime)}`,
      fix: `leave gvisor out, or set runtime to "gvisor"`,
    });
  } else {
    problems.push(...checkGvisor(args.gvisor, args.cluster !== undefined));
  }
  if (args.cluster !== undefined && args.gvisor?.imageId === undefined) {
    problems.push({
      argument: "cluster",
      value: "(set)",
      problem: "is only used with a custom AMI (gvisor.imageId); EKS bootstraps its own AMIs",
      fix: "leave cluster out, or set gvisor.imageId",
    });
  }
  return problems;
}
