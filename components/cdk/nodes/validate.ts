import { DEFAULT_DEVICE_PLUGIN_CONFIG, MAX_GPU_REPLICAS } from "../../kubernetes/gpu-sharing/spec";
import {
  instanceTypeParts,
  isArmInstanceType,
  isNvidiaGpuInstanceType,
  kvmSource,
  NESTED_VIRTUALIZATION_FAMILIES,
  NVIDIA_GPU_FAMILIES,
} from "../../aws/nodes/instance-types";
import { checkDnsLabel } from "../../validation/names";
import { nestProblems, showValue, type ValidationProblem } from "../../validation/problems";
import { checkBoolean, checkInteger, checkOneOf, isRecord } from "../../validation/values";
import {
  CDK_GPU_AMI_TYPES,
  CDK_SANDBOX_RUNTIMES,
  DEFAULT_GPU_POOL,
  type AgentNodegroupBaseProps,
  type GpuNodegroupProps,
  type SandboxNodegroupProps,
} from "./spec";

// The same rules, with the same messages, as the Pulumi pools' validation (components/aws/nodes/validate.ts), which
// this layer cannot import: it reaches @pulumi/pulumi through its argument types.

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
export function checkNodegroupScaling(value: unknown): ValidationProblem[] {
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
  const problems = [
    ...checkInteger("minSize", minSize, 0),
    ...checkInteger("desiredSize", desiredSize, 0),
    ...checkInteger("maxSize", maxSize, 1),
  ];
  if (problems.length === 0) {
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

/** Problems with the properties every node group shares (instance types aside). */
function checkBase(props: AgentNodegroupBaseProps): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  if (!isRecord(props.cluster)) {
    problems.push({ argument: "cluster", value: props.cluster, problem: "must be the EKS cluster", fix: "pass AgentEksCluster's cluster" });
  }
  problems.push(...checkNodegroupScaling(props.scaling));
  if (props.diskSizeGiB !== undefined) problems.push(...checkInteger("diskSizeGiB", props.diskSizeGiB, 20, MAX_GP3_GIB));
  if (props.capacityType !== undefined) problems.push(...checkOneOf("capacityType", props.capacityType, ["ON_DEMAND", "SPOT"]));
  return problems;
}

/** Every problem with `GpuNodegroup`'s properties, all at once. */
export function validateGpuNodegroupProps(props: GpuNodegroupProps): ValidationProblem[] {
  const problems = checkBase(props);
  const pool = props.pool ?? DEFAULT_GPU_POOL;
  problems.push(...checkDnsLabel("pool", pool));
  if (pool === DEFAULT_DEVICE_PLUGIN_CONFIG) {
    problems.push({
      argument: "pool",
      value: pool,
      problem: "is the name of the device plugin's config for nodes of no pool",
      fix: `name the pool something else, such as "gpu"`,
    });
  }
  if (props.instanceTypes !== undefined) {
    const { problems: listProblems, types } = checkInstanceTypeList(props.instanceTypes, "g6.xlarge");
    problems.push(...listProblems);
    for (const type of types) {
      if (!isNvidiaGpuInstanceType(type)) {
        problems.push({
          argument: `instanceTypes[${props.instanceTypes.indexOf(type)}]`,
          value: type,
          problem: "is not an NVIDIA GPU instance type, so the pool would have no GPUs",
          fix: `use a type of an NVIDIA GPU family (${NVIDIA_GPU_FAMILIES.join(", ")}), such as "g6.xlarge"`,
        });
      }
    }
  }
  if (props.amiType !== undefined) problems.push(...checkOneOf("amiType", props.amiType, CDK_GPU_AMI_TYPES));
  const slicing: unknown = props.timeSlicing;
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
function checkGvisor(value: unknown): ValidationProblem[] {
  if (value === undefined) return [];
  if (!isRecord(value)) {
    return [{ argument: "gvisor", value, problem: "must be an object", fix: `set gvisor to { release: "20260921.0" }` }];
  }
  const problems: ValidationProblem[] = [];
  const known = ["release", "baseUrl", "sha512", "containerdConfigVersion"];
  for (const key of Object.keys(value).filter((k) => !known.includes(k))) {
    problems.push({
      argument: key,
      value: value[key],
      problem: key === "imageId" ? "(a custom AMI) is not supported by the CDK node group" : "is not a property of gvisor",
      fix: `use only ${known.join(", ")}`,
    });
  }
  const { release, baseUrl, sha512, containerdConfigVersion } = value;
  if (release !== undefined && (typeof release !== "string" || !/^\d{8}(\.\d+)?$/.test(release))) {
    problems.push({
      argument: "release",
      value: release,
      problem: "must be a gVisor release name, YYYYMMDD or YYYYMMDD.N",
      fix: `use a release of github.com/google/gvisor/releases without "release-", such as "20260921.0"`,
    });
  }
  if (
    baseUrl !== undefined &&
    (typeof baseUrl !== "string" || !/^https:\/\/[a-z0-9.-]+(:\d+)?(\/[A-Za-z0-9._~%/-]*)?$/.test(baseUrl) || baseUrl.endsWith("/"))
  ) {
    problems.push({
      argument: "baseUrl",
      value: baseUrl,
      problem: "must be an https URL without a trailing slash, query or spaces",
      fix: `use a URL like "https://storage.googleapis.com/gvisor/releases/release"`,
    });
  }
  if (sha512 !== undefined) {
    if (!isRecord(sha512)) {
      problems.push({
        argument: "sha512",
        value: sha512,
        problem: "must be an object with runsc and containerdShim",
        fix: "set sha512 to { runsc: <128 hex digits>, containerdShim: <128 hex digits> }",
      });
    } else {
      for (const key of ["runsc", "containerdShim"] as const) {
        const digest: unknown = sha512[key];
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
  if (containerdConfigVersion !== undefined && containerdConfigVersion !== 2 && containerdConfigVersion !== 3) {
    problems.push({
      argument: "containerdConfigVersion",
      value: containerdConfigVersion,
      problem: "must be 2 (containerd 1.7) or 3 (containerd 2.x)",
      fix: "set containerdConfigVersion to 3, or 2 on a containerd 1.7 AMI",
    });
  }
  return nestProblems("gvisor", problems);
}

/** Every problem with `SandboxNodegroup`'s properties, all at once. */
export function validateSandboxNodegroupProps(props: SandboxNodegroupProps): ValidationProblem[] {
  const problems = checkBase(props);
  const runtimeProblems = checkOneOf("runtime", props.runtime, CDK_SANDBOX_RUNTIMES);
  problems.push(...runtimeProblems);
  const example = props.runtime === "kata" ? "c8i.2xlarge" : "m7i.large";
  if (props.instanceTypes !== undefined) {
    const { problems: listProblems, types } = checkInstanceTypeList(props.instanceTypes, example);
    problems.push(...listProblems);
    if (props.runtime === "kata") {
      const sources = new Set<string>();
      for (const type of types) {
        const source = kvmSource(type);
        if (source === undefined) {
          problems.push({
            argument: `instanceTypes[${props.instanceTypes.indexOf(type)}]`,
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
          value: props.instanceTypes,
          problem: "mixes bare-metal and nested-virtualisation types, but one launch template's CPU options apply to every node",
          fix: "use one kind in a pool, and another pool for the other",
        });
      }
    }
  }
  if (props.gvisor !== undefined && props.runtime !== "gvisor" && runtimeProblems.length === 0) {
    problems.push({
      argument: "gvisor",
      value: props.gvisor,
      problem: `installs gVisor, but the pool runs ${showValue(props.runtime)}`,
      fix: `leave gvisor out, or set runtime to "gvisor"`,
    });
  } else {
    problems.push(...checkGvisor(props.gvisor));
  }
  return problems;
}
