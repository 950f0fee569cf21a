import type { ValidationProblem } from "../../validation/problems";
import { checkOneOf, isRecord } from "../../validation/values";
import { blockContains, blocksOverlap, parseIpv4Cidr, type Ipv4Block } from "./cidr";
import { MAX_DEFAULT_VPC_PREFIX, MAX_DEFAULT_ZONES, planVpc } from "./plan";
import { DEFAULT_VPC_CIDR, LOG_RETENTION_DAYS, NAT_GATEWAY_MODES, VPC_EGRESS_MODES, type AgentVpcArgs } from "./spec";

const ZONE = /^[a-z]{2}(-[a-z0-9]+)+-\d+[a-z]$/;
const KNOWN_KEYS = [
  "availabilityZones",
  "cidrBlock",
  "privateSubnetCidrs",
  "publicSubnetCidrs",
  "egress",
  "natGateways",
  "flowLogRetentionDays",
  "reservedCidrs",
  "tags",
];

/** Every problem with a list of availability zone names (`argument`): none, a malformed name, a repeated one. */
export function checkAvailabilityZones(argument: string, zones: unknown): ValidationProblem[] {
  if (!Array.isArray(zones) || zones.length === 0) {
    return [
      {
        argument,
        value: zones,
        problem: "must list at least one availability zone (EKS needs subnets in two)",
        fix: `list the zones, e.g. ["eu-west-1a", "eu-west-1b", "eu-west-1c"] (aws ec2 describe-availability-zones)`,
      },
    ];
  }
  const problems: ValidationProblem[] = [];
  zones.forEach((zone, i) => {
    if (typeof zone !== "string" || !ZONE.test(zone)) {
      problems.push({
        argument: `${argument}[${i}]`,
        value: zone,
        problem: "must be an availability zone name",
        fix: `use a name like "eu-west-1a"`,
      });
    } else if (zones.indexOf(zone) !== i) {
      problems.push({ argument: `${argument}[${i}]`, value: zone, problem: "repeats an earlier zone", fix: "list each zone once" });
    }
  });
  return problems;
}

/** A CIDR problem, or the block. */
function cidrOf(argument: string, value: unknown, problems: ValidationProblem[], example: string): Ipv4Block | undefined {
  const block = parseIpv4Cidr(value);
  if (!block) {
    problems.push({
      argument,
      value,
      problem: "must be an IPv4 CIDR block with its host bits zero",
      fix: `use a block like "${example}"`,
    });
  }
  return block;
}

function checkSubnetList(
  argument: string,
  value: unknown,
  zones: number,
  problems: ValidationProblem[],
): { argument: string; cidr: string; block: Ipv4Block }[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || value.length !== zones) {
    problems.push({
      argument,
      value,
      problem: `must list one subnet per availability zone (${zones})`,
      fix: "give one CIDR per zone, in the order of availabilityZones, or leave it out for the default plan",
    });
    return [];
  }
  return value.flatMap((cidr, i) => {
    const block = cidrOf(`${argument}[${i}]`, cidr, problems, "10.0.0.0/19");
    return block ? [{ argument: `${argument}[${i}]`, cidr: cidr as string, block }] : [];
  });
}

