// IPv4 CIDR arithmetic for the VPC's and the cluster's address plans (pure). IPv6 is not planned here: the VPC and the
// cluster are IPv4 (Cilium's ENI mode is IPv4 only).

/** An IPv4 block: its first address as a 32-bit number and its prefix length. */
export interface Ipv4Block {
  /** First address of the block (network address), as an unsigned 32-bit number. */
  base: number;
  /** Prefix length, 0 to 32. */
  prefix: number;
}

const CIDR = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

/** The block of `cidr`, or undefined when it is not an IPv4 CIDR in canonical form (host bits zero). */
export function parseIpv4Cidr(cidr: unknown): Ipv4Block | undefined {
  if (typeof cidr !== "string") return undefined;
  const m = CIDR.exec(cidr);
  if (!m) return undefined;
  const octets = m.slice(1, 5).map(Number);
  const prefix = Number(m[5]);
  if (octets.some((o) => o > 255) || prefix > 32) return undefined;
  const base = octets.reduce((acc, o) => acc * 256 + o, 0);
  const size = 2 ** (32 - prefix);
  return base % size === 0 ? { base, prefix } : undefined;
}

/** `a.b.c.d/p` of a block. */
export function formatIpv4Cidr(block: Ipv4Block): string {
  const octets = [24, 16, 8, 0].map((shift) => Math.floor(block.base / 2 ** shift) % 256);
  return `${octets.join(".")}/${block.prefix}`;
}

/** Number of addresses in a block. */
export function blockSize(block: Ipv4Block): number {
  return 2 ** (32 - block.prefix);
}

/** Whether two blocks share an address. */
export function blocksOverlap(a: Ipv4Block, b: Ipv4Block): boolean {
  return a.base < b.base + blockSize(b) && b.base < a.base + blockSize(a);
}

/** Whether `inner` lies wholly inside `outer`. */
export function blockContains(outer: Ipv4Block, inner: Ipv4Block): boolean {
  return inner.base >= outer.base && inner.base + blockSize(inner) <= outer.base + blockSize(outer);
}

/** The `index`-th block of prefix `prefix` inside `parent` (like Terraform's `cidrsubnet`); assumes it fits. */
export function subBlock(parent: Ipv4Block, prefix: number, index: number): Ipv4Block {
  return { base: parent.base + index * 2 ** (32 - prefix), prefix };
}

/** The private address ranges (RFC 1918) the EKS service CIDR must lie in (EKS `serviceIpv4Cidr` requirements). */
export const RFC1918_BLOCKS: readonly Ipv4Block[] = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"].map(
  (c) => parseIpv4Cidr(c) as Ipv4Block,
);
