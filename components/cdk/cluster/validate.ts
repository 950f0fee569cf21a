import { instanceTypeParts, isArmInstanceType } from "../../aws/nodes/instance-types";
import { blockContains, parseIpv4Cidr, RFC1918_BLOCKS } from "../../aws/vpc/cidr";
import { LOG_RETENTION_DAYS } from "../../aws/vpc/spec";
import { checkAvailabilityZones } from "../../aws/vpc/validate";
import type { ValidationProblem } from "../../validation/problems";
import { checkBoolean, checkInteger, isRecord } from "../../validation/values";
import { CDK_DEFAULT_SYSTEM_NODES, CDK_EKS_KUBERNETES_VERSION, CDK_EKS_OLDEST_STANDARD_MINOR } from "./spec";

// The rules the Pulumi EksAgentCluster checks, with the same messages (components/aws/cluster/validate.ts reaches
// @pulumi/pulumi through its spec, so this layer cannot import it).

const KNOWN_KEYS = [
  "availabilityZones",
  "vpcCidr",
  "natGateways",
  "clusterName",
  "kubernetesVersion",
  "endpointPublicAccessCidrs",
  "admins",
  "clusterCreatorAdmin",
  "systemNodes",
  "flowLogRetentionDays",
  "controlPlaneLogRetentionDays",
  "removalPolicy",
];
const CLUSTER_NAME = /^[0-9A-Za-z][A-Za-z0-9_-]{0,99}$/;
const PRINCIPAL = /^arn:aws(-[a-z]+)*:iam::\d{12}:(role|user)\/[\w+=,.@/-]+$/;

