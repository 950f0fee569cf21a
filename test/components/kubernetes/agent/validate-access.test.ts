import { describe, expect, it } from "vitest";
import { agentAnnotations, resolveAgent, validateAgentArgs, type AgentArgs } from "../../../../components/kubernetes/agent";
import { formatProblem } from "../../../../components/validation";
import { ANNOTATIONS } from "../../../../components/vocabulary";
import { BASE } from "./fixtures";

const lines = (args: Partial<AgentArgs>) => validateAgentArgs("a", { ...BASE, ...args }).map(formatProblem);
const ACK = `, or acknowledge it with unsafeBroadCloudPermissions: { reason: "why" }`;
const S3 = { cloud: "aws" as const, actions: ["s3:GetObject"], resources: ["arn:aws:s3:::reports/latest.json"] };

describe("validateAgentArgs: acceptsFrom and delegatesTo", () => {
  it("checks each reference and refuses the agent itself", () => {
    expect(
      lines({
        delegatesTo: [
          { agent: "a" },
          { agent: "b", port: 70000 },
          { agent: "a", namespace: "other" },
          { agent: "B", namespace: "X" },
          "c" as never,
        ],
      }),
    ).toEqual([
      'delegatesTo[0].agent: refers to the agent itself (got "a"); fix: remove it; an agent needs no rule to reach itself',
      "delegatesTo[1].port: must be a whole number from 1 to 65535 (got 70000); fix: set delegatesTo[1].port to a whole number from 1 to 65535",
      `delegatesTo[3].agent: must be a DNS-1123 label of at most 45 characters (lower-case letters, digits and '-', starting and ending with a letter or digit) (got "B"); fix: use a name like "my-agent"`,
      `delegatesTo[3].namespace: must be a DNS-1123 label of at most 63 characters (lower-case letters, digits and '-', starting and ending with a letter or digit) (got "X"); fix: use a name like "my-agent"`,
      'delegatesTo[4]: must be an object (got "c"); fix: use { agent: "other-agent" }',
    ]);
    expect(lines({ acceptsFrom: [{ agent: "a", namespace: "agents" }] }).map((l) => l.split(":")[0])).toEqual(["acceptsFrom[0].agent"]);
    expect(lines({ acceptsFrom: { agent: "b" } as never })).toEqual([
      'acceptsFrom: must be a list (got {"agent":"b"}); fix: use [{ agent: "other-agent" }]',
    ]);
  });
});

describe("validateAgentArgs: tools", () => {
  it("needs explicit, named tools on a named server", () => {
    expect(validateAgentArgs("a", { ...BASE, tools: [{ server: "github", tools: ["search_issues", "get_file"] }] })).toEqual([]);
    expect(
      lines({
        tools: [
          { server: "GitHub", tools: [] },
          { server: "github", tools: ["*"] },
          { server: "fs", tools: ["read_*", ""] },
          null as never,
        ],
      }),
    ).toEqual([
      `tools[0].server: must be a DNS-1123 label of at most 63 characters (lower-case letters, digits and '-', starting and ending with a letter or digit) (got "GitHub"); fix: use a name like "my-agent"`,
      'tools[0].tools: must list at least one tool (grants are explicit) (got []); fix: use tools: ["search_issues"]',
      'tools[1].tools: grants tools by wildcard (grants are explicit) (got ["*"]); fix: list each tool by name, like ["search_issues"]',
      'tools[2].tools: must be a list of non-empty strings (got ["read_*",""]); fix: use a list like ["search_issues"]',
      'tools[2].tools: grants tools by wildcard (grants are explicit) (got ["read_*",""]); fix: list each tool by name, like ["search_issues"]',
      `tools[3].server: must be a DNS-1123 label of at most 63 characters (lower-case letters, digits and '-', starting and ending with a letter or digit) (got undefined); fix: use a name like "my-agent"`,
      'tools[3].tools: must list at least one tool (grants are explicit) (got undefined); fix: use tools: ["search_issues"]',
    ]);
    expect(lines({ tools: [{ server: "github", tools: [1, "x*"] as never }] })).toEqual([
      'tools[0].tools: must be a list of non-empty strings (got [1,"x*"]); fix: use a list like ["search_issues"]',
      'tools[0].tools: grants tools by wildcard (grants are explicit) (got [1,"x*"]); fix: list each tool by name, like ["search_issues"]',
    ]);
    expect(lines({ tools: "github" as never })).toEqual([
      'tools: must be a list (got "github"); fix: use [{ server: "github", tools: ["search_issues"] }]',
    ]);
  });
});

