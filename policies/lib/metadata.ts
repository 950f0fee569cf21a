/**
 * Where cloud instance metadata and node-local credential services answer, for agentcloud-network-no-metadata-egress.
 * The pack's own copy of what components/validation/hosts.ts rejects in egress declarations (names, the link-local
 * range, Alibaba's address, AWS's IPv6 addresses and IPv4-in-IPv6 spellings of the link-local range).
 */
import { parseCidr, type AddressRange } from "./ip";

/** Host names of cloud metadata services (GCE, AWS, Tencent), compared without a trailing dot. */
export const METADATA_HOST_NAMES: readonly string[] = [
  "metadata.google.internal",
  "metadata.goog",
  "metadata",
  "instance-data",
  "instance-data.ec2.internal",
  "metadata.tencentyun.com",
];

/** An address range agents must not reach, with how messages name it. Specific addresses come first. */
export interface SensitiveRange {
  range: AddressRange;
  /** What messages say, e.g. `the instance metadata address 169.254.169.254`. */
  label: string;
}

function sensitive(cidr: string, label: string): SensitiveRange {
  return { range: parseCidr(cidr)!, label };
}

/**
 * The whole IPv4 link-local range is in scope, not only 169.254.169.254: the node answers there for other credential
 * services too (ECS task credentials 169.254.170.2, EKS Pod Identity 169.254.170.23) and for node-local DNS. DNS is
 * allowed on port 53 and an identity endpoint through the policy's `identityEndpoints`, so nothing legitimate needs
 * the rest of the range. AWS's IPv6 node services share fd00:ec2::/64 (IMDS fd00:ec2::254; the EKS Pod Identity Agent
 * "uses ... 169.254.170.23 for IPv4 and ... [fd00:ec2::23] for IPv6": docs.aws.amazon.com/eks/latest/userguide/
 * pod-id-agent-setup.html), so that range is in scope too.
 */
export const SENSITIVE_RANGES: readonly SensitiveRange[] = [
  sensitive("169.254.169.254/32", "the instance metadata address 169.254.169.254"),
  sensitive("fd00:ec2::254/128", "the instance metadata address fd00:ec2::254"),
  sensitive("100.100.100.200/32", "the instance metadata address 100.100.100.200"),
  sensitive("169.254.0.0/16", "link-local addresses in 169.254.0.0/16"),
  sensitive("fd00:ec2::/64", "AWS node service addresses in fd00:ec2::/64"),
  sensitive("fe80::/10", "link-local addresses in fe80::/10"),
  sensitive("::ffff:169.254.0.0/112", "link-local addresses in 169.254.0.0/16 (IPv4-mapped ::ffff:169.254.0.0/112)"),
  sensitive("64:ff9b::169.254.0.0/112", "link-local addresses in 169.254.0.0/16 (NAT64 64:ff9b::169.254.0.0/112)"),
];
