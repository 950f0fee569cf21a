import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { runUnderMocks } from "../../cli/mock-runtime";

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
    new k8s.core.v1.ConfigMap(`${name}-cm`, { metadata: { name: "cm" }, data: { k: new pulumi.Config("agentcloud").require("k") } }, { parent: this });
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
});
