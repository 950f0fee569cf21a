import { describe, expect, it } from "vitest";
import { checkEgressEntries, checkEgressEntry, DEFAULT_EGRESS_PORT, parseEgressHost } from "../../../../components/kubernetes/network";
import { formatProblem } from "../../../../components/validation";

const check = (value: unknown) => checkEgressEntry("egress[0]", value).map(formatProblem);
const HOST_ONLY = `fix: write the host only, like "api.github.com" or "api.github.com:8443"`;
const FQDN = "egress rules are FQDN rules, matched on the names the agent resolves";
const PORT_FIX = `fix: write a port number, like "api.github.com:8443", or leave ":port" out for 443`;
const WILDCARD_FIX = `fix: use one leading "*." over a domain, like "*.example.com", or list each host`;
const METADATA_FIX = "fix: remove it; agents get cloud access through cloudPermissions and their workload identity";
const IP = (got: string) => `egress[0]: is an IP address or range; ${FQDN} (got "${got}"); fix: name the host instead`;
const metadata = (what: string, got: string) =>
  `egress[0]: reaches a cloud metadata endpoint (${what}), which hands out the node's credentials (got "${got}"); ${METADATA_FIX}`;

describe("parseEgressHost", () => {
  it("reads host or host:port, 443 by default, and marks *. wildcards", () => {
    expect(DEFAULT_EGRESS_PORT).toBe(443);
    expect(parseEgressHost("api.github.com")).toEqual({ host: "api.github.com", port: 443, wildcard: false });
    expect(parseEgressHost("api.github.com:8443")).toEqual({ host: "api.github.com", port: 8443, wildcard: false });
    expect(parseEgressHost("*.googleapis.com:443")).toEqual({ host: "*.googleapis.com", port: 443, wildcard: true });
  });
});

