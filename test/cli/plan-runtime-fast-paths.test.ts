import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { runUnderMocks } from "../../cli/mock-runtime";
import { withProgramHeap } from "../../cli/plan-heap";

const value = <T>(o: pulumi.Output<T>): Promise<T> => new Promise((resolve) => o.apply(resolve));

describe("lazy resource outputs", () => {
  it("creates each property's Output on first read, the same one on every read, settled read before or after", async () => {
    let early: unknown;
    let cm!: k8s.core.v1.ConfigMap;
    await runUnderMocks({ project: "p", stack: "s" }, () => {
      cm = new k8s.core.v1.ConfigMap("cm", { metadata: { name: "cm" }, data: { a: "1" } });
      expect(Object.keys(cm)).toEqual(expect.arrayContaining(["apiVersion", "data", "kind", "metadata"]));
      expect(cm.metadata).toBe(cm.metadata);
      void value(cm.metadata).then((m) => (early = m));
    });
    // Read only after the engine answered.
    const late = await value(cm.data);
    expect(early).toEqual({ name: "cm" });
    expect(late).toEqual({ a: "1" });
    expect(await value(cm.binaryData)).toBeUndefined();
  });

  it("keeps secrets secret and dependencies on the resource, whenever the Output is first read", async () => {
    let cm!: k8s.core.v1.ConfigMap;
    await runUnderMocks({ project: "p", stack: "s" }, () => {
      cm = new k8s.core.v1.ConfigMap("cm", { data: { token: pulumi.secret("s3cret") } });
    });
    const data = cm.data;
    expect(await pulumi.isSecret(data)).toBe(true);
    expect(await value(pulumi.unsecret(data))).toEqual({ token: "s3cret" });
    const resources = await (data as unknown as { allResources(): Promise<Set<pulumi.Resource>> }).allResources();
    expect([...resources]).toContain(cm);
  });
});

describe("aliases in plans", () => {
  it("are dropped before the SDK expands them, for every resource the program constructs", async () => {
    const seen: unknown[] = [];
    await runUnderMocks({ project: "p", stack: "s" }, () => {
      pulumi.runtime.registerStackTransformation((args) => {
        if (args.type === "kubernetes:apps/v1:Deployment") seen.push(args.opts.aliases);
        return undefined;
      });
      new k8s.apps.v1.Deployment("web", { spec: { selector: {}, template: {} } }, { aliases: [{ name: "old-web" }] });
    });
    expect(seen).toEqual([[]]);
  });
});

describe("withProgramHeap", () => {
  it("returns the program's result", async () => {
    expect(await withProgramHeap(() => Promise.resolve(42))).toBe(42);
  });

  it("rethrows a failed program's error", async () => {
    await expect(withProgramHeap(() => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
  });
});
