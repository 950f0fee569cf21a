import { describe, expect, it } from "vitest";
import { METADATA_DENY_CIDRS } from "../../../components/kubernetes/network/cilium-policies";
import { METADATA_HOST_NAMES as VALIDATED_NAMES, metadataEndpoint } from "../../../components/validation/hosts";
import { formatAddress, intersect, parseCidr } from "../../../policies/lib/ip";
import { METADATA_HOST_NAMES, SENSITIVE_RANGES } from "../../../policies/lib/metadata";

// The pack is published alone, so it keeps its own copy of what the builders' validation treats as metadata.
describe("policies/lib/metadata", () => {
  it("names the same metadata hosts as the egress validation", () => {
    expect(METADATA_HOST_NAMES).toEqual(VALIDATED_NAMES);
  });

  it("covers every range the Cilium policies deny", () => {
    for (const cidr of METADATA_DENY_CIDRS) {
      const range = parseCidr(cidr)!;
      expect({ cidr, covered: SENSITIVE_RANGES.some((s) => intersect([range], s.range).length > 0) }).toEqual({ cidr, covered: true });
    }
  });

  it("holds only addresses the egress validation rejects, except AWS's IPv6 node services beyond fd00:ec2::254", () => {
    const edges = SENSITIVE_RANGES.flatMap((s) => [s.range.start, s.range.end].map((v) => formatAddress(s.range.family, v)));
    expect(edges.filter((address) => metadataEndpoint(address) === undefined)).toEqual(["fd00:ec2::", "fd00:ec2::ffff:ffff:ffff:ffff"]);
  });
});