/** Every problem with the public endpoint's allowlist: not CIDRs, or open to every address. */
export function checkPublicEndpointCidrs(argument: string, value: unknown): ValidationProblem[] {
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

/** Problems with the system node group's sizes and types. */
function checkSystemNodes(value: unknown): ValidationProblem[] {
  if (value === undefined) return [];
  if (!isRecord(value)) {
    return [{ argument: "systemNodes", value, problem: "must be an object", fix: "use e.g. { minSize: 2, desiredSize: 2, maxSize: 3 }" }];
  }
  const problems: ValidationProblem[] = Object.keys(value)
    .filter((k) => !(k in CDK_DEFAULT_SYSTEM_NODES))
    .map((k) => ({
      argument: `systemNodes.${k}`,
      value: value[k],
      problem: "is not a field of the system nodes",
      fix: `use only ${Object.keys(CDK_DEFAULT_SYSTEM_NODES).join(", ")}`,
    }));
  const types: unknown = value.instanceTypes;
  if (types !== undefined) {
    if (!Array.isArray(types) || types.length === 0 || types.some((t) => typeof t !== "string" || instanceTypeParts(t) === undefined)) {
      problems.push({
        argument: "systemNodes.instanceTypes",
        value: types,
        problem: "must list one or more EC2 instance types",
        fix: `use e.g. ["m7i.large"]`,
      });
    } else {
      types.forEach((t: string, i) => {
        if (isArmInstanceType(t)) {
          problems.push({
            argument: `systemNodes.instanceTypes[${i}]`,
            value: t,
            problem: "is an arm64 (Graviton) type, and these nodes run x86_64 AMIs",
            fix: `use an x86_64 type like "m7i.large"`,
          });
        }
      });
    }
  }
  const sizes = { ...CDK_DEFAULT_SYSTEM_NODES, ...value } as Record<string, unknown>;
  const sizeProblems = [
    ...checkInteger("systemNodes.minSize", sizes.minSize, 1, 100),
    ...checkInteger("systemNodes.desiredSize", sizes.desiredSize, 1, 100),
    ...checkInteger("systemNodes.maxSize", sizes.maxSize, 1, 100),
  ];
  problems.push(...sizeProblems);
  if (sizeProblems.length === 0) {
    const [min, desired, max] = [sizes.minSize, sizes.desiredSize, sizes.maxSize] as number[];
    if (min > desired || desired > max) {
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

/**
 * Every problem with `AgentEksCluster`'s properties, all at once: zones, VPC block and NAT gateways, name and version,
 * the public endpoint's allowlist, admins, the system nodes and the flow-log retention.
 */
export function validateAgentEksClusterProps(props: unknown): ValidationProblem[] {
  if (!isRecord(props)) {
    return [
      { argument: "props", value: props, problem: "must be an object", fix: `pass { availabilityZones: ["eu-west-1a", "eu-west-1b"] }` },
    ];
  }
  const problems: ValidationProblem[] = Object.keys(props)
    .filter((k) => !KNOWN_KEYS.includes(k))
    .map((k) => ({
      argument: k,
      value: props[k],
      problem: "is not a property of AgentEksCluster",
      fix: `use only ${KNOWN_KEYS.join(", ")}`,
    }));
  const zones = props.availabilityZones;
  const zoneProblems = checkAvailabilityZones("availabilityZones", zones);
  problems.push(...zoneProblems);
  if (zoneProblems.length === 0 && Array.isArray(zones) && zones.length < 2) {
    problems.push({
      argument: "availabilityZones",
      value: zones,
      problem: "must list at least two availability zones (EKS places its control-plane ENIs in subnets of two zones or more)",
      fix: `add a zone, e.g. ["eu-west-1a", "eu-west-1b"]`,
    });
  }
  if (props.vpcCidr !== undefined) {
    const block = parseIpv4Cidr(props.vpcCidr);
    if (!block || block.prefix < 16 || block.prefix > 24 || !RFC1918_BLOCKS.some((b) => blockContains(b, block))) {
      problems.push({
        argument: "vpcCidr",
        value: props.vpcCidr,
        problem: "must be a /16 to /24 IPv4 block inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16",
        fix: `use e.g. "10.0.0.0/16"`,
      });
    }
  }
  if (props.natGateways !== undefined) {
    const most = Array.isArray(zones) && zones.length > 0 ? zones.length : 1;
    problems.push(...checkInteger("natGateways", props.natGateways, 1, most));
  }
  if (props.clusterName !== undefined && (typeof props.clusterName !== "string" || !CLUSTER_NAME.test(props.clusterName))) {
    problems.push({
      argument: "clusterName",
      value: props.clusterName,
      problem: "must be 1 to 100 letters, digits, - and _, starting with a letter or digit",
      fix: `use a name like "agentcloud"`,
    });
  }
  if (props.kubernetesVersion !== undefined) {
    const minor = typeof props.kubernetesVersion === "string" ? /^1\.(\d+)$/.exec(props.kubernetesVersion) : null;
    if (!minor || Number(minor[1]) < CDK_EKS_OLDEST_STANDARD_MINOR) {
      problems.push({
        argument: "kubernetesVersion",
        value: props.kubernetesVersion,
        problem: `must be a Kubernetes minor version in EKS standard support (1.${CDK_EKS_OLDEST_STANDARD_MINOR} or later)`,
        fix: `use "${CDK_EKS_KUBERNETES_VERSION}"`,
      });
    }
  }
  if (props.endpointPublicAccessCidrs !== undefined) {
    problems.push(...checkPublicEndpointCidrs("endpointPublicAccessCidrs", props.endpointPublicAccessCidrs));
  }
  if (props.admins !== undefined) {
    if (!Array.isArray(props.admins)) {
      problems.push({
        argument: "admins",
        value: props.admins,
        problem: "must be a list of IAM role or user ARNs",
        fix: `use e.g. ["arn:aws:iam::123456789012:role/platform-admin"]`,
      });
    } else {
      const admins: unknown[] = props.admins;
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
  if (props.clusterCreatorAdmin !== undefined) problems.push(...checkBoolean("clusterCreatorAdmin", props.clusterCreatorAdmin));
  problems.push(...checkSystemNodes(props.systemNodes));
  for (const key of ["flowLogRetentionDays", "controlPlaneLogRetentionDays"]) {
    if (props[key] !== undefined && !(LOG_RETENTION_DAYS as readonly unknown[]).includes(props[key])) {
      problems.push({
        argument: key,
        value: props[key],
        problem: "must be a retention CloudWatch Logs accepts",
        fix: `use one of ${LOG_RETENTION_DAYS.join(", ")}`,
      });
    }
  }
  return problems;
}
