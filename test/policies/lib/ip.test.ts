import { describe, expect, it } from "vitest";
import { formatAddress, intersect, isWholeFamily, parseAddress, parseCidr, subtract } from "../../../policies/lib/ip";

const show = (ranges: ReturnType<typeof subtract>) =>
  ranges.map((r) => `${formatAddress(r.family, r.start)}-${formatAddress(r.family, r.end)}`);

describe("policies/lib/ip", () => {
  it("parses IPv4 and IPv6 CIDRs and bare addresses to ranges, aligning the start to the prefix", () => {
    expect(show([parseCidr("169.254.169.254/16")!])).toEqual(["169.254.0.0-169.254.255.255"]);
    expect(show([parseCidr("10.1.2.3")!])).toEqual(["10.1.2.3-10.1.2.3"]);
    expect(show([parseCidr("fd00:ec2::254/128")!])).toEqual(["fd00:ec2::254-fd00:ec2::254"]);
    expect(show([parseCidr("fe80::/10")!])).toEqual(["fe80::-febf:ffff:ffff:ffff:ffff:ffff:ffff:ffff"]);
    expect(show([parseCidr("::ffff:169.254.0.0/112")!])).toEqual(["::ffff:a9fe:0-::ffff:a9fe:ffff"]);
    expect(parseAddress("1:2:3:4:5:6:7:8")).toEqual({ family: 6, value: 0x00010002000300040005000600070008n });
  });

  it("rejects what is not a CIDR", () => {
    for (const bad of [
      5,
      null,
      "",
      "10.0.0.0/33",
      "::/129",
      "1.2.3.4/8/9",
      "256.0.0.0/8",
      "1.2.3/8",
      "10.0.0.0/x",
      "1::2::3",
      "1:2:3:4:5:6:7:8:9",
      "g::1",
      "::1.2.3",
    ]) {
      expect({ bad, range: parseCidr(bad) }).toEqual({ bad, range: undefined });
    }
  });

  it("knows the whole families, subtracts exceptions and intersects", () => {
    expect([parseCidr("0.0.0.0/0")!, parseCidr("::/0")!, parseCidr("10.0.0.0/0")!, parseCidr("0.0.0.0/1")!].map(isWholeFamily)).toEqual([
      true,
      true,
      true,
      false,
    ]);
    const open = subtract(
      [parseCidr("169.254.0.0/16")!],
      [parseCidr("169.254.169.254/32")!, parseCidr("::/0")!, parseCidr("169.254.0.0/24")!],
    );
    expect(show(open)).toEqual(["169.254.1.0-169.254.169.253", "169.254.169.255-169.254.255.255"]);
    expect(show(intersect(open, parseCidr("169.254.169.0/24")!))).toEqual([
      "169.254.169.0-169.254.169.253",
      "169.254.169.255-169.254.169.255",
    ]);
    expect(intersect(open, parseCidr("fe80::/10")!)).toEqual([]);
  });

  it("formats IPv6 with the longest zero run compressed, and no compression of a single zero group", () => {
    expect(formatAddress(6, parseAddress("1:0:0:2:0:0:0:3")!.value)).toBe("1:0:0:2::3");
    expect(formatAddress(6, parseAddress("1:0:2:3:4:5:6:7")!.value)).toBe("1:0:2:3:4:5:6:7");
    expect(formatAddress(6, 0n)).toBe("::");
  });
});