describe("validateAgentArgs: egress", () => {
  it("refuses metadata endpoints in any spelling and wildcard DNS aliases", () => {
    const egress = [
      "api.github.com",
      "metadata.google.internal",
      "2852039166",
      "::ffff:169.254.169.254",
      "fd00:ec2::254",
      "169.254.169.254.nip.io",
      "x.sslip.io",
      "http://evil",
    ];
    expect(validateAgentArgs("a", { ...BASE, egress }).map((p) => `${p.argument} ${p.problem}`)).toEqual([
      "egress[1] reaches a cloud metadata endpoint (the metadata host metadata.google.internal), which hands out the node's credentials",
      "egress[2] reaches a cloud metadata endpoint (the metadata address 169.254.169.254), which hands out the node's credentials",
      "egress[3] reaches a cloud metadata endpoint (the metadata address [::ffff:a9fe:a9fe]), which hands out the node's credentials",
      "egress[4] reaches a cloud metadata endpoint (the metadata address [fd00:ec2::254]), which hands out the node's credentials",
      "egress[5] reaches a cloud metadata endpoint (a name for the metadata address 169.254.169.254), which hands out the node's credentials",
      "egress[6] is under the wildcard DNS service sslip.io, whose names resolve to any address written in them, metadata endpoints included",
      "egress[7] has a URL scheme (http://)",
      "egress[7] is not a fully qualified host name",
    ]);
    expect(lines({ egress: ["169.254.169.254"] })).toEqual([
      `egress[0]: reaches a cloud metadata endpoint (the metadata address 169.254.169.254), which hands out the node's credentials (got "169.254.169.254"); fix: remove it; agents get cloud access through cloudPermissions and their workload identity`,
    ]);
    expect(lines({ egress: "api.github.com" as never })).toEqual([
      'egress: must be a list of host names (got "api.github.com"); fix: use ["api.github.com", "api.github.com:8443"]',
    ]);
  });

  it("accepts host and host:port, and reports schemes, paths, bad ports, bad wildcards, addresses and repeats at once", () => {
    expect(validateAgentArgs("a", { ...BASE, egress: ["api.github.com", "api.github.com:8443", "uploads.github.com:443"] })).toEqual([]);
    expect(
      lines({
        egress: ["https://api.github.com/v1", "api.github.com:0", "api.*.com", "10.0.0.0/8", "api.github.com", "api.github.com:443"],
      }),
    ).toEqual([
      'egress[0]: has a URL scheme (https://) (got "https://api.github.com/v1"); fix: write the host only, like "api.github.com" or "api.github.com:8443"',
      'egress[0]: has a path, query or fragment (/v1); egress rules are FQDN rules, matched on the names the agent resolves (got "https://api.github.com/v1"); fix: remove everything from "/" on',
      'egress[1]: has port "0", which is not a TCP port from 1 to 65535 (got "api.github.com:0"); fix: write a port number, like "api.github.com:8443", or leave ":port" out for 443',
      'egress[2]: has a wildcard that is not one leading "*." (got "api.*.com"); fix: use one leading "*." over a domain, like "*.example.com", or list each host',
      'egress[3]: is an IP address or range; egress rules are FQDN rules, matched on the names the agent resolves (got "10.0.0.0/8"); fix: name the host instead',
      'egress[5]: repeats egress[4] (api.github.com:443) (got "api.github.com:443"); fix: remove one of them',
    ]);
  });
});

