import { describe, expect, it } from "vitest";
import {
  agentReasonOf,
  hasWildcard,
  isStatedReason,
  metadataProblems,
  publicCidrProblems,
  retentionDays,
  runtimeClassVerdict,
  sandboxRuntimes,
} from "../../../policies/lib/shared-rules";

// The verdicts the pack and the CDK gate (components/cdk/gate) share; each side's own tests cover its messages.
describe("shared rule verdicts", () => {
  it("sandbox: agents by label or tenant namespace, opt-outs with a reason, accepted runtime classes", () => {
    const tenants = new Set(["team-a"]);
    expect(agentReasonOf({ "agentcloud.dev/agent": "x" }, {}, "web", tenants)).toBe("labelled agentcloud.dev/agent");
    expect(agentReasonOf({}, { "agentcloud.dev/agent": "x" }, undefined, tenants)).toBe("labelled agentcloud.dev/agent");
    expect(agentReasonOf(undefined, {}, "team-a", tenants)).toBe('in tenant namespace "team-a"');
    expect(agentReasonOf({}, {}, undefined, new Set(["default"]))).toBe('in tenant namespace "default"');
    expect(agentReasonOf({ "agentcloud.dev/agent": 1 }, {}, "web", tenants)).toBeUndefined();
    expect([isStatedReason("needs ptrace"), isStatedReason(" "), isStatedReason(""), isStatedReason(undefined)]).toEqual([
      true,
      false,
      false,
      false,
    ]);
    expect(sandboxRuntimes(["gvisor", "site-gvisor"])).toEqual(["gvisor", "kata-qemu", "kata-clh", "kata-fc", "site-gvisor"]);
    const allowed = sandboxRuntimes([]);
    expect([undefined, "", "runc", "kata-fc"].map((r) => runtimeClassVerdict(r, allowed))).toEqual([
      "unset",
      "unset",
      "not-sandbox",
      undefined,
    ]);
  });

  it("audit retention: days, else years x 365, whole numbers only", () => {
    expect([retentionDays(90, undefined), retentionDays(undefined, 2), retentionDays(1.5, 1), retentionDays("90", undefined)]).toEqual([
      90,
      730,
      365,
      undefined,
    ]);
  });

  it("public endpoint CIDRs: invalid entries, whole families, and halves that cover everything", () => {
    expect(publicCidrProblems(["10.0.0.0/8", "x", "::/0"])).toEqual({ invalid: [1], everything: [{ index: 2, cidr: "::/0" }] });
    expect(publicCidrProblems(["0.0.0.0/1", "128.0.0.0/1"])).toEqual({
      invalid: [],
      everything: [],
      together: ["0.0.0.0/1", "128.0.0.0/1"],
    });
  });

  it("IMDSv2: required tokens and hop limit 1, or no metadata service, in the caller's field names", () => {
    const names = { httpTokens: "T", httpPutResponseHopLimit: "H" };
    expect(metadataProblems({ httpEndpoint: "disabled", httpTokens: "optional", httpPutResponseHopLimit: 3 }, names)).toEqual([]);
    expect(metadataProblems({ httpEndpoint: undefined, httpTokens: "required", httpPutResponseHopLimit: 1 }, names)).toEqual([]);
    expect(metadataProblems({ httpEndpoint: "enabled", httpTokens: "sometimes", httpPutResponseHopLimit: 1.5 }, names)).toEqual([
      'sets T to a value other than "required", which accepts IMDSv1',
      "sets H to a value other than 1, which lets pods reach the node's credentials",
    ]);
  });

  it("IAM wildcards: * and ?, and unreadable entries fail closed", () => {
    expect(["s3:GetObject", "s3:Get*", "arn:aws:s3:::b/?", undefined].map(hasWildcard)).toEqual([false, true, true, true]);
  });
});
