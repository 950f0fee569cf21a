import { describe, expect, it } from "vitest";
import { checkEgressHost, checkHostname, formatProblem, metadataEndpoint, wildcardDnsDomain } from "../../../components/validation";

const FIX = "fix: remove it; agents get cloud access through cloudPermissions and their workload identity";

describe("metadataEndpoint", () => {
  it("finds 169.254.169.254 in every spelling", () => {
    for (const spelling of [
      "169.254.169.254",
      "2852039166",
      "0xa9fea9fe",
      "0xA9FEA9FE",
      "0251.0376.0251.0376",
      "0xa9.0xfe.0xa9.0xfe",
      "169.254.43518",
      "169.16689662",
      "169.254.169.254.",
      "169.254.169.254:80",
    ]) {
      expect(metadataEndpoint(spelling), spelling).toBe("the metadata address 169.254.169.254");
    }
    expect(metadataEndpoint("169.254.170.2")).toBe("the metadata address 169.254.170.2");
    expect(metadataEndpoint("100.100.100.200")).toBe("the metadata address 100.100.100.200");
  });

  it("finds IPv6 metadata addresses and IPv4 ones mapped into IPv6", () => {
    expect(metadataEndpoint("::ffff:169.254.169.254")).toBe("the metadata address [::ffff:a9fe:a9fe]");
    expect(metadataEndpoint("[::ffff:a9fe:a9fe]")).toBe("the metadata address [::ffff:a9fe:a9fe]");
    expect(metadataEndpoint("::169.254.169.254")).toBe("the metadata address [::a9fe:a9fe]");
    expect(metadataEndpoint("64:ff9b::169.254.169.254")).toBe("the metadata address [64:ff9b::a9fe:a9fe]");
    expect(metadataEndpoint("fd00:ec2::254")).toBe("the metadata address [fd00:ec2::254]");
    expect(metadataEndpoint("FD00:0EC2:0:0:0:0:0:0254")).toBe("the metadata address [fd00:ec2::254]");
    expect(metadataEndpoint("fe80::1")).toBe("the metadata address [fe80::1]");
    expect(metadataEndpoint("febf::1")).toBe("the metadata address [febf::1]");
  });

  it("finds metadata names, wildcards that cover them, and names with the address written in them", () => {
    expect(metadataEndpoint("metadata.google.internal")).toBe("the metadata host metadata.google.internal");
    expect(metadataEndpoint("METADATA.GOOGLE.INTERNAL.")).toBe("the metadata host metadata.google.internal");
    expect(metadataEndpoint("*.google.internal")).toBe("the metadata host metadata.google.internal");
    expect(metadataEndpoint("*.internal")).toBe("the metadata host metadata.google.internal");
    expect(metadataEndpoint("metadata")).toBe("the metadata host metadata");
    expect(metadataEndpoint("instance-data.ec2.internal")).toBe("the metadata host instance-data.ec2.internal");
    for (const alias of [
      "169.254.169.254.nip.io",
      "a9fea9fe.nip.io",
      "169-254-169-254.sslip.io",
      "www.169.254.169.254.example.com",
      "magic-a9fea9fe.rebind.example",
      "x-169-254-169-254-y.example.com",
    ]) {
      expect(metadataEndpoint(alias), alias).toBe("a name for the metadata address 169.254.169.254");
    }
  });

  it("reads spellings a URL parser would accept: spaces around, ports, full and compressed IPv6", () => {
    expect(metadataEndpoint(" 169.254.169.254")).toBe("the metadata address 169.254.169.254");
    expect(metadataEndpoint("[fd00:ec2::254]:80")).toBe("the metadata address [fd00:ec2::254]");
    expect(metadataEndpoint("fe80:1:2:3:4:5:6:7")).toBe("the metadata address [fe80:1:2:3:4:5:6:7]");
    expect(metadataEndpoint("0:0:0:0:0:ffff:a9fe:a9fe")).toBe("the metadata address [::ffff:a9fe:a9fe]");
    expect(metadataEndpoint("1:2:3:4:5:6:7:8")).toBeUndefined();
    expect(metadataEndpoint("64:ff9b:1::a9fe:a9fe")).toBeUndefined();
    expect(metadataEndpoint("1::ffff:a9fe:a9fe")).toBeUndefined();
    expect(metadataEndpoint("http://[::1")).toBeUndefined();
  });

  it("reads 8 hex digits only as a whole run", () => {
    for (const other of ["a9fea9fe0.example.com", "0a9fea9fe.example.com", "xa9fea9fe.example.com"]) {
      expect(metadataEndpoint(other), other).toBe(other.startsWith("x") ? "a name for the metadata address 169.254.169.254" : undefined);
    }
    expect(metadataEndpoint("169-254-169-254x.example.com")).toBe("a name for the metadata address 169.254.169.254");
  });

  it("leaves other addresses and names alone", () => {
    for (const other of [
      "api.github.com",
      "*.googleapis.com",
      "10.0.0.1",
      "::ffff:10.0.0.1",
      "fd00:ec2::253",
      "fd00:ec3::254",
      "fec0::1",
      "64:ff9b::a00:1",
      "::ffff:0:a9fe:a9fe",
      "deadbeef.example.com",
      "1.2.3.4.example.com",
      "169.254.example.com",
      "ametadata",
      "metadata.google.internal.evil.com",
      "*.google.com",
      "a b",
      "1-2-3-4.example.com",
      "169.255.169.254",
      "170.254.169.254",
      "1.254.169.254",
    ]) {
      expect(metadataEndpoint(other), other).toBeUndefined();
    }
  });
});