describe("validateAgentArgs: unsafeWildcardEgress", () => {
  const WILD = `fix: list each host, or acknowledge it with unsafeWildcardEgress: { reason: "why" }`;

  it("requires an acknowledgement for each *. wildcard, naming it in the fix", () => {
    expect(lines({ egress: ["api.github.com", "*.googleapis.com", "*.s3.amazonaws.com:8443"] })).toEqual([
      `egress[1]: is a wildcard, which allows every name one label under googleapis.com, and needs an acknowledgement (got "*.googleapis.com"); ${WILD}`,
      `egress[2]: is a wildcard, which allows every name one label under s3.amazonaws.com, and needs an acknowledgement (got "*.s3.amazonaws.com:8443"); ${WILD}`,
    ]);
  });

  it("accepts wildcards with a reason, resolved and recorded as the annotation policies read", () => {
    const args: AgentArgs = { ...BASE, egress: ["*.googleapis.com"], unsafeWildcardEgress: { reason: "per-region endpoints" } };
    expect(validateAgentArgs("a", args)).toEqual([]);
    const agent = resolveAgent("a", args);
    expect(agent.unsafeWildcardEgressReason).toBe("per-region endpoints");
    expect(agent.egressHosts).toEqual([{ host: "*.googleapis.com", port: 443, wildcard: true }]);
    expect(agentAnnotations(agent)[ANNOTATIONS.unsafeWildcardEgress]).toBe("per-region endpoints");
    expect(ANNOTATIONS.unsafeWildcardEgress).toBe("agentcloud.dev/unsafe-wildcard-egress");
    const plain = resolveAgent("a", { ...BASE, egress: ["api.github.com"] });
    expect(plain.unsafeWildcardEgressReason).toBeUndefined();
    expect(Object.keys(agentAnnotations(plain))).toEqual([ANNOTATIONS.declaration]);
  });

  it("refuses a blank reason, a reason that is no object, and an acknowledgement with no wildcard to acknowledge", () => {
    expect(lines({ egress: ["*.googleapis.com"], unsafeWildcardEgress: { reason: " " } })).toEqual([
      'unsafeWildcardEgress.reason: must be a non-empty string (got " "); fix: use a value like "calls per-tenant hosts under *.example.com"',
      `egress[0]: is a wildcard, which allows every name one label under googleapis.com, and needs an acknowledgement (got "*.googleapis.com"); ${WILD}`,
    ]);
    expect(lines({ egress: ["*.googleapis.com"], unsafeWildcardEgress: "yes" as never })).toEqual([
      'unsafeWildcardEgress: must be an object (got "yes"); fix: use { reason: "why" }',
      `egress[0]: is a wildcard, which allows every name one label under googleapis.com, and needs an acknowledgement (got "*.googleapis.com"); ${WILD}`,
    ]);
    expect(lines({ egress: ["api.github.com"], unsafeWildcardEgress: { reason: "r" } })).toEqual([
      'unsafeWildcardEgress: acknowledges wildcard egress, but no egress entry is a "*." wildcard (got {"reason":"r"}); fix: remove unsafeWildcardEgress',
    ]);
    expect(lines({ unsafeWildcardEgress: { reason: "r" } })).toEqual([
      'unsafeWildcardEgress: acknowledges wildcard egress, but no egress entry is a "*." wildcard (got {"reason":"r"}); fix: remove unsafeWildcardEgress',
    ]);
  });

  it("looks only at string entries for wildcards, and at the acknowledgement's reason itself", () => {
    expect(lines({ egress: [42 as never, "*.x.io"], unsafeWildcardEgress: { reason: "r" } })).toEqual([
      'egress[0]: must be a host name or host:port (got 42); fix: use "api.github.com" or "api.github.com:8443"',
    ]);
    expect(lines({ egress: ["*.x.io"], unsafeWildcardEgress: { reason: 7 as never } })).toEqual([
      'unsafeWildcardEgress.reason: must be a non-empty string (got 7); fix: use a value like "calls per-tenant hosts under *.example.com"',
      `egress[0]: is a wildcard, which allows every name one label under x.io, and needs an acknowledgement (got "*.x.io"); ${WILD}`,
    ]);
    expect(lines({ egress: ["*.x.io", "*.x.io:443"] })).toEqual([
      'egress[1]: repeats egress[0] (*.x.io:443) (got "*.x.io:443"); fix: remove one of them',
      `egress[0]: is a wildcard, which allows every name one label under x.io, and needs an acknowledgement (got "*.x.io"); ${WILD}`,
    ]);
  });

  it("reports a wildcard with problems of its own once, for those", () => {
    expect(lines({ egress: ["*.com"] }).map((l) => l.split(" (got")[0])).toEqual([
      'egress[0]: covers the whole top-level domain "com"',
      "egress[0]: reaches a cloud metadata endpoint (the metadata host metadata.tencentyun.com), which hands out the node's credentials",
    ]);
  });
});

