import { validateCiliumFabricOptions } from "../../kubernetes/network/fabrics";
import type { ValidationProblem } from "../../validation/problems";
import { checkBoolean, checkInteger, isRecord } from "../../validation/values";
import { blockContains, blocksOverlap, parseIpv4Cidr, RFC1918_BLOCKS } from "../vpc/cidr";
import { LOG_RETENTION_DAYS } from "../vpc/spec";
import { checkAvailabilityZones } from "../vpc/validate";
import { DEFAULT_SERVICE_CIDR, DEFAULT_SYSTEM_NODES, EKS_KUBERNETES_VERSION, EKS_OLDEST_STANDARD_MINOR } from "./spec";

const KNOWN_KEYS = [
  "region",
  "network",
  "clusterName",
  "kubernetesVersion",
  "endpointPublicAccessCidrs",
  "admins",
  "clusterCreatorAdmin",
  "serviceIpv4Cidr",
  "systemNodes",
  "cilium",
  "controlPlaneLogRetentionDays",
  "tags",
];
const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;
const CLUSTER_NAME = /^[0-9A-Za-z][A-Za-z0-9_-]{0,99}$/;
const PRINCIPAL = /^arn:aws(-[a-z]+)*:iam::\d{12}:(role|user)\/[\w+=,.@/-]+$/;
const INSTANCE_TYPE = /^[a-z][a-z0-9-]*\.[a-z0-9]+$/;

/** Every problem with the public endpoint's allowlist: not CIDRs, or open to every address. */
export function checkEndpointPublicAccessCidrs(argument: string, value: unknown): ValidationProblem[] {
  if (!Array.isArray(value)) {
    return [
      { argument, value, problem: "must be a list of CIDR blocks", fix: `use e.g. ["203.0.113.0/24"], or [] for a private endpoint only` },
    ];
  }
  return value.flatMap((cidr, i): ValidationProblem[] => {
    const block = parseIpv4Cidr(cidr);
    if (!block) {
      return [
        {
          argument: `${argument}[${i}]`,
          value: cidr,
          problem: "must be an IPv4 CIDR block with its host bits zero",
          fix: `use your network's block, e.g. "203.0.113.0/24"`,
        },
      ];
    }
    if (block.prefix === 0) {
      return [
        {
          argument: `${argument}[${i}]`,
          value: cidr,
          problem: "opens the cluster's public API endpoint to every address on the internet (CIS Amazon EKS Benchmark 5.4.2)",
          fix: `list only the networks that administer the cluster, e.g. "203.0.113.0/24", or leave the list empty to keep the endpoint private`,
        },
      ];
    }
    return [];
  });
}

function checkSystemNodes(value: unknown): ValidationProblem[] {
  if (value === undefined) return [];
  if (!isRecord(value)) {
    return [{ argument: "systemNodes", value, problem: "must be an object", fix: "use e.g. { minSize: 2, desiredSize: 2, maxSize: 3 }" }];
  }
  const problems: ValidationProblem[] = Object.keys(value)
    .filter((k) => !(k in DEFAULT_SYSTEM_NODES))
    .map((k) => ({
      argument: `systemNodes.${k}`,
      value: value[k],
      problem: "is not a field of the system nodes",
      fix: `use only ${Object.keys(DEFAULT_SYSTEM_NODES).join(", ")}`,
    }));
  const { instanceTypes } = value;
  if (instanceTypes !== undefined) {
    if (
      !Array.isArray(instanceTypes) ||
      instanceTypes.length === 0 ||
      instanceTypes.some((t) => typeof t !== "string" || !INSTANCE_TYPE.test(t))
    ) {
      problems.push({
        argument: "systemNodes.instanceTypes",
        value: instanceTypes,
        problem: "must list one or more EC2 instance types",
        fix: `use e.g. ["m7i.large"]`,
      });
    }
  }
  const sizes = { ...DEFAULT_SYSTEM_NODES, ...value } as Record<string, unknown>;
  const sizeProblems = [
    ...checkInteger("systemNodes.minSize", sizes.minSize, 1, 100),
    ...checkInteger("systemNodes.desiredSize", sizes.desiredSize, 1, 100),
    ...checkInteger("systemNodes.maxSize", sizes.maxSize, 1, 100),
  ];
  problems.push(...sizeProblems);
  if (sizeProblems.length === 0) {
    const [min, desired, max] = [sizes.minSize, sizes.desiredSize, sizes.maxSize] as number[];
    if (!(min <= desired && desired <= max)) {
      problems.push({
        argument: "systemNodes",
        value: { minSize: min, desiredSize: desired, maxSize: max },
        problem: "must have minSize <= desiredSize <= maxSize",
        fix: "e.g. { minSize: 2, desiredSize: 2, maxSize: 3 }",
      });
    }
  }
  if (value.diskSizeGiB !== undefined) problems.push(...checkInteger("systemNodes.diskSizeGiB", value.diskSizeGiB, 20, 16384));
  return problems;
}

