import type { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import * as fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Registration } from "../../cli/mock-runtime";
import { effectiveLevel, evaluatePolicies } from "../../cli/policy-harness";

const reg = (name: string, type: string, inputs: Record<string, unknown> = {}, parent?: string): Registration => ({
  type,
  name,
  urn: `urn:pulumi:s::p::${type}::${name}`,
  parent,
  custom: !type.startsWith("agentcloud:"),
  dependencies: [],
  inputs,
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
    const props = args.props as { metadata?: { labels?: Record<string, string> } };
    if (!props.metadata?.labels?.[label]) report(`ConfigMap "${args.name}" has no ${label} label.`);
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
    expect(result.violations).toEqual([
      {
        policy: "test-configmaps-labelled",
        description: "ConfigMaps carry a team label.",
        enforcementLevel: "mandatory",
        severity: "low",
        message: 'ConfigMap "b" has no team label.',
        urn: "urn:pulumi:s::p::kubernetes:core/v1:ConfigMap::b",
        resourceType: "kubernetes:core/v1:ConfigMap",
        resourceName: "b",
      },
    ]);
    expect(result.notApplicable).toEqual({ "test-configmaps-labelled": 1 });
    const custom = await evaluatePolicies([onlyConfigMaps], regs, { "test-configmaps-labelled": { label: "owner" } });
    expect(custom.violations.map((v) => v.message)).toEqual(['ConfigMap "a" has no owner label.', 'ConfigMap "b" has no owner label.']);
  });

  it("gives stack policies every resource with parents linked", async () => {
    const parentUrn = "urn:pulumi:s::p::agentcloud:test:Thing::comp";
    const seen: string[] = [];
    const stackPolicy: StackValidationPolicy = {
      name: "test-parents",
      description: "d",
      enforcementLevel: "advisory",
      validateStack: (args) => {
        for (const r of args.resources) seen.push(`${r.name}<${r.parent?.name ?? "-"}`);
      },
    };
    await evaluatePolicies(
      [stackPolicy],
      [reg("comp", "agentcloud:test:Thing"), reg("child", "kubernetes:core/v1:ConfigMap", {}, parentUrn)],
    );
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
    const broken: ResourceValidationPolicy = {
      name: "test-broken",
      description: "d",
      validateResource: () => {
        throw new Error("boom");
      },
    };
    await expect(evaluatePolicies([broken], [reg("a", "kubernetes:core/v1:ConfigMap")])).rejects.toThrow(
      "policy test-broken failed on urn:pulumi:s::p::kubernetes:core/v1:ConfigMap::a: boom",
    );
  });

  it("evaluates every custom resource exactly once, aligned with its own registration, whatever the URNs (duplicates included)", async () => {
    const registration = fc.record({
      name: fc.constantFrom("a", "b", "c"),
      type: fc.constantFrom(
        "kubernetes:core/v1:ConfigMap",
        "kubernetes:apps/v1:Deployment",
        "agentcloud:test:Thing",
        "pulumi:pulumi:Stack",
      ),
      custom: fc.boolean(),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(registration, { maxLength: 25 }), async (drawn) => {
        const regs: Registration[] = drawn.map((d, id) => ({
          type: d.type,
          name: d.name,
          urn: `urn:pulumi:s::p::${d.type}::${d.name}`,
          custom: d.custom,
          dependencies: [],
          inputs: { id },
        }));
        const seen: number[] = [];
        const probe: ResourceValidationPolicy = {
          name: "test-probe",
          description: "d",
          enforcementLevel: "advisory",
          validateResource: (args, report) => {
            seen.push(args.props.id as number);
            report(`id ${args.props.id as number} is a ${args.type}`);
          },
        };
        let stackSaw = 0;
        const stack: StackValidationPolicy = {
          name: "test-stack",
          description: "d",
          validateStack: (args) => void (stackSaw = args.resources.length),
        };
        const result = await evaluatePolicies([probe, stack], regs);
        const customIds = regs.flatMap((r, id) => (r.custom ? [id] : []));
        expect([...seen].sort((a, b) => a - b)).toEqual(customIds);
        expect(stackSaw).toBe(regs.length);
        for (const v of result.violations) {
          const id = Number(/^id (\d+)/.exec(v.message)![1]);
          expect(v.message).toBe(`id ${id} is a ${regs[id].type}`);
          expect([v.resourceType, v.resourceName, v.urn]).toEqual([regs[id].type, regs[id].name, regs[id].urn]);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("does not let a duplicate URN shift later resources out of evaluation (regression)", async () => {
    const regs = [
      reg("dup", "kubernetes:core/v1:ConfigMap", { metadata: { labels: { team: "x" } } }),
      reg("dup", "kubernetes:core/v1:ConfigMap", { metadata: { labels: { team: "y" } } }),
      reg("comp", "agentcloud:test:Thing"),
      reg("late", "kubernetes:core/v1:ConfigMap", { metadata: {} }),
    ];
    const result = await evaluatePolicies([onlyConfigMaps], regs);
    expect(result.violations.map((v) => v.message)).toEqual(['ConfigMap "late" has no team label.']);
  });

  it("never puts secret values into violation messages or policy errors", async () => {
    const secret = (value: unknown) => ({ "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", value });
    const regs = [
      reg("cm", "kubernetes:core/v1:ConfigMap", {
        metadata: { name: "cm" },
        data: { token: secret("hunter2-long"), nested: secret({ password: "pw-9", list: ["k3y"] }) },
      }),
    ];
    const leaky: ResourceValidationPolicy = {
      name: "test-leaky",
      description: "d",
      enforcementLevel: "mandatory",
      validateResource: (args, report) => {
        if (args.type !== "kubernetes:core/v1:ConfigMap") return;
        const { data } = args.props as { data: { token: string; nested: { password: string } } };
        report(`token is ${data.token}; nested ${JSON.stringify(data.nested)}; password ${data.nested.password}`);
      },
    };
    const result = await evaluatePolicies([leaky], regs);
    expect(result.violations.map((v) => v.message)).toEqual(["token is [secret]; nested [secret]; password [secret]"]);
    const throwing: ResourceValidationPolicy = {
      name: "test-throwing",
      description: "d",
      validateResource: (args) => {
        throw new Error(`cannot parse ${(args.props as { data: { token: string } }).data.token}`);
      },
    };
    await expect(evaluatePolicies([throwing], regs)).rejects.toThrow(
      "policy test-throwing failed on urn:pulumi:s::p::kubernetes:core/v1:ConfigMap::cm: cannot parse [secret]",
    );
  });
});
