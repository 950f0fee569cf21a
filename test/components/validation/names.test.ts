import { describe, expect, it } from "vitest";
import {
  checkAnnotationMap,
  checkDnsLabel,
  checkDnsSubdomain,
  checkExtendedResourceName,
  checkImage,
  checkLabelKey,
  checkLabelMap,
  checkLabelValue,
  checkReservedKeys,
  formatProblem,
  isQualifiedName,
} from "../../../components/validation";

const lines = (problems: ReturnType<typeof checkDnsLabel>) => problems.map(formatProblem);
const a = (n: number) => "a".repeat(n);

describe("checkDnsLabel", () => {
  it("accepts labels up to the limit and rejects one character more", () => {
    expect(checkDnsLabel("name", a(63))).toEqual([]);
    expect(checkDnsLabel("name", "a")).toEqual([]);
    expect(checkDnsLabel("name", "my-agent-2")).toEqual([]);
    expect(checkDnsLabel("name", a(45), 45)).toEqual([]);
    expect(lines(checkDnsLabel("name", a(64)))).toEqual([
      `name: must be a DNS-1123 label of at most 63 characters (lower-case letters, digits and '-', starting and ending with a letter or digit) (got "${a(64)}"); fix: use a name like "my-agent"`,
    ]);
    expect(checkDnsLabel("name", a(46), 45).map((p) => p.problem)).toEqual([
      "must be a DNS-1123 label of at most 45 characters (lower-case letters, digits and '-', starting and ending with a letter or digit)",
    ]);
  });

  it("checks every character, the first and the last (anchors)", () => {
    for (const bad of ["agent-", "-agent", "agent_x", "agenT", "agent.x", "agent\n", " agent", "", "a-b!"]) {
      expect(checkDnsLabel("name", bad), bad).toHaveLength(1);
    }
    expect(checkDnsLabel("name", 5)).toHaveLength(1);
  });
});

describe("checkDnsSubdomain", () => {
  it("accepts dotted names up to 253 characters and rejects 254", () => {
    const long = [a(63), a(63), a(63), a(61)].join(".");
    expect(long).toHaveLength(253);
    expect(checkDnsSubdomain("n", long)).toEqual([]);
    expect(checkDnsSubdomain("n", "ebs.csi.gp3")).toEqual([]);
    expect(lines(checkDnsSubdomain("n", `${long}a`))).toEqual([
      `n: must be a DNS-1123 subdomain of at most 253 characters (lower-case letters, digits, '-' and '.') (got "${long.slice(0, 76)}...); fix: use a name like "my-agent" or "tools.example.com"`,
    ]);
  });

  it("checks the first and last character and every label", () => {
    for (const bad of ["gp3.", ".gp3", "ebs..gp3", "ebs.-gp3", "ebs.gp3-", "Ebs.gp3", "ebs.gp3_", "", "ebs/gp3"]) {
      expect(checkDnsSubdomain("n", bad), bad).toHaveLength(1);
    }
    expect(checkDnsSubdomain("n", undefined)).toHaveLength(1);
  });
});

describe("label keys and values", () => {
  it("accepts qualified names with and without a prefix", () => {
    for (const good of [
      "app",
      "app.kubernetes.io/name",
      "example.com/pool",
      "A_b.c-D",
      `${a(253)}/x`.slice(-63),
      `example.com/${a(63)}`,
      "example/gpu",
    ]) {
      expect(checkLabelKey("k", good), good).toEqual([]);
    }
  });

  it("rejects bad names, bad prefixes, empty prefixes, two slashes and the 64th character", () => {
    for (const bad of [
      "",
      "/name",
      "a/b/c",
      "Example.com/x",
      "example.com/",
      `example.com/${a(64)}`,
      a(64),
      "name-",
      "-name",
      "na me",
      "example_com/x",
      `${a(254)}/x`,
    ]) {
      expect(checkLabelKey("k", bad), bad).toHaveLength(1);
    }
    expect(lines(checkLabelKey("k", "a/b/c"))).toEqual([
      `k: is not a label key (an optional DNS subdomain prefix and '/', then at most 63 letters, digits, '-', '_' or '.') (got "a/b/c"); fix: use a key like "example.com/pool"`,
    ]);
    expect(isQualifiedName(7)).toBe(false);
  });

  it("accepts label values up to 63 characters, empty included", () => {
    for (const good of ["", "x", a(63), "platform-team", "v1.2_3"]) expect(checkLabelValue("v", good), good).toEqual([]);
    for (const bad of [a(64), "team-", "-team", "_team", "has space", "a@b", "a/b", 3])
      expect(checkLabelValue("v", bad), String(bad)).toHaveLength(1);
    expect(lines(checkLabelValue("owner", "has space"))).toEqual([
      `owner: must be a Kubernetes label value (at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit) (got "has space"); fix: use a value like "platform-team" (no spaces, '@' or '/')`,
    ]);
  });

  it("checks every key and value of a label map, naming the key", () => {
    expect(checkLabelMap("sel", { "example.com/pool": "gpu", app: "" })).toEqual([]);
    expect(lines(checkLabelMap("sel", { "bad key": "x", ok: "bad value" }))).toEqual([
      `sel["bad key"]: is not a label key (an optional DNS subdomain prefix and '/', then at most 63 letters, digits, '-', '_' or '.') (got "bad key"); fix: use a key like "example.com/pool"`,
      `sel["ok"]: must be a Kubernetes label value (at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit) (got "bad value"); fix: use a value like "platform-team" (no spaces, '@' or '/')`,
    ]);
    for (const notMap of [null, [], "a=b"]) {
      expect(lines(checkLabelMap("sel", notMap))).toEqual([
        `sel: must be a map of label keys to label values (got ${JSON.stringify(notMap)}); fix: use a map like {"example.com/pool": "sandbox"}`,
      ]);
    }
  });
});

