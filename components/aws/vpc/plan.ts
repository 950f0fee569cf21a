import { formatIpv4Cidr, parseIpv4Cidr, subBlock, type Ipv4Block } from "./cidr";
import { DEFAULT_VPC_CIDR, type AgentVpcArgs } from "./spec";

/** Prefix bits added to the VPC's for a default private subnet (an eighth of the VPC each). */
export const PRIVATE_SUBNET_BITS = 3;
/** Prefix bits added to the VPC's for a default public subnet (a /24 of a /16). */
export const PUBLIC_SUBNET_BITS = 8;
/** Most zones the default plan fits: seven private eighths, the eighth holds the public subnets. */
export const MAX_DEFAULT_ZONES = 2 ** PRIVATE_SUBNET_BITS - 1;
/** Smallest VPC (longest prefix) the default plan fits: public subnets of at most /28, AWS's smallest subnet. */
export const MAX_DEFAULT_VPC_PREFIX = 28 - PUBLIC_SUBNET_BITS;

/** The VPC's address plan: its block and one private and one public subnet per zone. */
export interface VpcPlan {
  /** The VPC's block. */
  cidrBlock: string;
  /** Private subnets, in zone order. */
  privateSubnetCidrs: string[];
  /** Public subnets, in zone order. */
  publicSubnetCidrs: string[];
}

/**
 * The address plan of valid `args`: explicit subnets as given, else private subnets in the first eighths of the VPC
 * and public ones at the start of its last eighth.
 */
export function planVpc(args: AgentVpcArgs): VpcPlan {
  const cidrBlock = args.cidrBlock ?? DEFAULT_VPC_CIDR;
  const vpc = parseIpv4Cidr(cidrBlock) as Ipv4Block;
  const zones = args.availabilityZones.length;
  const lastEighth = subBlock(vpc, vpc.prefix + PRIVATE_SUBNET_BITS, MAX_DEFAULT_ZONES);
  return {
    cidrBlock,
    privateSubnetCidrs:
      args.privateSubnetCidrs ??
      Array.from({ length: zones }, (_, i) => formatIpv4Cidr(subBlock(vpc, vpc.prefix + PRIVATE_SUBNET_BITS, i))),
    publicSubnetCidrs:
      args.publicSubnetCidrs ??
      Array.from({ length: zones }, (_, i) => formatIpv4Cidr(subBlock(lastEighth, vpc.prefix + PUBLIC_SUBNET_BITS, i))),
  };
}
