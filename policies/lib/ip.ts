/**
 * Address arithmetic for network policies: CIDRs as ranges of 32- or 128-bit integers, so a policy can tell whether a
 * peer (a CIDR minus its exceptions) holds an address. Written here, without `node:net`: the pack is published alone
 * and type-checks without Node's types.
 */

/** An inclusive range of addresses of one family. */
export interface AddressRange {
  family: 4 | 6;
  start: bigint;
  end: bigint;
}

/** An IPv4 address as a number, or undefined (dotted decimal only, as Kubernetes and Cilium write CIDRs). */
function parseIPv4(text: string): bigint | undefined {
  const parts = text.split(".");
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255)) return undefined;
  return parts.reduce((n, p) => n * 256n + BigInt(p), 0n);
}

/** An IPv6 address as a number, or undefined; a trailing dotted IPv4 part (`::ffff:169.254.169.254`) is accepted. */
function parseIPv6(text: string): bigint | undefined {
  let body = text;
  const groups: number[] = [];
  const lastColon = body.lastIndexOf(":");
  const tail = body.slice(lastColon + 1);
  let v4: bigint | undefined;
  if (tail.includes(".")) {
    v4 = parseIPv4(tail);
    if (v4 === undefined) return undefined;
    body = body.slice(0, lastColon + 1) + "0:0";
  }
  const halves = body.split("::");
  if (halves.length > 2) return undefined;
  const parse = (part: string): number[] | undefined => {
    if (part === "") return [];
    const out: number[] = [];
    for (const g of part.split(":")) {
      if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined;
      out.push(parseInt(g, 16));
    }
    return out;
  };
  const left = parse(halves[0]);
  const right = halves.length === 2 ? parse(halves[1]) : [];
  if (left === undefined || right === undefined) return undefined;
  if (halves.length === 1 && left.length !== 8) return undefined;
  if (halves.length === 2 && left.length + right.length > 7) return undefined;
  groups.push(...left, ...new Array<number>(8 - left.length - right.length).fill(0), ...right);
  let value = groups.reduce((n, g) => n * 65536n + BigInt(g), 0n);
  if (v4 !== undefined) value = ((value >> 32n) << 32n) + v4;
  return value;
}

/** An address, IPv4 or IPv6, with its family, or undefined. */
export function parseAddress(text: string): { family: 4 | 6; value: bigint } | undefined {
  const v4 = parseIPv4(text);
  if (v4 !== undefined) return { family: 4, value: v4 };
  const v6 = text.includes(":") ? parseIPv6(text) : undefined;
  return v6 === undefined ? undefined : { family: 6, value: v6 };
}

/** The range of a CIDR (`a.b.c.d/n`, `x::y/n`, or a bare address as a single one), or undefined when it is not one. */
export function parseCidr(value: unknown): AddressRange | undefined {
  if (typeof value !== "string") return undefined;
  const [address, prefixText, ...rest] = value.trim().split("/");
  if (rest.length > 0) return undefined;
  const parsed = parseAddress(address);
  if (parsed === undefined) return undefined;
  const bits = parsed.family === 4 ? 32 : 128;
  if (prefixText !== undefined && !/^\d{1,3}$/.test(prefixText)) return undefined;
  const prefix = prefixText === undefined ? bits : Number(prefixText);
  if (prefix > bits) return undefined;
  const size = 1n << BigInt(bits - prefix);
  const start = (parsed.value / size) * size;
  return { family: parsed.family, start, end: start + size - 1n };
}

/** True when the CIDR covers every address of its family (`0.0.0.0/0`, `::/0`). */
export function isWholeFamily(range: AddressRange): boolean {
  return range.start === 0n && range.end === (range.family === 4 ? 2n ** 32n - 1n : 2n ** 128n - 1n);
}

/** `ranges` without the addresses of `holes` (same family only). */
export function subtract(ranges: readonly AddressRange[], holes: readonly AddressRange[]): AddressRange[] {
  let out = [...ranges];
  for (const hole of holes) {
    out = out.flatMap((r) => {
      if (r.family !== hole.family || hole.end < r.start || hole.start > r.end) return [r];
      const pieces: AddressRange[] = [];
      if (hole.start > r.start) pieces.push({ family: r.family, start: r.start, end: hole.start - 1n });
      if (hole.end < r.end) pieces.push({ family: r.family, start: hole.end + 1n, end: r.end });
      return pieces;
    });
  }
  return out;
}

/** The addresses both in `ranges` and in `within`. */
export function intersect(ranges: readonly AddressRange[], within: AddressRange): AddressRange[] {
  return ranges.flatMap((r) => {
    if (r.family !== within.family) return [];
    const start = r.start > within.start ? r.start : within.start;
    const end = r.end < within.end ? r.end : within.end;
    return start <= end ? [{ family: r.family, start, end }] : [];
  });
}

/** An address written the usual way: dotted IPv4, or IPv6 with the longest run of zero groups as `::`. */
export function formatAddress(family: 4 | 6, value: bigint): string {
  if (family === 4) return [24n, 16n, 8n, 0n].map((s) => ((value >> s) & 255n).toString()).join(".");
  const groups = Array.from({ length: 8 }, (_, i) => Number((value >> BigInt(112 - 16 * i)) & 0xffffn));
  let best = { at: -1, length: 1 };
  for (let i = 0; i < 8; i++) {
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > best.length) best = { at: i, length: j - i };
  }
  const hex = (gs: number[]) => gs.map((g) => g.toString(16)).join(":");
  if (best.at === -1) return hex(groups);
  return `${hex(groups.slice(0, best.at))}::${hex(groups.slice(best.at + best.length))}`;
}
