import type { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { describe, expect, it } from "vitest";
import type { Registration } from "../../cli/mock-runtime";
import { effectiveLevel, evaluatePolicies } from "../../cli/policy-harness";

const reg = (name: string, type: string, inputs: Record<string, unknown> = {}, parent?: string): Registration => ({
  type, name, urn: `urn:pulumi:s::p::${type}::${name}`, parent, custom: !type.startsWith("agentcloud:"), dependencies: [], inputs,
});

const onlyConfigMaps: ResourceValidationPolicy = {
  name: "test-configmaps-labelled",
  description: "ConfigMaps carry a team label.",
  enforcementLevel: "mandatory",
  severity: "low",
  configSchema: { properties: { label: { type: "string", default: "team" } } },
  validateResource: (args, report) => {
    if (args.type !== "kubernetes:core/v1:ConfigMap") args.notApplicable("only ConfigMaps");
    const { label } = args.getConfig<{ label: string }>();
    if (!args.props.metadata?.labels?.[label]) report(`ConfigMap "${args.name}" has no ${label} label.`);
  },
};

describe("evaluatePolicies", () => {
  it("runs resource policies on custom resources only, with config defaults and notApplicable", async () => {
    const regs = [
      reg("comp", "agentcloud:test:Thing"),
      reg("a", "kubernetes:core/v1:ConfigMap", { metadata: { labels: { team: "x" } } }),
      reg("b", "kubernetes:core/v1:ConfigMap", { metadata: {} }),
      reg("ns", "kubernetes:core/v1:Namespace"),
    ];
    const result = await evaluatePolicies([onlyConfigMaps], regs);
    expect(result.violations).toEqual([{
      policy: "test-configmaps-labelled", description: "ConfigMaps carry a team label.", enforcementLevel: "mandatory", severity: "low",
      message: 'ConfigMap "b" has no team label.', urn: "urn:pulumi:s::p::kubernetes:core/v1:ConfigMap::b",
      resourceType: "kubernetes:core/v1:ConfigMap", resourceName: "b",
    }]);
    expect(result.notApplicable).toEqual({ "test-configmaps-labelled": 1 });
    const custom = await evaluatePolicies([onlyConfigMaps], regs, { "test-configmaps-labelled": { label: "owner" } });
    expect(custom.violations.map((v) => v.message)).toEqual(['ConfigMap "a" has no owner label.', 'ConfigMap "b" has no owner label.']);
  });

  it("gives stack policies every resource with parents linked", async () => {
    const parentUrn = "urn:pulumi:s::p::agentcloud:test:Thing::comp";
    const seen: string[] = [];
    const stackPolicy: StackValidationPolicy = {
      name: "test-parents", description: "d", enforcementLevel: "advisory",
      validateStack: (args) => {
        for (const r of args.resources) seen.push(`${r.name}<${r.parent?.name ?? "-"}`);
      },
    };
    await evaluatePolicies([stackPolicy], [reg("comp", "agentcloud:test:Thing"), reg("child", "kubernetes:core/v1:ConfigMap", {}, parentUrn)]);
    expect(seen).toEqual(["comp<-", "child<comp"]);
  });

  it("resolves enforcement: the policy's own config, then all, then its default", () => {
    expect(effectiveLevel(onlyConfigMaps)).toBe("mandatory");
    expect(effectiveLevel(onlyConfigMaps, { all: "advisory" })).toBe("advisory");
    expect(effectiveLevel(onlyConfigMaps, { all: "advisory", "test-configmaps-labelled": "disabled" })).toBe("disabled");
    expect(effectiveLevel({ ...onlyConfigMaps, enforcementLevel: undefined })).toBe("advisory");
    expect(effectiveLevel(onlyConfigMaps, { "test-configmaps-labelled": "remediate" })).toBe("mandatory");
  });

  it("fails loudly when a policy throws, naming the policy and resource", async () => {
    const broken: ResourceValidationPolicy = { name: "test-broken", description: "d", validateResource: () => { throw new Error("boom"); } };
    await expect(evaluatePolicies([broken], [reg("a", "kubernetes:core/v1:ConfigMap")]))
      .rejects.toThrow("policy test-broken failed on urn:pulumi:s::p::kubernetes:core/v1:ConfigMap::a: boom");
  });
});
