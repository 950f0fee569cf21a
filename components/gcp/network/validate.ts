import type { ValidationProblem } from "../../validation/problems";
import { checkOneOf, isRecord } from "../../validation/values";
import { isNetworkAddress, networkCidr, parseIpv4Cidr, rangesOverlap, type Ipv4Range } from "./cidr";
import { VPC_DEFAULTS, VPC_EGRESS_MODES } from "./spec";

/** GCP resource names (networks, subnets, routers, clusters): RFC 1035 labels. */
const GCP_NAME = /^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/;
/** GCP region names, e.g. `europe-west4`, `us-central1`. */
const REGION = /^[a-z]+(-[a-z]+)+\d+$/;

/** Problems with a GCP resource name (RFC 1035 label). */
export function checkGcpName(argument: string, value: unknown): ValidationProblem[] {
  if (typeof value === "string" && GCP_NAME.test(value)) return [];
  return [
    {
      argument,
      value,
      problem:
        "must be a GCP resource name: a lower-case letter, then lower-case letters, digits or -, at most 63 characters, not ending in -",
      fix: `use a name like "agentcloud"`,
    },
  ];
}

/** Problems with a GCP region name. */
export function checkRegion(argument: string, value: unknown): ValidationProblem[] {
  if (typeof value === "string" && REGION.test(value)) return [];
  return [{ argument, value, problem: "must be a GCP region", fix: `use a region like "europe-west4"` }];
}

/** Problems with one IPv4 range: an IPv4 CIDR whose address is its network address, with a prefix in `[min, max]`. */
export function checkIpv4Range(argument: string, value: unknown, min: number, max: number): ValidationProblem[] {
  const range = parseIpv4Cidr(value);
  if (!range) {
    return [{ argument, value, problem: "must be an IPv4 CIDR", fix: `use a range like "10.10.0.0/20"` }];
  }
  if (!isNetworkAddress(range)) {
    return [{ argument, value, problem: "has host bits set", fix: `use "${networkCidr(range)}"` }];
  }
  if (range.prefix < min || range.prefix > max) {
    return [{ argument, value, problem: `must have a prefix from /${min} to /${max}`, fix: `use a /${min} to /${max} range` }];
  }
  return [];
}

/**
 * Problems with ranges that must be disjoint (a subnet's primary and secondary ranges, the control plane's range):
 * each overlap is reported once, on the later argument, naming the earlier one.
 */
export function checkDisjointRanges(ranges: readonly { argument: string; value: unknown }[]): ValidationProblem[] {
  const parsed = ranges
    .map((r) => ({ ...r, range: parseIpv4Cidr(r.value) }))
    .filter((r): r is typeof r & { range: Ipv4Range } => !!r.range);
  const problems: ValidationProblem[] = [];
  parsed.forEach((r, i) => {
    for (const earlier of parsed.slice(0, i)) {
      if (rangesOverlap(r.range, earlier.range)) {
        problems.push({
          argument: r.argument,
          value: r.value,
          problem: `overlaps ${earlier.argument} (${String(earlier.value)}); a subnet's primary and secondary ranges must be disjoint`,
          fix: `pick a range outside ${String(earlier.value)}`,
        });
      }
    }
  });
  return problems;
}

const KNOWN = ["project", "region", "networkName", "subnetCidr", "podsCidr", "servicesCidr", "egress", "flowLogSampling"];

/**
 * Every problem with `AgentVpcNetwork`'s arguments: the region and names, each range an IPv4 CIDR of a size GKE
 * accepts (subnet /8 to /29, pods /9 to /24, services /16 to /27), the three ranges disjoint, the egress mode and the
 * flow-log sampling rate. Runs before any resource is created.
 */
export function validateAgentVpcNetworkArgs(args: unknown): ValidationProblem[] {
  if (!isRecord(args)) {
    return [{ argument: "args", value: args, problem: "must be an object", fix: `pass { region: "europe-west4" }` }];
  }
  const problems: ValidationProblem[] = Object.keys(args)
    .filter((k) => !KNOWN.includes(k))
    .map((k) => ({ argument: k, value: args[k], problem: "is not an argument of AgentVpcNetwork", fix: `use only ${KNOWN.join(", ")}` }));
  problems.push(...checkRegion("region", args.region));
  if (args.project !== undefined && (typeof args.project !== "string" || !/^[a-z][-a-z0-9]{4,28}[a-z0-9]$/.test(args.project))) {
    problems.push({
      argument: "project",
      value: args.project,
      problem: "must be a GCP project id",
      fix: `use an id like "my-project-123"`,
    });
  }
  if (args.networkName !== undefined) problems.push(...checkGcpName("networkName", args.networkName));
  const ranges = [
    { argument: "subnetCidr", value: args.subnetCidr, min: 8, max: 29 },
    { argument: "podsCidr", value: args.podsCidr, min: 9, max: 24 },
    { argument: "servicesCidr", value: args.servicesCidr, min: 16, max: 27 },
  ];
  for (const r of ranges) if (r.value !== undefined) problems.push(...checkIpv4Range(r.argument, r.value, r.min, r.max));
  problems.push(
    ...checkDisjointRanges(
      ranges.map((r) => ({
        argument: r.argument,
        value: r.value ?? VPC_DEFAULTS[r.argument as "subnetCidr" | "podsCidr" | "servicesCidr"],
      })),
    ),
  );
  if (args.egress !== undefined) problems.push(...checkOneOf("egress", args.egress, VPC_EGRESS_MODES));
  const sampling = args.flowLogSampling;
  if (sampling !== undefined && (typeof sampling !== "number" || !(sampling > 0 && sampling <= 1))) {
    problems.push({
      argument: "flowLogSampling",
      value: sampling,
      problem: "must be more than 0 and at most 1 (flow logs stay on)",
      fix: "use a share like 0.5",
    });
  }
  return problems;
}