function checkCilium(value: unknown): ValidationProblem[] {
  if (value === undefined) return [];
  const problems = validateCiliumFabricOptions(value).map((p) => ({ ...p, argument: `cilium.${p.argument}` }));
  if (isRecord(value)) {
    for (const key of ["datapath", "cidrSelectsNodes", "kubeProxyReplacement"]) {
      if (key in value) {
        problems.push({
          argument: `cilium.${key}`,
          value: value[key],
          problem:
            "is set by EksAgentCluster (ENI datapath, CIDR rules that select the node's Pod Identity endpoint, kube-proxy kept as an EKS add-on)",
          fix: `remove cilium.${key}`,
        });
      }
    }
  }
  return problems;
}

/**
 * Every problem with `EksAgentCluster`'s arguments: region and zones, name and version, the public endpoint's
 * allowlist, admins, the Service range (RFC 1918, not overlapping the VPC), the system nodes, Cilium and log retention.
 */
export function validateEksAgentClusterArgs(args: unknown): ValidationProblem[] {
  if (!isRecord(args)) {
    return [{ argument: "args", value: args, problem: "must be an object", fix: "pass { region, network: vpc.clusterNetwork }" }];
  }
  const problems: ValidationProblem[] = Object.keys(args)
    .filter((k) => !KNOWN_KEYS.includes(k))
    .map((k) => ({
      argument: k,
      value: args[k],
      problem: "is not an argument of EksAgentCluster",
      fix: `use only ${KNOWN_KEYS.join(", ")}`,
    }));
  const { region, network } = args;
  if (typeof region !== "string" || !REGION.test(region)) {
    problems.push({ argument: "region", value: region, problem: "must be an AWS region name", fix: `use e.g. "eu-west-1"` });
  }
  let vpcBlock;
  if (!isRecord(network)) {
    problems.push({
      argument: "network",
      value: network,
      problem: "must be the VPC's cluster network",
      fix: "pass vpc.clusterNetwork (AgentVpc)",
    });
  } else {
    const zones = network.availabilityZones;
    const zoneProblems = checkAvailabilityZones("network.availabilityZones", zones);
    problems.push(...zoneProblems);
    if (zoneProblems.length === 0 && Array.isArray(zones)) {
      if (zones.length < 2) {
        problems.push({
          argument: "network.availabilityZones",
          value: zones,
          problem: "must list at least two availability zones (EKS places its control-plane ENIs in subnets of two zones or more)",
          fix: `add a zone, e.g. ["eu-west-1a", "eu-west-1b"]`,
        });
      }
      if (typeof region === "string" && REGION.test(region)) {
        zones.forEach((zone: string, i) => {
          if (!zone.startsWith(`${region}`)) {
            problems.push({
              argument: `network.availabilityZones[${i}]`,
              value: zone,
              problem: `is not in the region ${region}`,
              fix: `use zones of ${region}, e.g. "${region}a"`,
            });
          }
        });
      }
    }
    if (!Array.isArray(network.subnetIds) || (Array.isArray(zones) && network.subnetIds.length !== zones.length)) {
      problems.push({
        argument: "network.subnetIds",
        value: Array.isArray(network.subnetIds) ? `${network.subnetIds.length} subnets` : network.subnetIds,
        problem: "must hold one private subnet per availability zone",
        fix: "pass vpc.clusterNetwork (AgentVpc)",
      });
    }
    vpcBlock = parseIpv4Cidr(network.cidrBlock);
    if (!vpcBlock) {
      problems.push({
        argument: "network.cidrBlock",
        value: network.cidrBlock,
        problem: "must be the VPC's IPv4 CIDR block",
        fix: "pass vpc.clusterNetwork (AgentVpc)",
      });
    }
  }
  if (args.clusterName !== undefined && (typeof args.clusterName !== "string" || !CLUSTER_NAME.test(args.clusterName))) {
    problems.push({
      argument: "clusterName",
      value: args.clusterName,
      problem: "must be 1 to 100 letters, digits, - and _, starting with a letter or digit",
      fix: `use a name like "agentcloud"`,
    });
  }
  if (args.kubernetesVersion !== undefined) {
    const minor = typeof args.kubernetesVersion === "string" ? /^1\.(\d+)$/.exec(args.kubernetesVersion) : null;
    if (!minor || Number(minor[1]) < EKS_OLDEST_STANDARD_MINOR) {
      problems.push({
        argument: "kubernetesVersion",
        value: args.kubernetesVersion,
        problem: `must be a Kubernetes minor version in EKS standard support (1.${EKS_OLDEST_STANDARD_MINOR} or later)`,
        fix: `use "${EKS_KUBERNETES_VERSION}"`,
      });
    }
  }
  if (args.endpointPublicAccessCidrs !== undefined) {
    problems.push(...checkEndpointPublicAccessCidrs("endpointPublicAccessCidrs", args.endpointPublicAccessCidrs));
  }
  if (args.admins !== undefined) {
    if (!Array.isArray(args.admins)) {
      problems.push({
        argument: "admins",
        value: args.admins,
        problem: "must be a list of IAM role or user ARNs",
        fix: `use e.g. ["arn:aws:iam::123456789012:role/platform-admin"]`,
      });
    } else {
      const admins: unknown[] = args.admins;
      admins.forEach((arn, i) => {
        if (typeof arn !== "string" || !PRINCIPAL.test(arn)) {
          problems.push({
            argument: `admins[${i}]`,
            value: arn,
            problem: "must be the ARN of an IAM role or user (an access entry's principal)",
            fix: `use e.g. "arn:aws:iam::123456789012:role/platform-admin" (for an assumed-role session, the role's ARN)`,
          });
        } else if (admins.indexOf(arn) !== i) {
          problems.push({ argument: `admins[${i}]`, value: arn, problem: "repeats an earlier admin", fix: "list each principal once" });
        }
      });
    }
  }
  if (args.clusterCreatorAdmin !== undefined) problems.push(...checkBoolean("clusterCreatorAdmin", args.clusterCreatorAdmin));
  const serviceCidr = args.serviceIpv4Cidr ?? DEFAULT_SERVICE_CIDR;
  const service = parseIpv4Cidr(serviceCidr);
  if (!service || service.prefix < 12 || service.prefix > 24 || !RFC1918_BLOCKS.some((b) => blockContains(b, service))) {
    problems.push({
      argument: "serviceIpv4Cidr",
      value: serviceCidr,
      problem: "must be a /12 to /24 block inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16 (EKS's Service range rules)",
      fix: `use e.g. "${DEFAULT_SERVICE_CIDR}"`,
    });
  } else if (vpcBlock && blocksOverlap(service, vpcBlock)) {
    problems.push({
      argument: "serviceIpv4Cidr",
      value: serviceCidr,
      problem: `overlaps the VPC's block ${String((network as Record<string, unknown>).cidrBlock)}`,
      fix: "pick a Service range outside the VPC, e.g. 172.20.0.0/16 for a VPC in 10.0.0.0/8",
    });
  }
  problems.push(...checkSystemNodes(args.systemNodes));
  problems.push(...checkCilium(args.cilium));
  if (
    args.controlPlaneLogRetentionDays !== undefined &&
    !(LOG_RETENTION_DAYS as readonly unknown[]).includes(args.controlPlaneLogRetentionDays)
  ) {
    problems.push({
      argument: "controlPlaneLogRetentionDays",
      value: args.controlPlaneLogRetentionDays,
      problem: "must be a retention CloudWatch Logs accepts",
      fix: `use one of ${LOG_RETENTION_DAYS.join(", ")}`,
    });
  }
  if (args.tags !== undefined && (!isRecord(args.tags) || Object.values(args.tags).some((v) => typeof v !== "string"))) {
    problems.push({ argument: "tags", value: args.tags, problem: "must map tag keys to strings", fix: `use e.g. { team: "platform" }` });
  }
  return problems;
}
