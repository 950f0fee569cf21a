import * as k8s from "@pulumi/kubernetes";
import { describe, expect, it } from "vitest";
import { recordRejection } from "./pulumi";

describe("recordRejection", () => {
  it("catches a synchronous throw", async () => {
    const { error, rec } = await recordRejection(() => {
      throw new Error("sync");
    });
    expect(error).toEqual(new Error("sync"));
    expect(rec.registrations).toEqual([]);
  });

  it("catches a returned promise that rejects", async () => {
    const { error } = await recordRejection(async () => {
      await Promise.resolve();
      throw new Error("async");
    });
    expect(error).toEqual(new Error("async"));
  });

  it("catches a rejection nobody awaits, e.g. inside an Output's apply, and keeps what was registered", async () => {
    const { error, rec } = await recordRejection(() => {
      const cm = new k8s.core.v1.ConfigMap("cm", { metadata: { name: "cm" } });
      cm.metadata.apply(() => {
        throw new Error("inside apply");
      });
    });
    expect(error).toEqual(new Error("inside apply"));
    expect(rec.ofType("kubernetes:core/v1:ConfigMap")).toHaveLength(1);
    expect(process.listeners("unhandledRejection").length).toBeGreaterThan(0);
  });

  it("returns no error when nothing fails", async () => {
    const { error, rec } = await recordRejection(() => new k8s.core.v1.Namespace("ns", {}));
    expect(error).toBeUndefined();
    expect(rec.named("ns").type).toBe("kubernetes:core/v1:Namespace");
  });
});