describe("checkAnnotationMap", () => {
  it("accepts annotation keys in any case and any string value", () => {
    expect(
      checkAnnotationMap("ann", { "eks.amazonaws.com/role-arn": "arn:aws:iam::1:role/x", "Example.COM/Note": "free text / with spaces" }),
    ).toEqual([]);
  });

  it("rejects bad keys and non-string values, naming the key", () => {
    expect(lines(checkAnnotationMap("ann", { "a/b/c": "x", "example.com/n": 5 }))).toEqual([
      `ann["a/b/c"]: is not an annotation key (an optional DNS subdomain prefix and '/', then at most 63 letters, digits, '-', '_' or '.') (got "a/b/c"); fix: use a key like "eks.amazonaws.com/role-arn"`,
      `ann["example.com/n"]: must be a string (got 5); fix: give the annotation a string value`,
    ]);
    expect(lines(checkAnnotationMap("ann", ["x"]))).toEqual([
      `ann: must be a map of annotation keys to string values (got ["x"]); fix: use a map like {"example.com/role": "reader"}`,
    ]);
  });

  it("counts keys and values in UTF-8 bytes against 256 KiB", () => {
    const key = "example.com/big";
    expect(checkAnnotationMap("ann", { [key]: a(262144 - key.length) })).toEqual([]);
    expect(lines(checkAnnotationMap("ann", { [key]: a(262145 - key.length) }))).toEqual([
      `ann: is over the API server's limit of 256 KiB (262144 bytes) for all annotations of an object (got "262145 bytes"); fix: keep large data out of annotations (use a ConfigMap)`,
    ]);
    // "é" is two bytes: half as many characters already reach the limit.
    expect(checkAnnotationMap("ann", { [key]: "é".repeat(131072) })).toHaveLength(1);
  });
});

describe("checkReservedKeys", () => {
  it("rejects keys under the reserved prefix only", () => {
    expect(checkReservedKeys("labels", { "example.com/agent": "x", "agentcloud.devx/a": "y" }, "agentcloud.dev/")).toEqual([]);
    expect(checkReservedKeys("labels", "not a map", "agentcloud.dev/")).toEqual([]);
    expect(lines(checkReservedKeys("labels", { "agentcloud.dev/agent": "other" }, "agentcloud.dev/"))).toEqual([
      `labels["agentcloud.dev/agent"]: uses the prefix "agentcloud.dev/", which agentcloud sets itself (got "agentcloud.dev/agent"); fix: use a key under your own domain, like "example.com/agent"`,
    ]);
    expect(checkReservedKeys("labels", { "agentcloud.dev/": "x" }, "agentcloud.dev/")[0].fix).toBe(
      `use a key under your own domain, like "example.com/team"`,
    );
  });
});

describe("checkExtendedResourceName", () => {
  it("accepts what the API server accepts: a prefix outside kubernetes.io, without a dot too", () => {
    for (const good of ["nvidia.com/gpu", "example/gpu", "amd.com/gpu", `example.com/${a(63)}`])
      expect(checkExtendedResourceName("r", good), good).toEqual([]);
  });

  it("rejects native names, kubernetes.io, requests. prefixes, and names too long for their quota name", () => {
    for (const bad of [
      "gpu",
      "kubernetes.io/gpu",
      "sub.kubernetes.io/gpu",
      "requests.nvidia.com/gpu",
      `${a(245)}/gpu`,
      "nvidia.com/",
      "nvidia.com/gpu-",
      7,
    ]) {
      expect(checkExtendedResourceName("r", bad), String(bad)).toHaveLength(1);
    }
    expect(checkExtendedResourceName("r", `${a(244)}/gpu`)).toEqual([]);
    expect(lines(checkExtendedResourceName("quota.gpuResource", "gpu"))).toEqual([
      `quota.gpuResource: is not an extended resource name (domain/name) (got "gpu"); fix: use a name like "nvidia.com/gpu"`,
    ]);
  });
});

describe("checkImage", () => {
  it("accepts tags, digests, registries with ports, and rejects anything around them", () => {
    const digest = `@sha256:${"a".repeat(64)}`;
    for (const good of [
      "busybox",
      "ghcr.io/acme/agent:1.2.3",
      `ghcr.io/acme/agent${digest}`,
      "registry.local:5000/team/agent:v2",
      "a/b/c:latest",
    ]) {
      expect(checkImage("image", good), good).toEqual([]);
    }
    for (const bad of [
      "not an image",
      "Busybox",
      "busybox:",
      "busybox ",
      " busybox",
      `busybox@sha256:${"a".repeat(63)}`,
      `busybox:${"t".repeat(129)}`,
      "ghcr.io/acme/agent:1.0!",
      3,
    ]) {
      expect(checkImage("image", bad), String(bad)).toHaveLength(1);
    }
    expect(checkImage("image", `busybox:${"t".repeat(128)}`)).toEqual([]);
    expect(lines(checkImage("image", "Busybox"))).toEqual([
      `image: is not a container image reference (got "Busybox"); fix: use a reference like "ghcr.io/acme/agent:1.2.3"`,
    ]);
  });
});