/** Every problem with `AgentVpc`'s arguments: zones, the address plan (fit and overlaps), egress, retention. */
export function validateAgentVpcArgs(args: unknown): ValidationProblem[] {
  if (!isRecord(args)) {
    return [{ argument: "args", value: args, problem: "must be an object", fix: `pass { availabilityZones: [...] }` }];
  }
  const problems: ValidationProblem[] = Object.keys(args)
    .filter((k) => !KNOWN_KEYS.includes(k))
    .map((k) => ({ argument: k, value: args[k], problem: "is not an argument of AgentVpc", fix: `use only ${KNOWN_KEYS.join(", ")}` }));
  const zoneProblems = checkAvailabilityZones("availabilityZones", args.availabilityZones);
  problems.push(...zoneProblems);
  const zones = Array.isArray(args.availabilityZones) ? args.availabilityZones.length : 0;

  const vpcCidr = typeof args.cidrBlock === "string" ? args.cidrBlock : DEFAULT_VPC_CIDR;
  const vpc = args.cidrBlock === undefined ? parseIpv4Cidr(DEFAULT_VPC_CIDR) : cidrOf("cidrBlock", args.cidrBlock, problems, "10.0.0.0/16");
  if (vpc && (vpc.prefix < 16 || vpc.prefix > 28)) {
    problems.push({
      argument: "cidrBlock",
      value: args.cidrBlock,
      problem: "must be from /16 to /28 (the VPC sizes AWS allows)",
      fix: `use a block like "10.0.0.0/16"`,
    });
  }
  const subnets = [
    ...checkSubnetList("privateSubnetCidrs", args.privateSubnetCidrs, zones, problems),
    ...checkSubnetList("publicSubnetCidrs", args.publicSubnetCidrs, zones, problems),
  ];
  const defaults = args.privateSubnetCidrs === undefined || args.publicSubnetCidrs === undefined;
  if (vpc && zones > 0 && defaults && vpc.prefix <= 28) {
    if (vpc.prefix > MAX_DEFAULT_VPC_PREFIX) {
      problems.push({
        argument: "cidrBlock",
        value: args.cidrBlock,
        problem: `is too small for the default subnets (they need /${MAX_DEFAULT_VPC_PREFIX} or larger)`,
        fix: `use a larger block like "10.0.0.0/16", or give privateSubnetCidrs and publicSubnetCidrs`,
      });
    } else if (zones > MAX_DEFAULT_ZONES) {
      problems.push({
        argument: "availabilityZones",
        value: args.availabilityZones,
        problem: `has more zones than the default subnets fit (${MAX_DEFAULT_ZONES})`,
        fix: "give privateSubnetCidrs and publicSubnetCidrs",
      });
    } else if (zoneProblems.length === 0) {
      const plan = planVpc(args as unknown as AgentVpcArgs);
      const given = new Set(subnets.map((s) => s.argument.replace(/\[\d+\]$/, "")));
      for (const [key, list] of [
        ["privateSubnetCidrs", plan.privateSubnetCidrs],
        ["publicSubnetCidrs", plan.publicSubnetCidrs],
      ] as const) {
        if (given.has(key)) continue;
        list.forEach((cidr, i) => subnets.push({ argument: `${key}[${i}] (default)`, cidr, block: parseIpv4Cidr(cidr) as Ipv4Block }));
      }
    }
  }
  if (vpc) {
    for (const s of subnets) {
      if (!blockContains(vpc, s.block)) {
        problems.push({
          argument: s.argument,
          value: s.cidr,
          problem: `is not inside the VPC's block ${vpcCidr}`,
          fix: "use a block inside cidrBlock",
        });
      }
    }
  }
  subnets.forEach((s, i) => {
    const earlier = subnets.slice(0, i).find((o) => blocksOverlap(o.block, s.block));
    if (earlier) {
      problems.push({
        argument: s.argument,
        value: s.cidr,
        problem: `overlaps ${earlier.argument} (${earlier.cidr})`,
        fix: "give every subnet its own block",
      });
    }
  });

  if (args.egress !== undefined) problems.push(...checkOneOf("egress", args.egress, VPC_EGRESS_MODES));
  if (args.natGateways !== undefined) problems.push(...checkOneOf("natGateways", args.natGateways, NAT_GATEWAY_MODES));
  if (args.flowLogRetentionDays !== undefined && !(LOG_RETENTION_DAYS as readonly unknown[]).includes(args.flowLogRetentionDays)) {
    problems.push({
      argument: "flowLogRetentionDays",
      value: args.flowLogRetentionDays,
      problem: "must be a retention CloudWatch Logs accepts",
      fix: `use one of ${LOG_RETENTION_DAYS.join(", ")}`,
    });
  }
  if (args.reservedCidrs !== undefined) {
    if (!Array.isArray(args.reservedCidrs)) {
      problems.push({
        argument: "reservedCidrs",
        value: args.reservedCidrs,
        problem: "must be a list of { name, cidr }",
        fix: `use e.g. [{ name: "the cluster's service CIDR", cidr: "172.20.0.0/16" }]`,
      });
    } else {
      args.reservedCidrs.forEach((r: unknown, i) => {
        const reserved = isRecord(r) ? cidrOf(`reservedCidrs[${i}].cidr`, r.cidr, problems, "172.20.0.0/16") : undefined;
        if (!isRecord(r) || typeof r.name !== "string") {
          problems.push({
            argument: `reservedCidrs[${i}]`,
            value: r,
            problem: "must be { name, cidr }",
            fix: `use e.g. { name: "the cluster's service CIDR", cidr: "172.20.0.0/16" }`,
          });
        } else if (reserved && vpc && blocksOverlap(reserved, vpc)) {
          problems.push({
            argument: "cidrBlock",
            value: vpcCidr,
            problem: `overlaps ${r.name} (${String(r.cidr)})`,
            fix: "pick blocks that do not overlap, e.g. a VPC in 10.0.0.0/8 and the Service range in 172.20.0.0/16",
          });
        }
      });
    }
  }
  if (args.tags !== undefined && (!isRecord(args.tags) || Object.values(args.tags).some((v) => typeof v !== "string"))) {
    problems.push({ argument: "tags", value: args.tags, problem: "must map tag keys to strings", fix: `use e.g. { team: "platform" }` });
  }
  return problems;
}
