import { describe, expect, it } from "vitest";
import { blockContains, blocksOverlap, formatIpv4Cidr, parseIpv4Cidr, subBlock } from "../../../../components/aws/vpc/cidr";

describe("IPv4 CIDR arithmetic", () => {
  it("parses canonical blocks and rejects host bits, bad octets and prefixes", () => {
    expect(parseIpv4Cidr("10.0.0.0/16")).toEqual({ base: 10 * 2 ** 24, prefix: 16 });
    expect(parseIpv4Cidr("0.0.0.0/0")).toEqual({ base: 0, prefix: 0 });
    expect(parseIpv4Cidr("10.0.0.1/16")).toBeUndefined();
    expect(parseIpv4Cidr("256.0.0.0/8")).toBeUndefined();
    expect(parseIpv4Cidr("10.0.0.0/33")).toBeUndefined();
    expect(parseIpv4Cidr("10.0.0.0")).toBeUndefined();
    expect(parseIpv4Cidr("::/0")).toBeUndefined();
    expect(parseIpv4Cidr(16)).toBeUndefined();
  });

  it("formats, carves sub-blocks (like cidrsubnet), and tells overlap and containment", () => {
    const vpc = parseIpv4Cidr("10.0.0.0/16")!;
    expect(formatIpv4Cidr(subBlock(vpc, 19, 0))).toBe("10.0.0.0/19");
    expect(formatIpv4Cidr(subBlock(vpc, 19, 7))).toBe("10.0.224.0/19");
    expect(formatIpv4Cidr(subBlock(subBlock(vpc, 19, 7), 24, 2))).toBe("10.0.226.0/24");
    expect(blocksOverlap(vpc, parseIpv4Cidr("10.0.255.0/24")!)).toBe(true);
    expect(blocksOverlap(vpc, parseIpv4Cidr("10.1.0.0/16")!)).toBe(false);
    expect(blocksOverlap(parseIpv4Cidr("172.16.0.0/12")!, parseIpv4Cidr("172.20.0.0/16")!)).toBe(true);
    expect(blockContains(vpc, parseIpv4Cidr("10.0.32.0/19")!)).toBe(true);
    expect(blockContains(vpc, parseIpv4Cidr("10.0.0.0/15")!)).toBe(false);
  });
});
