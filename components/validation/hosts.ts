import type { ValidationProblem } from "./problems";

/** Names of cloud metadata services (GCE, AWS, Tencent). Their addresses are in {@link isMetadataIPv4}. */
export const METADATA_HOST_NAMES: readonly string[] = [
  "metadata.google.internal",
  "metadata.goog",
  "metadata",
  "instance-data",
  "instance-data.ec2.internal",
  "metadata.tencentyun.com",
];

/**
 * Public wildcard DNS services: `169.254.169.254.nip.io`, `a9fea9fe.nip.io` or `169-254-169-254.sslip.io` resolve to
 * the address written in the name, so any name under them can reach a metadata endpoint.
 */
export const WILDCARD_DNS_DOMAINS: readonly string[] = [
  "nip.io",
  "sslip.io",
  "xip.io",
  "nip.direct",
  "traefik.me",
  "local.gd",
  "localtest.me",
  "lvh.me",
  "vcap.me",
];

/** Link-local 169.254.0.0/16 (AWS, GCP, Azure, OCI metadata, ECS task metadata, cloud DNS) and Alibaba's 100.100.100.200. */
export function isMetadataIPv4(octets: readonly number[]): boolean {
  return (octets[0] === 169 && octets[1] === 254) || octets.join(".") === "100.100.100.200";
}

function ipv4FromGroups(high: number, low: number): number[] {
  return [high >> 8, high & 0xff, low >> 8, low & 0xff];
}

/** The eight 16-bit groups of an IPv6 address as the URL parser serialises it (hex groups, one `::` at most). */
function ipv6Groups(text: string): number[] {
  const [head, tail] = text.includes("::") ? text.split("::") : [text, undefined];
  const parse = (part: string | undefined) => (part ? part.split(":").map((g) => parseInt(g, 16)) : []);
  const [left, right] = [parse(head), parse(tail)];
  return [...left, ...new Array<number>(8 - left.length - right.length).fill(0), ...right];
}

/** AWS's IPv6 metadata address, link-local fe80::/10, and IPv4 metadata addresses mapped, embedded or NAT64-translated. */
function isMetadataIPv6(groups: readonly number[]): boolean {
  const zeros = (from: number, to: number) => groups.slice(from, to).every((g) => g === 0);
  if (groups.join(":") === [0xfd00, 0xec2, 0, 0, 0, 0, 0, 0x254].join(":")) return true;
  if ((groups[0] & 0xffc0) === 0xfe80) return true;
  const embedsIPv4 =
    (zeros(0, 5) && (groups[5] === 0xffff || groups[5] === 0)) || (groups[0] === 0x64 && groups[1] === 0xff9b && zeros(2, 6));
  return embedsIPv4 && isMetadataIPv4(ipv4FromGroups(groups[6], groups[7]));
}

/** The host part of `value` as a URL parser reads it (decimal, hex and octal IPv4 spellings become dotted), or undefined. */
function urlHost(value: string): string | undefined {
  // An IPv6 address needs brackets in a URL; a bracketed one may carry a port.
  const candidate = !value.startsWith("[") && value.split(":").length > 2 ? `[${value}]` : value;
  try {
    return new URL(`http://${candidate}`).hostname;
  } catch {
    return undefined;
  }
}

/** IPv4 addresses written inside a name: dotted labels (`169.254.169.254.x`), dashed (`169-254-169-254`) or 8 hex digits. */
function embeddedIPv4(name: string): number[][] {
  const labels = name.split(".");
  const found: number[][] = [];
  for (let i = 0; i + 4 <= labels.length; i++) {
    const quad = labels.slice(i, i + 4);
    if (quad.every((l) => /^\d{1,3}$/.test(l))) found.push(quad.map(Number));
  }
  for (const label of labels) {
    for (const m of label.matchAll(/(\d{1,3})-(\d{1,3})-(\d{1,3})-(\d{1,3})/g)) found.push(m.slice(1, 5).map(Number));
    for (const m of label.matchAll(/(?:^|[^0-9a-f])([0-9a-f]{8})(?![0-9a-f])/g)) {
      found.push(ipv4FromGroups(parseInt(m[1].slice(0, 4), 16), parseInt(m[1].slice(4), 16)));
    }
  }
  return found;
}

/**
 * Why `value` reaches a cloud metadata endpoint, or undefined: a metadata name (or a wildcard covering one), its
 * address in any spelling (`2852039166`, `0xa9fea9fe`, `0251.0376.0251.0376`, `::ffff:169.254.169.254`,
 * `fd00:ec2::254`), or a name with that address written in it (`169.254.169.254.nip.io`).
 */
export function metadataEndpoint(value: string): string | undefined {
  const host = urlHost(value.trim()); // the URL parser lower-cases host names
  if (host === undefined) return undefined;
  if (host.startsWith("[")) return isMetadataIPv6(ipv6Groups(host.slice(1, -1))) ? `the metadata address ${host}` : undefined;
  const quad = /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(host);
  if (quad) return isMetadataIPv4(quad.slice(1, 5).map(Number)) ? `the metadata address ${host}` : undefined;
  const name = host.replace(/\.$/, "");
  const wildcard = name.startsWith("*.") ? name.slice(1) : undefined;
  const named = METADATA_HOST_NAMES.find((m) => m === name || (wildcard !== undefined && m.endsWith(wildcard)));
  if (named !== undefined) return `the metadata host ${named}`;
  const embedded = embeddedIPv4(name).find(isMetadataIPv4);
  return embedded && `a name for the metadata address ${embedded.join(".")}`;
}

/** The wildcard DNS service `value` is under, or undefined. */
export function wildcardDnsDomain(value: string): string | undefined {
  const name = value.trim().toLowerCase().replace(/\.$/, "");
  return WILDCARD_DNS_DOMAINS.find((d) => name === d || name.endsWith(`.${d}`));
}

/** Problems with a hostname (an FQDN, optionally with a leading `*.` wildcard). */
export function checkHostname(argument: string, value: unknown): ValidationProblem[] {
  if (
    typeof value !== "string" ||
    value.length > 253 ||
    !/^(\*\.)?([a-z0-9]([-a-z0-9]*[a-z0-9])?\.)+[a-z]([-a-z0-9]*[a-z0-9])?$/.test(value)
  ) {
    return [
      { argument, value, problem: "is not a fully qualified host name", fix: `use a host like "api.github.com" or "*.googleapis.com"` },
    ];
  }
  return [];
}

/** Problems with an egress host: a host name that is not, and cannot resolve to, a cloud metadata endpoint. */
export function checkEgressHost(argument: string, value: unknown): ValidationProblem[] {
  const metadata = typeof value === "string" ? metadataEndpoint(value) : undefined;
  if (metadata !== undefined) {
    return [
      {
        argument,
        value,
        problem: `reaches a cloud metadata endpoint (${metadata}), which hands out the node's credentials`,
        fix: "remove it; agents get cloud access through cloudPermissions and their workload identity",
      },
    ];
  }
  const service = typeof value === "string" ? wildcardDnsDomain(value) : undefined;
  if (service !== undefined) {
    return [
      {
        argument,
        value,
        problem: `is under the wildcard DNS service ${service}, whose names resolve to any address written in them, metadata endpoints included`,
        fix: "name the real host of the service the agent calls",
      },
    ];
  }
  return checkHostname(argument, value);
}