describe("validateAgentArgs: cloudPermissions", () => {
  it("accepts least privilege", () => {
    expect(
      validateAgentArgs("a", {
        ...BASE,
        cloudPermissions: [S3, { cloud: "gcp", actions: ["roles/storage.objectViewer"], resources: ["projects/p/buckets/b"] }],
      }),
    ).toEqual([]);
  });

  it("rejects wildcards anywhere in actions and resources, and GCP basic roles, naming the acknowledgement", () => {
    expect(
      lines({
        cloudPermissions: [
          { cloud: "aws", actions: ["iam:*Policy", "s3:Get*"], resources: ["arn:aws:s3:::*"] },
          { cloud: "gcp", actions: ["roles/editor"], resources: ["projects/p"] },
        ],
      }),
    ).toEqual([
      `cloudPermissions[0].actions: contains wildcard actions "iam:*Policy", "s3:Get*", which is not least privilege (got ["iam:*Policy","s3:Get*"]); fix: list the specific actions the agent needs${ACK}`,
      `cloudPermissions[0].resources: contains wildcard resources "arn:aws:s3:::*", which is not least privilege (got ["arn:aws:s3:::*"]); fix: name the specific resources (ARNs or resource names)${ACK}`,
      `cloudPermissions[1].actions: contains GCP basic roles "roles/editor", which grant access to every resource of the project, which is not least privilege (got ["roles/editor"]); fix: use predefined or custom roles like "roles/storage.objectViewer"${ACK}`,
    ]);
  });

  it("allows them with a reason, recorded as an annotation policies report", () => {
    const args: AgentArgs = {
      ...BASE,
      cloudPermissions: [{ cloud: "gcp", actions: ["roles/viewer"], resources: ["projects/analytics"] }],
      unsafeBroadCloudPermissions: { reason: "reads every dataset of the analytics project" },
    };
    expect(validateAgentArgs("a", args)).toEqual([]);
    expect(ANNOTATIONS.unsafeBroadCloudPermissions).toBe("agentcloud.dev/unsafe-broad-cloud-permissions");
    expect(agentAnnotations(resolveAgent("a", args))[ANNOTATIONS.unsafeBroadCloudPermissions]).toBe(
      "reads every dataset of the analytics project",
    );
    expect(Object.keys(agentAnnotations(resolveAgent("a", { ...BASE, cloudPermissions: [S3] })))).toEqual([ANNOTATIONS.declaration]);
  });

  it("refuses an empty reason, and an acknowledgement with nothing broad to acknowledge", () => {
    const broad = [{ cloud: "aws" as const, actions: ["s3:*"], resources: ["arn:aws:s3:::b"] }];
    expect(lines({ cloudPermissions: broad, unsafeBroadCloudPermissions: { reason: " " } })).toEqual([
      'unsafeBroadCloudPermissions.reason: must be a non-empty string (got " "); fix: use a value like "reads every bucket of the analytics account"',
      `cloudPermissions[0].actions: contains wildcard actions "s3:*", which is not least privilege (got ["s3:*"]); fix: list the specific actions the agent needs${ACK}`,
    ]);
    expect(lines({ cloudPermissions: broad, unsafeBroadCloudPermissions: "yes" as never }).map((l) => l.split(":")[0])).toEqual([
      "unsafeBroadCloudPermissions",
      "cloudPermissions[0].actions",
    ]);
    expect(lines({ cloudPermissions: [S3], unsafeBroadCloudPermissions: { reason: "r" } })).toEqual([
      'unsafeBroadCloudPermissions: acknowledges broad cloud permissions, but no permission uses wildcards or GCP basic roles (got {"reason":"r"}); fix: remove unsafeBroadCloudPermissions',
    ]);
    expect(lines({ unsafeBroadCloudPermissions: { reason: "r" } }).map((l) => l.split(":")[0])).toEqual(["unsafeBroadCloudPermissions"]);
    expect(lines({ unsafeBroadCloudPermissions: "yes" as never })).toEqual([
      'unsafeBroadCloudPermissions: must be an object (got "yes"); fix: use { reason: "why" }',
      'unsafeBroadCloudPermissions: acknowledges broad cloud permissions, but no permission uses wildcards or GCP basic roles (got "yes"); fix: remove unsafeBroadCloudPermissions',
    ]);
  });

  it("checks the shape of each permission", () => {
    expect(lines({ cloudPermissions: [{ cloud: "azure", actions: [], resources: "x" } as never, 5 as never] })).toEqual([
      'cloudPermissions[0].cloud: must be one of "aws", "gcp" (got "azure"); fix: set cloudPermissions[0].cloud to one of those',
      'cloudPermissions[0].resources: must be a list of non-empty strings (got "x"); fix: use a list like ["arn:aws:s3:::bucket/reports/latest.json"]',
      'cloudPermissions[1].cloud: must be one of "aws", "gcp" (got undefined); fix: set cloudPermissions[1].cloud to one of those',
      'cloudPermissions[1].actions: must be a list of non-empty strings (got undefined); fix: use a list like ["s3:GetObject"]',
      'cloudPermissions[1].resources: must be a list of non-empty strings (got undefined); fix: use a list like ["arn:aws:s3:::bucket/reports/latest.json"]',
    ]);
    expect(lines({ cloudPermissions: S3 as never })).toEqual([
      'cloudPermissions: must be a list (got {"cloud":"aws","actions":["s3:GetObject"],"resources":["arn:aws:s3:::reports/...); fix: use [{ cloud: "aws", actions: ["s3:GetObject"], resources: ["arn:aws:s3:::bucket/reports/latest.json"] }]',
    ]);
  });
});
