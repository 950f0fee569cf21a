// IPv4 CIDR arithmetic for the VPC's ranges (pure). GCP subnet ranges are IPv4 here; IPv6 is not offered.

/** A parsed IPv4 range: first address and prefix length. */
export interface Ipv4Range {
  /** First address as an unsigned 32-bit number. */
  start: number;
  /** Prefix length, 0 to 32. */
  prefix: number;
}

/** The range of `cidr` (`a.b.c.d/n`), or undefined when it is not an IPv4 CIDR. */
export function parseIpv4Cidr(cidr: unknown): Ipv4Range | undefined {
  if (typeof cidr !== "string") return undefined;
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(cidr);
  if (!match) return undefined;
  const octets = match.slice(1, 5).map(Number);
  const prefix = Number(match[5]);
  if (octets.some((o) => o > 255) || prefix > 32) return undefined;
  const start = octets.reduce((acc, o) => acc * 256 + o, 0);
  return { start, prefix };
}

/** Number of addresses in a range. */
export function rangeSize(range: Ipv4Range): number {
  return 2 ** (32 - range.prefix);
}

/** Whether the range's address is its network address (no host bits set), as GCP requires. */
export function isNetworkAddress(range: Ipv4Range): boolean {
  return range.start % rangeSize(range) === 0;
}

/** Whether two ranges share an address. */
export function rangesOverlap(a: Ipv4Range, b: Ipv4Range): boolean {
  return a.start < b.start + rangeSize(b) && b.start < a.start + rangeSize(a);
}

/** `cidr` with its host bits cleared, e.g. `10.1.2.3/16` → `10.1.0.0/16`. */
export function networkCidr(range: Ipv4Range): string {
  const start = range.start - (range.start % rangeSize(range));
  const octets = [24, 16, 8, 0].map((shift) => Math.floor(start / 2 ** shift) % 256);
  return `${octets.join(".")}/${range.prefix}`;
}