describe("checkEgressEntry", () => {
  it("accepts host names, host:port and one leading *. over a domain of two labels or more", () => {
    for (const good of [
      "api.github.com",
      "api.github.com:8443",
      "a.b.example.com:1",
      "x.io:65535",
      "*.github.com",
      "*.s3.amazonaws.com:443",
    ]) {
      expect(check(good), good).toEqual([]);
    }
  });

  it("refuses values that are no host at all", () => {
    for (const bad of ["", " ", 42, undefined, null]) {
      expect(check(bad)).toEqual([
        `egress[0]: must be a host name or host:port (got ${bad === undefined ? "undefined" : JSON.stringify(bad)}); fix: use "api.github.com" or "api.github.com:8443"`,
      ]);
    }
    expect(check(":443")).toEqual([`egress[0]: names no host (got ":443"); fix: use "api.github.com" or "api.github.com:8443"`]);
  });

  it("refuses a scheme, a path, a query and a fragment, each said once", () => {
    expect(check("https://api.github.com")).toEqual([
      `egress[0]: has a URL scheme (https://) (got "https://api.github.com"); ${HOST_ONLY}`,
    ]);
    expect(check("api.github.com/v1")).toEqual([
      `egress[0]: has a path, query or fragment (/v1); ${FQDN} (got "api.github.com/v1"); fix: remove everything from "/" on`,
    ]);
    expect(check("api.github.com?x=1")).toEqual([
      `egress[0]: has a path, query or fragment (?x=1); ${FQDN} (got "api.github.com?x=1"); fix: remove everything from "?" on`,
    ]);
    expect(check("api.github.com#top")).toEqual([
      `egress[0]: has a path, query or fragment (#top); ${FQDN} (got "api.github.com#top"); fix: remove everything from "#" on`,
    ]);
  });

  it("refuses ports that are not 1 to 65535", () => {
    for (const port of ["0", "65536", "https", "-1", "443.0", "99999"]) {
      expect(check(`api.github.com:${port}`)).toEqual([
        `egress[0]: has port "${port}", which is not a TCP port from 1 to 65535 (got "api.github.com:${port}"); ${PORT_FIX}`,
      ]);
    }
    expect(check("api.github.com:")).toEqual([`egress[0]: has an empty port after ":" (got "api.github.com:"); ${PORT_FIX}`]);
  });

  it("refuses every wildcard but one leading *. over a domain of two labels or more", () => {
    for (const bad of ["api.*.com", "*api.github.com", "*.*.example.com", "**.example.com", "api.github.*", "a*.example.com"]) {
      expect(check(bad), bad).toEqual([`egress[0]: has a wildcard that is not one leading "*." (got "${bad}"); ${WILDCARD_FIX}`]);
    }
    expect(check("*.io")).toEqual([`egress[0]: covers the whole top-level domain "io" (got "*.io"); ${WILDCARD_FIX}`]);
    expect(check("*")).toEqual([`egress[0]: allows every host on the internet (got "*"); fix: list each host the agent calls`]);
    expect(check("*.")).toEqual([`egress[0]: allows every host on the internet (got "*."); fix: list each host the agent calls`]);
  });

  it("refuses IP addresses and ranges (FQDN rules only), naming metadata addresses as such", () => {
    for (const ip of ["10.0.0.1", "10.0.0.0/8", "2001:db8::1", "[2001:db8::1]", "[2001:db8::1]:443", "8.8.8.8:53", "0.0.0.0/0", "::/0"]) {
      expect(check(ip), ip).toEqual([IP(ip)]);
    }
    expect(check("169.254.169.254")).toEqual([metadata("the metadata address 169.254.169.254", "169.254.169.254")]);
    expect(check("169.254.169.254:80")).toEqual([metadata("the metadata address 169.254.169.254", "169.254.169.254:80")]);
    expect(check("169.254.0.0/16")).toEqual([metadata("the metadata address 169.254.0.0", "169.254.0.0/16")]);
    expect(check("[fd00:ec2::254]:80")).toEqual([metadata("the metadata address [fd00:ec2::254]", "[fd00:ec2::254]:80")]);
    expect(check("fd00:ec2::254")).toEqual([metadata("the metadata address [fd00:ec2::254]", "fd00:ec2::254")]);
    expect(check("2852039166")).toEqual([metadata("the metadata address 169.254.169.254", "2852039166")]);
  });

  it("reads an entry from the left: brackets, prefix lengths and schemes only where they belong", () => {
    const notFqdn = (got: string) =>
      `egress[0]: is not a fully qualified host name (got "${got}"); fix: use a host like "api.github.com" or "*.googleapis.com"`;
    const path = (tail: string, got: string) =>
      `egress[0]: has a path, query or fragment (${tail}); ${FQDN} (got "${got}"); fix: remove everything from "/" on`;
    expect(check("x[2001:db8::1]")).toEqual([
      `egress[0]: has port "1]", which is not a TCP port from 1 to 65535 (got "x[2001:db8::1]"); ${PORT_FIX}`,
      notFqdn("x[2001:db8::1]"),
    ]);
    expect(check("[2001:db8::1]x")).toEqual([
      `egress[0]: has port "1]x", which is not a TCP port from 1 to 65535 (got "[2001:db8::1]x"); ${PORT_FIX}`,
      notFqdn("[2001:db8::1]x"),
    ]);
    expect(check("10.0.0.0/8/9")).toEqual([path("/8/9", "10.0.0.0/8/9"), IP("10.0.0.0/8/9")]);
    expect(check("10.0.0.1/latest")).toEqual([path("/latest", "10.0.0.1/latest"), IP("10.0.0.1/latest")]);
    expect(check("10.0.0.0/x8")).toEqual([path("/x8", "10.0.0.0/x8"), IP("10.0.0.0/x8")]);
    expect(check("10.0.0.0/8x")).toEqual([path("/8x", "10.0.0.0/8x"), IP("10.0.0.0/8x")]);
    expect(check("[2001:db8::1]/x")).toEqual([path("/x", "[2001:db8::1]/x"), IP("[2001:db8::1]/x")]);
    expect(check("fd00:ec2::254/latest")).toEqual([
      path("/latest", "fd00:ec2::254/latest"),
      metadata("the metadata address [fd00:ec2::254]", "fd00:ec2::254/latest"),
    ]);
    expect(check("api.github.com/https://x")).toEqual([path("/https://x", "api.github.com/https://x")]);
  });

  it("refuses upper case and a trailing dot rather than guess the spelling", () => {
    expect(check("api.github.com..")).toEqual([
      `egress[0]: ends with a dot (got "api.github.com.."); fix: remove the trailing dot ("api.github.com")`,
    ]);
    expect(check("metadata.google.internal.")).toEqual([
      `egress[0]: ends with a dot (got "metadata.google.internal."); fix: remove the trailing dot ("metadata.google.internal")`,
      metadata("the metadata host metadata.google.internal", "metadata.google.internal."),
    ]);
    expect(check("metadata.google.internal..")).toEqual([
      `egress[0]: ends with a dot (got "metadata.google.internal.."); fix: remove the trailing dot ("metadata.google.internal")`,
      metadata("the metadata host metadata.google.internal", "metadata.google.internal.."),
    ]);
    expect(check("X.nip.io")).toEqual([
      `egress[0]: has upper-case letters (got "X.nip.io"); fix: write the host in lower case ("x.nip.io")`,
      `egress[0]: is under the wildcard DNS service nip.io, whose names resolve to any address written in them, metadata endpoints included (got "X.nip.io"); fix: name the real host of the service the agent calls`,
    ]);
    expect(check("API.github.com")).toEqual([
      `egress[0]: has upper-case letters (got "API.github.com"); fix: write the host in lower case ("api.github.com")`,
    ]);
    expect(check("api.github.com.")).toEqual([
      `egress[0]: ends with a dot (got "api.github.com."); fix: remove the trailing dot ("api.github.com")`,
    ]);
  });

  it("refuses metadata names (wildcards covering them too) and wildcard DNS services, and other non-FQDNs", () => {
    expect(check("metadata.google.internal")).toEqual([metadata("the metadata host metadata.google.internal", "metadata.google.internal")]);
    expect(check("*.google.internal")).toEqual([metadata("the metadata host metadata.google.internal", "*.google.internal")]);
    expect(check("METADATA.google.internal:80")).toEqual([
      `egress[0]: has upper-case letters (got "METADATA.google.internal:80"); fix: write the host in lower case ("metadata.google.internal")`,
      metadata("the metadata host metadata.google.internal", "METADATA.google.internal:80"),
    ]);
    expect(check("*.nip.io")).toEqual([
      `egress[0]: is under the wildcard DNS service nip.io, whose names resolve to any address written in them, metadata endpoints included (got "*.nip.io"); fix: name the real host of the service the agent calls`,
    ]);
    expect(check("localhost")).toEqual([
      `egress[0]: is not a fully qualified host name (got "localhost"); fix: use a host like "api.github.com" or "*.googleapis.com"`,
    ]);
    expect(check("api_x.github.com")).toEqual([
      `egress[0]: is not a fully qualified host name (got "api_x.github.com"); fix: use a host like "api.github.com" or "*.googleapis.com"`,
    ]);
  });

  it("reports every problem of one entry at once", () => {
    expect(check("http://169.254.169.254/latest/meta-data")).toEqual([
      `egress[0]: has a URL scheme (http://) (got "http://169.254.169.254/latest/meta-data"); ${HOST_ONLY}`,
      `egress[0]: has a path, query or fragment (/latest/meta-data); ${FQDN} (got "http://169.254.169.254/latest/meta-data"); fix: remove everything from "/" on`,
      metadata("the metadata address 169.254.169.254", "http://169.254.169.254/latest/meta-data"),
    ]);
    expect(check("https://API.*.com:99999/p")).toEqual([
      `egress[0]: has a URL scheme (https://) (got "https://API.*.com:99999/p"); ${HOST_ONLY}`,
      `egress[0]: has a path, query or fragment (/p); ${FQDN} (got "https://API.*.com:99999/p"); fix: remove everything from "/" on`,
      `egress[0]: has port "99999", which is not a TCP port from 1 to 65535 (got "https://API.*.com:99999/p"); ${PORT_FIX}`,
      `egress[0]: has a wildcard that is not one leading "*." (got "https://API.*.com:99999/p"); ${WILDCARD_FIX}`,
      `egress[0]: has upper-case letters (got "https://API.*.com:99999/p"); fix: write the host in lower case ("api.*.com")`,
    ]);
  });
});

describe("checkEgressEntries", () => {
  it("reports each entry's problems and every repeat of a host and port (443 written or not)", () => {
    expect(
      checkEgressEntries("egress", [
        "api.github.com",
        "api.github.com:443",
        "x.io/",
        "api.github.com:8443",
        "api.github.com",
        "*.x.io",
        "*.x.io:443",
        "x.io/",
        42,
      ]).map(formatProblem),
    ).toEqual([
      'egress[1]: repeats egress[0] (api.github.com:443) (got "api.github.com:443"); fix: remove one of them',
      `egress[2]: has a path, query or fragment (/); ${FQDN} (got "x.io/"); fix: remove everything from "/" on`,
      'egress[4]: repeats egress[0] (api.github.com:443) (got "api.github.com"); fix: remove one of them',
      'egress[6]: repeats egress[5] (*.x.io:443) (got "*.x.io:443"); fix: remove one of them',
      `egress[7]: has a path, query or fragment (/); ${FQDN} (got "x.io/"); fix: remove everything from "/" on`,
      'egress[8]: must be a host name or host:port (got 42); fix: use "api.github.com" or "api.github.com:8443"',
    ]);
    expect(checkEgressEntries("egress", [])).toEqual([]);
  });
});
