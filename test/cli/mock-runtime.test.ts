import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { DuplicateUrnError, runUnderMocks } from "../../cli/mock-runtime";

class Outer extends pulumi.ComponentResource {
  constructor(name: string) {
    super("test:index:Outer", name, {}, {});
    new Inner(`${name}-inner`, { parent: this });
    this.registerOutputs({});
  }
}
class Inner extends pulumi.ComponentResource {
  constructor(name: string, opts: pulumi.ComponentResourceOptions) {
    super("test:index:Inner", name, {}, opts);
    new k8s.core.v1.ConfigMap(
      `${name}-cm`,
      { metadata: { name: "cm" }, data: { k: new pulumi.Config("agentcloud").require("k") } },
      { parent: this },
    );
    this.registerOutputs({});
  }
}

describe("runUnderMocks", () => {
  it("records engine URNs (whole parent chain, stack omitted), parents, config and outputs", async () => {
    const { registrations, outputs } = await runUnderMocks({ project: "proj", stack: "dev", config: { "agentcloud:k": "v" } }, () => {
      new Outer("o");
      return { answer: 42 };
    });
    expect(registrations.map((r) => r.urn).sort()).toEqual([
      "urn:pulumi:dev::proj::pulumi:pulumi:Stack::proj-dev",
      "urn:pulumi:dev::proj::test:index:Outer$test:index:Inner$kubernetes:core/v1:ConfigMap::o-inner-cm",
      "urn:pulumi:dev::proj::test:index:Outer$test:index:Inner::o-inner",
      "urn:pulumi:dev::proj::test:index:Outer::o",
    ]);
    const cm = registrations.find((r) => r.name === "o-inner-cm")!;
    expect(cm.parent).toBe("urn:pulumi:dev::proj::test:index:Outer$test:index:Inner::o-inner");
    expect(cm.inputs).toEqual({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "cm" }, data: { k: "v" } });
    expect(outputs).toEqual({ answer: 42 });
  });

  it("answers with the inputs as state: outputs resolve to them, ids derive from names, secrets stay secret", async () => {
    let seen: unknown;
    const { registrations } = await runUnderMocks({ project: "proj", stack: "dev" }, async () => {
      const cm = new k8s.core.v1.ConfigMap("cm", {
        metadata: { name: "cm", labels: { a: "b" } },
        data: { token: pulumi.secret("s3cret") },
      });
      const secret = await pulumi.isSecret(cm.data);
      seen = await new Promise((resolve) =>
        pulumi.all([cm.id, cm.metadata, cm.data]).apply(([id, metadata, data]) => resolve({ id, metadata, data, secret })),
      );
    });
    expect(seen).toEqual({ id: "cm-id", metadata: { name: "cm", labels: { a: "b" } }, data: { token: "s3cret" }, secret: true });
    expect(registrations.find((r) => r.name === "cm")!.inputs.data).toEqual({
      "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270",
      value: { token: "s3cret" },
    });
  });

  it("skips the SDK's promise tracking and callsite capture but leaves the stacks of program errors intact", async () => {
    let stack: string | undefined;
    await runUnderMocks({ project: "proj", stack: "dev" }, function programError() {
      stack = new Error("boom").stack;
    });
    expect(stack).toContain("at programError");
    expect((pulumi.Resource as unknown as { callsites(): unknown[] }).callsites()).toEqual([]);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const debuggable = require("@pulumi/pulumi/runtime/debuggable") as { debuggablePromise<T>(p: Promise<T>, ctx: string): Promise<T> };
    const promise = Promise.resolve(1);
    expect(debuggable.debuggablePromise(promise, "ctx")).toBe(promise);
  });
});

describe("duplicate URNs", () => {
  it("rejects two resources with the same type and name, naming both registrations", async () => {
    const failure = await runUnderMocks({ project: "proj", stack: "dev" }, () => {
      new k8s.core.v1.ConfigMap("cm", { metadata: { namespace: "team-a" } });
      new k8s.core.v1.ConfigMap("cm", { metadata: { namespace: "team-b" } });
    }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(DuplicateUrnError);
    expect((failure as Error).message).toBe(
      "duplicate URN urn:pulumi:dev::proj::kubernetes:core/v1:ConfigMap::cm: " +
        'registration #2 (kubernetes:core/v1:ConfigMap "cm", parent urn:pulumi:dev::proj::pulumi:pulumi:Stack::proj-dev, namespace team-a) and ' +
        'registration #3 (kubernetes:core/v1:ConfigMap "cm", parent urn:pulumi:dev::proj::pulumi:pulumi:Stack::proj-dev, namespace team-b) ' +
        "have the same type, name and parent types, which the Pulumi engine rejects; fix: give each resource a unique name (e.g. prefix it with its namespace or tenant)",
    );
  });

  it("names the first duplicate component, not its children, when a component is declared twice", async () => {
    const failure = await runUnderMocks({ project: "proj", stack: "dev", config: { "agentcloud:k": "v" } }, () => {
      new Outer("a1");
      new Outer("a1");
    }).catch((e: Error) => e);
    expect((failure as Error).message).toMatch(
      /^duplicate URN urn:pulumi:dev::proj::test:index:Outer::a1: registration #2 \(test:index:Outer "a1", parent [^)]*\) and registration #\d+ \(test:index:Outer "a1", /,
    );
  });

  it("accepts the same name under different parent types, as the engine does", async () => {
    const { registrations } = await runUnderMocks({ project: "proj", stack: "dev", config: { "agentcloud:k": "v" } }, () => {
      new Outer("x");
      new Inner("x-inner", {});
    });
    expect(
      registrations
        .filter((r) => r.name === "x-inner")
        .map((r) => r.urn)
        .sort(),
    ).toEqual(["urn:pulumi:dev::proj::test:index:Inner::x-inner", "urn:pulumi:dev::proj::test:index:Outer$test:index:Inner::x-inner"]);
  });
});