describe("wildcardDnsDomain", () => {
  it("finds names under public wildcard DNS services", () => {
    expect(wildcardDnsDomain("10.0.0.1.nip.io")).toBe("nip.io");
    expect(wildcardDnsDomain("nip.io")).toBe("nip.io");
    expect(wildcardDnsDomain("App.SSLIP.IO.")).toBe("sslip.io");
    expect(wildcardDnsDomain("x.localtest.me")).toBe("localtest.me");
    expect(wildcardDnsDomain("snip.io")).toBeUndefined();
    expect(wildcardDnsDomain("nip.io.example.com")).toBeUndefined();
  });
});

describe("checkEgressHost", () => {
  it("explains metadata endpoints and wildcard DNS services, and checks host names otherwise", () => {
    expect(
      [
        ...checkEgressHost("egress[0]", "2852039166"),
        ...checkEgressHost("egress[1]", "metadata.google.internal"),
        ...checkEgressHost("egress[2]", "169.254.169.254.nip.io"),
        ...checkEgressHost("egress[3]", "10.1.2.3.nip.io"),
        ...checkEgressHost("egress[4]", "http://evil"),
        ...checkEgressHost("egress[5]", 42),
      ].map(formatProblem),
    ).toEqual([
      `egress[0]: reaches a cloud metadata endpoint (the metadata address 169.254.169.254), which hands out the node's credentials (got "2852039166"); ${FIX}`,
      `egress[1]: reaches a cloud metadata endpoint (the metadata host metadata.google.internal), which hands out the node's credentials (got "metadata.google.internal"); ${FIX}`,
      `egress[2]: reaches a cloud metadata endpoint (a name for the metadata address 169.254.169.254), which hands out the node's credentials (got "169.254.169.254.nip.io"); ${FIX}`,
      'egress[3]: is under the wildcard DNS service nip.io, whose names resolve to any address written in them, metadata endpoints included (got "10.1.2.3.nip.io"); fix: name the real host of the service the agent calls',
      'egress[4]: is not a fully qualified host name (got "http://evil"); fix: use a host like "api.github.com" or "*.googleapis.com"',
      'egress[5]: is not a fully qualified host name (got 42); fix: use a host like "api.github.com" or "*.googleapis.com"',
    ]);
    expect(checkEgressHost("e", "api.github.com")).toEqual([]);
  });
});

describe("checkHostname", () => {
  it("accepts FQDNs and a leading wildcard, and rejects anything around them", () => {
    for (const good of [
      "api.github.com",
      "*.googleapis.com",
      "a.b-c.io",
      `${"a".repeat(63)}.${"b".repeat(63)}.${"c".repeat(63)}.${"d".repeat(61)}`,
    ]) {
      expect(checkHostname("h", good), good).toEqual([]);
    }
    for (const bad of [
      "localhost",
      "api.github.com.",
      ".api.github.com",
      "API.github.com",
      "api.github.com/",
      "*.*.com",
      "a.*.com",
      "api.github.1com",
      "api.123",
      "api-.github.com",
      "-api.github.com",
      "api.github.com-",
      " api.github.com",
      `${"a".repeat(63)}.${"b".repeat(63)}.${"c".repeat(63)}.${"d".repeat(62)}`,
    ]) {
      expect(checkHostname("h", bad), bad).toHaveLength(1);
    }
  });
});
